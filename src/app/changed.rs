//! A change came back (an indicator, a response action, a tag): the analyst hears what it
//! did — done and what it is now, failed and why, or what to check — and what it touched is
//! asked anew: on screen at once, elsewhere when next shown. The engine has audited it.

use super::go;
use super::model::Model;
use super::msg::Cmd;
use crate::engine::{Change, ChangeOutcome, ChangeResult, Changed, Priority, Resource};

pub fn finish(model: &mut Model, outcome: ChangeOutcome) -> Vec<Cmd> {
    model.waiting.changes.remove(&outcome.id);
    for note in &outcome.notes {
        model.flash(note.clone());
    }
    let what = outcome.change.describe();
    model.flash(match &outcome.result {
        ChangeResult::Done(Some(Changed::Indicator(stored))) => {
            let verb = match &outcome.change {
                Change::SubmitIndicator {
                    before: Some(_), ..
                } => "updated",
                _ => "submitted",
            };
            format!("indicator {} {verb}: {what}", stored.id)
        }
        ChangeResult::Done(Some(Changed::Action(action))) => format!(
            "{what}: {} (action {})",
            action.status.as_deref().unwrap_or("sent"),
            action.id
        ),
        ChangeResult::Done(_) => format!("done: {what}"),
        ChangeResult::Failed(error) => format!("not done: {what}: {}", error.short()),
        ChangeResult::Uncertain(check) => format!("not known whether done: {what}; {check}"),
    });
    if matches!(outcome.result, ChangeResult::Failed(_)) {
        return Vec::new();
    }
    let origin = model.nav.current.origin;
    let view = model.nav.current.route.view();
    let stale = |r: &Resource| r.stale_after(&outcome.change);
    let here: Vec<Resource> = model
        .nav
        .current
        .route
        .resources()
        .into_iter()
        .chain(view.aside)
        .filter(stale)
        .collect();
    model.store.forget(|r| stale(r) && !here.contains(r));
    here.into_iter()
        .map(|r| go::ask(r, Priority::Interactive, origin, true))
        .collect()
}
