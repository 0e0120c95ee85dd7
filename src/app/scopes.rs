//! One key a scope on a queue — 1 open, 2 new, 3 high, 4 mine, 5 unassigned — each a view of
//! its own (one call, cached), so back returns to the scope before.

use crossterm::event::KeyEvent;

use super::go::navigate;
use super::keymap::{Action, KeyMode};
use super::model::Model;
use super::msg::Cmd;
use super::nav::Route;
use crate::entity::queue::Scope;

/// A scope key on a queue; `None` for any other key or view.
pub fn key(model: &mut Model, key: KeyEvent) -> Option<Vec<Cmd>> {
    if !model.nav.current.route.is_queue() {
        return None;
    }
    // A key the analyst bound to a view's action (`[keys]` in the config) keeps it.
    if model.session.keymap.action_for(&key).is_some() {
        return None;
    }
    let word = match model.session.keymap.action_in(KeyMode::Scopes, &key)? {
        Action::ScopeOpen => "open",
        Action::ScopeNew => "new",
        Action::ScopeHigh => "high",
        Action::ScopeMine => "mine",
        Action::ScopeUnassigned => "unassigned",
        _ => return None,
    };
    Some(match Scope::named(word, model.session.me.as_deref()) {
        Ok(scope) if matches!(&model.nav.current.route, Route::Queue(s) if *s == scope) => {
            Vec::new()
        }
        Ok(scope) => navigate(model, Route::Queue(scope)),
        Err(e) => {
            model.flash(e);
            Vec::new()
        }
    })
}
