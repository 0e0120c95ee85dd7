//! The engine's loop: take commands, send what the budget allows, finish what comes back.

use std::collections::HashMap;
use std::time::Duration;

use std::time::Instant;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use tokio::time::sleep_until;

mod command;
mod download;
mod finish;
mod state;
mod team;
mod team_state;

use super::budget::{Budget, Limits};
use super::change::ChangeResult;
use super::paging::Next;
use super::payload::Payload;
use super::protocol::{
    BudgetStatus, EngineConfig, Event, Pending, Priority, Request, TeamStatus, WriteWait, now,
};
use super::queue::{Job, Queue};
use super::resource::{Resource, fetch_step};
use super::writes::{Finished, Writes};
use crate::api::{Client, Endpoint};
use state::{HEADROOM_RECHECK, MAX_PAGES, WINDOWS_AT_ONCE, Worker};

pub async fn run(
    client: Client,
    config: EngineConfig,
    mut commands: mpsc::UnboundedReceiver<Request>,
    events: mpsc::UnboundedSender<Event>,
) {
    let mut budget = Budget::with_spans(config.limits, config.spans);
    budget.set_limits(Endpoint::BATCH_UPDATE, config.batch_limits);
    budget.set_limits(Endpoint::HUNT, config.hunt_limits);
    // A package's link has an allowance of its own: 2 a minute, 120 an hour.
    budget.set_limits(
        Endpoint::PACKAGE_URI,
        Limits {
            per_minute: 2,
            per_hour: 120,
        },
    );
    let config_team = config.team.clone().map(team_state::TeamState::new);
    let writes = Writes::new(config.audit.clone(), config.write_settle);
    let mut worker = Worker {
        budget,
        client,
        config,
        events,
        queue: Queue::default(),
        in_flight: HashMap::new(),
        parked: HashMap::new(),
        cache: HashMap::new(),
        tasks: JoinSet::new(),
        seq: 0,
        last_status: None,
        prefetched: 0,
        writes,
        team: config_team,
        downloads: state::Downloads::default(),
        permissions_said: false,
        stopping: false,
    };
    loop {
        if worker.stopping && !worker.writes.busy() {
            worker.emit(Event::Stopped);
            break;
        }
        let wake = worker.dispatch();
        worker.report_budget(wake);
        tokio::select! {
            command = commands.recv(), if !worker.stopping => match command {
                Some(command) => worker.command(command),
                // Every handle is gone: finish the writes under way, as on a shutdown.
                None => worker.command(Request::Shutdown),
            },
            heard = async {
                match worker.team.as_mut() {
                    Some(state) => state.heard().await,
                    None => std::future::pending().await,
                }
            } => worker.heard(heard),
            Some(done) = worker.writes.tasks.join_next(), if !worker.writes.tasks.is_empty() => {
                if let Ok((step, answer)) = done {
                    let id = step.write;
                    let finished = worker.writes.finish(step, answer, &mut worker.budget, now());
                    // A write's 429 blocks its family for the whole team, as a read's does.
                    for (family, until) in std::mem::take(&mut worker.writes.blocks) {
                        worker.team_block(family, until);
                    }
                    match finished {
                        Some(finished) => worker.written(finished),
                        None => {
                            if let Some((settled, total)) = worker.writes.progress(id) {
                                worker.emit(Event::WriteProgress { id, settled, total });
                            }
                        }
                    }
                }
            }
            Some(done) = worker.tasks.join_next(), if !worker.tasks.is_empty() => match done {
                Ok((resource, result)) => worker.finish(resource, result),
                // A hunt stopped midway (see `abort_unwanted`) ends here, unremarked.
                Err(e) if e.is_cancelled() => {}
                Err(e) => tracing::error!("fetch task failed: {e}"),
            },
            () = sleep_until(tokio::time::Instant::from_std(wake.unwrap_or_else(far_future))), if wake.is_some() => {}
        }
    }
}

fn far_future() -> Instant {
    now() + Duration::from_secs(86_400)
}

