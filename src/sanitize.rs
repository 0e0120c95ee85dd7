//! Every string from the API passes here before it reaches the terminal.
//!
//! Alert titles, command lines, file and machine names are attacker-controlled: an ESC
//! sequence in a process command line must not move the cursor, retitle the window (OSC),
//! write to the clipboard (OSC 52) or reorder text (bidi overrides). We drop escape sequences
//! whole, drop C0/C1 controls and invisible format characters, and turn line breaks and tabs
//! into spaces (or keep line breaks where the caller lays out lines itself).

use std::borrow::Cow;

fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'   // zero-width space/joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, bidi isolates
        | '\u{061C}'              // Arabic letter mark
        | '\u{FEFF}'              // BOM / zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
    )
}

fn needs_cleaning(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || is_invisible_format(c))
}

/// One line of text: escape sequences and controls removed, line breaks and tabs as spaces.
pub fn line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Text laid out over several lines: like [`line`], but `\n` is kept.
pub fn multiline(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !needs_cleaning(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' => skip_escape(&mut chars),
            // 8-bit CSI, OSC, DCS, SOS, PM, APC: their payloads are sequences too.
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' | '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => skip_string(&mut chars),
            '\n' if keep_newlines => out.push('\n'),
            '\r' if keep_newlines => {}
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `c` would act on a terminal or hide itself: a control or an invisible format
/// character (bidi overrides among them).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// One line with every unsafe character shown as an escape (`\u{1b}`, `\r`, `\n`) instead
/// of dropped: for the log file, where what an attacker sent is evidence, and where a line
/// break must not forge another line.
pub fn escaped(s: &str) -> Cow<'_, str> {
    if !needs_cleaning(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON for a terminal: the same JSON, with every unsafe character that JSON allows raw (C1
/// controls, DEL, bidi overrides, zero-width characters) written as a `\uXXXX` escape, so a
/// terminal shows it inert while any JSON reader still decodes the same text.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    if !needs_cleaning(json.trim_end_matches('\n')) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c != '\n' && is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-character sequences (ESC c, ESC 7, ESC ( B …): the next char is consumed too
        // for charset designations.
        Some('(' | ')' | '*' | '+' | '#' | '%') => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameters and intermediates, then one final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
        if c.is_control() && c != '\u{1B}' {
            break;
        }
    }
}

/// OSC, DCS and friends: up to BEL or ST (`ESC \` or U+9C).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' => break,
            '\u{1B}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_lines_show_what_was_sent_and_stay_one_line() {
        assert_eq!(escaped("plain"), "plain");
        assert_eq!(
            escaped("a\u{1b}]0;x\u{7}\r\nFAKE\u{202e}"),
            "a\\u{1b}]0;x\\u{7}\\r\\nFAKE\\u{202e}"
        );
    }

    #[test]
    fn json_for_a_terminal_escapes_what_json_allows_raw() {
        let raw = serde_json::to_string(&"x\u{9b}31m\u{85}\u{202e}y\u{1b}").unwrap();
        let shown = json_for_terminal(&raw);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        let back: String = serde_json::from_str(&shown).unwrap();
        assert_eq!(
            back, "x\u{9b}31m\u{85}\u{202e}y\u{1b}",
            "the same text decodes"
        );
        assert_eq!(
            json_for_terminal("{\n  \"a\": 1\n}\n"),
            "{\n  \"a\": 1\n}\n"
        );
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            line("Suspicious access to LSASS"),
            Cow::Borrowed(_)
        ));
        assert_eq!(line("Ünïcödé 漢字 🔥"), "Ünïcödé 漢字 🔥");
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(line("a\u{1b}[2J\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(line("x\u{1b}]0;pwned\u{07}y"), "xy");
        assert_eq!(line("x\u{1b}]52;c;ZXZpbA==\u{1b}\\y"), "xy");
        assert_eq!(line("x\u{9b}31mred"), "xred");
        assert_eq!(line("x\u{9d}8;;http://evil\u{9c}y"), "xy");
        assert_eq!(line("x\u{1b}Pq#0;2;0;0;0\u{1b}\\y"), "xy");
        assert_eq!(line("\u{1b}(0lqk\u{1b}(B"), "lqk");
    }

    #[test]
    fn controls_and_bidi_are_dropped() {
        assert_eq!(line("a\u{0}b\u{7}c\u{8}d\u{7f}e\u{85}f"), "abcdef");
        assert_eq!(line("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(line("ad\u{200B}min\u{FEFF}"), "admin");
        assert_eq!(line("\u{2067}x\u{2069}"), "x");
    }

    #[test]
    fn line_breaks_become_spaces_or_stay() {
        assert_eq!(line("one\r\ntwo\tthree"), "one two three");
        assert_eq!(multiline("one\r\ntwo\u{1b}[1A"), "one\ntwo");
    }
}
