//! Logs go to a file under the state directory, never to the terminal (the explorer owns it).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The log file, written one record at a time with every control and bidi character shown as
/// an escape: a server's message can neither colour a `tail -f` nor forge a line.
struct Escaping(File);

impl Write for Escaping {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (record, end) = match text.strip_suffix('\n') {
            Some(record) => (record, "\n"),
            None => (&*text, ""),
        };
        self.0
            .write_all(format!("{}{end}", crate::sanitize::escaped(record)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Opens `dir/mdetui.log` and routes `tracing` there. `MDETUI_LOG` sets the level (default
/// `info`). Returns the log path, or `None` when it cannot be opened (then nothing is logged).
pub fn init(dir: &Path) -> Option<PathBuf> {
    let path = dir.join("mdetui.log");
    let file: File = crate::private::append(&path).ok()?;
    let level = std::env::var("MDETUI_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(Mutex::new(Escaping(file)))
        .try_init()
        .ok()?;
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_cannot_forge_a_line_or_act_on_a_terminal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let mut log = Escaping(File::create(&path).unwrap());
        log.write_all(b"WARN fetch failed: owned\x1b]0;t\x07\r\nFAKE \xe2\x80\xae\n")
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 1, "{text:?}");
        assert!(
            !text.trim_end().chars().any(crate::sanitize::is_unsafe),
            "{text:?}"
        );
        assert!(text.contains("\\r\\nFAKE"), "{text:?}");
    }
}