impl Worker {
    pub(super) fn emit(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// Starts every queued job the budget and the in-flight cap allow; returns when the next
    /// waiting job could go.
    fn dispatch(&mut self) -> Option<Instant> {
        let now = now();
        // Nothing goes before the team's store has answered (or failed to) for the first
        // time: a one-shot's only call counts in the team like any other.
        if self.stopping || self.team.as_ref().is_some_and(|t| t.connecting) {
            return None;
        }
        // Writes go first: the analyst confirmed them.
        let team = self.team.as_ref().is_some_and(|t| t.healthy);
        let (mut wake, for_team) = self
            .writes
            .dispatch(&mut self.budget, &self.client, now, team);
        for step in for_team {
            self.team_acquire_write(step);
        }
        let mut earliest = |at: Instant| wake = Some(wake.map_or(at, |w: Instant| w.min(at)));
        let mut index = 0;
        let mut announcements = Vec::new();
        self.queue.sort();
        while index < self.queue.len() {
            let waiting_on_store = self.team.as_ref().map_or(0, |t| t.busy());
            if self.tasks.len() + waiting_on_store >= self.config.max_in_flight {
                break;
            }
            let job = self.queue.get_mut(index);
            // The same list streamed and asked whole: one call at a time for it (calls in
            // flight are keyed by what they fetch).
            if self.in_flight.contains_key(&job.resource) {
                index += 1;
                continue;
            }
            if let Some(at) = job.not_before.filter(|&t| t > now) {
                earliest(at);
                index += 1;
                continue;
            }
            // Background work spends only headroom; it waits (unannounced) for the windows to
            // drain, or for the analyst to move on and cancel it.
            if job.priority == Priority::Background {
                let (minute, hour) = self.budget.fill(job.resource.endpoint(), now);
                let room = self.config.headroom;
                if minute >= room.minute || hour >= room.hour {
                    // Look again in a while: the windows drain as they slide.
                    earliest(now + HEADROOM_RECHECK);
                    index += 1;
                    continue;
                }
            }
            // With a team budget, a shared answer may do, else the team's windows admit it.
            let taken = self.queue.take(index);
            let Some(taken) = self.team_lookup(taken) else {
                continue;
            };
            let Some(taken) = self.team_acquire(taken) else {
                continue;
            };
            self.queue.put_back(index, taken);
            let job = self.queue.get_mut(index);
            match self.budget.try_acquire(job.resource.endpoint(), now) {
                Ok(()) => {
                    let mut job = self.queue.take(index);
                    job.sent_at = Some(now);
                    self.widen(&mut job, now);
                    self.start(job);
                }
                Err(at) => {
                    earliest(at);
                    if job.announced_wait != Some(at) {
                        job.announced_wait = Some(at);
                        announcements.push((job.resource.clone(), at));
                    }
                    index += 1;
                }
            }
        }
        for (resource, until) in announcements {
            self.emit(Event::Pending {
                resource,
                state: Pending::WaitingForBudget { until },
            });
        }
        if let Some(at) = self.team_retry(now) {
            wake = Some(wake.map_or(at, |w| w.min(at)));
        }
        wake
    }

    /// The rest of a long list the analyst waits for is asked in up to [`WINDOWS_AT_ONCE`]
    /// windows at once rather than a page a round trip: each window is a call of its own,
    /// taken from the budget only while it has the headroom prefetch keeps. A stream (read
    /// as fast as its reader takes pages) and a team's budget (admitted a call at a time by
    /// the store) go a page at a time.
    fn widen(&mut self, job: &mut Job, now: Instant) {
        job.slots = 1;
        let Some(next) = &job.next else {
            return;
        };
        let size = match next {
            Next::Window { top, .. } => *top,
            Next::Link(_) | Next::Links { .. } => job.partial.as_ref().map_or(0, |p| p.last_page()),
        };
        if next.widened(size, 1).is_none() {
            return;
        }
        let ahead = !job.stream && job.priority == Priority::Interactive && self.team.is_none();
        let family = job.resource.endpoint();
        let room = self.config.headroom;
        // Never past the cap on a list's pages (an endless list stops where it did).
        let left = MAX_PAGES.saturating_sub(job.pages) as usize;
        let mut count = 1;
        while ahead && count < WINDOWS_AT_ONCE.min(left) {
            let (minute, hour) = self.budget.fill(family, now);
            if minute >= room.minute || hour >= room.hour {
                break;
            }
            if self.budget.try_acquire(family, now).is_err() {
                break;
            }
            count += 1;
        }
        // Always as many calls as slots taken: a step asked again (after a failure) with less
        // headroom than before asks fewer pages.
        job.next = next.widened(size, count);
        job.slots = count;
    }

    fn start(&mut self, mut job: Job) {
        let resource = job.resource.clone();
        if job.priority == Priority::Background {
            self.prefetched += 1;
            tracing::info!(%resource, "prefetch");
        }
        let next: Option<Next> = job.next.clone();
        let client = self.client.clone();
        // The first call after a 401 signs in afresh.
        let renew_token = std::mem::take(&mut job.renew_token);
        self.emit(Event::Pending {
            resource: resource.clone(),
            state: Pending::InFlight,
        });
        let key = resource.clone();
        let abortable = resource.is_abortable();
        let handle = self.tasks.spawn(async move {
            if renew_token {
                client.tokens().invalidate().await;
            }
            let result = fetch_step(&client, &resource, next).await;
            (resource, result)
        });
        job.abort = abortable.then_some(handle);
        self.in_flight.insert(key, job);
    }

    pub(super) fn requeue(&mut self, mut job: Job) {
        job.announced_wait = None;
        self.queue.push(job);
    }

    /// A write is finished: the cache shows what it changed as it now is, and the app hears.
    pub(super) fn written(&mut self, finished: Finished) {
        let outcome = match finished {
            Finished::Alerts(outcome) => outcome,
            Finished::Change(outcome) => {
                // What the change touched is no longer what the tenant holds: asked anew.
                if matches!(
                    outcome.result,
                    ChangeResult::Done(_) | ChangeResult::Uncertain(_)
                ) {
                    let change = &outcome.change;
                    self.cache
                        .retain(|resource, _| !resource.stale_after(change));
                }
                self.emit(Event::Changed(Box::new(outcome)));
                return;
            }
        };
        let changed: Vec<crate::api::model::Alert> = outcome.answers.clone();
        for (resource, (payload, _)) in &mut self.cache {
            super::applied::apply_write(
                resource,
                payload,
                &outcome.done,
                &outcome.update,
                &changed,
            );
        }
        for alert in &changed {
            if let Ok(id) = crate::api::AlertId::parse(&alert.id) {
                self.cache.insert(
                    Resource::Alert(id),
                    (Payload::Alert(std::sync::Arc::new(alert.clone())), now()),
                );
            }
        }
        self.emit(Event::Written(outcome));
    }

    fn report_budget(&mut self, next_slot: Option<Instant>) {
        let snapshot = self.budget.snapshot(now());
        let snapshot_family = snapshot.tightest;
        let status = BudgetStatus {
            snapshot,
            queued: self.queue.len() + self.writes.queued(),
            in_flight: self.tasks.len(),
            next_slot: next_slot.filter(|_| self.queue.len() > 0),
            prefetched: self.prefetched,
            write_wait: self.writes.waiting_on.map(|(family, until)| {
                let (used, per_minute) = self.budget.minute_use(family, now());
                WriteWait {
                    family,
                    used,
                    per_minute,
                    until,
                }
            }),
            team: self.team.as_ref().map(|state| {
                let (minute, hour) = snapshot_family
                    .and_then(|f| state.usage.get(&f).copied())
                    .unwrap_or_default();
                TeamStatus {
                    joined: state.healthy,
                    problem: state.problem.clone(),
                    opaque: state.config.tenant == super::team::OPAQUE,
                    minute,
                    hour,
                }
            }),
        };
        // The snapshot's countdown changes every instant; compare on what the bar shows.
        let comparable = |s: &BudgetStatus| {
            let mut s = s.clone();
            s.snapshot.blocked_until = None;
            s
        };
        if self.last_status.as_ref().map(comparable) != Some(comparable(&status)) {
            self.last_status = Some(status.clone());
            self.emit(Event::Budget(status));
        }
    }
}
