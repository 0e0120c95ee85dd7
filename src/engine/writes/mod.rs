//! Writes to alerts, with the care a production tenant deserves (`DESIGN.md` §9): an intent
//! record per alert in the audit log before the first call (no log, no write); one PATCH for
//! one alert, `batchUpdate` in chunks for many (its own budget); a refused determination tried
//! once in the API's other spelling; a 429 waited out at most [`MAX_THROTTLES`] times; and a
//! write whose answer left its effect unknown (a timeout, a 5xx, an answer about another
//! alert) never resent blindly: the alert is read back — after a pause, since a server that
//! timed out may still apply it — every field and the comment compared, and the write sent
//! again once only when the read-back proves it did not apply. What cannot be told is
//! `uncertain`, never `ok`. Each alert's result is audited as soon as it is known.

mod answer;
pub mod audit;

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::budget::Budget;
use super::protocol::{Origin, WriteId, WriteOutcome, WriteTarget};
use crate::api::model::Alert;
use crate::api::{AlertId, AlertUpdate, ApiError, Client, Endpoint};
use audit::{AuditConfig, Fields, RecordKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StepKind {
    Patch,
    Batch,
    /// Read an alert back after an answer that left unknown whether a write took effect.
    Verify,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub write: WriteId,
    kind: StepKind,
    alerts: Vec<AlertId>,
    update: AlertUpdate,
    /// The other spelling was tried already.
    respelled: bool,
    /// Sent again after a read-back proved the first did not apply: never a third time.
    resent: bool,
    /// A read-back after a timeout: the server may still be applying the write, so one that
    /// shows nothing is read once more before the write counts as not applied.
    after_timeout: bool,
    /// 429s met in a row.
    throttles: u32,
    not_before: Option<Instant>,
}

impl Step {
    fn new(write: WriteId, kind: StepKind, alerts: Vec<AlertId>, update: AlertUpdate) -> Self {
        Self {
            write,
            kind,
            alerts,
            update,
            respelled: false,
            resent: false,
            after_timeout: false,
            throttles: 0,
            not_before: None,
        }
    }

    pub fn family(&self) -> Endpoint {
        match self.kind {
            StepKind::Patch => Endpoint::UPDATE_ALERT,
            StepKind::Batch => Endpoint::BATCH_UPDATE,
            StepKind::Verify => Endpoint::GET_ALERT,
        }
    }

    /// A read-back of `alert` for this step's write.
    fn verify(&self, alert: &AlertId, after_timeout: bool, at: Instant) -> Self {
        Self {
            kind: StepKind::Verify,
            alerts: vec![alert.clone()],
            after_timeout,
            throttles: 0,
            not_before: Some(at),
            ..self.clone()
        }
    }
}

pub enum Answer {
    Patched(Result<Alert, ApiError>),
    Batched(Result<(), ApiError>),
    Verified(Result<Alert, ApiError>),
}

/// What became of some alerts of a write.
enum Settled {
    Ok(Option<Box<Alert>>),
    Failed(ApiError),
    Uncertain(String),
}

/// A write under way.
struct Open {
    outcome: WriteOutcome,
    /// Its steps queued or in flight.
    pending: usize,
    /// Its name in the audit log.
    audit_id: String,
    /// Each alert as it read before the write, where known.
    before: HashMap<AlertId, Alert>,
}

/// Writes under way: their steps waiting for the budget, their calls in flight, and what each
/// write has gathered so far.
#[derive(Default)]
pub struct Writes {
    steps: VecDeque<Step>,
    pub tasks: JoinSet<(Step, Answer)>,
    open: HashMap<WriteId, Open>,
    audit: Option<AuditConfig>,
    /// How long to wait before reading back a write whose call timed out.
    settle: Duration,
    /// Shutting down: nothing more is sent, and what waits is settled as not sent.
    stopping: bool,
    /// The family the next waiting step waits on, and when it may go.
    pub waiting_on: Option<(Endpoint, Instant)>,
    /// Steps handed to the team's windows, not yet back.
    at_store: usize,
    /// 429s met (the family, and until when): the team's store blocks them for everyone.
    pub blocks: Vec<(Endpoint, Instant)>,
}

impl Writes {
    pub fn new(audit: Option<AuditConfig>, settle: Duration) -> Self {
        Self {
            audit,
            settle,
            ..Self::default()
        }
    }

    /// Takes a write in: checked, its intent audited, then split into its calls (one PATCH
    /// for one alert, else batches of `batch_size`). A write that cannot be checked or
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
        let Some(config) = &self.audit else {
            return refuse(
                outcome,
                ApiError::NotSent("no audit log is kept in this session".into()),
            );
        };
        let audit_id = audit::new_write_id();
        let intents: Vec<audit::Record> = targets
            .iter()
            .map(|t| {
                let mut r = config.record(RecordKind::Intent, &audit_id, t.alert.as_str());
                r.before = t.before.as_ref().map(Fields::of);
                r.requested = Some(Fields::requested(&update));
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
            vec![Step::new(id, StepKind::Patch, alerts, update.clone())]
        } else {
            alerts
                .chunks(batch_size.max(1))
                .map(|chunk| Step::new(id, StepKind::Batch, chunk.to_vec(), update.clone()))
                .collect()
        };
        let before = targets
            .into_iter()
            .filter_map(|t| Some((t.alert, t.before?)))
            .collect();
        self.open.insert(
            id,
            Open {
                outcome,
                pending: steps.len(),
                audit_id,
                before,
            },
        );
        self.steps.extend(steps);
        None
    }

    pub fn queued(&self) -> usize {
        self.steps.len()
    }

    /// Whether anything is still to be answered.
    pub fn busy(&self) -> bool {
        !self.steps.is_empty() || !self.tasks.is_empty() || self.at_store > 0
    }

    /// Sends every step the budget allows (writes go before reads); returns when the next
    /// waiting one could go. With a team budget (`team`), the steps due are handed out
    /// instead, for the team's windows to admit: [`Self::admitted`] sends each then.
    pub fn dispatch(
        &mut self,
        budget: &mut Budget<Endpoint>,
        client: &Client,
        now: Instant,
        team: bool,
    ) -> (Option<Instant>, Vec<Step>) {
        self.waiting_on = None;
        let mut for_team = Vec::new();
        if self.stopping {
            return (None, for_team);
        }
        let mut waiting = VecDeque::new();
        while let Some(step) = self.steps.pop_front() {
            let ready = match step.not_before.filter(|&t| t > now) {
                Some(at) => Err(at),
                None if team => {
                    self.at_store += 1;
                    for_team.push(step);
                    continue;
                }
                None => budget.try_acquire(step.family(), now),
            };
            match ready {
                Ok(()) => self.send(step, client),
                Err(at) => {
                    if self.waiting_on.is_none_or(|(_, w)| at < w) {
                        self.waiting_on = Some((step.family(), at));
                    }
                    waiting.push_back(step);
                }
            }
        }
        self.steps = waiting;
        (self.waiting_on.map(|(_, at)| at), for_team)
    }

    /// The team's windows said of a step handed out: admitted (`None`: it is sent) or to
    /// wait this long (it waits in the queue). While stopping, it is settled as not sent.
    pub fn admitted(
        &mut self,
        step: Step,
        wait: Option<std::time::Duration>,
        client: &Client,
        now: Instant,
    ) -> Vec<WriteOutcome> {
        self.at_store = self.at_store.saturating_sub(1);
        match wait {
            None if !self.stopping => self.send(step, client),
            _ => {
                let until = now + wait.unwrap_or_default();
                self.steps.push_back(Step {
                    not_before: Some(until),
                    ..step
                });
                if self.stopping {
                    return self.stop();
                }
            }
        }
        Vec::new()
    }

    fn send(&mut self, step: Step, client: &Client) {
        let client = client.clone();
        self.tasks.spawn(async move {
            let answer = match step.kind {
                StepKind::Patch => {
                    Answer::Patched(client.update_alert(&step.alerts[0], &step.update).await)
                }
                StepKind::Batch => {
                    Answer::Batched(client.batch_update(&step.alerts, &step.update).await)
                }
                StepKind::Verify => Answer::Verified(client.alert(&step.alerts[0]).await),
            };
            (step, answer)
        });
    }

    /// How far write `id` has come: alerts settled and its total.
    pub fn progress(&self, id: WriteId) -> Option<(usize, usize)> {
        let outcome = &self.open.get(&id)?.outcome;
        Some((
            outcome.done.len() + outcome.failed.len() + outcome.uncertain.len(),
            outcome.total,
        ))
    }
}
