//! Triage of alerts: the intent recorded per alert, one PATCH for one alert or `batchUpdate`
//! in chunks for many; then what each answer settles (done, failed, uncertain), what it leads
//! to (the other spelling of a refused determination, a read-back comparing every field and
//! the comment, one resend), and the audit record of every alert settled.

use std::time::Instant;

use super::audit::{self, Fields, Outcome, RecordKind, Target};
use super::shape::{AlertCall, OpenWrite, StepKind};
use super::{Call, Step, Writes};
use crate::api::model::Alert;
use crate::api::{AlertId, AlertUpdate, ApiError};
use crate::engine::protocol::{Origin, WriteId, WriteOutcome, WriteTarget};

mod answer;

/// What became of some alerts of a write.
enum Settled {
    Ok(Option<Box<Alert>>),
    Failed(ApiError),
    Uncertain(String),
}

/// The triage fields of an alert, as the audit records them.
fn fields(alert: &Alert) -> Fields {
    Fields::of([
        (
            "status",
            alert.status.as_ref().map(|s| s.as_str().to_owned()),
        ),
        (
            "assignedTo",
            alert.assigned_to.as_deref().map(str::to_owned),
        ),
        (
            "classification",
            alert.classification.as_ref().map(|c| c.as_str().to_owned()),
        ),
        (
            "determination",
            alert.determination.as_ref().map(|d| d.as_str().to_owned()),
        ),
    ])
}

/// The fields an update sets, and only those.
fn requested(update: &AlertUpdate) -> Fields {
    let set = [
        (
            "status",
            update.status.as_ref().map(|s| s.as_str().to_owned()),
        ),
        ("assignedTo", update.assigned_to.clone()),
        (
            "classification",
            update
                .classification
                .as_ref()
                .map(|c| c.as_str().to_owned()),
        ),
        (
            "determination",
            update.determination.as_ref().map(|d| d.as_str().to_owned()),
        ),
    ];
    Fields::of(set.into_iter().filter(|(_, v)| v.is_some()))
}

fn target(alert: &AlertId) -> Target {
    Target::new("alert", alert.as_str())
}

/// What the audit calls a triage write.
const ACTION: &str = "update";

impl Step {
    fn alerts(write: WriteId, kind: StepKind, alerts: Vec<AlertId>, update: AlertUpdate) -> Self {
        Self::new(
            write,
            Call::Alerts(AlertCall {
                kind,
                alerts,
                update,
                respelled: false,
            }),
        )
    }

    fn alert_call(&self) -> &AlertCall {
        match &self.call {
            Call::Alerts(call) => call,
            Call::Change(_) => unreachable!("an alert step"),
        }
    }

    /// A read-back of `alert` for this step's write.
    fn verify(&self, alert: &AlertId, after_timeout: bool, at: Instant) -> Self {
        let call = self.alert_call();
        Self {
            call: Call::Alerts(AlertCall {
                kind: StepKind::Verify,
                alerts: vec![alert.clone()],
                ..call.clone()
            }),
            after_timeout,
            throttles: 0,
            not_before: Some(at),
            ..self.clone()
        }
    }
}

impl Writes {
    /// Takes a triage write in: checked, its intent audited, then split into its calls (one
    /// PATCH for one alert, else batches of `batch_size`). A write that cannot be checked or
    /// audited comes back at once, failed, with nothing sent.
    pub fn start(
        &mut self,
        id: WriteId,
        mut targets: Vec<WriteTarget>,
        update: AlertUpdate,
        origin: Origin,
        batch_size: usize,
    ) -> Option<WriteOutcome> {
        let mut seen = std::collections::HashSet::new();
        targets.retain(|t| seen.insert(t.alert.clone()));
        let alerts: Vec<AlertId> = targets.iter().map(|t| t.alert.clone()).collect();
        let mut outcome = WriteOutcome {
            id,
            origin,
            total: alerts.len(),
            update: update.clone(),
            answers: Vec::new(),
            done: Vec::new(),
            failed: Vec::new(),
            uncertain: Vec::new(),
            notes: Vec::new(),
        };
        let refuse = |mut outcome: WriteOutcome, error: ApiError| {
            outcome.failed = alerts.iter().map(|a| (a.clone(), error.clone())).collect();
            Some(outcome)
        };
        if alerts.is_empty() {
            // Nothing to write: done at once (a write of no step would never end).
            return Some(outcome);
        }
        if let Err(invalid) = update.check() {
            return refuse(outcome, invalid.into());
        }
        let config = match self.audit_log() {
            Ok(config) => config,
            Err(error) => return refuse(outcome, error),
        };
        let audit_id = audit::new_write_id();
        let intents: Vec<audit::Record> = targets
            .iter()
            .map(|t| {
                let mut r = config.record(RecordKind::Intent, &audit_id, target(&t.alert), ACTION);
                r.before = t.before.as_ref().map(fields);
                r.requested = Some(requested(&update));
                r.comment.clone_from(&update.comment);
                r
            })
            .collect();
        if let Err(e) = config.append(&intents) {
            let reason = format!(
                "the audit log {} cannot be written ({e})",
                config.path.display()
            );
            outcome.notes.push(format!("nothing was sent: {reason}"));
            return refuse(outcome, ApiError::NotSent(reason));
        }
        let steps: Vec<Step> = if alerts.len() == 1 {
            vec![Step::alerts(id, StepKind::Patch, alerts, update.clone())]
        } else {
            alerts
                .chunks(batch_size.max(1))
                .map(|chunk| Step::alerts(id, StepKind::Batch, chunk.to_vec(), update.clone()))
                .collect()
        };
        let before = targets
            .into_iter()
            .filter_map(|t| Some((t.alert, t.before?)))
            .collect();
        self.alerts.insert(
            id,
            OpenWrite {
                outcome,
                pending: steps.len(),
                audit_id,
                before,
            },
        );
        self.steps.extend(steps);
        None
    }

