//! A small multi-line text editor for queries: lines of text and a cursor, moved and edited
//! by the keys people expect (arrows, Home/End, Enter, Backspace, Delete). Text only: control
//! characters never enter it, a paste keeps its line breaks.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub lines: Vec<String>,
    /// The cursor: a line, and a position in it counted in characters.
    pub row: usize,
    pub col: usize,
}

impl Default for Editor {
    fn default() -> Self {
        Self::new("")
    }
}

impl Editor {
    /// `text` with the cursor at its end.
    pub fn new(text: &str) -> Self {
        let mut editor = Self {
            lines: vec![String::new()],
            row: 0,
            col: 0,
        };
        editor.insert(text);
        editor
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    fn byte(&self, col: usize) -> usize {
        let line = &self.lines[self.row];
        line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    fn width(&self, row: usize) -> usize {
        self.lines[row].chars().count()
    }

    /// Inserts text at the cursor: `\r\n` and `\r` are line breaks, a tab is four spaces,
    /// other control characters are dropped.
    pub fn insert(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            match c {
                '\n' => self.newline(),
                '\t' => (0..4).for_each(|_| self.put(' ')),
                c if c.is_control() || crate::sanitize::is_unsafe(c) => {}
                c => self.put(c),
            }
        }
    }

    fn put(&mut self, c: char) {
        let at = self.byte(self.col);
        self.lines[self.row].insert(at, c);
        self.col += 1;
    }

    fn newline(&mut self) {
        let at = self.byte(self.col);
        let rest = self.lines[self.row].split_off(at);
        self.row += 1;
        self.lines.insert(self.row, rest);
        self.col = 0;
    }

    /// An editing or moving key; false when it is not one (the caller's to handle).
    pub fn key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char(c) if !ctrl => self.put(c),
            KeyCode::Enter => self.newline(),
            KeyCode::Backspace if self.col > 0 => {
                self.col -= 1;
                let at = self.byte(self.col);
                self.lines[self.row].remove(at);
            }
            KeyCode::Backspace if self.row > 0 => {
                let line = self.lines.remove(self.row);
                self.row -= 1;
                self.col = self.width(self.row);
                self.lines[self.row].push_str(&line);
            }
            KeyCode::Delete if self.col < self.width(self.row) => {
                let at = self.byte(self.col);
                self.lines[self.row].remove(at);
            }
            KeyCode::Delete if self.row + 1 < self.lines.len() => {
                let next = self.lines.remove(self.row + 1);
                self.lines[self.row].push_str(&next);
            }
            KeyCode::Left if self.col > 0 => self.col -= 1,
            KeyCode::Left if self.row > 0 => {
                self.row -= 1;
                self.col = self.width(self.row);
            }
            KeyCode::Right if self.col < self.width(self.row) => self.col += 1,
            KeyCode::Right if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = 0;
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.width(self.row));
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.width(self.row));
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = self.width(self.row),
            KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Up
            | KeyCode::Down => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(e: &mut Editor, code: KeyCode) {
        assert!(e.key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    #[test]
    fn lines_are_split_joined_and_walked() {
        let mut e = Editor::new("DeviceInfo| take 1");
        for _ in 0.."| take 1".len() {
            press(&mut e, KeyCode::Left);
        }
        press(&mut e, KeyCode::Enter);
        assert_eq!(e.text(), "DeviceInfo\n| take 1");
        assert_eq!((e.row, e.col), (1, 0));
        press(&mut e, KeyCode::Backspace);
        assert_eq!(e.text(), "DeviceInfo| take 1");
        press(&mut e, KeyCode::End);
        press(&mut e, KeyCode::Char('0'));
        assert_eq!(e.text(), "DeviceInfo| take 10");
        e.insert("\r\n| where é == 'x\u{1b}[31m'");
        assert_eq!(e.lines.len(), 2);
        assert_eq!(e.lines[1], "| where é == 'x[31m'");
        press(&mut e, KeyCode::Up);
        assert_eq!(e.row, 0);
        assert!(!e.key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)));
    }
}
