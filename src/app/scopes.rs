//! One key a scope on a queue — 1 open, 2 new, 3 high, 4 mine, 5 unassigned — each a view of
//! its own (one call, cached), so back returns to the scope before.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::go::navigate;
use super::model::Model;
use super::msg::Cmd;
use super::nav::Route;
use crate::entity::queue::Scope;

/// A scope key on a queue; `None` for any other key or view.
pub fn key(model: &mut Model, key: KeyEvent) -> Option<Vec<Cmd>> {
    if !matches!(model.nav.current.route, Route::Queue(_) | Route::Start(_))
        || key.modifiers != KeyModifiers::NONE
    {
        return None;
    }
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    // A digit the analyst bound to an action (`[keys]` in the config) keeps it.
    if model.session.keymap.action_for(&key).is_some() {
        return None;
    }
    // `1` is the first of the scopes' words, as the queue's header lists them.
    let index = (c.to_digit(10)? as usize).checked_sub(1)?;
    let word = Scope::WORDS.get(index)?;
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
