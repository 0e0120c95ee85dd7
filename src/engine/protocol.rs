//! The engine's vocabulary: what goes in (commands), what comes out (events), and how it is
//! set up. Shared by the loop, its queue and everyone who talks to it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::budget::{BudgetSnapshot, Limits, Spans};
use super::change::{Change, ChangeResult};
use super::payload::Payload;
use super::resource::Resource;
use super::team::TeamConfig;
use super::writes::audit::AuditConfig;
use crate::api::model::Alert;
use crate::api::{AlertId, AlertUpdate, ApiError, Endpoint};

/// The engine's clock: tokio's, so tests with paused time move it, as a plain `Instant` so
/// that nothing above the engine needs tokio to read its events.
pub fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Who asked: a view's id, so that leaving the view can cancel what it queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(pub u64);

impl Origin {
    /// The engine's own downloads: no view cancels them by leaving.
    pub const DOWNLOADS: Self = Self(u64::MAX);
}

/// What the analyst just asked for goes before prefetch and off-screen refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    Background,
    Interactive,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Fetch `resource`, from the cache when fresh unless `refresh`.
    Fetch {
        resource: Resource,
        priority: Priority,
        origin: Origin,
        refresh: bool,
    },
    /// Fetch the list `resource` page by page for `origin`: each page is said as it arrives
    /// ([`Event::Page`]) and none is kept, so whoever prints it holds one page at a time (a
    /// one-shot over 100,000 alerts). An answer already whole — cached, shared by the team,
    /// or a call already made for the same list — comes as [`Event::Fetched`].
    Stream { resource: Resource, origin: Origin },
    /// The reader of a stream took its last page: ask the next (one ahead of what it prints).
    More { resource: Resource },
    /// Drop every queued request that only `origin` wanted.
    Cancel { origin: Origin },
    /// Apply `update` to every alert in `targets` (never cancelled: a write the analyst
    /// confirmed goes through, whatever view they move on to).
    Write {
        id: WriteId,
        targets: Vec<WriteTarget>,
        update: AlertUpdate,
        origin: Origin,
    },
    /// Make one change to something other than alerts (an indicator): audited ahead, sent
    /// once, read back when its answer leaves the effect unknown, like a write to alerts.
    Change {
        id: WriteId,
        change: Change,
        origin: Origin,
    },
    /// Save a succeeded collection's investigation package to `path`: its link asked through
    /// the budget and kept inside the engine, the file fetched beside the calls, its progress
    /// told in [`Event::Download`]. Not cancelled by leaving a view; stopping drops it (and
    /// its part file).
    Download { action: String, path: PathBuf },
    /// Stop: send nothing more, settle (and audit) what waits as not sent, let the calls in
    /// flight finish, then say [`Event::Stopped`].
    Shutdown,
}

/// An alert to write, and how it read before (for the audit log and the read-back).
#[derive(Debug, Clone, PartialEq)]
pub struct WriteTarget {
    pub alert: AlertId,
    /// `None` when not known.
    pub before: Option<Alert>,
}

impl WriteTarget {
    pub fn unknown(alert: AlertId) -> Self {
        Self {
            alert,
            before: None,
        }
    }
}

/// Names a write, so its outcome finds the confirmation that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WriteId(pub u64);

/// What became of a write: the alerts it changed (with the server's copy where the API
/// answered with one), those it could not change and why, and what happened on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOutcome {
    pub id: WriteId,
    pub origin: Origin,
    /// Alerts the write was asked for.
    pub total: usize,
    /// The update as finally sent (its determination may be in the other spelling).
    pub update: AlertUpdate,
    /// The alerts as the API returned them (PATCH, or read back).
    pub answers: Vec<Alert>,
    pub done: Vec<AlertId>,
    pub failed: Vec<(AlertId, ApiError)>,
    /// Alerts whose write may or may not have taken effect, and what to check.
    pub uncertain: Vec<(AlertId, String)>,
    pub notes: Vec<String>,
}

/// What became of a [`Request::Change`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeOutcome {
    pub id: WriteId,
    pub origin: Origin,
    pub change: Change,
    pub result: ChangeResult,
    pub notes: Vec<String>,
}

/// Why a request is being tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryCause {
    /// The server did not answer in time.
    Timeout,
    /// The server answered with a 5xx.
    ServerError,
    /// The connection failed.
    Network,
}

