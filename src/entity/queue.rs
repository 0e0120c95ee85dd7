//! The alert queue: the tenant's alerts in one scope, as one list pane whose resource
//! is a filtered `GET /api/alerts` (the scope's `$filter`, so the budget pays only for what
//! is shown).

use super::registry::{Complete, Registration, Word};
use super::route::{PaneSpec, Route, View};
pub use super::scope::{QUEUE_TOP, Scope};
use crate::engine::Resource;

pub fn view(scope: &Scope) -> View {
    View {
        more: Vec::new(),
        aside: Vec::new(),
        facts: None,
        panes: vec![PaneSpec::new(
            Resource::alerts(scope.query()),
            "queue",
            "No alerts in this scope. :queue open|new|high|mine|unassigned changes it.",
            "alerts",
        )],
    }
}

/// The header facts of a queue.
pub fn facts(scope: &Scope) -> Vec<(&'static str, String)> {
    vec![
        ("queue", scope.name().to_owned()),
        // The API documents no order for `GET /alerts`: say what is asked, not "newest".
        (
            "showing",
            format!(
                "{}, {QUEUE_TOP} at a time (more as you scroll)",
                scope.describe()
            ),
        ),
        (
            "scopes",
            Scope::WORDS
                .iter()
                .enumerate()
                .map(|(i, word)| format!("{} {word}", i + 1))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
    ]
}

/// The queue opens by `:queue [SCOPE]`; `mdetui alerts` is its one-shot, the CLI's own.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "queue",
        short: None,
        needs: None,
        open: |arg, me| Scope::named(arg, me).map(Route::Queue),
        complete: Complete::Words(&Scope::WORDS),
    }),
    ..Registration::shows(&[])
};
