//! One table of key bindings. It drives dispatch, the help screen and (through a test) the
//! README's key list, so none of them can drift from the others. The config file may rebind
//! any action; a key bound to two actions is an error at start-up that names both.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    NextPane,
    Open,
    PivotUser,
    PivotMachine,
    PivotAlerts,
    Back,
    Forward,
    Search,
    Filter,
    Command,
    SortNext,
    SortReverse,
    Copy,
    CopyMenu,
    OpenInPortal,
    Export,
    Refresh,
    Log,
    Help,
    Suspend,
    Quit,
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
    /// The name the config file uses.
    pub name: &'static str,
    pub action: Action,
    pub keys: &'static [Key],
    pub description: &'static str,
}

/// The default bindings of the views, in help order. In the search box and the prompts every
/// printable key is text; their few keys are [`SEARCH_KEYS`] and [`PROMPT_KEYS`].
pub const BINDINGS: &[Binding] = &[
    Binding {
        name: "down",
        action: Action::Down,
        keys: &[plain('j'), code(KeyCode::Down)],
        description: "next row",
    },
    Binding {
        name: "up",
        action: Action::Up,
        keys: &[plain('k'), code(KeyCode::Up)],
        description: "previous row",
    },
    Binding {
        name: "page_down",
        action: Action::PageDown,
        keys: &[ctrl('d'), code(KeyCode::PageDown)],
        description: "page down",
    },
    Binding {
        name: "page_up",
        action: Action::PageUp,
        keys: &[ctrl('u'), code(KeyCode::PageUp)],
        description: "page up",
    },
    Binding {
        name: "top",
        action: Action::Top,
        keys: &[plain('g'), code(KeyCode::Home)],
        description: "first row",
    },
    Binding {
        name: "bottom",
        action: Action::Bottom,
        keys: &[plain('G'), code(KeyCode::End)],
        description: "last row",
    },
    Binding {
        name: "next_pane",
        action: Action::NextPane,
        keys: &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        description: "next pane",
    },
    Binding {
        name: "open",
        action: Action::Open,
        keys: &[code(KeyCode::Enter)],
        description: "open the selected alert, machine or user",
    },
    Binding {
        name: "pivot_user",
        action: Action::PivotUser,
        keys: &[plain('u')],
        description: "pivot to the user",
    },
    Binding {
        name: "pivot_machine",
        action: Action::PivotMachine,
        keys: &[plain('m')],
        description: "pivot to the machine",
    },
    Binding {
        name: "pivot_alerts",
        action: Action::PivotAlerts,
        keys: &[plain('a')],
        description: "pivot to the machine's or user's alerts",
    },
    Binding {
        name: "back",
        action: Action::Back,
        keys: &[code(KeyCode::Esc), code(KeyCode::Backspace), plain('[')],
        description: "clear the filter, else back",
    },
    Binding {
        name: "forward",
        action: Action::Forward,
        keys: &[plain(']')],
        description: "forward",
    },
    Binding {
        name: "search",
        action: Action::Search,
        keys: &[plain('s')],
        description: "search another user",
    },
    Binding {
        name: "filter",
        action: Action::Filter,
        keys: &[plain('/')],
        description: "filter the list: text, sev:high, machine:wks-*, tech:T1059, !resolved",
    },
    Binding {
        name: "command",
        action: Action::Command,
        keys: &[plain(':')],
        description: "command: :user NAME, :alert ID, :machine ID, :q",
    },
    Binding {
        name: "sort_next",
        action: Action::SortNext,
        keys: &[plain('S')],
        description: "sort by the next column",
    },
    Binding {
        name: "sort_reverse",
        action: Action::SortReverse,
        keys: &[plain('I')],
        description: "reverse the sort",
    },
    Binding {
        name: "copy",
        action: Action::Copy,
        keys: &[plain('y')],
        description: "copy the id (OSC 52)",
    },
    Binding {
        name: "copy_menu",
        action: Action::CopyMenu,
        keys: &[plain('Y')],
        description: "copy account, host, IP, SHA-256 or JSON",
    },
    Binding {
        name: "open_in_portal",
        action: Action::OpenInPortal,
        keys: &[plain('o')],
        description: "open in the Defender portal",
    },
    Binding {
        name: "export",
        action: Action::Export,
        keys: &[plain('e')],
        description: "export the list or alert to CSV or JSON",
    },
    Binding {
        name: "refresh",
        action: Action::Refresh,
        keys: &[plain('r')],
        description: "refresh the view (through the budget)",
    },
    Binding {
        name: "log",
        action: Action::Log,
        keys: &[plain('L')],
        description: "messages and errors of this session",
    },
    Binding {
        name: "help",
        action: Action::Help,
        keys: &[plain('?')],
        description: "this help",
    },
    Binding {
        name: "suspend",
        action: Action::Suspend,
        keys: &[ctrl('z')],
        description: "suspend to the shell",
    },
    Binding {
        name: "quit",
        action: Action::Quit,
        keys: &[plain('q'), ctrl('c')],
        description: "quit",
    },
];

