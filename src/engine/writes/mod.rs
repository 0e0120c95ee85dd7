//! Writes to alerts, with the care a production tenant deserves (`DESIGN.md` §9): an intent
//! record per alert in the audit log before the first call (no log, no write); one PATCH for
//! one alert, `batchUpdate` in chunks for many (its own budget); a refused determination tried
//! once in the API's other spelling; a 429 waited out at most [`MAX_THROTTLES`] times; and a
//! write whose answer left its effect unknown (a timeout, a 5xx, an answer about another
//! alert) never resent blindly: the alert is read back — after a pause, since a server that
//! timed out may still apply it — every field and the comment compared, and the write sent
//! again once only when the read-back proves it did not apply. What cannot be told is
//! `uncertain`, never `ok`. Each alert's result is audited as soon as it is known.

pub mod audit;

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::budget::{Budget, MAX_THROTTLES};
use super::protocol::{Origin, WriteId, WriteOutcome, WriteTarget};
use crate::api::model::Alert;
use crate::api::update::ReadBack;
use crate::api::{AlertId, AlertUpdate, ApiError, Client, Endpoint};
use audit::{AuditConfig, Fields, Outcome, RecordKind};

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
    fn new(write: WriteId, kind: Kind, alerts: Vec<AlertId>, update: AlertUpdate) -> Self {
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

    fn family(&self) -> Endpoint {
        match self.kind {
            Kind::Patch => Endpoint::UpdateAlert,
            Kind::Batch => Endpoint::BatchUpdate,
            Kind::Verify => Endpoint::GetAlert,
        }
    }

    /// A read-back of `alert` for this step's write.
    fn verify(&self, alert: &AlertId, after_timeout: bool, at: Instant) -> Self {
        Self {
            kind: Kind::Verify,
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
    Ok(Option<Alert>),
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
        if let Err(invalid) = update.check() {
            return refuse(outcome, invalid.into());
        }
        let audit_id = audit::new_write_id();
        let intents: Vec<audit::Record> = match &self.audit {
            None => {
                return refuse(
                    outcome,
                    ApiError::NotSent("no audit log is kept in this session".into()),
                );
            }
            Some(config) => targets
                .iter()
                .map(|t| {
                    let mut r = config.record(RecordKind::Intent, &audit_id, t.alert.as_str());
                    r.before = t.before.as_ref().map(Fields::of);
                    r.requested = Some(Fields::requested(&update));
                    r.comment.clone_from(&update.comment);
                    r
                })
                .collect(),
        };
        if let Some(config) = &self.audit
            && let Err(e) = config.append(&intents)
        {
            let reason = format!(
                "the audit log {} cannot be written ({e})",
                config.path.display()
            );
            outcome.notes.push(format!("nothing was sent: {reason}"));
            return refuse(outcome, ApiError::NotSent(reason));
        }
        let steps: Vec<Step> = if alerts.len() == 1 {
            vec![Step::new(id, Kind::Patch, alerts, update.clone())]
        } else {
            alerts
                .chunks(batch_size.max(1))
                .map(|chunk| Step::new(id, Kind::Batch, chunk.to_vec(), update.clone()))
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
        !self.steps.is_empty() || !self.tasks.is_empty()
    }

    /// Sends every step the budget allows (writes go before reads); returns when the next
    /// waiting one could go.
    pub fn dispatch(
        &mut self,
        budget: &mut Budget<Endpoint>,
        client: &Client,
        now: Instant,
    ) -> Option<Instant> {
        self.waiting_on = None;
        if self.stopping {
            return None;
        }
        let mut waiting = VecDeque::new();
        while let Some(step) = self.steps.pop_front() {
            let ready = match step.not_before.filter(|&t| t > now) {
                Some(at) => Err(at),
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
        self.waiting_on.map(|(_, at)| at)
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
        let mut settled: Vec<(Vec<AlertId>, Settled)> = Vec::new();
        let error = match answer {
            Answer::Patched(Ok(alert)) => {
                budget.succeeded(family);
                settled.push((step.alerts.clone(), Settled::Ok(Some(alert))));
                None
            }
            Answer::Batched(Ok(())) => {
                budget.succeeded(family);
                settled.push((step.alerts.clone(), Settled::Ok(None)));
                None
            }
            Answer::Verified(Ok(alert)) => {
                budget.succeeded(family);
                let before = self
                    .open
                    .get(&step.write)
                    .and_then(|o| o.before.get(&step.alerts[0]))
                    .and_then(|a| step.update.comments_in(a));
                match step.update.read_back(&alert, before) {
                    ReadBack::Applied => {
                        settled.push((step.alerts.clone(), Settled::Ok(Some(alert))))
                    }
                    ReadBack::NotApplied if step.after_timeout => {
                        // Not yet, perhaps: the server may still be at it. Look once more.
                        more.push(step.verify(&step.alerts[0], false, now + self.settle));
                    }
                    ReadBack::NotApplied if !step.resent => {
                        let mut again = Step::new(
                            step.write,
                            Kind::Patch,
                            step.alerts.clone(),
                            step.update.clone(),
                        );
                        again.resent = true;
                        again.respelled = step.respelled;
                        more.push(again);
                    }
                    ReadBack::NotApplied => settled.push((
                        step.alerts.clone(),
                        Settled::Failed(ApiError::NotSent(
                            "read back twice, the write did not take effect".into(),
                        )),
                    )),
                    ReadBack::Unknown => settled.push((
                        step.alerts.clone(),
                        Settled::Uncertain(format!(
                            "alert {} shows part of the change: read it and its comments",
                            step.alerts[0]
                        )),
                    )),
                }
                None
            }
            Answer::Patched(Err(e)) | Answer::Batched(Err(e)) | Answer::Verified(Err(e)) => Some(e),
        };
        let write = step.write;
        if let Some(error) = error {
            self.on_error(step, error, budget, now, &mut more, &mut settled);
        }
        self.conclude(write, more, settled)
    }

    /// A call failed: wait out a 429 (a bounded number of times), try the other spelling of
    /// a refused determination, read back what may or may not have applied, or fail.
    fn on_error(
        &mut self,
        step: Step,
        error: ApiError,
        budget: &mut Budget<Endpoint>,
        now: Instant,
        more: &mut Vec<Step>,
        settled: &mut Vec<(Vec<AlertId>, Settled)>,
    ) {
        let doubtful = matches!(
            error,
            ApiError::Timeout
                | ApiError::Network(_)
                | ApiError::Server { .. }
                | ApiError::WrongTarget { .. }
        );
        match error {
            ApiError::Throttled { .. } if step.throttles + 1 >= MAX_THROTTLES => {
                settled.push((step.alerts, Settled::Failed(error)));
            }
            ApiError::Throttled { retry_after, .. } => {
                // Nothing was written: wait out the block and send it again.
                let until = budget.throttled(step.family(), retry_after, now);
                more.push(Step {
                    not_before: Some(until),
                    throttles: step.throttles + 1,
                    ..step
                });
            }
            ApiError::BadRequest { .. }
                if !step.respelled
                    && step.kind != Kind::Verify
                    && step.update.other_spelling().is_some() =>
            {
                let update = step.update.other_spelling().expect("checked");
                if let Some(open) = self.open.get_mut(&step.write) {
                    open.outcome.notes.push(format!(
                        "the API refused determination {}; sent {} instead",
                        spelling(&step.update),
                        spelling(&update)
                    ));
                    open.outcome.update = update.clone();
                }
                more.push(Step {
                    update,
                    respelled: true,
                    ..step
                });
            }
            _ if doubtful && step.kind != Kind::Verify => {
                // Unknown whether it took effect: read each alert back before anything is
                // sent again; after a timeout, give the server time to finish first.
                let late = matches!(error, ApiError::Timeout | ApiError::Network(_));
                let at = if late { now + self.settle } else { now };
                more.extend(step.alerts.iter().map(|id| step.verify(id, late, at)));
            }
            _ if step.kind == Kind::Verify => settled.push((
                step.alerts.clone(),
                Settled::Uncertain(format!(
                    "alert {} could not be read back ({}): read it and its comments",
                    step.alerts[0],
                    error.short()
                )),
            )),
            _ => settled.push((step.alerts, Settled::Failed(error))),
        }
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
                (s.alerts, why)
            }));
        }
        let open = self.open.get_mut(&write)?;
        let mut records = Vec::new();
        for (alerts, result) in settled {
            for alert in &alerts {
                let mut record = self.audit.as_ref().map(|config| {
                    config.record(RecordKind::Result, &open.audit_id, alert.as_str())
                });
                let (kind, reason, after) = match &result {
                    Settled::Ok(answer) => {
                        open.outcome.done.push(alert.clone());
                        if let Some(answer) = answer {
                            open.outcome.answers.push(answer.clone());
                        }
                        // A batch answers nothing: the alert reads as before, changed.
                        let after = answer.clone().or_else(|| {
                            let before = open.before.get(alert)?;
                            Some(open.outcome.update.applied_to(before))
                        });
                        (Outcome::Ok, None, after.as_ref().map(Fields::of))
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
            self.open.remove(&write).map(|open| open.outcome)
        } else {
            None
        }
    }

    /// Stops sending: every step still waiting is settled as not sent (a read-back not made
    /// is uncertain), and audited. Calls in flight finish as usual. The writes this ends.
    pub fn stop(&mut self) -> Vec<WriteOutcome> {
        self.stopping = true;
        let mut finished = Vec::new();
        for step in std::mem::take(&mut self.steps) {
            let write = step.write;
            let why = not_sent(&step);
            finished.extend(self.conclude(write, Vec::new(), vec![(step.alerts, why)]));
        }
        finished
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

/// What a step never sent means for its alerts.
fn not_sent(step: &Step) -> Settled {
    match step.kind {
        Kind::Verify => Settled::Uncertain(format!(
            "mdetui stopped before reading alert {} back: read it and its comments",
            step.alerts[0]
        )),
        _ if step.resent => Settled::Failed(ApiError::NotSent(
            "it did not take effect, and mdetui stopped before sending it again".into(),
        )),
        _ => Settled::Failed(ApiError::NotSent("mdetui stopped before sending it".into())),
    }
}

fn spelling(update: &AlertUpdate) -> String {
    update
        .determination
        .as_ref()
        .map_or_else(String::new, |d| d.as_str().to_owned())
}
