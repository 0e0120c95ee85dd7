//! One table of key bindings. It drives dispatch, the help screen and (through a test) the
//! README's key list, so none of them can drift from the others.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Suspend,
    Help,
    Log,
    Search,
    Back,
    Forward,
    NextPane,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    PivotUser,
    PivotMachine,
    PivotAlerts,
    Refresh,
}

/// A key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub KeyCode, pub KeyModifiers);

const fn plain(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::NONE)
}

const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

const fn code(c: KeyCode) -> Key {
    Key(c, KeyModifiers::NONE)
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub description: &'static str,
}

/// The views' keys. In the search box every printable key is text; its few keys are
/// [`SEARCH_KEYS`].
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[plain('j'), code(KeyCode::Down)],
        action: Action::Down,
        description: "next row",
    },
    Binding {
        keys: &[plain('k'), code(KeyCode::Up)],
        action: Action::Up,
        description: "previous row",
    },
    Binding {
        keys: &[ctrl('d'), code(KeyCode::PageDown)],
        action: Action::PageDown,
        description: "page down",
    },
    Binding {
        keys: &[ctrl('u'), code(KeyCode::PageUp)],
        action: Action::PageUp,
        description: "page up",
    },
    Binding {
        keys: &[plain('g'), code(KeyCode::Home)],
        action: Action::Top,
        description: "first row",
    },
    Binding {
        keys: &[plain('G'), code(KeyCode::End)],
        action: Action::Bottom,
        description: "last row",
    },
    Binding {
        keys: &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        action: Action::NextPane,
        description: "next pane",
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        action: Action::Open,
        description: "open the selected alert, machine or user",
    },
    Binding {
        keys: &[plain('u')],
        action: Action::PivotUser,
        description: "pivot to the user",
    },
    Binding {
        keys: &[plain('m')],
        action: Action::PivotMachine,
        description: "pivot to the machine",
    },
    Binding {
        keys: &[plain('a')],
        action: Action::PivotAlerts,
        description: "pivot to the machine's or user's alerts",
    },
    Binding {
        keys: &[code(KeyCode::Esc), code(KeyCode::Backspace), plain('[')],
        action: Action::Back,
        description: "back",
    },
    Binding {
        keys: &[plain(']')],
        action: Action::Forward,
        description: "forward",
    },
    Binding {
        keys: &[plain('/'), plain('s')],
        action: Action::Search,
        description: "search another user",
    },
    Binding {
        keys: &[plain('r')],
        action: Action::Refresh,
        description: "refresh the view (through the budget)",
    },
    Binding {
        keys: &[plain('L')],
        action: Action::Log,
        description: "messages and errors of this session",
    },
    Binding {
        keys: &[plain('?')],
        action: Action::Help,
        description: "this help",
    },
    Binding {
        keys: &[ctrl('z')],
        action: Action::Suspend,
        description: "suspend to the shell",
    },
    Binding {
        keys: &[plain('q'), ctrl('c')],
        action: Action::Quit,
        description: "quit",
    },
];

/// The search box's keys, for the help screen and the README (dispatch is in `update`).
/// Each is (keys, description, a word or two for a cramped screen).
pub const SEARCH_KEYS: &[(&str, &str, &str)] = &[
    (
        "Enter",
        "open the user: jdoe, jdoe@contoso.com or CONTOSO\\jdoe",
        "open",
    ),
    ("Tab", "complete a recent or seen user", "complete"),
    (
        "Esc",
        "clear the box, or back when it is empty",
        "clear/back",
    ),
    ("Ctrl-c", "quit", "quit"),
];

pub fn action_for(event: &KeyEvent) -> Option<Action> {
    // Shift is part of the character for letters (`G`), so only Control and Alt must match.
    let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.0 == event.code && k.1 == mods))
        .map(|b| b.action)
}

pub fn key_label(key: &Key) -> String {
    let base = match key.0 {
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        other => format!("{other:?}"),
    };
    if key.1.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// Rows of the help screen and the README table: keys, then what they do.
pub fn help_rows() -> Vec<(String, String)> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(key_label).collect();
            (keys.join(" "), b.description.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(!seen.contains(k), "{} bound twice", key_label(k));
                seen.push(*k);
            }
        }
    }

    #[test]
    fn shifted_letters_and_control_keys_resolve() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&shifted), Some(Action::Bottom));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&ctrl_d), Some(Action::PageDown));
        let plain_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(
            action_for(&plain_d),
            None,
            "no destructive or surprising default"
        );
    }

    /// The README's key tables are the help screen, verbatim.
    #[test]
    fn readme_keys_match_the_table() {
        let readme = include_str!("../../README.md");
        for (keys, description) in help_rows() {
            let row = format!("| {} | {} |", keys.replace('|', "\\|"), description);
            assert!(readme.contains(&row), "README lacks the row: {row}");
        }
        for (keys, description, _) in SEARCH_KEYS {
            let row = format!("| {keys} | {description} |");
            assert!(readme.contains(&row), "README lacks the row: {row}");
        }
    }
}