/// The search box's keys: (keys, description, a word or two for a cramped screen).
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

/// The filter, command and export prompts' keys.
pub const PROMPT_KEYS: &[(&str, &str, &str)] = &[
    (
        "Enter",
        "apply (filter), run (command), write (export)",
        "apply",
    ),
    ("Esc", "cancel; a filter is cleared", "cancel"),
    ("Tab", "complete a command from what was seen", "complete"),
    ("↑ ↓", "earlier commands", "history"),
];

/// The live bindings: the defaults with the config file's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            bindings: BINDINGS
                .iter()
                .map(|b| (b.action, b.keys.to_vec()))
                .collect(),
        }
    }
}

/// `j`, `G`, `ctrl-d`, `esc`, `pgdn`, `f5`: the config file's spelling of a key.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let (mods, name, original) = match lower.strip_prefix("ctrl-") {
        Some(rest) => (KeyModifiers::CONTROL, rest, &trimmed["ctrl-".len()..]),
        None => (KeyModifiers::NONE, lower.as_str(), trimmed),
    };
    let code = match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "shift-tab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "space" => KeyCode::Char(' '),
        f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
            KeyCode::F(f[1..].parse().expect("checked"))
        }
        _ => {
            // One character; it keeps its case (`G` is not `g`) except under Ctrl.
            let mut chars = original.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if mods.is_empty() => KeyCode::Char(c),
                (Some(c), None) => KeyCode::Char(c.to_ascii_lowercase()),
                _ => {
                    return Err(format!(
                        "“{text}” is not a key (examples: j, G, ctrl-d, esc, pgdn, f5)"
                    ));
                }
            }
        }
    };
    Ok(Key(code, mods))
}

impl Keymap {
    /// Applies `[keys]` from the config file: action name → the keys it takes, replacing its
    /// defaults. Unknown actions, bad keys and a key bound twice are errors naming them.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Self, String> {
        let mut map = Self::default();
        for (name, keys) in overrides {
            let binding = BINDINGS.iter().find(|b| b.name == name).ok_or_else(|| {
                let names: Vec<&str> = BINDINGS.iter().map(|b| b.name).collect();
                format!(
                    "[keys] {name}: no such action (actions: {})",
                    names.join(", ")
                )
            })?;
            let parsed = keys
                .iter()
                .map(|k| parse_key(k).map_err(|e| format!("[keys] {name}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(slot) = map.bindings.iter_mut().find(|(a, _)| *a == binding.action) {
                slot.1 = parsed;
            }
        }
        map.check_conflicts()?;
        Ok(map)
    }

    fn check_conflicts(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        for (i, (action, keys)) in self.bindings.iter().enumerate() {
            for key in keys {
                for (other, other_keys) in &self.bindings[i + 1..] {
                    if other_keys.contains(key) {
                        problems.push(format!(
                            "{} is bound to both {} and {}",
                            key_label(key),
                            name_of(*action),
                            name_of(*other)
                        ));
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("key conflicts: {}", problems.join("; ")))
        }
    }

    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        // Shift is part of the character for letters (`G`), so only Control and Alt must match.
        let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.bindings
            .iter()
            .find(|(_, keys)| keys.iter().any(|k| k.0 == event.code && k.1 == mods))
            .map(|(action, _)| *action)
    }

    /// Rows of the help screen and the README table: keys, then what they do.
    pub fn help_rows(&self) -> Vec<(String, String)> {
        self.bindings
            .iter()
            .map(|(action, keys)| {
                let keys: Vec<String> = keys.iter().map(key_label).collect();
                let description = BINDINGS
                    .iter()
                    .find(|b| b.action == *action)
                    .map_or("", |b| b.description);
                (keys.join(" "), description.to_owned())
            })
            .collect()
    }
}

fn name_of(action: Action) -> &'static str {
    BINDINGS
        .iter()
        .find(|b| b.action == action)
        .map_or("?", |b| b.name)
}

pub fn key_label(key: &Key) -> String {
    let base = match key.0 {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.1.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_have_no_conflicts() {
        Keymap::default().check_conflicts().unwrap();
    }

    #[test]
    fn shifted_letters_and_control_keys_resolve() {
        let map = Keymap::default();
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action_for(&shifted), Some(Action::Bottom));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(&ctrl_d), Some(Action::PageDown));
        let plain_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(
            map.action_for(&plain_d),
            None,
            "no destructive or surprising default"
        );
    }

