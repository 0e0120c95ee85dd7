//! Where a session starts: the search box over the alert queue. The box has the keys until
//! ↓ walks past its suggestions into the queue; from the queue, ↑ on the first row, `s`, or
//! Esc with nothing to clear give them back to the box. Everything else is a list's keys.

use super::go::fetch_view;
use super::keymap::Action;
use super::model::{Mode, Model};
use super::msg::Cmd;
use super::nav::Route;

/// What the start screen shows, asked for before the first key.
pub fn begin(model: &mut Model) -> Vec<Cmd> {
    fetch_view(model, false)
}

/// Whether this view is the box over a queue that holds rows (shown, after any filter).
pub fn has_rows(model: &Model) -> bool {
    matches!(model.nav.current.route, Route::Start(_))
        && super::panes::rows(model, 0).is_some_and(|rows| !rows.is_empty())
}

/// The box gives the keys to the queue, if this view has one.
pub fn enter_queue(model: &mut Model) -> bool {
    if !matches!(model.nav.current.route, Route::Start(_)) {
        return false;
    }
    model.input.pick = None;
    model.nav.current.list_focus = true;
    model.mode = Mode::Normal;
    true
}

/// A list key that means "back to the box" on the queue under it; `None` for the others.
pub fn queue_key(model: &mut Model, action: Action) -> Option<Vec<Cmd>> {
    let entry = &model.nav.current;
    if !matches!(entry.route, Route::Start(_)) {
        return None;
    }
    let to_box = match action {
        Action::Up => entry.pane().selected == 0,
        Action::Search => true,
        Action::Back => entry.pane().filter.is_empty() && model.nav.back.is_empty(),
        _ => false,
    };
    if !to_box {
        return None;
    }
    model.nav.current.list_focus = false;
    model.mode = Mode::Search;
    // Esc elsewhere goes back a view; here it moves the keys, which must not pass unseen.
    if action == Action::Back {
        model.flash("the search box has the keys (↓ gives them back to the queue)");
    }
    Some(Vec::new())
}
