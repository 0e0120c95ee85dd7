//! The rate budget: sliding windows per API family.
//!
//! Defender counts 100 calls per minute and 1,500 per hour for each API, per app and tenant.
//! A call may go only when every window of its family has room; a 429 blocks the family until
//! its `Retry-After`. The same code limits the simulator, so both sides agree on what a window is.
//! Time is passed in (tokio's clock), so tests with paused time see exact figures.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

pub const MINUTE: Duration = Duration::from_secs(60);
pub const HOUR: Duration = Duration::from_secs(3600);
/// 429s in a row after which a request (read or write) is reported, not retried.
pub const MAX_THROTTLES: u32 = 8;

/// How long the two windows are: a minute and an hour, except in tests that cannot wait
/// minutes of real time (the team budget's, against a real Redis).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spans {
    pub minute: Duration,
    pub hour: Duration,
}

impl Default for Spans {
    fn default() -> Self {
        Self {
            minute: MINUTE,
            hour: HOUR,
        }
    }
}

/// Calls allowed per window; the defaults are Defender's documented limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_minute: u32,
    pub per_hour: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_minute: 100,
            per_hour: 1500,
        }
    }
}

/// A sliding window: the send times of the calls made within the last `span`.
#[derive(Debug, Clone)]
pub struct Window {
    limit: u32,
    span: Duration,
    sent: VecDeque<Instant>,
}

impl Window {
    pub fn new(limit: u32, span: Duration) -> Self {
        Self {
            // A zero limit is refused at start-up; should one get here all the same, one call
            // a window is the least that never divides the world by zero.
            limit: limit.max(1),
            span,
            sent: VecDeque::new(),
        }
    }

    fn prune(&mut self, now: Instant) {
        while self
            .sent
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= self.span)
        {
            self.sent.pop_front();
        }
    }

    pub fn used(&mut self, now: Instant) -> u32 {
        self.prune(now);
        self.sent.len() as u32
    }

    /// `None` when a call may go now, or when the oldest call leaves the window.
    pub fn free_at(&mut self, now: Instant) -> Option<Instant> {
        self.prune(now);
        if (self.sent.len() as u32) < self.limit {
            return None;
        }
        // Full: the call that frees a slot is the one `limit` places from the end.
        let idx = self.sent.len() - self.limit as usize;
        Some(self.sent[idx] + self.span)
    }

    pub fn span(&self) -> Duration {
        self.span
    }

    pub fn record(&mut self, now: Instant) {
        self.sent.push_back(now);
    }

    /// The call sent at `sent` was answered at `now`: it counts from then. The server counts
    /// a call from when it arrives, which is after it was sent (a burst of new connections
    /// can take a while) and before it is answered, so a slot freed here is free there too.
    fn answered(&mut self, sent: Instant, now: Instant) {
        if let Some(i) = self.sent.iter().rposition(|&t| t == sent) {
            self.sent.remove(i);
            let at = self.sent.partition_point(|&t| t <= now);
            self.sent.insert(at, now);
        }
    }
}

#[derive(Debug, Clone)]
struct Family {
    minute: Window,
    hour: Window,
    blocked_until: Option<Instant>,
    /// Consecutive 429s, for backing off when the server gives no `Retry-After`.
    strikes: u32,
}

impl Family {
    fn new(limits: Limits, spans: Spans) -> Self {
        Self {
            minute: Window::new(limits.per_minute, spans.minute),
            hour: Window::new(limits.per_hour, spans.hour),
            blocked_until: None,
            strikes: 0,
        }
    }

    fn ready_at(&mut self, now: Instant) -> Option<Instant> {
        let block = self.blocked_until.filter(|&t| t > now);
        [block, self.minute.free_at(now), self.hour.free_at(now)]
            .into_iter()
            .flatten()
            .max()
    }
}

/// Usage of one family, for the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowUse {
    pub used: u32,
    pub limit: u32,
}

impl WindowUse {
    pub fn left(&self) -> u32 {
        self.limit.saturating_sub(self.used)
    }

    /// How full the window is, 0.0 to 1.0.
    pub fn fill(&self) -> f64 {
        if self.limit == 0 {
            1.0
        } else {
            f64::from(self.used) / f64::from(self.limit)
        }
    }
}

/// What the status bar shows: the family nearest its limit, all calls in total, and when the
/// next slot frees if anything is waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetSnapshot<F> {
    pub tightest: Option<F>,
    pub minute: WindowUse,
    pub hour: WindowUse,
    pub total_minute: u32,
    pub total_hour: u32,
    pub blocked_until: Option<Duration>,
}

/// Sliding windows per family `F` (an endpoint for the client, a route for the simulator).
#[derive(Debug, Clone)]
pub struct Budget<F: Ord + Copy> {
    limits: Limits,
    spans: Spans,
    /// Families with an allowance of their own (batch updates: 10 a minute).
    overrides: BTreeMap<F, Limits>,
    families: BTreeMap<F, Family>,
}

impl<F: Ord + Copy> Budget<F> {
    pub fn new(limits: Limits) -> Self {
        Self::with_spans(limits, Spans::default())
    }

