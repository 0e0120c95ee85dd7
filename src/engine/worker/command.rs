//! What the worker does with a request from the app or a one-shot: answer from the cache,
//! join a call already made, queue a call, start a write or a download, cancel, stop.

use super::super::protocol::{Event, Origin, Pending, Priority, Request, now};
use super::super::queue::Job;
use super::super::resource::Resource;
use super::super::writes::Finished;
use super::state::Worker;

impl Worker {
    pub(super) fn command(&mut self, command: Request) {
        match command {
            Request::Fetch {
                resource,
                priority,
                origin,
                refresh,
            } => self.fetch(resource, priority, origin, refresh, false),
            Request::Stream { resource, origin } => {
                self.fetch(resource, Priority::Interactive, origin, false, true);
            }
            Request::More { resource } => {
                if let Some(job) = self.parked.remove(&resource) {
                    self.requeue(job);
                }
            }
            Request::Write {
                id,
                targets,
                update,
                origin,
            } => {
                let refused =
                    self.writes
                        .start(id, targets, update, origin, self.config.batch_size);
                if let Some(outcome) = refused {
                    self.written(Finished::Alerts(outcome));
                }
            }
            Request::Change { id, change, origin } => {
                if let Some(outcome) = self.writes.start_change(id, change, origin) {
                    self.written(Finished::Change(outcome));
                }
            }
            Request::Download { action, path } => self.download(action, path),
            Request::Shutdown => {
                self.stopping = true;
                self.queue.clear();
                self.parked.clear();
                for outcome in self.writes.stop() {
                    self.written(outcome);
                }
            }
            Request::Cancel { origin } => {
                let dropped = self.queue.cancel(origin);
                if !dropped.is_empty() {
                    tracing::debug!("cancelled {} queued requests", dropped.len());
                }
                for job in self.in_flight.values_mut() {
                    job.origins.retain(|o| *o != origin);
                }
                self.parked.retain(|_, job| {
                    job.origins.retain(|o| *o != origin);
                    !job.origins.is_empty()
                });
                self.abort_unwanted();
            }
        }
    }

    /// A fresh cached answer at once; else a call, joined to one already made or queued for
    /// the same resource and said the same way (single flight). A list being streamed and
    /// the same list asked whole are two calls: the one waits for the other's slot.
    fn fetch(
        &mut self,
        resource: Resource,
        priority: Priority,
        origin: Origin,
        refresh: bool,
        stream: bool,
    ) {
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
        if let Some(job) = self.in_flight.get_mut(&resource)
            && job.stream == stream
        {
            job.join(origin, priority);
            return;
        }
        if let Some(job) = self.queue.find(&resource, stream) {
            job.join(origin, priority);
            return;
        }
        self.seq += 1;
        self.emit(Event::Pending {
            resource: resource.clone(),
            state: Pending::Queued,
        });
        let mut job = Job::new(resource, priority, origin, self.seq);
        job.stream = stream;
        // `r` asks the API itself, never the team's shared answer.
        job.looked_up = refresh;
        self.queue.push(job);
    }
}
