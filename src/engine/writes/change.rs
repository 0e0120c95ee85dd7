//! A change to one target that is not an alert — an indicator submitted or deleted: checked,
//! its intent audited, one call; an answer that leaves the effect unknown (a timeout, a
//! dropped connection, a 5xx) is read back — the indicators of its value listed — before
//! anything is sent again, and sent again once only when that proves it did not apply.

use std::time::Instant;

use serde_json::Value;

use super::audit::{Fields, Outcome, RecordKind, Target};
use super::shape::{ChangeAnswer, ChangeCall, OpenChange, value};
use super::{Call, Step, Writes};
use crate::api::{ApiError, Indicator};
use crate::engine::protocol::{Change, ChangeOutcome, ChangeResult, Origin, WriteId};

/// What a read-back says of a change.
#[derive(Debug, PartialEq)]
enum ReadBack {
    Applied(Option<Box<Indicator>>),
    NotApplied,
    Unknown(String),
}

fn action(change: &Change) -> &'static str {
    match change {
        Change::SubmitIndicator { .. } => "submit",
        Change::DeleteIndicator { .. } => "delete",
    }
}

/// The fields of an indicator the audit records, by the API's names.
const RECORDED: &[&str] = &[
    "id",
    "indicatorType",
    "action",
    "severity",
    "title",
    "description",
    "expirationTime",
    "generateAlert",
    "recommendedActions",
];

/// `keys` of a JSON object as text (`null` where absent).
fn fields_of(value: &Value) -> Fields {
    Fields::of(RECORDED.iter().filter_map(|&key| {
        let text = match value.get(key)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        };
        Some((key, text))
    }))
}

fn indicator_fields(indicator: &Indicator) -> Fields {
    fields_of(&serde_json::to_value(indicator).unwrap_or_default())
}

/// A change's intent record: what it asks for, and what it changes from.
fn intent(change: &Change) -> (Option<Fields>, Option<Fields>) {
    match change {
        Change::SubmitIndicator { indicator, before } => (
            before.as_deref().map(indicator_fields),
            Some(fields_of(
                &serde_json::to_value(indicator).unwrap_or_default(),
            )),
        ),
        Change::DeleteIndicator { indicator } => (Some(indicator_fields(indicator)), None),
    }
}

/// Whether the indicators listed for the change's value show it applied.
fn read_back(change: &Change, found: Vec<Indicator>) -> ReadBack {
    match change {
        Change::DeleteIndicator { indicator } => {
            if found.iter().any(|i| i.id == indicator.id) {
                ReadBack::NotApplied
            } else {
                ReadBack::Applied(None)
            }
        }
        Change::SubmitIndicator { indicator, before } => {
            let kind = format!("{:?}", indicator.kind);
            let action = format!("{:?}", indicator.action);
            let Some(stored) = found.into_iter().find(|i| {
                i.indicator_type
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case(&kind))
            }) else {
                return ReadBack::NotApplied;
            };
            let same = |i: &Indicator| {
                i.action
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(&action))
                    && i.title.as_deref() == Some(indicator.title.as_str())
                    && i.description.as_deref() == Some(indicator.description.as_str())
            };
            if same(&stored) {
                ReadBack::Applied(Some(Box::new(stored)))
            } else if before
                .as_ref()
                .is_some_and(|b| b.action == stored.action && b.title == stored.title)
            {
                ReadBack::NotApplied
            } else {
                ReadBack::Unknown(format!(
                    "indicator {} of {} reads otherwise than sent: list it (:indicators) and check",
                    stored.id, indicator.value
                ))
            }
        }
    }
}

impl Step {
    fn change_call(&self) -> &ChangeCall {
        match &self.call {
            Call::Change(call) => call,
            Call::Alerts(_) => unreachable!("a change step"),
        }
    }

    /// The read-back of this step's change, not before `at`.
    fn read_back(&self, after_timeout: bool, at: Instant) -> Self {
        Self {
            call: Call::Change(ChangeCall {
                verify: true,
                ..self.change_call().clone()
            }),
            after_timeout,
            throttles: 0,
            not_before: Some(at),
            ..self.clone()
        }
    }
}

