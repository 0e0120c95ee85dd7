//! Offering a choice of places: an entry the search box can read two ways, an alert whose
//! user could be any of several, a process's image or its parent. One way goes at once; more
//! open a short list (↑/↓ or a digit, Enter) over the view.

use crossterm::event::{KeyCode, KeyEvent};

use super::go::navigate;
use super::keymap::{Action, KeyMode};
use super::model::{Choice, Model, Overlay};
use super::msg::Cmd;
use super::nav::Route;

/// Goes where the one way leads, or lets the analyst pick among several; `none` is said when
/// there is no way at all.
pub fn offer(
    model: &mut Model,
    title: impl Into<String>,
    mut options: Vec<(String, Route)>,
    none: &str,
) -> Vec<Cmd> {
    options.dedup_by(|a, b| a.1 == b.1);
    match options.len() {
        0 => {
            model.flash(none.to_owned());
            Vec::new()
        }
        1 => {
            let (_, route) = options.remove(0);
            navigate(model, route)
        }
        _ => {
            model.choice = Some(Choice {
                title: title.into(),
                options,
                selected: 0,
                typed: None,
            });
            model.overlay = Some(Overlay::Choose);
            Vec::new()
        }
    }
}

/// A key while the choice is open: move, pick, or close.
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let action = model.session.keymap.action_in(KeyMode::Choice, &key);
    let Some(choice) = model.choice.as_mut() else {
        model.overlay = None;
        return Vec::new();
    };
    let last = choice.options.len().saturating_sub(1);
    let picked = match (action, key.code) {
        (Some(Action::ChoiceNext), _) => {
            choice.selected = (choice.selected + 1).min(last);
            None
        }
        (Some(Action::ChoicePrevious), _) => {
            choice.selected = choice.selected.saturating_sub(1);
            None
        }
        (Some(Action::ChoicePick), _) => Some(choice.selected),
        (None, KeyCode::Char(c @ '1'..='9')) => {
            let n = c as usize - '1' as usize;
            if n > last {
                return Vec::new();
            }
            Some(n)
        }
        // Esc, and any other key: close, going nowhere.
        _ => {
            close(model);
            return Vec::new();
        }
    };
    match picked {
        Some(n) => {
            let route = choice.options[n].1.clone();
            let typed = choice.typed.take();
            close(model);
            let mut cmds = navigate(model, route.clone());
            // A search-box entry read two ways: the pick is what it turned out to be.
            if let Some(typed) = typed {
                let kind = route.kind_and_id().0;
                cmds.push(super::recall::remember(model, &typed, Some(kind)));
            }
            cmds
        }
        None => Vec::new(),
    }
}

fn close(model: &mut Model) {
    model.choice = None;
    model.overlay = None;
}
