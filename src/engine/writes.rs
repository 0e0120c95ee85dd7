//! Writes to alerts, with the care a production tenant deserves: one PATCH for one alert,
//! `batchUpdate` in chunks for many (its own budget), a refused determination tried once in
//! the API's other spelling, a 429 waited out, and a write that timed out (or met a 5xx) never
//! resent blindly: the alert is read back first, and the write sent again only if it did not
//! take effect — once.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use tokio::task::JoinSet;

use super::budget::Budget;
use super::protocol::{Origin, WriteId, WriteOutcome};
use crate::api::model::Alert;
use crate::api::{AlertId, AlertUpdate, ApiError, Client, Endpoint};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Patch,
    Batch,
    /// Read an alert back after an answer that left unknown whether a write took effect.
    Verify,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub write: WriteId,
    kind: Kind,
    alerts: Vec<AlertId>,
    update: AlertUpdate,
    /// The other spelling was tried already.
    respelled: bool,
    /// Sent again after a read-back: a second doubt is a failure.
    resent: bool,
    not_before: Option<Instant>,
}

impl Step {
    fn family(&self) -> Endpoint {
        match self.kind {
            Kind::Patch => Endpoint::UpdateAlert,
            Kind::Batch => Endpoint::BatchUpdate,
            Kind::Verify => Endpoint::GetAlert,
        }
    }
}

pub enum Answer {
    Patched(Result<Alert, ApiError>),
    Batched(Result<(), ApiError>),
    Verified(Result<Alert, ApiError>),
}

/// Writes under way: their steps waiting for the budget, their calls in flight, and what each
/// write has gathered so far.
#[derive(Default)]
pub struct Writes {
    steps: VecDeque<Step>,
    pub tasks: JoinSet<(Step, Answer)>,
    open: HashMap<WriteId, (WriteOutcome, usize)>,
}

impl Writes {
    /// Splits a write into its calls: one PATCH for one alert, else batches of `batch_size`.
    pub fn start(
        &mut self,
        id: WriteId,
        alerts: Vec<AlertId>,
        update: AlertUpdate,
        origin: Origin,
        batch_size: usize,
    ) {
        let outcome = WriteOutcome {
            id,
            origin,
            total: alerts.len(),
            update: update.clone(),
            answers: Vec::new(),
            done: Vec::new(),
            failed: Vec::new(),
            notes: Vec::new(),
        };
        let steps: Vec<Step> = if alerts.len() == 1 {
            vec![Self::step(id, Kind::Patch, alerts, update)]
        } else {
            alerts
                .chunks(batch_size.max(1))
                .map(|chunk| Self::step(id, Kind::Batch, chunk.to_vec(), update.clone()))
                .collect()
        };
        self.open.insert(id, (outcome, steps.len()));
        self.steps.extend(steps);
    }

    fn step(write: WriteId, kind: Kind, alerts: Vec<AlertId>, update: AlertUpdate) -> Step {
        Step {
            write,
            kind,
            alerts,
            update,
            respelled: false,
            resent: false,
            not_before: None,
        }
    }

    pub fn queued(&self) -> usize {
        self.steps.len()
    }

    /// Sends every step the budget allows (writes go before reads); returns when the next
    /// waiting one could go.
    pub fn dispatch(
        &mut self,
        budget: &mut Budget<Endpoint>,
        client: &Client,
        now: Instant,
    ) -> Option<Instant> {
        let mut wake: Option<Instant> = None;
        let mut waiting = VecDeque::new();
        while let Some(step) = self.steps.pop_front() {
            let ready = match step.not_before.filter(|&t| t > now) {
                Some(at) => Err(at),
                None => budget.try_acquire(step.family(), now),
            };
            match ready {
                Ok(()) => self.send(step, client),
                Err(at) => {
                    wake = Some(wake.map_or(at, |w| w.min(at)));
                    waiting.push_back(step);
                }
            }
        }
        self.steps = waiting;
        wake
    }

    fn send(&mut self, step: Step, client: &Client) {
        let client = client.clone();
        self.tasks.spawn(async move {
            let answer = match step.kind {
                Kind::Patch => {
                    Answer::Patched(client.update_alert(&step.alerts[0], &step.update).await)
                }
                Kind::Batch => {
                    Answer::Batched(client.batch_update(&step.alerts, &step.update).await)
                }
                Kind::Verify => Answer::Verified(client.alert(&step.alerts[0]).await),
            };
            (step, answer)
        });
    }