    #[test]
    fn keys_parse_as_the_config_spells_them() {
        assert_eq!(parse_key("j"), Ok(plain('j')));
        assert_eq!(parse_key("G"), Ok(plain('G')));
        assert_eq!(parse_key("ctrl-d"), Ok(ctrl('d')));
        assert_eq!(parse_key("Ctrl-D"), Ok(ctrl('d')));
        assert_eq!(parse_key("esc"), Ok(code(KeyCode::Esc)));
        assert_eq!(parse_key("pgdn"), Ok(code(KeyCode::PageDown)));
        assert_eq!(parse_key("f5"), Ok(code(KeyCode::F(5))));
        assert_eq!(parse_key("space"), Ok(plain(' ')));
        assert_eq!(parse_key("-"), Ok(plain('-')));
        assert!(parse_key("hyper-x").is_err());
    }

    #[test]
    fn remapping_replaces_an_actions_keys() {
        let overrides =
            BTreeMap::from([("down".to_owned(), vec!["n".to_owned(), "down".to_owned()])]);
        let map = Keymap::with_overrides(&overrides).unwrap();
        assert_eq!(
            map.action_for(&KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action_for(&KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
            None
        );
        assert!(
            map.help_rows()
                .contains(&("n ↓".to_owned(), "next row".to_owned()))
        );
    }

    #[test]
    fn conflicts_and_unknown_names_are_reported_with_the_keys() {
        let clash = BTreeMap::from([("quit".to_owned(), vec!["j".to_owned()])]);
        let err = Keymap::with_overrides(&clash).unwrap_err();
        assert!(err.contains("j is bound to both down and quit"), "{err}");
        let unknown = BTreeMap::from([("explode".to_owned(), vec!["x".to_owned()])]);
        assert!(
            Keymap::with_overrides(&unknown)
                .unwrap_err()
                .contains("no such action")
        );
        let bad = BTreeMap::from([("quit".to_owned(), vec!["hyper-q".to_owned()])]);
        assert!(
            Keymap::with_overrides(&bad)
                .unwrap_err()
                .contains("hyper-q")
        );
    }

    /// The README's key tables are the help screen, verbatim.
    #[test]
    fn readme_keys_match_the_table() {
        let readme = include_str!("../../README.md");
        for (keys, description) in Keymap::default().help_rows() {
            let row = format!("| {} | {} |", keys.replace('|', "\\|"), description);
            assert!(readme.contains(&row), "README lacks the row: {row}");
        }
        for (keys, description, _) in SEARCH_KEYS.iter().chain(PROMPT_KEYS) {
            let row = format!("| {keys} | {description} |");
            assert!(readme.contains(&row), "README lacks the row: {row}");
        }
    }
}
