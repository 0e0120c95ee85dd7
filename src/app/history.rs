//! What was typed before: in a prompt, walked with ↑ and ↓ (newest last, like a shell); in
//! the search box, with what each name turned out to be.

/// Lines kept per prompt.
const KEPT: usize = 100;

#[derive(Debug, Default)]
pub struct History {
    lines: Vec<String>,
    /// Where ↑/↓ stand; `None` until the first ↑.
    cursor: Option<usize>,
}

impl History {
    /// Keeps `line` as the newest (once), and starts the next walk from the end.
    pub fn push(&mut self, line: &str) {
        self.cursor = None;
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        self.lines.retain(|l| l != line);
        self.lines.push(line.to_owned());
        if self.lines.len() > KEPT {
            self.lines.remove(0);
        }
    }

    /// One step back (`up`) or forward; the line stepped to, if any.
    pub fn walk(&mut self, up: bool) -> Option<&str> {
        let len = self.lines.len();
        let at = match (up, self.cursor) {
            _ if len == 0 => return None,
            (true, None) => len - 1,
            (true, Some(i)) => i.saturating_sub(1),
            (false, None) => return None,
            (false, Some(i)) => (i + 1).min(len - 1),
        };
        self.cursor = Some(at);
        Some(&self.lines[at])
    }

    pub fn restart(&mut self) {
        self.cursor = None;
    }
}

/// A name typed in the search box, and what it turned out to be once known: the kind of view
/// it opened (`user`, `machine`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searched {
    pub name: String,
    pub kind: Option<String>,
}

impl From<&str> for Searched {
    fn from(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_back_and_forth_newest_last() {
        let mut h = History::default();
        assert_eq!(h.walk(true), None);
        for line in ["a", "b", "a", " "] {
            h.push(line);
        }
        assert_eq!(h.walk(true), Some("a"));
        assert_eq!(h.walk(true), Some("b"));
        assert_eq!(h.walk(true), Some("b"), "stops at the oldest");
        assert_eq!(h.walk(false), Some("a"));
    }
}