/// Where a request stands, for the pane that waits on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Queued,
    WaitingForBudget {
        until: Instant,
    },
    InFlight,
    Retrying {
        attempt: u32,
        at: Instant,
        cause: RetryCause,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Fetched {
        resource: Resource,
        payload: Payload,
        fetched_at: Instant,
        origins: Vec<Origin>,
    },
    Failed {
        resource: Resource,
        error: ApiError,
        origins: Vec<Origin>,
    },
    /// The rows of a long list gathered so far (while they are few; see
    /// `worker::state::ARRIVING_ROWS`), its later pages on their way: shown, never cached. A
    /// `Fetched` with the whole list follows, or a `Failed`.
    Arriving {
        resource: Resource,
        payload: Payload,
        origins: Vec<Origin>,
    },
    /// One page of a [`Request::Stream`], in the list's order; `last` when no page follows.
    Page {
        resource: Resource,
        page: Payload,
        last: bool,
    },
    Pending {
        resource: Resource,
        state: Pending,
    },
    Budget(BudgetStatus),
    /// The API answered 429 for `resource`: what it said, and when it is asked again.
    Throttled {
        resource: Resource,
        message: String,
        until: Instant,
    },
    /// A write is finished, every alert of it done or failed.
    Written(WriteOutcome),
    /// A change is finished: done, failed or uncertain.
    Changed(Box<ChangeOutcome>),
    /// A write of many alerts is under way: how many are settled so far.
    WriteProgress {
        id: WriteId,
        settled: usize,
        total: usize,
    },
    /// What the sign-in may do (its token's `roles` or `scp`), said once the first call
    /// has gone through with it.
    Permissions(Vec<String>),
    /// A package download moved on: asked, saving, saved or failed.
    Download(DownloadReport),
    /// After [`Request::Shutdown`]: every write is settled and audited, the engine is done.
    Stopped,
}

/// Where a [`Request::Download`] stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadReport {
    pub action: String,
    pub path: PathBuf,
    pub state: DownloadState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadState {
    /// The package's link is being asked for (it may wait on its 2-a-minute allowance).
    Asking,
    /// Bytes saved so far, of the total when the server said.
    Saving { saved: u64, total: Option<u64> },
    /// Whole, in place: its size.
    Saved { bytes: u64 },
    /// Why not; nothing is left under the name.
    Failed(String),
}

/// The budget as the status bar shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetStatus {
    pub snapshot: BudgetSnapshot<Endpoint>,
    pub queued: usize,
    pub in_flight: usize,
    /// When the next queued call may go, while calls wait on the budget.
    pub next_slot: Option<Instant>,
    /// Calls made at background priority (prefetch) so far, counted apart.
    pub prefetched: u64,
    /// The team's budget, when one is configured.
    pub team: Option<TeamStatus>,
    /// A write waiting for its family's budget.
    pub write_wait: Option<WriteWait>,
}

/// A write waits on its family's windows: which, how full its minute is, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteWait {
    pub family: Endpoint,
    pub used: u32,
    pub per_minute: u32,
    pub until: Instant,
}

/// The team's budget as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamStatus {
    /// Whether the store answers; when not, this process uses its own windows.
    pub joined: bool,
    /// Why not, while not.
    pub problem: Option<String>,
    /// The token names no tenant or app: the team's keys are the opaque token's.
    pub opaque: bool,
    /// The team's calls in the tightest API's minute and hour windows, as last seen.
    pub minute: u32,
    pub hour: u32,
}

#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub limits: Limits,
    pub cache_ttl: Duration,
    /// Calls in flight at once; more wait in the queue.
    pub max_in_flight: usize,
    /// Attempts after the first for timeouts, 5xx and connection errors.
    pub max_retries: u32,
    pub retry_base: Duration,
    /// The windows' lengths (a minute and an hour; shorter only in tests).
    pub spans: Spans,
    /// A budget shared with the team through Redis; `None`: this process's own.
    pub team: Option<TeamConfig>,
    /// `alerts/batchUpdate` has an allowance of its own.
    pub batch_limits: Limits,
    /// So has Graph's hunting.
    pub hunt_limits: Limits,
    /// Alerts per `batchUpdate` call.
    pub batch_size: usize,
    /// The audit log of writes; without one, writes are refused.
    pub audit: Option<AuditConfig>,
    /// How long a write whose call timed out is given to land before it is read back.
    pub write_settle: Duration,
    /// Background requests (prefetch) go only while an API's windows are below these shares
    /// of their limits: they spend headroom, never the analyst's budget.
    pub headroom: Headroom,
}

/// Graph's hunting allowance by default: 45 calls a minute per tenant (`mde-api.md` §14);
/// Graph documents no hourly figure, so the hour allows every minute's.
pub const HUNT_LIMITS: Limits = Limits {
    per_minute: 45,
    per_hour: 45 * 60,
};

/// The shares of the minute and hour windows below which background work may spend calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Headroom {
    pub minute: f64,
    pub hour: f64,
}

impl Default for Headroom {
    fn default() -> Self {
        Self {
            minute: 0.5,
            hour: 0.7,
        }
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            cache_ttl: Duration::from_secs(300),
            max_in_flight: 6,
            max_retries: 3,
            retry_base: Duration::from_millis(500),
            headroom: Headroom::default(),
            batch_limits: Limits {
                per_minute: 10,
                per_hour: 500,
            },
            hunt_limits: HUNT_LIMITS,
            batch_size: 50,
            audit: None,
            write_settle: Duration::from_secs(5),
            spans: Spans::default(),
            team: None,
        }
    }
}
