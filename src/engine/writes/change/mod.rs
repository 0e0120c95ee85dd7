//! A change to one target that is not an alert — an indicator submitted or deleted, a
//! response action taken or cancelled, a machine tagged: checked, its intent audited, a look
//! for the same response action already under way (said, and not sent), one call; an answer
//! that leaves the effect unknown (a timeout, a dropped connection, a 5xx) is read back before
//! anything is sent again, and sent again once only when that proves it did not apply. What
//! each kind of target records and how it is read back is in `indicator` and `machine`.

mod indicator;
mod machine;

use std::time::Instant;

use time::OffsetDateTime;

use super::audit::{Fields, Outcome, RecordKind, Target};
use super::shape::{ChangeAnswer, ChangeCall, Found, OpenChange, Phase, ReadBack};
use super::{Call, Step, Writes};
use crate::api::ApiError;
use crate::engine::change::{Change, ChangeResult};
use crate::engine::protocol::{ChangeOutcome, Origin, WriteId};

/// What the audit names the change's target, and calls what it does.
fn target(change: &Change) -> (Target, &'static str) {
    match change {
        Change::SubmitIndicator { .. } | Change::DeleteIndicator { .. } => {
            indicator::target(change)
        }
        _ => machine::target(change),
    }
}

/// A change's intent record: what it changes from, and what it asks for.
fn intent(change: &Change) -> (Option<Fields>, Option<Fields>) {
    match change {
        Change::SubmitIndicator { .. } | Change::DeleteIndicator { .. } => {
            indicator::intent(change)
        }
        _ => machine::intent(change),
    }
}

/// What a pre-check or read-back found says of the change.
fn read_back(change: &Change, found: Found, started: OffsetDateTime) -> ReadBack {
    match found {
        Found::Indicators(found) => indicator::read_back(change, found),
        Found::Actions(found) => machine::read_back_action(change, found, started),
        Found::Machine(found) => machine::read_back_tag(change, *found),
    }
}

/// What the engine tells to check when a change's effect cannot be known.
fn check_hint(change: &Change) -> String {
    let (target, _) = target(change);
    match change {
        Change::SubmitIndicator { .. } | Change::DeleteIndicator { .. } => {
            format!("list {} (:indicators) and check", target.id)
        }
        _ => format!("read {} {}'s actions and check", target.kind, target.id),
    }
}

impl Step {
    fn change_call(&self) -> &ChangeCall {
        match &self.call {
            Call::Change(call) => call,
            Call::Alerts(_) => unreachable!("a change step"),
        }
    }

    /// This step's change at `phase`, not before `at`.
    fn phase(&self, phase: Phase, after_timeout: bool, at: Option<Instant>) -> Self {
        Self {
            call: Call::Change(ChangeCall {
                phase,
                ..self.change_call().clone()
            }),
            after_timeout,
            throttles: 0,
            not_before: at,
            ..self.clone()
        }
    }
}

impl Writes {
    /// Takes a change in: checked, its intent audited, then queued (a response action after
    /// a look for the same one under way). One that cannot be checked or audited comes back
    /// at once, failed, with nothing sent.
    pub fn start_change(
        &mut self,
        id: WriteId,
        change: Change,
        origin: Origin,
    ) -> Option<ChangeOutcome> {
        let mut outcome = ChangeOutcome {
            id,
            origin,
            change: change.clone(),
            result: ChangeResult::Failed(ApiError::NotSent(String::new())),
            notes: Vec::new(),
        };
        let refuse = |mut outcome: ChangeOutcome, error: ApiError| {
            outcome.result = ChangeResult::Failed(error);
            Some(outcome)
        };
        let checked = match &change {
            Change::SubmitIndicator { .. } | Change::DeleteIndicator { .. } => {
                indicator::checked(change)
            }
            _ => machine::checked(change),
        };
        let change = match checked {
            Ok(change) => change,
            Err(error) => return refuse(outcome, error),
        };
        outcome.change = change.clone();
        let config = match self.audit_log() {
            Ok(config) => config,
            Err(error) => return refuse(outcome, error),
        };
        let audit_id = super::audit::new_write_id();
        let (target, action) = target(&change);
        let mut record = config.record(RecordKind::Intent, &audit_id, target, action);
        (record.before, record.requested) = intent(&change);
        if let Change::Respond { comment, .. } | Change::CancelAction { comment, .. } = &change {
            record.comment = Some(comment.clone());
        }
        if let Err(e) = config.append(&[record]) {
            let reason = format!(
                "the audit log {} cannot be written ({e})",
                config.path.display()
            );
            outcome.notes.push(format!("nothing was sent: {reason}"));
            return refuse(outcome, ApiError::NotSent(reason));
        }
        // The same action already under way on the machine is said, not sent again.
        let phase = if matches!(change, Change::Respond { .. }) {
            Phase::Check
        } else {
            Phase::Send
        };
        let step = Step::new(id, Call::Change(ChangeCall { change, phase }));
        let started = OffsetDateTime::now_utc();
        self.changes.insert(
            id,
            OpenChange {
                outcome,
                audit_id,
                started,
            },
        );
        self.steps.push_back(step);
        None
    }

