//! A write came back: every list and alert on hand shows the new values at once (from the
//! answer, with no refetch) and the analyst hears what worked, what did not and what could
//! not be told. The engine has audited every alert of it already.

use super::model::Model;
use super::msg::Cmd;
use crate::engine::WriteOutcome;

pub fn finish(model: &mut Model, outcome: WriteOutcome) -> Vec<Cmd> {
    model.waiting.writes.remove(&outcome.id);
    model
        .store
        .apply_write(&outcome.done, &outcome.update, &outcome.answers);
    for note in &outcome.notes {
        model.flash(note.clone());
    }
    for (id, error) in &outcome.failed {
        model.flash(format!("alert {id} was not written: {}", error.short()));
    }
    for (id, check) in &outcome.uncertain {
        model.flash(format!("alert {id}: not known whether written; {check}"));
    }
    let (done, failed, uncertain) = (
        outcome.done.len(),
        outcome.failed.len(),
        outcome.uncertain.len(),
    );
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    model.flash(match (failed, uncertain) {
        (0, 0) => format!("wrote {done} alert{}", plural(done)),
        (_, 0) => format!("wrote {done}, {failed} failed (L lists them)"),
        _ => format!(
            "wrote {done}, {failed} failed, {uncertain} uncertain: check them (L lists them)"
        ),
    });
    Vec::new()
}
