//! How a simulator is set up: the app registration it accepts, its limits, latency, faults.

use std::fmt;
use std::time::Duration;

use super::faults::Faults;
use crate::engine::budget::Limits;

/// The app registration the simulator accepts.
#[derive(Clone)]
pub struct SimCredentials {
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
}

impl SimCredentials {
    /// The demo's well-known registration: printed on start, useless anywhere else.
    pub fn demo(tenant_id: &str) -> Self {
        Self {
            tenant_id: tenant_id.to_owned(),
            client_id: "0d3c9a5e-demo-4b1f-8c2a-6e7f0a1b2c3d".to_owned(),
            client_secret: "demo-secret-not-for-production".to_owned(),
        }
    }
}

impl fmt::Debug for SimCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SimCredentials(tenant {}, client {}, secret …)",
            self.tenant_id, self.client_id
        )
    }
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub credentials: SimCredentials,
    pub limits: Limits,
    pub token_lifetime: Duration,
    /// A bearer token accepted forever, for scripts and curl.
    pub fixed_token: Option<String>,
    pub latency: Duration,
    pub jitter: Duration,
    pub faults: Faults,
    /// How long a hung call waits before answering (past any client timeout).
    pub hang_for: Duration,
    /// Items per page before a nextLink (the real API: 10,000).
    pub page_size: usize,
    /// The app's roles; `None` grants every role.
    pub roles: Option<Vec<String>>,
    pub seed: u64,
    /// The windows' lengths (a minute and an hour; shorter only in tests).
    pub spans: crate::engine::budget::Spans,
    /// `alerts/batchUpdate`'s own allowance (the real API: 10 a minute, 500 an hour).
    pub batch_limits: Limits,
    /// Determination spellings refused as invalid, to play an API that knows only one of
    /// the two documented vocabularies (none by default: both are accepted).
    pub refused_spellings: Vec<String>,
    /// A new alert arrives this often (the demo: a tenant that is alive); `None`: never.
    pub new_alert_every: Option<Duration>,
    /// How every write (PATCH, batchUpdate) misbehaves, for the write path's tests.
    pub write_fault: Option<WriteFault>,
    /// How long a response action stays `Pending`, then `InProgress`, before it succeeds
    /// (3 s: the explorer's first look, 5 s after sending, finds it in progress).
    pub action_stage: Duration,
    /// Graph's application roles; `None` grants `ThreatHunting.Read.All`.
    pub graph_roles: Option<Vec<String>>,
    /// Graph's hunting allowance (per tenant: 45 a minute).
    pub hunt_limits: Limits,
    /// The CPU quota ran out: this many hunts are refused with a 429 naming the cycle, whose
    /// end is this many seconds away.
    pub hunt_cpu_refusals: Option<(u32, u64)>,
}

/// A write that goes wrong in a way a production API has been seen to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteFault {
    /// Answered 500, and not applied.
    FailUnapplied,
    /// Applied after this long (a caller that gave up before then never hears), then answered.
    CommitLate(Duration),
    /// Answered 429 with this `Retry-After` (seconds), always.
    Throttle(u64),
}

impl SimConfig {
    pub fn new(tenant_id: &str) -> Self {
        Self {
            credentials: SimCredentials::demo(tenant_id),
            limits: Limits::default(),
            token_lifetime: Duration::from_secs(3599),
            fixed_token: None,
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            faults: Faults::none(),
            hang_for: Duration::from_secs(3600),
            page_size: 10_000,
            roles: None,
            seed: 42,
            batch_limits: Limits {
                per_minute: 10,
                per_hour: 500,
            },
            refused_spellings: Vec::new(),
            new_alert_every: None,
            write_fault: None,
            action_stage: Duration::from_secs(3),
            graph_roles: None,
            hunt_limits: crate::engine::HUNT_LIMITS,
            hunt_cpu_refusals: None,
            spans: crate::engine::budget::Spans::default(),
        }
    }
}
