//! Copy by OSC 52: the terminal puts the text on the clipboard, which works over SSH and
//! inside tmux (whose `set-clipboard` option takes it to the outer terminal). No native
//! clipboard is touched.

use base64::Engine as _;

/// The escape sequence that sets the clipboard to `text`. Plain, even inside tmux: a DCS
/// passthrough is dropped unless `allow-passthrough` is on, while plain OSC 52 reaches the
/// outer terminal through `set-clipboard`.
pub fn osc52(text: &str) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{payload}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_plain_osc52() {
        assert_eq!(osc52("hello"), "\x1b]52;c;aGVsbG8=\x07");
        // Whatever the text holds, the sequence carries only base64.
        let hostile = osc52("\x1b]0;pwn\x07\u{202e}");
        assert!(!hostile[1..].contains('\x1b') && hostile.matches('\x07').count() == 1);
    }
}
