//! Copy by OSC 52: the terminal puts the text on the clipboard, which works over SSH and, with
//! passthrough, inside tmux. No native clipboard is touched.

use base64::Engine as _;

/// The escape sequence that sets the clipboard to `text`. Inside tmux it is wrapped in a DCS
/// passthrough (ESCs doubled) so tmux hands it to the outer terminal.
pub fn osc52(text: &str, inside_tmux: bool) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let sequence = format!("\x1b]52;c;{payload}\x07");
    if inside_tmux {
        format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
    } else {
        sequence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_osc52_and_wraps_for_tmux() {
        assert_eq!(osc52("hello", false), "\x1b]52;c;aGVsbG8=\x07");
        assert_eq!(
            osc52("hello", true),
            "\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"
        );
        // Whatever the text holds, the sequence carries only base64.
        let hostile = osc52("\x1b]0;pwn\x07\u{202e}", false);
        assert!(!hostile[1..].contains('\x1b') && hostile.matches('\x07').count() == 1);
    }
}