    pub fn with_spans(limits: Limits, spans: Spans) -> Self {
        Self {
            limits,
            spans,
            overrides: BTreeMap::new(),
            families: BTreeMap::new(),
        }
    }

    /// The limits `family` is held to: its own, else the common ones.
    pub fn limits_of(&self, family: F) -> Limits {
        self.overrides.get(&family).copied().unwrap_or(self.limits)
    }

    /// Gives `family` limits of its own.
    pub fn set_limits(&mut self, family: F, limits: Limits) {
        self.overrides.insert(family, limits);
        self.families.remove(&family);
    }

    fn family(&mut self, family: F) -> &mut Family {
        let limits = self.limits_of(family);
        let spans = self.spans;
        self.families
            .entry(family)
            .or_insert_with(|| Family::new(limits, spans))
    }

    /// Takes a slot if every window has room; otherwise says when to try again.
    pub fn try_acquire(&mut self, family: F, now: Instant) -> Result<(), Instant> {
        let fam = self.family(family);
        match fam.ready_at(now) {
            Some(at) => Err(at),
            None => {
                fam.minute.record(now);
                fam.hour.record(now);
                Ok(())
            }
        }
    }

    /// A call of `family` sent at `sent` was answered (or given up on) at `now`: its slot
    /// is held from then, as the server's window holds it at least that long.
    pub fn answered(&mut self, family: F, sent: Instant, now: Instant) {
        let fam = self.family(family);
        fam.minute.answered(sent, now);
        fam.hour.answered(sent, now);
    }

    /// A 429: nothing of `family` goes before `retry_after`, or, when the server named no
    /// usable time, before an exponential backoff (2 s, 4 s, … capped at a minute). No server
    /// can block a family for longer than the hour window, nor ask for an immediate hammering.
    pub fn throttled(&mut self, family: F, retry_after: Option<Duration>, now: Instant) -> Instant {
        let fam = self.family(family);
        fam.strikes = fam.strikes.saturating_add(1);
        let backoff = Duration::from_secs(1 << fam.strikes.min(6)).min(MINUTE);
        let longest = fam.hour.span();
        let wait = retry_after
            .filter(|w| !w.is_zero())
            .unwrap_or(backoff)
            .min(longest);
        let until = fam.blocked_until.map_or(now + wait, |b| b.max(now + wait));
        fam.blocked_until = Some(until);
        until
    }

    /// The family's minute window: its calls and limit.
    pub fn minute_use(&mut self, family: F, now: Instant) -> (u32, u32) {
        let fam = self.family(family);
        (fam.minute.used(now), fam.minute.limit)
    }

    /// How full the family's minute and hour windows are, 0.0 to 1.0 each.
    pub fn fill(&mut self, family: F, now: Instant) -> (f64, f64) {
        let fam = self.family(family);
        let share = |used: u32, limit: u32| f64::from(used) / f64::from(limit.max(1));
        (
            share(fam.minute.used(now), fam.minute.limit),
            share(fam.hour.used(now), fam.hour.limit),
        )
    }

    /// Counts a call the team's budget admitted: this process's own share ("you").
    pub fn record(&mut self, family: F, now: Instant) {
        let fam = self.family(family);
        fam.minute.record(now);
        fam.hour.record(now);
    }

    /// A call went through: the family is no longer backing off.
    pub fn succeeded(&mut self, family: F) {
        self.family(family).strikes = 0;
    }

    pub fn snapshot(&mut self, now: Instant) -> BudgetSnapshot<F> {
        let limits = self.limits;
        let mut tightest: Option<(F, WindowUse, WindowUse)> = None;
        let (mut total_minute, mut total_hour) = (0, 0);
        let mut blocked: Option<Instant> = None;
        for (&name, fam) in &mut self.families {
            // A family with an allowance of its own (batchUpdate, a package's link, Graph's
            // hunting) is measured against it, not the common one.
            let own = self.overrides.get(&name).copied().unwrap_or(limits);
            let minute = WindowUse {
                used: fam.minute.used(now),
                limit: own.per_minute,
            };
            let hour = WindowUse {
                used: fam.hour.used(now),
                limit: own.per_hour,
            };
            total_minute += minute.used;
            total_hour += hour.used;
            if let Some(at) = fam.ready_at(now) {
                blocked = Some(blocked.map_or(at, |b| b.min(at)));
            }
            let pressure = minute.fill().max(hour.fill());
            if tightest
                .as_ref()
                .is_none_or(|(_, m, h)| pressure > m.fill().max(h.fill()))
            {
                tightest = Some((name, minute, hour));
            }
        }
        let empty = |limit| WindowUse { used: 0, limit };
        BudgetSnapshot {
            tightest: tightest.map(|(f, _, _)| f),
            minute: tightest.map_or(empty(limits.per_minute), |(_, m, _)| m),
            hour: tightest.map_or(empty(limits.per_hour), |(_, _, h)| h),
            total_minute,
            total_hour,
            blocked_until: blocked.map(|b| b.saturating_duration_since(now)),
        }
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