    /// A change's step never sent (the engine stops).
    pub(super) fn change_not_sent(&mut self, step: Step) -> Option<ChangeOutcome> {
        let call = step.change_call();
        let result = match call.phase {
            Phase::Verify => ChangeResult::Uncertain(format!(
                "mdetui stopped before reading it back: {}",
                check_hint(&call.change)
            )),
            _ if step.resent => ChangeResult::Failed(ApiError::NotSent(
                "it did not take effect, and mdetui stopped before sending it again".into(),
            )),
            _ => ChangeResult::Failed(ApiError::NotSent("mdetui stopped before sending it".into())),
        };
        self.settle_change(step.write, result)
    }

    /// One call of a change answered (a 429 under the limit is waited out before this).
    pub(super) fn finish_change(
        &mut self,
        step: Step,
        answer: ChangeAnswer,
        now: Instant,
    ) -> Option<ChangeOutcome> {
        let call = step.change_call().clone();
        let started = self
            .changes
            .get(&step.write)
            .map_or_else(OffsetDateTime::now_utc, |o| o.started);
        let next = match (answer, call.phase) {
            (ChangeAnswer::Sent(Ok(changed)), _) => Ok(ChangeResult::Done(changed)),
            // A resent delete that finds nothing: the first one took effect after all.
            (ChangeAnswer::Sent(Err(ApiError::NotFound { .. })), _)
                if step.resent && matches!(call.change, Change::DeleteIndicator { .. }) =>
            {
                Ok(ChangeResult::Done(None))
            }
            (ChangeAnswer::Found(Ok(found)), Phase::Check) => {
                match machine::under_way(&call.change, found) {
                    Some(why) => Ok(ChangeResult::Failed(ApiError::NotSent(why))),
                    // Nothing of the kind under way: send it.
                    None => Err(step.phase(Phase::Send, false, None)),
                }
            }
            (ChangeAnswer::Found(Ok(found)), _) => match read_back(&call.change, found, started) {
                ReadBack::Applied(changed) => Ok(ChangeResult::Done(changed)),
                // Not yet, perhaps: the server may still be at it. Look once more.
                ReadBack::NotApplied if step.after_timeout => {
                    Err(step.phase(Phase::Verify, false, Some(now + self.settle)))
                }
                ReadBack::NotApplied if !step.resent => Err(Step {
                    resent: true,
                    ..step.phase(Phase::Send, false, None)
                }),
                ReadBack::NotApplied => Ok(ChangeResult::Failed(ApiError::NotSent(
                    "read back twice, the change did not take effect".into(),
                ))),
                ReadBack::Unknown(check) => Ok(ChangeResult::Uncertain(check)),
            },
            (ChangeAnswer::Found(Err(e)), Phase::Check) => {
                Ok(ChangeResult::Failed(ApiError::NotSent(format!(
                    "could not look for the same action under way ({}): not sent",
                    e.short()
                ))))
            }
            (ChangeAnswer::Found(Err(e)), _) => Ok(ChangeResult::Uncertain(format!(
                "it could not be read back ({}): {}",
                e.short(),
                check_hint(&call.change)
            ))),
            (ChangeAnswer::Sent(Err(e)), _) => match e {
                ApiError::Timeout | ApiError::Network(_) => {
                    Err(step.phase(Phase::Verify, true, Some(now + self.settle)))
                }
                ApiError::Server { .. } => Err(step.phase(Phase::Verify, false, Some(now))),
                e => Ok(ChangeResult::Failed(e)),
            },
        };
        match next {
            Ok(result) => self.settle_change(step.write, result),
            Err(more) if self.stopping => self.change_not_sent(more),
            Err(more) => {
                self.steps.push_back(more);
                None
            }
        }
    }

    /// Records a change's result (in its outcome and the audit log): it has ended.
    fn settle_change(&mut self, write: WriteId, result: ChangeResult) -> Option<ChangeOutcome> {
        let mut open = self.changes.remove(&write)?;
        if let Some(config) = &self.audit {
            let (target, action) = target(&open.outcome.change);
            let mut record = config.record(RecordKind::Result, &open.audit_id, target, action);
            (record.result, record.reason, record.after) = match &result {
                ChangeResult::Done(changed) => (
                    Some(Outcome::Ok),
                    None,
                    changed.as_ref().map(|c| match c {
                        crate::engine::Changed::Indicator(i) => indicator::fields(i),
                        other => machine::after(other),
                    }),
                ),
                ChangeResult::Failed(error) => {
                    (Some(Outcome::Failed), Some(error.to_string()), None)
                }
                ChangeResult::Uncertain(check) => {
                    (Some(Outcome::Uncertain), Some(check.clone()), None)
                }
            };
            if let Err(e) = config.append(&[record]) {
                open.outcome.notes.push(format!(
                    "the audit log {} could not record the result: {e}",
                    config.path.display()
                ));
            }
        }
        open.outcome.result = result;
        Some(open.outcome)
    }
}

#[cfg(test)]
mod tests;
