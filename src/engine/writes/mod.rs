//! Writes, with the care a production tenant deserves (`DESIGN.md` §9): an intent record per
//! target in the audit log before the first call (no log, no write); a 429 waited out at most
//! [`MAX_THROTTLES`] times; and a write whose answer left its effect unknown (a timeout, a
//! 5xx, an answer about another target) never resent blindly: the target is read back —
//! after a pause, since a server that timed out may still apply it — and the write sent again
//! once only when the read-back proves it did not apply. What cannot be told is `uncertain`,
//! never `ok`. Each target's result is audited as soon as it is known.
//!
//! Two shapes of write share that path: triage of alerts (`alerts`: one PATCH for one alert,
//! `batchUpdate` in chunks for many) and a change to one other target (`change`: an
//! indicator submitted or deleted). This module paces their calls under the budget.

mod alerts;
pub mod audit;
mod change;
mod shape;

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::budget::{Budget, MAX_THROTTLES};
use super::protocol::{ChangeOutcome, WriteId, WriteOutcome};
use crate::api::{ApiError, Client, Endpoint};
use audit::AuditConfig;
use shape::{AlertAnswer, AlertCall, ChangeAnswer, ChangeCall, OpenChange, OpenWrite};

/// One call of a write, waiting for the budget or in flight.
#[derive(Debug, Clone)]
pub struct Step {
    pub write: WriteId,
    call: Call,
    /// Sent again after a read-back proved the first did not apply: never a third time.
    resent: bool,
    /// A read-back after a timeout: the server may still be applying the write, so one that
    /// shows nothing is read once more before the write counts as not applied.
    after_timeout: bool,
    /// 429s met in a row.
    throttles: u32,
    not_before: Option<Instant>,
    /// When it went, by this process's own budget (its slot counts from the answer).
    sent_at: Option<Instant>,
}

#[derive(Debug, Clone)]
enum Call {
    Alerts(AlertCall),
    Change(ChangeCall),
}

impl Step {
    fn new(write: WriteId, call: Call) -> Self {
        Self {
            write,
            call,
            resent: false,
            after_timeout: false,
            throttles: 0,
            not_before: None,
            sent_at: None,
        }
    }

    pub fn family(&self) -> Endpoint {
        match &self.call {
            Call::Alerts(call) => call.family(),
            Call::Change(call) => call.family(),
        }
    }
}

pub enum Answer {
    Alerts(Box<AlertAnswer>),
    Change(ChangeAnswer),
}

impl Answer {
    fn throttled(&self) -> Option<Option<Duration>> {
        match self.error()? {
            ApiError::Throttled { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    fn error(&self) -> Option<&ApiError> {
        match self {
            Self::Alerts(answer) => answer.error(),
            Self::Change(answer) => answer.error(),
        }
    }
}

/// A write that has ended, whichever its shape.
pub enum Finished {
    Alerts(WriteOutcome),
    Change(ChangeOutcome),
}

/// Writes under way: their steps waiting for the budget, their calls in flight, and what each
/// write has gathered so far.
#[derive(Default)]
pub struct Writes {
    steps: VecDeque<Step>,
    pub tasks: JoinSet<(Step, Answer)>,
    alerts: HashMap<WriteId, OpenWrite>,
    changes: HashMap<WriteId, OpenChange>,
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

    /// The audit log, or why nothing may be sent without one.
    fn audit_log(&self) -> Result<&AuditConfig, ApiError> {
        self.audit
            .as_ref()
            .ok_or_else(|| ApiError::NotSent("no audit log is kept in this session".into()))
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
                Ok(()) => self.send(
                    Step {
                        sent_at: Some(now),
                        ..step
                    },
                    client,
                ),
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
    ) -> Vec<Finished> {
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
            let answer = match &step.call {
                Call::Alerts(call) => Answer::Alerts(Box::new(call.send(&client).await)),
                Call::Change(call) => Answer::Change(call.send(&client).await),
            };
            (step, answer)
        });
    }

    /// Takes in one call's answer; a write whose calls are all answered comes back finished.
    /// A 429 is waited out (its family blocked) and the call sent again, a bounded number
    /// of times, whatever the write: nothing was written.
    pub fn finish(
        &mut self,
        step: Step,
        answer: Answer,
        budget: &mut Budget<Endpoint>,
        now: Instant,
    ) -> Option<Finished> {
        let family = step.family();
        let mut step = step;
        if let Some(sent) = step.sent_at.take() {
            budget.answered(family, sent, now);
        }
        if let Some(retry_after) = answer.throttled()
            && step.throttles + 1 < MAX_THROTTLES
        {
            let until = budget.throttled(family, retry_after, now);
            self.blocks.push((family, until));
            self.steps.push_back(Step {
                not_before: Some(until),
                throttles: step.throttles + 1,
                ..step
            });
            return None;
        }
        if answer.error().is_none() {
            budget.succeeded(family);
        }
        match (answer, &step.call) {
            (Answer::Alerts(answer), Call::Alerts(_)) => {
                self.finish_alerts(step, *answer, now).map(Finished::Alerts)
            }
            (Answer::Change(answer), Call::Change(_)) => {
                self.finish_change(step, answer, now).map(Finished::Change)
            }
            _ => unreachable!("a step's answer is of its own shape"),
        }
    }

    /// Stops sending: every step still waiting is settled as not sent (a read-back not made
    /// is uncertain), and audited. Calls in flight finish as usual. The writes this ends.
    pub fn stop(&mut self) -> Vec<Finished> {
        self.stopping = true;
        let mut finished = Vec::new();
        for step in std::mem::take(&mut self.steps) {
            finished.extend(self.never_sent(step));
        }
        finished
    }

    fn never_sent(&mut self, step: Step) -> Option<Finished> {
        match &step.call {
            Call::Alerts(_) => self.alerts_not_sent(step).map(Finished::Alerts),
            Call::Change(_) => self.change_not_sent(step).map(Finished::Change),
        }
    }

    /// How far write `id` has come: targets settled and its total.
    pub fn progress(&self, id: WriteId) -> Option<(usize, usize)> {
        let outcome = &self.alerts.get(&id)?.outcome;
        Some((
            outcome.done.len() + outcome.failed.len() + outcome.uncertain.len(),
            outcome.total,
        ))
    }
}
