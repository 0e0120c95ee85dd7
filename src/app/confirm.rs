//! The confirmation before a write (`DESIGN.md` §9): it counts a key only once it has been on
//! screen (the runtime says so after its first frame, having let keys already on their way
//! arrive: those are dropped and counted), it scrolls through every target, and a large or
//! irreversible write asks for a word typed out (the count, a machine's name) before Enter
//! sends. Every later write (response actions, indicators) confirms through this.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::Action;

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

    /// A key (and what the confirmation's table makes of it), over `targets` targets. While
    /// a word is to be typed, a printable key is text.
    pub fn key(&mut self, action: Option<Action>, key: KeyEvent, targets: usize) -> Answer {
        if !self.armed {
            self.ignored += 1;
            return Answer::Stay;
        }
        let last = targets.saturating_sub(1);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let typing = self.needs.is_some();
        let text = typing && !ctrl && matches!(key.code, KeyCode::Char(_));
        match action.filter(|_| !text) {
            Some(Action::ConfirmSend) if self.ready() => return Answer::Send,
            Some(Action::ConfirmBack) => return Answer::Back,
            Some(Action::ConfirmDown) => self.scroll = (self.scroll + 1).min(last),
            Some(Action::ConfirmUp) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::ConfirmPageDown) => self.scroll = (self.scroll + PAGE).min(last),
            Some(Action::ConfirmPageUp) => self.scroll = self.scroll.saturating_sub(PAGE),
            Some(Action::ConfirmTop) => self.scroll = 0,
            Some(Action::ConfirmBottom) => self.scroll = last,
            _ => match key.code {
                KeyCode::Backspace => {
                    self.typed.pop();
                }
                KeyCode::Char(c) if text && self.typed.chars().count() < MAX_TYPED => {
                    self.typed.push(c);
                }
                // Nothing is sent on any other key, motion keys above all.
                _ => {}
            },
        }
        Answer::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{KeyMode, Keymap};

    fn press(c: &mut Confirmation, keys: &[KeyCode]) -> Vec<Answer> {
        let map = Keymap::default();
        keys.iter()
            .map(|&k| {
                let key = KeyEvent::new(k, KeyModifiers::NONE);
                c.key(map.action_in(KeyMode::Confirm, &key), key, 47)
            })
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
