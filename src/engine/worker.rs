//! The engine's loop: take commands, send what the budget allows, finish what comes back.

use std::collections::HashMap;
use std::time::Duration;

use std::time::Instant;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use tokio::time::sleep_until;

use super::budget::Budget;
use super::protocol::{
    BudgetStatus, Command, EngineConfig, Event, Pending, Priority, RetryCause, now,
};
use super::queue::{Job, Queue};
use super::resource::{Next, Payload, Resource, Step, fetch_step, gather};
use crate::api::{ApiError, Client, Endpoint};

/// Pages one list may take: at 10,000 items a page, a million items. Past that a next link is
/// far more likely a server fault (or an attack) than a list anyone reads.
const MAX_PAGES: u32 = 100;

/// The window a list falls back to when a page of it is over the body cap (the API's pages
/// hold 10,000): a quarter, then halves of that.
const FIRST_WINDOW: usize = 2_500;

/// How often background work held back for headroom looks again.
const HEADROOM_RECHECK: Duration = Duration::from_secs(5);

/// 429s in a row that one request sits out before it is reported as failed.
const MAX_THROTTLES: u32 = 8;

struct Worker {
    client: Client,
    config: EngineConfig,
    events: mpsc::UnboundedSender<Event>,
    budget: Budget<Endpoint>,
    queue: Queue,
    in_flight: HashMap<Resource, Job>,
    cache: HashMap<Resource, (Payload, Instant)>,
    tasks: JoinSet<(Resource, Result<Step, ApiError>)>,
    seq: u64,
    last_status: Option<BudgetStatus>,
    /// Calls made at background priority.
    prefetched: u64,
}

