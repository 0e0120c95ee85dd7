//! The worker with a team budget: a request is admitted by the team's windows in Redis
//! before it is sent, a 429 blocks the API for the whole team, and answers may be shared.
//! Nothing is sent before the store's first answer (or its failure within the connect
//! timeout). When the store fails the worker falls back to its own windows at once, says why,
//! and tries the store again after 3 s, doubling up to a minute while it keeps failing; it
//! rejoins as soon as it answers.

use std::time::Instant;

use super::super::payload::Payload;
use super::super::protocol::{Event, Pending, now};
use super::super::queue::Job;
use super::super::resource::Resource;
use super::super::team::{Taken, Team};
use super::super::writes::Step;
use super::state::Worker;
use super::team_state::{CONNECT_TIMEOUT, Heard, RETRY_FIRST, RETRY_MOST, TeamState};
use crate::api::Endpoint;

impl Worker {
    /// The connection, in team mode.
    fn live(&mut self) -> Option<(&mut TeamState, Team)> {
        let state = self.team.as_mut().filter(|t| t.healthy)?;
        let team = state.team.clone()?;
        Some((state, team))
    }

    /// In team mode the team's windows admit the job: it waits on the store, counted in
    /// flight. `Some` gives the job back for this process's own windows.
    pub(super) fn team_acquire(&mut self, job: Job) -> Option<Job> {
        let resource = job.resource.clone();
        let family = resource.endpoint();
        let (limits, spans) = (self.team_limits(family), self.config.spans);
        let Some((state, team)) = self.live() else {
            return Some(job);
        };
        state.tasks.spawn(async move {
            let taken = team.acquire(family.name(), limits, spans).await;
            Heard::Acquired(resource, taken)
        });
        self.in_flight.insert(job.resource.clone(), job);
        None
    }

    /// The limits the team's windows hold `family` to: this process's windows' own — the
    /// configured ones, or a family's allowance (batchUpdate, a package's link, hunting).
    fn team_limits(&self, family: Endpoint) -> super::super::budget::Limits {
        self.budget.limits_of(family)
    }

    /// This process's own windows decide a write's step at once: `None` admits it (its slot
    /// taken), else how long it waits.
    fn own_wait(&mut self, family: Endpoint) -> Option<std::time::Duration> {
        let at = now();
        self.budget
            .try_acquire(family, at)
            .err()
            .map(|free| free.saturating_duration_since(at))
    }

    /// A write's step waits for the team's windows to admit it, like a read.
    pub(super) fn team_acquire_write(&mut self, step: Step) {
        let family = step.family();
        let (limits, spans) = (self.team_limits(family), self.config.spans);
        let Some((state, team)) = self.live() else {
            // The store went away meanwhile: this process's own windows decide.
            let wait = self.own_wait(family);
            for outcome in self.writes.admitted(step, wait, &self.client, now()) {
                self.written(outcome);
            }
            return;
        };
        state.tasks.spawn(async move {
            let taken = team.acquire(family.name(), limits, spans).await;
            Heard::WriteAcquired(step, taken)
        });
    }

    /// Before a call, a shared answer may do: the job waits for the store's word.
    pub(super) fn team_lookup(&mut self, job: Job) -> Option<Job> {
        let sharing = self
            .team
            .as_ref()
            .is_some_and(|t| t.config.shared_cache.is_some());
        if job.looked_up || !sharing || !job.resource.is_shared() {
            return Some(job);
        }
        let Some((state, team)) = self.live() else {
            return Some(job);
        };
        let resource = job.resource.clone();
        state.tasks.spawn(async move {
            let found = team.cached(&resource.to_string()).await;
            Heard::LookedUp(resource, found)
        });
        self.in_flight.insert(job.resource.clone(), job);
        None
    }

    pub(super) fn heard(&mut self, heard: Heard) {
        match heard {
            Heard::Acquired(resource, taken) => self.acquired(resource, taken),
            Heard::LookedUp(resource, found) => self.looked_up(resource, found),
            Heard::WriteAcquired(step, taken) => {
                let family = step.family();
                let wait = match taken {
                    Ok(Taken {
                        wait, minute, hour, ..
                    }) => {
                        if let Some(state) = self.team.as_mut() {
                            state.usage.insert(family, (minute, hour));
                        }
                        if wait.is_none() {
                            self.budget.record(family, now());
                        }
                        wait
                    }
                    Err(problem) => {
                        // The store failed: this process's own windows decide, at once.
                        self.degrade(problem);
                        self.own_wait(family)
                    }
                };
                for outcome in self.writes.admitted(step, wait, &self.client, now()) {
                    self.written(outcome);
                }
            }
            Heard::Stored(Ok(())) => {}
            Heard::Stored(Err(problem)) => self.degrade(problem),
            Heard::Reconnected(Ok(team)) => {
                if let Some(state) = self.team.as_mut() {
                    tracing::info!("the team budget answers: joined");
                    state.team = Some(team);
                    state.healthy = true;
                    state.connecting = false;
                    state.problem = None;
                }
            }
            Heard::Reconnected(Err(problem)) => {
                if let Some(state) = self.team.as_mut() {
                    if state.problem.as_deref() != Some(problem.as_str()) {
                        tracing::warn!("{problem}; using this process's own budget");
                    }
                    state.connecting = false;
                    state.problem = Some(problem);
                    state.backoff = (state.backoff * 2).min(RETRY_MOST);
                }
            }
        }
    }

