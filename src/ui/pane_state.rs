//! What a pane shows while its data is not there (loading, waiting for the budget, retrying,
//! failed), and the key hints view titles share.

use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::app::store::Slot;
use crate::engine::{Pending, Resource};
use crate::entity::PivotTo;

pub const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

/// What a pane shows while its data is not there.
pub fn placeholder(model: &Model, resource: &Resource) -> Option<String> {
    match model.store.slot(resource) {
        // A hunt can take minutes: its seconds are counted, and leaving stops it.
        Some(Slot::Pending(Pending::Queued | Pending::InFlight))
            if matches!(resource, Resource::Hunt(_)) =>
        {
            let since = model
                .store
                .running
                .get(resource)
                .copied()
                .unwrap_or(model.now);
            Some(format!(
                "{} hunting… {} s (Graph gives a query 3 minutes; Esc leaves and stops it)",
                SPINNER[model.spinner % 4],
                model.now.saturating_duration_since(since).as_secs()
            ))
        }
        None | Some(Slot::Pending(Pending::Queued | Pending::InFlight)) => {
            Some(format!("{} loading…", SPINNER[model.spinner % 4]))
        }
        Some(Slot::Pending(Pending::WaitingForBudget { until })) => Some(format!(
            "waiting for the API budget: next slot in {} s",
            until.saturating_duration_since(model.now).as_secs() + 1
        )),
        Some(Slot::Pending(Pending::Retrying { attempt, .. })) => {
            Some(format!("retrying (attempt {attempt})…"))
        }
        Some(Slot::Failed(e)) => Some(format!("error: {} — press r to retry", e.short())),
        Some(Slot::Loaded { .. }) => None,
    }
}

/// A pivot key's hint for a view's title: `u user`.
pub fn pivot_hint(model: &Model, to: PivotTo) -> String {
    let (action, what) = match to {
        PivotTo::User => (Action::PivotUser, "user"),
        PivotTo::Machine => (Action::PivotMachine, "machine"),
        PivotTo::Incident => (Action::PivotIncident, "incident"),
    };
    format!("{} {what}", model.session.keymap.hint(action))
}
