//! The confirmation before a write (`DESIGN.md` §9): it counts a key only once it has been on
//! screen (the runtime says so after its first frame, having let keys already on their way
//! arrive: those are dropped and counted), it scrolls through every target, and a large or
//! irreversible write asks for a word typed out (the count, a machine's name) before Enter
//! sends. Every later write (response actions, indicators) confirms through this.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Targets a page key moves by.
const PAGE: usize = 10;
/// The longest typed confirmation kept (a machine's name fits).
const MAX_TYPED: usize = 128;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confirmation {
    /// On screen: keys count from now on.
    pub armed: bool,
    /// Keys that arrived before it was shown, dropped.
    pub ignored: usize,
    /// The first target shown.
    pub scroll: usize,
    /// What must be typed before Enter sends, if anything.
    pub needs: Option<String>,
    pub typed: String,
}

/// What a key did to the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Send,
    Back,
    Stay,
}

impl Confirmation {
    pub fn new(needs: Option<String>) -> Self {
        Self {
            needs,
            ..Self::default()
        }
    }

    /// Whether Enter would send now.
    pub fn ready(&self) -> bool {
        self.needs.as_deref().is_none_or(|n| self.typed == n)
    }

    /// A key, over `targets` targets.
    pub fn key(&mut self, key: KeyEvent, targets: usize) -> Answer {
        if !self.armed {
            self.ignored += 1;
            return Answer::Stay;
        }
        let last = targets.saturating_sub(1);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let typing = self.needs.is_some();
        match key.code {
            KeyCode::Enter if self.ready() => return Answer::Send,
            KeyCode::Esc => return Answer::Back,
            KeyCode::Char('d') if ctrl => self.scroll = (self.scroll + PAGE).min(last),
            KeyCode::Char('u') if ctrl => self.scroll = self.scroll.saturating_sub(PAGE),
            KeyCode::Down => self.scroll = (self.scroll + 1).min(last),
            KeyCode::Char('j') if !typing => self.scroll = (self.scroll + 1).min(last),
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Char('k') if !typing => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = (self.scroll + PAGE).min(last),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(PAGE),
            KeyCode::Home => self.scroll = 0,
            KeyCode::Char('g') if !typing => self.scroll = 0,
            KeyCode::End => self.scroll = last,
            KeyCode::Char('G') if !typing => self.scroll = last,
            KeyCode::Backspace => {
                self.typed.pop();
            }
            KeyCode::Char(c) if typing && !ctrl && self.typed.chars().count() < MAX_TYPED => {
                self.typed.push(c);
            }
            // Nothing is sent on any other key, motion keys above all.
            _ => {}
        }
        Answer::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(c: &mut Confirmation, keys: &[KeyCode]) -> Vec<Answer> {
        keys.iter()
            .map(|&k| c.key(KeyEvent::new(k, KeyModifiers::NONE), 47))
            .collect()
    }

    #[test]
    fn keys_before_it_was_shown_are_dropped() {
        let mut c = Confirmation::new(None);
        let answers = press(&mut c, &[KeyCode::Enter, KeyCode::Enter]);
        assert_eq!(answers, [Answer::Stay, Answer::Stay]);
        assert_eq!(c.ignored, 2);
        c.armed = true;
        assert_eq!(press(&mut c, &[KeyCode::Enter]), [Answer::Send]);
    }

    #[test]
    fn a_large_write_needs_its_count_typed_and_scrolls_to_the_end() {
        let mut c = Confirmation::new(Some("47".into()));
        c.armed = true;
        assert_eq!(press(&mut c, &[KeyCode::Enter]), [Answer::Stay]);
        press(&mut c, &[KeyCode::End]);
        assert_eq!(c.scroll, 46);
        press(&mut c, &[KeyCode::PageUp, KeyCode::Up]);
        assert_eq!(c.scroll, 35);
        press(
            &mut c,
            &[KeyCode::Char('4'), KeyCode::Char('8'), KeyCode::Backspace],
        );
        assert!(!c.ready());
        press(&mut c, &[KeyCode::Char('7')]);
        assert_eq!(press(&mut c, &[KeyCode::Enter]), [Answer::Send]);
    }
}