    /// A triage step never sent (the engine stops): its alerts settle as not sent.
    pub(super) fn alerts_not_sent(&mut self, step: Step) -> Option<WriteOutcome> {
        let why = not_sent(&step);
        let alerts = step.alert_call().alerts.clone();
        self.conclude(step.write, Vec::new(), vec![(alerts, why)])
    }

    /// Records what settled (in the outcome and the audit log) and queues what follows; the
    /// write comes back once nothing of it is left. While stopping, what would follow is
    /// settled as not sent instead.
    fn conclude(
        &mut self,
        write: WriteId,
        mut more: Vec<Step>,
        mut settled: Vec<(Vec<AlertId>, Settled)>,
    ) -> Option<WriteOutcome> {
        if self.stopping {
            settled.extend(more.drain(..).map(|s| {
                let why = not_sent(&s);
                (s.alert_call().alerts.clone(), why)
            }));
        }
        let open = self.alerts.get_mut(&write)?;
        let mut records = Vec::new();
        for (alerts, result) in settled {
            for alert in &alerts {
                let mut record = self.audit.as_ref().map(|config| {
                    config.record(RecordKind::Result, &open.audit_id, target(alert), ACTION)
                });
                let (kind, reason, after) = match &result {
                    Settled::Ok(answer) => {
                        open.outcome.done.push(alert.clone());
                        if let Some(answer) = answer {
                            open.outcome.answers.push((**answer).clone());
                        }
                        // A batch answers nothing: the alert reads as before, changed.
                        let after = answer.as_deref().cloned().or_else(|| {
                            let before = open.before.get(alert)?;
                            Some(open.outcome.update.applied_to(before))
                        });
                        (Outcome::Ok, None, after.as_ref().map(fields))
                    }
                    Settled::Failed(error) => {
                        open.outcome.failed.push((alert.clone(), error.clone()));
                        (Outcome::Failed, Some(error.to_string()), None)
                    }
                    Settled::Uncertain(check) => {
                        open.outcome.uncertain.push((alert.clone(), check.clone()));
                        (Outcome::Uncertain, Some(check.clone()), None)
                    }
                };
                if let Some(record) = record.as_mut() {
                    record.result = Some(kind);
                    record.reason = reason;
                    record.after = after;
                    records.push(record.clone());
                }
            }
        }
        if let Some(config) = &self.audit
            && !records.is_empty()
            && let Err(e) = config.append(&records)
        {
            open.outcome.notes.push(format!(
                "the audit log {} could not record {} result(s): {e}",
                config.path.display(),
                records.len()
            ));
        }
        open.pending = open.pending + more.len() - 1;
        let finished = open.pending == 0;
        self.steps.extend(more);
        if finished {
            self.alerts.remove(&write).map(|open| open.outcome)
        } else {
            None
        }
    }
}

/// What a step never sent means for its alerts.
fn not_sent(step: &Step) -> Settled {
    let call = step.alert_call();
    match call.kind {
        StepKind::Verify => Settled::Uncertain(format!(
            "mdetui stopped before reading alert {} back: read it and its comments",
            call.alerts[0]
        )),
        _ if step.resent => Settled::Failed(ApiError::NotSent(
            "it did not take effect, and mdetui stopped before sending it again".into(),
        )),
        _ => Settled::Failed(ApiError::NotSent("mdetui stopped before sending it".into())),
    }
}

#[cfg(test)]
mod tests;
