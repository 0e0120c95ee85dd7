//! Terminal hygiene of the real binary in a pseudo-terminal: every way out gives the terminal
//! back, stopping and continuing leaves a working explorer, and a paste is text.

mod common;

use std::time::Duration;

use common::pty::Session;

#[test]
fn every_terminating_signal_gives_the_terminal_back() {
    for signal in [libc::SIGINT, libc::SIGHUP, libc::SIGQUIT, libc::SIGTERM] {
        let mut s = Session::start(&["--demo"]);
        s.wait_for("search: user");
        s.signal(signal);
        let status = s.wait_exit();
        assert!(status.success(), "signal {signal}: {status:?}");
        s.assert_restored();
    }
}

/// Ctrl-Z and an external SIGTSTP both stop the explorer with the terminal given back (cursor
/// shown); SIGCONT brings it back drawn and answering keys.
#[test]
fn stopping_and_continuing_leaves_a_working_explorer() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("search: user");
    s.send("jdoe\r");
    s.wait_for("alerts (8)");
    for stop in ["ctrl-z", "sigtstp"] {
        let before = s.bytes_seen();
        if stop == "ctrl-z" {
            s.send("\x1a");
        } else {
            s.signal(libc::SIGTSTP);
        }
        s.wait_state('T');
        let raw = s.raw_once_written(before, &[b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?2004l"]);
        let since = &raw[before..];
        let has = |pat: &[u8]| since.windows(pat.len()).any(|w| w == pat);
        assert!(has(b"\x1b[?1049l"), "{stop}: the alternate screen was left");
        assert!(has(b"\x1b[?25h"), "{stop}: the cursor was shown");
        assert!(
            has(b"\x1b[?2004l"),
            "{stop}: bracketed paste was turned off"
        );
        s.signal(libc::SIGCONT);
        s.wait_state_not('T');
        s.wait_for("alerts (8)");
        // Raw mode again: a key acts at once, with no Enter.
        s.send("?");
        s.wait_for("key closes");
        s.send("x");
        std::thread::sleep(Duration::from_millis(100));
    }
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// A pasted `jdoe⏎e⏎` lands in the search box as text: no user is opened, no export written.
#[test]
fn a_paste_is_text_not_keys() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("search: user");
    let raw = s.raw();
    assert!(
        raw.windows(8).any(|w| w == b"\x1b[?2004h"),
        "bracketed paste was turned on"
    );
    s.send("\x1b[200~jdoe\ne\n\x1b[201~");
    let screen = s.wait_for("jdoe e");
    assert!(!screen.contains("alerts ("), "{screen}");
    assert!(screen.contains("mdetui  search\n"), "{screen}");
    s.send("\x03");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// Inside tmux too, `y` sends plain OSC 52 (tmux's `set-clipboard` passes it on; a DCS
/// passthrough would be dropped), and the message says what was sent.
#[test]
fn copy_sends_plain_osc52_even_inside_tmux() {
    let mut s = Session::start_with(&["--demo"], &[("TMUX", "/tmp/tmux-0/default,1,0")]);
    s.wait_for("search: user");
    s.send("jdoe\r");
    s.wait_for("alerts (8)");
    s.send("y");
    s.wait_for("copied id to the clipboard (tmux");
    let raw = s.raw();
    assert!(!raw.windows(6).any(|w| w == b"\x1bPtmux"), "no passthrough");
    let at = raw
        .windows(7)
        .position(|w| w == b"\x1b]52;c;")
        .expect("an OSC 52 sequence");
    let end = at + raw[at..].iter().position(|&b| b == 0x07).unwrap();
    let payload = std::str::from_utf8(&raw[at + 7..end]).unwrap();
    use base64::Engine as _;
    let id = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap();
    assert!(id.starts_with(b"da6"), "{:?}", String::from_utf8_lossy(&id));
    s.send("q");
    assert!(s.wait_exit().success());
}
