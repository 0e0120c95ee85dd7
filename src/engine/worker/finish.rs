//! What the worker does with an answer: gather pages, cache, wait out a 429, renew a token,
//! retry a passing fault with backoff, or report the failure.

use std::time::Duration;

use super::super::paging::{Next, Step, gather};
use super::super::payload::Partial;
use super::super::protocol::{Event, Pending, RetryCause, now};
use super::super::queue::Job;
use super::super::resource::Resource;
use super::state::{ARRIVING_ROWS, FIRST_WINDOW, MAX_PAGES, MAX_THROTTLES, Worker};
use crate::api::ApiError;

impl Worker {
    pub(super) fn finish(&mut self, resource: Resource, result: Result<Step, ApiError>) {
        let Some(mut job) = self.in_flight.remove(&resource) else {
            return;
        };
        let family = resource.endpoint();
        let now = now();
        if let Some(sent) = job.sent_at.take() {
            for _ in 0..job.slots {
                self.budget.answered(family, sent, now);
            }
        }
        match result {
            Ok(step) => {
                self.budget.succeeded(family);
                self.say_permissions();
                job.attempt = 0;
                job.throttles = 0;
                // Pages asked at once count one each against the cap on a list's pages.
                job.pages += match &step {
                    Step::Page(page, _) => page.pages() as u32,
                    Step::Done(_) => 1,
                };
                let payload = match step {
                    Step::Done(payload) => payload,
                    Step::Page(page, next) if job.stream => {
                        self.streamed(resource, job, page, next);
                        return;
                    }
                    Step::Page(page, next) => {
                        gather(&mut job.partial, page);
                        if next.is_some() && job.pages >= MAX_PAGES {
                            self.failed(
                                resource,
                                ApiError::TooManyPages { pages: job.pages },
                                job.origins,
                            );
                            return;
                        }
                        if next.is_some() {
                            if job.origins.is_empty() {
                                // Nobody waits for the rest: what was gathered is part of a
                                // list and must never be cached as the whole of it.
                                tracing::debug!(%resource, "dropped a list left mid-paging");
                                return;
                            }
                            self.say_arriving(&resource, &job);
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
                // A secret (a package's link) is handed over, never kept or shared — and one
                // asked for a download goes to it alone.
                if resource.is_secret() {
                    job.origins = self.link_came(&resource, &payload, job.origins);
                    if job.origins.is_empty() {
                        return;
                    }
                } else {
                    self.cache.insert(resource.clone(), (payload.clone(), now));
                    self.team_share(&resource, &payload);
                }
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
                    let error = ApiError::TooLarge { limit, url: None };
                    self.failed(resource, error, job.origins);
                    return;
                }
                let skip = job.streamed + job.partial.as_ref().map_or(0, |p| p.count());
                tracing::info!(%resource, top, skip, "page over the body cap: asking in windows");
                job.next = Some(Next::Window {
                    url,
                    top,
                    skip,
                    count: 1,
                });
                self.requeue(job);
            }
            Err(error @ ApiError::Throttled { .. }) if job.throttles >= MAX_THROTTLES => {
                // A server that only ever answers 429 is not going to let this through: say
                // so rather than wait for ever (the analyst can press r to try again).
                tracing::warn!(%resource, "throttled {} times in a row: {error}", job.throttles);
                self.failed(resource, error, job.origins);
            }
            Err(ApiError::Throttled {
                retry_after,
                message,
            }) => {
                // Nothing is lost: the call waits out the block and goes again.
                job.throttles += 1;
                let until = self.budget.throttled(family, retry_after, now);
                self.team_block(family, until);
                tracing::warn!(endpoint = family.name(), ?retry_after, "throttled");
                job.announced_wait = Some(until);
                // What the API said (Graph's CPU quota names its cycle), for whoever waits.
                self.emit(Event::Throttled {
                    resource: resource.clone(),
                    message,
                    until,
                });
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
                self.failed(resource, error, job.origins);
            }
        }
    }

    /// A streamed page goes to whoever waits, as it is, and is not kept; the next is asked
    /// while someone still waits. Nothing of a stream is cached: no one holds it whole.
    fn streamed(&mut self, resource: Resource, mut job: Job, page: Partial, next: Option<Next>) {
        if job.origins.is_empty() {
            tracing::debug!(%resource, "dropped a stream nobody reads");
            return;
        }
        job.streamed += page.count();
        let last = next.is_none();
        self.emit(Event::Page {
            resource: resource.clone(),
            page: page.into_payload(),
            last,
        });
        if last {
            return;
        }
        if job.pages >= MAX_PAGES {
            let error = ApiError::TooManyPages { pages: job.pages };
            self.failed(resource, error, job.origins);
            return;
        }
        job.next = next;
        self.parked.insert(resource, job);
    }

    /// Shows the first rows of a long list while the rest is on its way, as long as they are
    /// few enough that the copy costs little (with 10,000 a page: the first page alone).
    fn say_arriving(&self, resource: &Resource, job: &Job) {
        let Some(partial) = job.partial.as_ref() else {
            return;
        };
        if partial.count() > ARRIVING_ROWS {
            return;
        }
        self.emit(Event::Arriving {
            resource: resource.clone(),
            payload: partial.so_far(),
            origins: job.origins.clone(),
        });
    }

    /// Stops the calls in flight that may be stopped and that nobody waits for any more (a
    /// hunt whose view was left: Graph's CPU quota is the tenant's): their slots count as
    /// answered now, nothing is cached.
    pub(super) fn abort_unwanted(&mut self) {
        let unwanted: Vec<Resource> = self
            .in_flight
            .iter()
            .filter(|(_, job)| job.origins.is_empty() && job.abort.is_some())
            .map(|(r, _)| r.clone())
            .collect();
        for resource in unwanted {
            if let Some(mut job) = self.in_flight.remove(&resource) {
                if let Some(abort) = job.abort.take() {
                    abort.abort();
                }
                if let Some(sent) = job.sent_at.take() {
                    self.budget.answered(resource.endpoint(), sent, now());
                }
                tracing::info!(%resource, "stopped: nobody waits for it");
            }
        }
    }

    /// `resource` cannot be had: whoever waits for it hears why.
    fn failed(
        &mut self,
        resource: Resource,
        error: ApiError,
        origins: Vec<super::super::protocol::Origin>,
    ) {
        self.link_failed(&resource, &error);
        self.emit(Event::Failed {
            resource,
            error,
            origins,
        });
    }

    /// Once, after the first answer: what the token it went with may do — for client
    /// credentials, the first moment it is known.
    fn say_permissions(&mut self) {
        if self.permissions_said {
            return;
        }
        if let Some(permissions) = self.client.tokens().held_permissions() {
            self.permissions_said = true;
            self.emit(Event::Permissions(permissions));
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
}