impl Writes {
    /// Takes a change in: checked, its intent audited, then queued. One that cannot be
    /// checked or audited comes back at once, failed, with nothing sent.
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
        let change = match checked(change) {
            Ok(change) => change,
            Err(error) => return refuse(outcome, error),
        };
        outcome.change = change.clone();
        let config = match self.audit_log() {
            Ok(config) => config,
            Err(error) => return refuse(outcome, error),
        };
        let audit_id = super::audit::new_write_id();
        let target = Target::new("indicator", value(&change));
        let mut record = config.record(RecordKind::Intent, &audit_id, target, action(&change));
        (record.before, record.requested) = intent(&change);
        if let Err(e) = config.append(&[record]) {
            let reason = format!(
                "the audit log {} cannot be written ({e})",
                config.path.display()
            );
            outcome.notes.push(format!("nothing was sent: {reason}"));
            return refuse(outcome, ApiError::NotSent(reason));
        }
        let step = Step::new(
            id,
            Call::Change(ChangeCall {
                change,
                verify: false,
            }),
        );
        self.changes.insert(id, OpenChange { outcome, audit_id });
        self.steps.push_back(step);
        None
    }

    /// A change's step never sent (the engine stops).
    pub(super) fn change_not_sent(&mut self, step: Step) -> Option<ChangeOutcome> {
        let result = if step.change_call().verify {
            ChangeResult::Uncertain(format!(
                "mdetui stopped before reading {} back: list it (:indicators) and check",
                value(&step.change_call().change)
            ))
        } else if step.resent {
            ChangeResult::Failed(ApiError::NotSent(
                "it did not take effect, and mdetui stopped before sending it again".into(),
            ))
        } else {
            ChangeResult::Failed(ApiError::NotSent("mdetui stopped before sending it".into()))
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
        let next = match answer {
            ChangeAnswer::Submitted(Ok(indicator)) => Ok(ChangeResult::Done(Some(indicator))),
            ChangeAnswer::Deleted(Ok(())) => Ok(ChangeResult::Done(None)),
            // A resent delete that finds nothing: the first one took effect after all.
            ChangeAnswer::Deleted(Err(ApiError::NotFound { .. })) if step.resent => {
                Ok(ChangeResult::Done(None))
            }
            ChangeAnswer::Found(Ok(found)) => match read_back(&call.change, found) {
                ReadBack::Applied(answer) => Ok(ChangeResult::Done(answer)),
                // Not yet, perhaps: the server may still be at it. Look once more.
                ReadBack::NotApplied if step.after_timeout => {
                    Err(step.read_back(false, now + self.settle))
                }
                ReadBack::NotApplied if !step.resent => Err(Step {
                    call: Call::Change(ChangeCall {
                        verify: false,
                        ..call
                    }),
                    resent: true,
                    after_timeout: false,
                    throttles: 0,
                    not_before: None,
                    ..step
                }),
                ReadBack::NotApplied => Ok(ChangeResult::Failed(ApiError::NotSent(
                    "read back twice, the change did not take effect".into(),
                ))),
                ReadBack::Unknown(check) => Ok(ChangeResult::Uncertain(check)),
            },
            ChangeAnswer::Found(Err(e)) => Ok(ChangeResult::Uncertain(format!(
                "{} could not be read back ({}): list it (:indicators) and check",
                value(&call.change),
                e.short()
            ))),
            ChangeAnswer::Submitted(Err(e)) | ChangeAnswer::Deleted(Err(e)) => match e {
                ApiError::Timeout | ApiError::Network(_) => {
                    Err(step.read_back(true, now + self.settle))
                }
                ApiError::Server { .. } => Err(step.read_back(false, now)),
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
            let change = &open.outcome.change;
            let target = Target::new("indicator", value(change));
            let mut record =
                config.record(RecordKind::Result, &open.audit_id, target, action(change));
            (record.result, record.reason, record.after) = match &result {
                ChangeResult::Done(answer) => (
                    Some(Outcome::Ok),
                    None,
                    answer.as_deref().map(indicator_fields),
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

/// The change as it will be sent (an indicator's value normalised), or why it may not be:
/// the rules of its API, before any call.
fn checked(change: Change) -> Result<Change, ApiError> {
    match change {
        Change::SubmitIndicator { indicator, before } => Ok(Change::SubmitIndicator {
            indicator: Box::new(indicator.check(time::OffsetDateTime::now_utc())?),
            before,
        }),
        Change::DeleteIndicator { indicator } => {
            if !indicator.id.is_empty() && indicator.id.chars().all(|c| c.is_ascii_digit()) {
                Ok(Change::DeleteIndicator { indicator })
            } else {
                Err(ApiError::NotSent(format!(
                    "“{}” is not an indicator id (a number)",
                    crate::sanitize::line(&indicator.id)
                )))
            }
        }
    }
}

#[cfg(test)]
#[path = "change_tests.rs"]
mod tests;
