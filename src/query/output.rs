//! Where a one-shot's answer goes: stdout as it is written, JSON made inert for a terminal,
//! and a closed pipe (`| head`) ending the answer quietly rather than as an error.

use std::io::{ErrorKind, IsTerminal, Write};

/// The answer's writer. Writing stops at the first failure, which [`Out::finish`] reports.
pub struct Out<W: Write> {
    sink: W,
    /// JSON going to a terminal: unsafe characters JSON allows raw are escaped.
    inert_json: bool,
    failed: Option<std::io::Error>,
    /// The last byte written, so the answer ends with a line break.
    last: Option<u8>,
}

/// How the answer ended.
#[derive(Debug)]
pub enum Ended {
    /// Written whole, or cut by a reader that closed the pipe (as `head` does).
    Done,
    /// The writing failed: why.
    Failed(std::io::Error),
}

impl Out<std::io::StdoutLock<'static>> {
    /// Stdout; `json` says the answer is JSON (escaped further when stdout is a terminal).
    pub fn stdout(json: bool) -> Self {
        let sink = std::io::stdout().lock();
        let inert_json = json && sink.is_terminal();
        Self::new(sink, inert_json)
    }
}

impl<W: Write> Out<W> {
    pub fn new(sink: W, inert_json: bool) -> Self {
        Self {
            sink,
            inert_json,
            failed: None,
            last: None,
        }
    }

    /// Writes `text`; false once the writing has failed or the reader is gone.
    pub fn write(&mut self, text: &str) -> bool {
        if self.failed.is_some() {
            return false;
        }
        if text.is_empty() {
            return true;
        }
        let shown = if self.inert_json {
            crate::sanitize::json_for_terminal(text)
        } else {
            text.into()
        };
        match self.sink.write_all(shown.as_bytes()) {
            Ok(()) => {
                self.last = shown.as_bytes().last().copied();
                true
            }
            Err(e) => {
                self.failed = Some(e);
                false
            }
        }
    }

    /// Ends the answer on a line of its own and flushes it.
    pub fn finish(mut self) -> Ended {
        if self.failed.is_none() && self.last.is_some_and(|b| b != b'\n') {
            self.write("\n");
        }
        let flushed = match self.failed.take() {
            Some(e) => Err(e),
            None => self.sink.flush(),
        };
        match flushed {
            Ok(()) => Ended::Done,
            Err(e) if e.kind() == ErrorKind::BrokenPipe => Ended::Done,
            Err(e) => Ended::Failed(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_ends_its_line_and_json_for_a_terminal_is_inert() {
        let mut buf = Vec::new();
        let mut out = Out::new(&mut buf, true);
        assert!(out.write("[\"a\u{9b}b\"]"));
        assert!(matches!(out.finish(), Ended::Done));
        assert_eq!(String::from_utf8(buf).unwrap(), "[\"a\\u009bb\"]\n");
    }

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_stops_the_writing_quietly() {
        let mut out = Out::new(Closed, false);
        assert!(!out.write("x"));
        assert!(!out.write("y"), "nothing more is tried");
        assert!(matches!(out.finish(), Ended::Done));
    }
}
