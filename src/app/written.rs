//! A write came back: every list and alert on hand shows the new values at once (from the
//! answer, with no refetch), marks on the written rows go, the analyst hears what worked and
//! what did not, and every alert gets a line in the audit log, whatever its result.

use serde_json::json;

use super::model::Model;
use super::msg::Cmd;
use crate::api::model::Alert;
use crate::engine::WriteOutcome;
use crate::entity::column::opt;

/// The fields a triage touches, as an audit record shows them.
fn fields(alert: Option<&Alert>) -> serde_json::Value {
    match alert {
        None => serde_json::Value::Null,
        Some(a) => json!({
            "status": opt(&a.status),
            "assignedTo": opt(&a.assigned_to),
            "classification": opt(&a.classification),
            "determination": opt(&a.determination),
        }),
    }
}

pub fn finish(model: &mut Model, outcome: WriteOutcome) -> Vec<Cmd> {
    let before = model.waiting.writes.remove(&outcome.id).unwrap_or_default();
    model
        .store
        .apply_write(&outcome.done, &outcome.update, &outcome.answers);
    for entry in model
        .nav
        .back
        .iter_mut()
        .chain(std::iter::once(&mut model.nav.current))
        .chain(model.nav.forward.iter_mut())
    {
        for pane in &mut entry.panes {
            for id in &outcome.done {
                pane.marked.remove(id.as_str());
            }
        }
    }
    let when = model.wall_time(model.now);
    let mut cmds = Vec::new();
    for (id, was) in &before {
        let failure = outcome.failed.iter().find(|(f, _)| f.as_str() == id);
        let after = outcome
            .answers
            .iter()
            .find(|a| &a.id == id)
            .cloned()
            .or_else(|| {
                outcome
                    .done
                    .iter()
                    .any(|d| d.as_str() == id)
                    .then(|| outcome.update.applied_to(was))
            });
        let record = json!({
            "time": when,
            "tenant": model.session.tenant_id.clone().unwrap_or_else(|| model.session.label.clone()),
            "alert": id,
            "before": fields(Some(was)),
            "after": fields(after.as_ref()),
            "comment": outcome.update.comment,
            "result": match failure {
                Some((_, e)) => format!("failed: {e}"),
                None if after.is_some() => "ok".to_owned(),
                None => "unknown".to_owned(),
            },
            "notes": outcome.notes,
        });
        cmds.push(Cmd::Audit(record.to_string()));
    }
    for note in &outcome.notes {
        model.flash(note.clone());
    }
    for (id, error) in &outcome.failed {
        model.flash(format!("alert {id} was not written: {}", error.short()));
    }
    let (done, failed) = (outcome.done.len(), outcome.failed.len());
    model.flash(match failed {
        0 => format!("wrote {done} alert{}", if done == 1 { "" } else { "s" }),
        _ => format!("wrote {done}, {failed} failed (L lists them)"),
    });
    cmds
}