pub async fn run(
    client: Client,
    config: EngineConfig,
    mut commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<Event>,
) {
    let mut worker = Worker {
        budget: Budget::new(config.limits),
        client,
        config,
        events,
        queue: Queue::default(),
        in_flight: HashMap::new(),
        cache: HashMap::new(),
        tasks: JoinSet::new(),
        seq: 0,
        last_status: None,
        prefetched: 0,
    };
    loop {
        let wake = worker.dispatch();
        worker.report_budget(wake);
        tokio::select! {
            command = commands.recv() => match command {
                Some(command) => worker.command(command),
                None => break,
            },
            Some(done) = worker.tasks.join_next(), if !worker.tasks.is_empty() => match done {
                Ok((resource, result)) => worker.finish(resource, result),
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
    fn emit(&self, event: Event) {
        let _ = self.events.send(event);
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Fetch {
                resource,
                priority,
                origin,
                refresh,
            } => {
                if !refresh
                    && let Some((payload, at)) = self.cache.get(&resource)
                    && now().saturating_duration_since(*at) < self.config.cache_ttl
                {
                    self.emit(Event::Fetched {
                        resource,
                        payload: payload.clone(),
                        fetched_at: *at,
                        origins: vec![origin],
                    });
                    return;
                }
                // Single flight: join a call already made or queued for the same resource.
                if let Some(job) = self.in_flight.get_mut(&resource) {
                    job.join(origin, priority);
                    return;
                }
                if let Some(job) = self.queue.find(&resource) {
                    job.join(origin, priority);
                    return;
                }
                self.seq += 1;
                self.emit(Event::Pending {
                    resource: resource.clone(),
                    state: Pending::Queued,
                });
                self.queue
                    .push(Job::new(resource, priority, origin, self.seq));
            }
            Command::Cancel { origin } => {
                let dropped = self.queue.cancel(origin);
                if !dropped.is_empty() {
                    tracing::debug!("cancelled {} queued requests", dropped.len());
                }
                for job in self.in_flight.values_mut() {
                    job.origins.retain(|o| *o != origin);
                }
            }
        }
    }

    /// Starts every queued job the budget and the in-flight cap allow; returns when the next
    /// waiting job could go.
    fn dispatch(&mut self) -> Option<Instant> {
        let now = now();
        let mut wake: Option<Instant> = None;
        let mut earliest = |at: Instant| wake = Some(wake.map_or(at, |w: Instant| w.min(at)));
        let mut index = 0;
        let mut announcements = Vec::new();
        self.queue.sort();
        while index < self.queue.len() {
            if self.tasks.len() >= self.config.max_in_flight {
                break;
            }
            let job = self.queue.get_mut(index);
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
            match self.budget.try_acquire(job.resource.endpoint(), now) {
                Ok(()) => {
                    let job = self.queue.take(index);
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
        wake
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
        self.in_flight.insert(resource.clone(), job);
        self.tasks.spawn(async move {
            if renew_token {
                client.tokens().invalidate().await;
            }
            let result = fetch_step(&client, &resource, next).await;
            (resource, result)
        });
    }

    fn requeue(&mut self, mut job: Job) {
        job.announced_wait = None;
        self.queue.push(job);
    }

    fn finish(&mut self, resource: Resource, result: Result<Step, ApiError>) {
        let Some(mut job) = self.in_flight.remove(&resource) else {
            return;
        };
        let family = resource.endpoint();
        let now = now();
        match result {
            Ok(step) => {
                self.budget.succeeded(family);
                job.attempt = 0;
                job.throttles = 0;
                job.pages += 1;
                let payload = match step {
                    Step::Done(payload) => payload,
                    Step::Page(page, next) => {
                        gather(&mut job.partial, page);
                        if next.is_some() && job.pages >= MAX_PAGES {
                            self.emit(Event::Failed {
                                resource,
                                error: ApiError::TooManyPages { pages: job.pages },
                                origins: job.origins,
                            });
                            return;
                        }
                        if next.is_some() {
                            if job.origins.is_empty() {
                                // Nobody waits for the rest: what was gathered is part of a
                                // list and must never be cached as the whole of it.
                                tracing::debug!(%resource, "dropped a list left mid-paging");
                                return;
                            }
                            // More pages: each is a call of its own against the budget.
                            job.next = next;
                            self.requeue(job);
                            return;
                        }
                        job.partial
                            .take()
                            .expect("a page was just gathered")
                            .into_payload()
                    }
                };
                self.cache.insert(resource.clone(), (payload.clone(), now));
                self.emit(Event::Fetched {
                    resource,
                    payload,
                    fetched_at: now,
                    origins: job.origins,
                });
            }
            Err(ApiError::TooLarge {
                limit,
                url: Some(url),
            }) if resource.is_list() => {
                // A page too large for the body cap: read the list in windows of half the
                // size (the first at FIRST_WINDOW) from where it stands, down to one item.
                let top = match &job.next {
                    Some(Next::Window { top, .. }) => top / 2,
                    _ => FIRST_WINDOW,
                };
                if top == 0 {
                    self.emit(Event::Failed {
                        resource,
                        error: ApiError::TooLarge { limit, url: None },
                        origins: job.origins,
                    });
                    return;
                }
                let skip = job.partial.as_ref().map_or(0, |p| p.count());
                tracing::info!(%resource, top, skip, "page over the body cap: asking in windows");
                job.next = Some(Next::Window { url, top, skip });
                self.requeue(job);
            }
            Err(error @ ApiError::Throttled { .. }) if job.throttles >= MAX_THROTTLES => {
                // A server that only ever answers 429 is not going to let this through: say
                // so rather than wait for ever (the analyst can press r to try again).
                tracing::warn!(%resource, "throttled {} times in a row: {error}", job.throttles);
                self.emit(Event::Failed {
                    resource,
                    error,
                    origins: job.origins,
                });
            }
            Err(ApiError::Throttled { retry_after, .. }) => {
                // Nothing is lost: the call waits out the block and goes again.
                job.throttles += 1;
                let until = self.budget.throttled(family, retry_after, now);
                tracing::warn!(endpoint = family.name(), ?retry_after, "throttled");
                job.announced_wait = Some(until);
                self.emit(Event::Pending {
                    resource,
                    state: Pending::WaitingForBudget { until },
                });
                self.queue.push(job);
            }
            Err(ApiError::Unauthorized { .. })
                if !job.auth_retried && self.client_can_refresh() =>
            {
                job.auth_retried = true;
                job.renew_token = true;
                self.requeue(job);
            }
            Err(error) if error.is_transient() && job.attempt < self.config.max_retries => {
                job.attempt += 1;
                let at = now + self.backoff(job.attempt);
                job.not_before = Some(at);
                self.emit(Event::Pending {
                    resource,
                    state: Pending::Retrying {
                        attempt: job.attempt,
                        at,
                        cause: match error {
                            ApiError::Timeout => RetryCause::Timeout,
                            ApiError::Server { .. } => RetryCause::ServerError,
                            _ => RetryCause::Network,
                        },
                    },
                });
                self.requeue(job);
            }
            Err(error) => {
                tracing::warn!(%resource, "fetch failed: {error}");
                self.emit(Event::Failed {
                    resource,
                    error,
                    origins: job.origins,
                });
            }
        }
    }

    /// A static token cannot be renewed: a 401 for it is final.
    fn client_can_refresh(&self) -> bool {
        !matches!(
            self.client.tokens().credentials(),
            crate::api::Credentials::StaticToken(_)
        )
    }

    /// Exponential backoff with jitter: base × 2^(attempt−1), ±25 %, capped at 30 s.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.config.retry_base * 2u32.saturating_pow(attempt.saturating_sub(1));
        let jitter = 0.75 + fastrand::f64() * 0.5;
        base.mul_f64(jitter).min(Duration::from_secs(30))
    }

    fn report_budget(&mut self, next_slot: Option<Instant>) {
        let status = BudgetStatus {
            snapshot: self.budget.snapshot(now()),
            queued: self.queue.len(),
            in_flight: self.tasks.len(),
            next_slot: next_slot.filter(|_| self.queue.len() > 0),
            prefetched: self.prefetched,
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