    fn acquired(&mut self, resource: Resource, taken: Result<Taken, String>) {
        let Some(mut job) = self.in_flight.remove(&resource) else {
            return;
        };
        let family = resource.endpoint();
        let at = now();
        match taken {
            Ok(Taken {
                wait: None,
                minute,
                hour,
            }) => {
                if let Some(state) = self.team.as_mut() {
                    state.usage.insert(family, (minute, hour));
                    // The store works: a later loss starts its back-off afresh.
                    state.backoff = RETRY_FIRST;
                    state.worked = true;
                }
                // This process's share of the team's calls ("you").
                self.budget.record(family, at);
                self.start(job);
            }
            Ok(Taken {
                wait: Some(wait),
                minute,
                hour,
            }) => {
                if let Some(state) = self.team.as_mut() {
                    state.usage.insert(family, (minute, hour));
                }
                let until = at + wait;
                job.not_before = Some(until);
                if job.announced_wait != Some(until) {
                    job.announced_wait = Some(until);
                    self.emit(Event::Pending {
                        resource,
                        state: Pending::WaitingForBudget { until },
                    });
                }
                self.queue.push(job);
            }
            Err(problem) => {
                self.degrade(problem);
                self.requeue(job);
            }
        }
    }

    fn looked_up(&mut self, resource: Resource, found: Result<Option<String>, String>) {
        let Some(job) = self.in_flight.remove(&resource) else {
            return;
        };
        let shared = match found {
            Ok(Some(json)) => serde_json::from_str::<Payload>(&json).ok(),
            Ok(None) => None,
            Err(problem) => {
                self.degrade(problem);
                None
            }
        };
        match shared {
            Some(payload) => {
                let at = now();
                self.cache.insert(resource.clone(), (payload.clone(), at));
                self.emit(Event::Fetched {
                    resource,
                    payload,
                    fetched_at: at,
                    origins: job.origins,
                });
            }
            None => {
                // Asked the store once: the call goes through the budget now.
                let mut job = job;
                job.looked_up = true;
                self.queue.push(job);
            }
        }
    }

    /// A 429 blocks the API for the whole team.
    pub(super) fn team_block(&mut self, family: Endpoint, until: Instant) {
        let Some((state, team)) = self.live() else {
            return;
        };
        let wait = until.saturating_duration_since(now());
        state
            .tasks
            .spawn(async move { Heard::Stored(team.block(family.name(), wait).await) });
    }

    /// An answer fetched here serves the team while fresh (when sharing is on).
    pub(super) fn team_share(&mut self, resource: &Resource, payload: &Payload) {
        if !resource.is_shared() {
            return;
        }
        let ttl = self.config.cache_ttl;
        let Some((state, team)) = self.live() else {
            return;
        };
        if state.config.shared_cache.is_none() {
            return;
        }
        let Ok(json) = serde_json::to_string(payload) else {
            return;
        };
        let key = resource.to_string();
        state
            .tasks
            .spawn(async move { Heard::Stored(team.share(&key, &json, ttl).await) });
    }

    /// Falls back to this process's own windows, and says why.
    fn degrade(&mut self, problem: String) {
        if let Some(state) = self.team.as_mut()
            && state.healthy
        {
            tracing::warn!("{problem}; using this process's own budget until it answers");
            state.healthy = false;
            state.team = None;
            state.problem = Some(problem);
            state.retried = now();
            // A store that connects but fails its commands is not rejoined every 3 s: its
            // back-off grows until a command succeeds.
            if !std::mem::take(&mut state.worked) {
                state.backoff = (state.backoff * 2).min(RETRY_MOST);
            }
        }
    }

    /// While the store is lost, knocks again once its back-off has passed; returns when to
    /// knock next.
    pub(super) fn team_retry(&mut self, at: Instant) -> Option<Instant> {
        let state = self.team.as_mut().filter(|t| !t.healthy && !t.connecting)?;
        if at.saturating_duration_since(state.retried) >= state.backoff && state.tasks.is_empty() {
            state.retried = at;
            let config = state.config.clone();
            state.tasks.spawn(async move {
                Heard::Reconnected(Team::connect(config, CONNECT_TIMEOUT).await)
            });
        }
        Some(state.retried + state.backoff)
    }
}
