//! The one-shot's confirmation, asked of a person (`DESIGN.md` §9): on the controlling
//! terminal, never on standard input (which may be the pipe the ids came through), with what
//! was typed before the question showed thrown away. A large or blocking write asks for a
//! word typed out. Without a terminal there is no one to ask: the write is refused unless
//! `--yes`.

use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;

use crate::api::AlertId;

/// Alerts named one by one before "and N more".
const LISTED: usize = 10;

/// Asks on the terminal about a write to `ids`; `Ok(true)` only on a clear yes (or the
/// count, for a large write). `change` says what the write does, in words.
pub fn confirm(ids: &[AlertId], change: &str, typed_at: usize) -> Result<bool, String> {
    let count = ids.len();
    let mut text = format!(
        "mdetui: about to change {count} alert{}: {}\n",
        if count == 1 { "" } else { "s" },
        change
    );
    for id in ids.iter().take(LISTED) {
        text.push_str(&format!("  {id}\n"));
    }
    if count > LISTED {
        text.push_str(&format!("  … and {} more\n", count - LISTED));
    }
    let word = (count >= typed_at).then(|| count.to_string());
    ask(&text, word.as_deref())
}

/// Shows `text` on the terminal and reads the answer: `Ok(true)` only when it is `word`
/// where one is asked for, else a clear yes.
pub fn ask(text: &str, word: Option<&str>) -> Result<bool, String> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| {
            format!("no terminal to ask for confirmation ({e}); pass --yes to write without asking")
        })?;
    // Keys typed before the question was shown do not answer it.
    // SAFETY: tcflush only reads the descriptor, which `tty` keeps open.
    unsafe {
        libc::tcflush(tty.as_raw_fd(), libc::TCIFLUSH);
    }
    let mut out = &tty;
    let question = match word {
        Some(word) => format!("{text}type {word} to confirm (anything else cancels): "),
        None => format!("{text}apply? [y/N] "),
    };
    // Line by line, nothing in the text can act on the terminal.
    let question: Vec<_> = question.split('\n').map(crate::sanitize::line).collect();
    out.write_all(question.join("\n").as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot ask on the terminal: {e}"))?;
    let mut answer = String::new();
    BufReader::new(&tty)
        .read_line(&mut answer)
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    let answer = answer.trim();
    Ok(match word {
        Some(word) => answer == word,
        None => matches!(answer, "y" | "Y" | "yes"),
    })
}
