//! One table of key bindings a mode. Each drives its mode's dispatch, the help screen (which
//! lists the keys of the mode it was opened from first), the key hints on screen and (through
//! a test) the README's key tables, so none of them can drift from the others. The config file
//! may rebind any action of any mode (`[keys] down = ["n"]`, `[keys.triage] next_field =
//! ["n"]`); a key bound to two actions of one mode is an error at start-up that names both.

mod action;
mod bindings;
mod modes;

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use bindings::{Action, BINDINGS, Binding, Key};
pub use modes::{KeyMode, TABLES};

/// Why the config's `[keys]` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("“{0}” is not a key (examples: j, G, ctrl-d, esc, pgdn, f5)")]
    NotAKey(String),
    #[error("[keys] {action}: no such action (actions: {known})")]
    UnknownAction { action: String, known: String },
    #[error("[keys] {action}: {problem}")]
    BadKey {
        action: String,
        problem: Box<KeymapError>,
    },
    #[error("key conflicts: {}", .0.join("; "))]
    Conflicts(Vec<String>),
}

/// The live bindings of every mode: the defaults with the config file's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(KeyMode, Action, Vec<Key>)>,
    /// The keys a read-only session took out, so that pressing one says why it does nothing.
    withdrawn: Vec<(KeyMode, Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            bindings: TABLES
                .iter()
                .flat_map(|(mode, table)| table.iter().map(|b| (*mode, b.action, b.keys.to_vec())))
                .collect(),
            withdrawn: Vec::new(),
        }
    }
}

/// The default binding of `action` in `mode`.
fn binding(mode: KeyMode, action: Action) -> Option<&'static Binding> {
    TABLES
        .iter()
        .find(|(m, _)| *m == mode)
        .and_then(|(_, table)| table.iter().find(|b| b.action == action))
}

/// The config's name of a binding: `down`, or `triage.next_field` in another mode.
fn config_name(mode: KeyMode, binding: &Binding) -> String {
    match mode.name() {
        None => binding.name.to_owned(),
        Some(m) => format!("{m}.{}", binding.name),
    }
}

/// `j`, `G`, `ctrl-d`, `esc`, `pgdn`, `f5`: the config file's spelling of a key.
pub fn parse_key(text: &str) -> Result<Key, KeymapError> {
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
                _ => return Err(KeymapError::NotAKey(text.to_owned())),
            }
        }
    };
    Ok(Key(code, mods))
}

