//! A triage call answered: what it settles (done, failed, uncertain) and what it leads to —
//! the other spelling of a refused determination, a read-back comparing every field and the
//! comment, one resend.

use std::time::Instant;

use super::super::shape::{AlertAnswer, AlertCall, StepKind};
use super::super::{Call, Step, Writes};
use super::Settled;
use crate::api::update::ReadBack;
use crate::api::{AlertId, AlertUpdate, ApiError};
use crate::engine::protocol::WriteOutcome;

impl Writes {
    /// One triage call answered (a 429 under the limit is waited out before this).
    pub(in crate::engine::writes) fn finish_alerts(
        &mut self,
        step: Step,
        answer: AlertAnswer,
        now: Instant,
    ) -> Option<WriteOutcome> {
        let call = step.alert_call().clone();
        let mut more: Vec<Step> = Vec::new();
        let mut settled: Vec<(Vec<AlertId>, Settled)> = Vec::new();
        let error = match answer {
            AlertAnswer::Patched(Ok(alert)) => {
                settled.push((call.alerts.clone(), Settled::Ok(Some(Box::new(alert)))));
                None
            }
            AlertAnswer::Batched(Ok(())) => {
                settled.push((call.alerts.clone(), Settled::Ok(None)));
                None
            }
            AlertAnswer::Verified(Ok(alert)) => {
                let before = self
                    .alerts
                    .get(&step.write)
                    .and_then(|o| o.before.get(&call.alerts[0]))
                    .and_then(|a| call.update.comments_in(a));
                match call.update.read_back(&alert, before) {
                    ReadBack::Applied => {
                        settled.push((call.alerts.clone(), Settled::Ok(Some(Box::new(alert)))))
                    }
                    ReadBack::NotApplied if step.after_timeout => {
                        // Not yet, perhaps: the server may still be at it. Look once more.
                        more.push(step.verify(&call.alerts[0], false, now + self.settle));
                    }
                    ReadBack::NotApplied if !step.resent => {
                        let mut again = Step::alerts(
                            step.write,
                            StepKind::Patch,
                            call.alerts.clone(),
                            call.update.clone(),
                        );
                        again.resent = true;
                        if let Call::Alerts(again) = &mut again.call {
                            again.respelled = call.respelled;
                        }
                        more.push(again);
                    }
                    ReadBack::NotApplied => settled.push((
                        call.alerts.clone(),
                        Settled::Failed(ApiError::NotSent(
                            "read back twice, the write did not take effect".into(),
                        )),
                    )),
                    ReadBack::Unknown => settled.push((
                        call.alerts.clone(),
                        Settled::Uncertain(format!(
                            "alert {} shows part of the change: read it and its comments",
                            call.alerts[0]
                        )),
                    )),
                }
                None
            }
            AlertAnswer::Patched(Err(e))
            | AlertAnswer::Batched(Err(e))
            | AlertAnswer::Verified(Err(e)) => Some(e),
        };
        let write = step.write;
        if let Some(error) = error {
            self.on_error(step, error, now, &mut more, &mut settled);
        }
        self.conclude(write, more, settled)
    }

    /// A call failed: try the other spelling of a refused determination, read back what may
    /// or may not have applied, or fail.
    fn on_error(
        &mut self,
        step: Step,
        error: ApiError,
        now: Instant,
        more: &mut Vec<Step>,
        settled: &mut Vec<(Vec<AlertId>, Settled)>,
    ) {
        let call = step.alert_call().clone();
        let doubtful = matches!(
            error,
            ApiError::Timeout
                | ApiError::Network(_)
                | ApiError::Server { .. }
                | ApiError::WrongTarget { .. }
        );
        match error {
            ApiError::BadRequest { .. }
                if !call.respelled
                    && call.kind != StepKind::Verify
                    && call.update.other_spelling().is_some() =>
            {
                let update = call.update.other_spelling().expect("checked");
                if let Some(open) = self.alerts.get_mut(&step.write) {
                    open.outcome.notes.push(format!(
                        "the API refused determination {}; sent {} instead",
                        spelling(&call.update),
                        spelling(&update)
                    ));
                    open.outcome.update = update.clone();
                }
                more.push(Step {
                    call: Call::Alerts(AlertCall {
                        update,
                        respelled: true,
                        ..call
                    }),
                    ..step
                });
            }
            _ if doubtful && call.kind != StepKind::Verify => {
                // Unknown whether it took effect: read each alert back before anything is
                // sent again; after a timeout, give the server time to finish first.
                let late = matches!(error, ApiError::Timeout | ApiError::Network(_));
                let at = if late { now + self.settle } else { now };
                more.extend(call.alerts.iter().map(|id| step.verify(id, late, at)));
            }
            _ if call.kind == StepKind::Verify => settled.push((
                call.alerts.clone(),
                Settled::Uncertain(format!(
                    "alert {} could not be read back ({}): read it and its comments",
                    call.alerts[0],
                    error.short()
                )),
            )),
            _ => settled.push((call.alerts, Settled::Failed(error))),
        }
    }
}

fn spelling(update: &AlertUpdate) -> String {
    update
        .determination
        .as_ref()
        .map_or_else(String::new, |d| d.as_str().to_owned())
}