    /// Takes in one call's answer; a write whose calls are all answered comes back finished.
    pub fn finish(
        &mut self,
        step: Step,
        answer: Answer,
        budget: &mut Budget<Endpoint>,
        now: Instant,
    ) -> Option<WriteOutcome> {
        let family = step.family();
        let mut more: Vec<Step> = Vec::new();
        let (outcome, pending) = self.open.get_mut(&step.write)?;
        let error = match answer {
            Answer::Patched(Ok(alert)) => {
                budget.succeeded(family);
                outcome.done.push(step.alerts[0].clone());
                outcome.answers.push(alert);
                None
            }
            Answer::Batched(Ok(())) => {
                budget.succeeded(family);
                outcome.done.extend(step.alerts.iter().cloned());
                None
            }
            Answer::Verified(Ok(alert)) => {
                budget.succeeded(family);
                if step.update.shows_in(&alert) {
                    outcome
                        .notes
                        .push(format!("{}: the write had taken effect", alert.id));
                    outcome.done.push(step.alerts[0].clone());
                    outcome.answers.push(alert);
                } else {
                    // It did not take effect: send it again, once.
                    let mut again = Self::step(
                        step.write,
                        Kind::Patch,
                        step.alerts.clone(),
                        step.update.clone(),
                    );
                    again.resent = true;
                    again.respelled = step.respelled;
                    more.push(again);
                }
                None
            }
            Answer::Patched(Err(e)) | Answer::Batched(Err(e)) | Answer::Verified(Err(e)) => Some(e),
        };
        if let Some(error) = error {
            match error {
                ApiError::Throttled { retry_after, .. } => {
                    // Nothing was written: wait out the block and send it again.
                    let until = budget.throttled(family, retry_after, now);
                    more.push(Step {
                        not_before: Some(until),
                        ..step
                    });
                }
                ApiError::BadRequest { .. }
                    if !step.respelled
                        && step.kind != Kind::Verify
                        && step.update.other_spelling().is_some() =>
                {
                    let update = step.update.other_spelling().expect("checked");
                    outcome.notes.push(format!(
                        "the API refused determination {}; sent {} instead",
                        spelling(&step.update),
                        spelling(&update)
                    ));
                    outcome.update = update.clone();
                    more.push(Step {
                        update,
                        respelled: true,
                        ..step
                    });
                }
                e if matches!(
                    e,
                    ApiError::Timeout | ApiError::Server { .. } | ApiError::Network(_)
                ) && step.kind != Kind::Verify
                    && !step.resent =>
                {
                    // Unknown whether it took effect: read each alert back before anything
                    // is sent again.
                    for id in &step.alerts {
                        more.push(Self::step(
                            step.write,
                            Kind::Verify,
                            vec![id.clone()],
                            step.update.clone(),
                        ));
                        if let Some(last) = more.last_mut() {
                            last.respelled = step.respelled;
                        }
                    }
                }
                e => outcome
                    .failed
                    .extend(step.alerts.iter().map(|id| (id.clone(), e.clone()))),
            }
        }
        *pending = *pending - 1 + more.len();
        let finished = *pending == 0;
        self.steps.extend(more);
        if finished {
            self.open.remove(&step.write).map(|(outcome, _)| outcome)
        } else {
            None
        }
    }

    /// How far write `id` has come: alerts settled (done or failed) and its total.
    pub fn progress(&self, id: WriteId) -> Option<(usize, usize)> {
        let (outcome, _) = self.open.get(&id)?;
        Some((outcome.done.len() + outcome.failed.len(), outcome.total))
    }
}

fn spelling(update: &AlertUpdate) -> String {
    update
        .determination
        .as_ref()
        .map_or_else(String::new, |d| d.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::AlertStatus;
    use crate::engine::budget::Limits;

    fn resolve() -> AlertUpdate {
        AlertUpdate {
            status: Some(AlertStatus::Resolved),
            ..AlertUpdate::default()
        }
    }

    fn alert(status: &str) -> Alert {
        serde_json::from_value(serde_json::json!({"id": "a1", "status": status})).unwrap()
    }

    /// Feeds `answer` to the first waiting step; the finished outcome, if any.
    fn answer(writes: &mut Writes, answer: Answer) -> Option<WriteOutcome> {
        let step = writes.steps.pop_front().expect("a step waits");
        let mut budget = Budget::new(Limits::default());
        writes.finish(step, answer, &mut budget, Instant::now())
    }

    fn one_write() -> Writes {
        let mut writes = Writes::default();
        writes.start(
            WriteId(1),
            vec![AlertId::parse("a1").unwrap()],
            resolve(),
            Origin(1),
            50,
        );
        writes
    }

    #[test]
    fn a_timed_out_write_is_read_back_and_not_sent_again_when_it_took_effect() {
        let mut writes = one_write();
        assert!(answer(&mut writes, Answer::Patched(Err(ApiError::Timeout))).is_none());
        assert_eq!(writes.steps[0].kind, Kind::Verify, "read back, not resent");
        let outcome = answer(&mut writes, Answer::Verified(Ok(alert("Resolved")))).unwrap();
        assert_eq!(outcome.done.len(), 1);
        assert!(writes.steps.is_empty(), "nothing sent again");
    }

    #[test]
    fn a_write_that_did_not_take_effect_is_sent_once_more_and_no_more() {
        let mut writes = one_write();
        answer(&mut writes, Answer::Patched(Err(ApiError::Timeout)));
        answer(&mut writes, Answer::Verified(Ok(alert("New"))));
        assert_eq!(writes.steps[0].kind, Kind::Patch);
        assert!(writes.steps[0].resent);
        let outcome = answer(&mut writes, Answer::Patched(Err(ApiError::Timeout))).unwrap();
        assert_eq!(
            outcome.failed.len(),
            1,
            "a second doubt is a failure, not a loop"
        );
        assert!(writes.steps.is_empty());
    }

    #[test]
    fn refusals_fail_at_once_and_batches_split() {
        let mut writes = one_write();
        let forbidden = ApiError::Forbidden {
            permission: "Alert.ReadWrite.All".into(),
            message: "no".into(),
        };
        let outcome = answer(&mut writes, Answer::Patched(Err(forbidden))).unwrap();
        assert_eq!(outcome.failed.len(), 1);
        let mut writes = Writes::default();
        let ids: Vec<AlertId> = (0..25)
            .map(|i| AlertId::parse(&format!("a{i}")).unwrap())
            .collect();
        writes.start(WriteId(2), ids, resolve(), Origin(1), 10);
        assert_eq!(writes.queued(), 3, "10 + 10 + 5");
        assert!(writes.steps.iter().all(|s| s.kind == Kind::Batch));
    }
}