impl Keymap {
    /// Applies `[keys]` from the config file: action name (`down`, or `mode.name` for another
    /// mode's table, `triage.next_field`) → the keys it takes, replacing its defaults. Unknown
    /// actions, bad keys and a key bound twice in one mode are errors naming them.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Self, KeymapError> {
        let mut map = Self::default();
        for (name, keys) in overrides {
            let found = TABLES.iter().find_map(|(mode, table)| {
                table
                    .iter()
                    .find(|b| config_name(*mode, b) == *name)
                    .map(|b| (*mode, b.action))
            });
            let (mode, action) = found.ok_or_else(|| KeymapError::UnknownAction {
                action: name.clone(),
                known: TABLES
                    .iter()
                    .flat_map(|(m, t)| t.iter().map(|b| config_name(*m, b)))
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
            let parsed = keys
                .iter()
                .map(|k| {
                    parse_key(k).map_err(|e| KeymapError::BadKey {
                        action: name.clone(),
                        problem: Box::new(e),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(slot) = map
                .bindings
                .iter_mut()
                .find(|(m, a, _)| *m == mode && *a == action)
            {
                slot.2 = parsed;
            }
        }
        map.check_conflicts()?;
        Ok(map)
    }

    fn check_conflicts(&self) -> Result<(), KeymapError> {
        let mut problems = Vec::new();
        for (i, (mode, action, keys)) in self.bindings.iter().enumerate() {
            for key in keys {
                for (other_mode, other, other_keys) in &self.bindings[i + 1..] {
                    if other_mode == mode && other_keys.contains(key) {
                        problems.push(format!(
                            "{} is bound to both {} and {}",
                            key_label(key),
                            name_of(*mode, *action),
                            name_of(*mode, *other)
                        ));
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(KeymapError::Conflicts(problems))
        }
    }

    /// The action of a key in a view (normal mode).
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(KeyMode::Normal, event)
    }

    /// The action of a key in `mode`.
    pub fn action_in(&self, mode: KeyMode, event: &KeyEvent) -> Option<Action> {
        // Shift is part of the character for letters (`G`), so only Control and Alt must match.
        let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.bindings
            .iter()
            .filter(|(m, _, _)| *m == mode)
            .find(|(_, _, keys)| keys.iter().any(|k| k.0 == event.code && k.1 == mods))
            .map(|(_, action, _)| *action)
    }

    /// Takes `action` out of every mode: no key does it, and help does not list it (read-only
    /// mode).
    pub fn remove(&mut self, action: Action) {
        self.bindings.retain(|(_, a, _)| *a != action);
    }

    /// Takes out every key that starts a write (read-only mode), keeping them aside to say so.
    pub fn remove_writes(&mut self) {
        let (writes, rest) = std::mem::take(&mut self.bindings)
            .into_iter()
            .partition(|(_, a, _)| Action::WRITES.contains(a));
        self.bindings = rest;
        self.withdrawn = writes;
    }

    /// The write a read-only session took this key from, if it did.
    pub fn withdrawn(&self, event: &KeyEvent) -> Option<Action> {
        let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.withdrawn
            .iter()
            .filter(|(m, _, _)| *m == KeyMode::Normal)
            .find(|(_, _, keys)| keys.iter().any(|k| k.0 == event.code && k.1 == mods))
            .map(|(_, action, _)| *action)
    }

    /// The first key of `action` as the screen names it (`?`, `Ctrl-d`), for the hints in
    /// the status bar, titles and prompts: a remapped key shows as remapped. A view's binding
    /// first, else the first mode's that has the action.
    pub fn hint(&self, action: Action) -> String {
        let mut found = self.bindings.iter().filter(|(_, a, _)| *a == action);
        let normal = self
            .bindings
            .iter()
            .find(|(m, a, _)| *m == KeyMode::Normal && *a == action);
        normal
            .or_else(|| found.next())
            .and_then(|(_, _, keys)| keys.first())
            .map_or_else(|| "(unbound)".to_owned(), key_label)
    }

    /// Rows of the views' help and the README table: keys, then what they do.
    pub fn help_rows(&self) -> Vec<(String, String)> {
        self.help_rows_in(KeyMode::Normal)
    }

    /// `mode`'s keys by name, for a one-line hint: `1 open · 2 new · …` (the first key each).
    pub fn hint_in(&self, mode: KeyMode) -> String {
        self.bindings
            .iter()
            .filter(|(m, _, keys)| *m == mode && !keys.is_empty())
            .filter_map(|(mode, action, keys)| {
                let name = binding(*mode, *action)?.name;
                Some(format!("{} {name}", key_label(&keys[0])))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Rows of `mode`'s help: keys, then what they do.
    pub fn help_rows_in(&self, mode: KeyMode) -> Vec<(String, String)> {
        self.bindings
            .iter()
            .filter(|(m, _, _)| *m == mode)
            .map(|(mode, action, keys)| {
                let keys: Vec<String> = keys.iter().map(key_label).collect();
                let description = binding(*mode, *action).map_or("", |b| b.description);
                (keys.join(" "), description.to_owned())
            })
            .collect()
    }
}

fn name_of(mode: KeyMode, action: Action) -> String {
    binding(mode, action).map_or_else(|| "?".to_owned(), |b| config_name(mode, b))
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
mod tests;
