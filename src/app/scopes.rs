//! One key a scope on a queue — 1 open, 2 new, 3 high, 4 mine, 5 unassigned — each a view of
//! its own (one call, cached), so back returns to the scope before.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::go::navigate;
use super::model::Model;
use super::msg::Cmd;
use super::nav::Route;
use crate::entity::queue::Scope;

/// The digit for each scope, in the order the queue's header lists them.
pub const SCOPE_KEYS: [(char, &str); 5] = [
    ('1', "open"),
    ('2', "new"),
    ('3', "high"),
    ('4', "mine"),
    ('5', "unassigned"),
];

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
    let (_, word) = SCOPE_KEYS.iter().find(|(k, _)| *k == c)?;
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
