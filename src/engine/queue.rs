//! Requests waiting for the budget, in priority order (interactive first, then oldest first).

use std::time::Instant;

use super::paging::Next;
use super::payload::Partial;
use super::protocol::{Origin, Priority};
use super::resource::Resource;

#[derive(Debug)]
pub struct Job {
    pub resource: Resource,
    pub priority: Priority,
    pub origins: Vec<Origin>,
    pub seq: u64,
    /// Retries of a transient failure so far.
    pub attempt: u32,
    pub not_before: Option<Instant>,
    /// Pages gathered so far and the link to the next.
    pub partial: Option<Partial>,
    pub next: Option<Next>,
    pub auth_retried: bool,
    /// 429s in a row for this request.
    pub throttles: u32,
    /// Pages fetched so far.
    pub pages: u32,
    /// Said page by page and never gathered or kept (a [`super::Request::Stream`]).
    pub stream: bool,
    /// Items said so far, when streamed: where a window goes on from.
    pub streamed: usize,
    /// The team's shared answers were asked already.
    pub looked_up: bool,
    /// Drop the cached token before the next call (set after a 401).
    pub renew_token: bool,
    /// The last wait announced for this job, so a wait is announced once.
    pub announced_wait: Option<Instant>,
    /// When its call went, by this process's own budget (its slot counts from the answer).
    pub sent_at: Option<Instant>,
    /// Calls its step makes, each a slot of the budget: more than one when the rest of a long
    /// list is asked in windows at once.
    pub slots: usize,
    /// Stops its call midway (a hunt nobody waits for any more).
    pub abort: Option<tokio::task::AbortHandle>,
}

impl Job {
    pub fn new(resource: Resource, priority: Priority, origin: Origin, seq: u64) -> Self {
        Self {
            resource,
            priority,
            origins: vec![origin],
            seq,
            attempt: 0,
            not_before: None,
            partial: None,
            next: None,
            auth_retried: false,
            throttles: 0,
            pages: 0,
            stream: false,
            streamed: 0,
            looked_up: false,
            renew_token: false,
            announced_wait: None,
            sent_at: None,
            slots: 1,
            abort: None,
        }
    }

    pub fn join(&mut self, origin: Origin, priority: Priority) {
        if !self.origins.contains(&origin) {
            self.origins.push(origin);
        }
        self.priority = self.priority.max(priority);
    }
}

#[derive(Debug, Default)]
pub struct Queue {
    jobs: Vec<Job>,
}

impl Queue {
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Drops every job unsent.
    pub fn clear(&mut self) {
        self.jobs.clear();
    }

    /// The job for `resource` said the same way (page by page, or whole).
    pub fn find(&mut self, resource: &Resource, stream: bool) -> Option<&mut Job> {
        self.jobs
            .iter_mut()
            .find(|j| &j.resource == resource && j.stream == stream)
    }

    pub fn push(&mut self, job: Job) {
        self.jobs.push(job);
    }

    /// Forgets `origin`; jobs nobody else wants are dropped unsent.
    pub fn cancel(&mut self, origin: Origin) -> Vec<Resource> {
        let mut dropped = Vec::new();
        self.jobs.retain_mut(|job| {
            job.origins.retain(|o| *o != origin);
            let keep = !job.origins.is_empty();
            if !keep {
                dropped.push(job.resource.clone());
            }
            keep
        });
        dropped
    }

    /// Puts the jobs in the order they should go: interactive first, then oldest first.
    /// Taking a job keeps the order, so one sort serves a whole dispatch pass.
    pub fn sort(&mut self) {
        self.jobs
            .sort_by(|a, b| b.priority.cmp(&a.priority).then(a.seq.cmp(&b.seq)));
    }

    pub fn get_mut(&mut self, index: usize) -> &mut Job {
        &mut self.jobs[index]
    }

    pub fn take(&mut self, index: usize) -> Job {
        self.jobs.remove(index)
    }

    /// Returns a job taken from `index` to its place.
    pub fn put_back(&mut self, index: usize, job: Job) {
        self.jobs.insert(index.min(self.jobs.len()), job);
    }
}
