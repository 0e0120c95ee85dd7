//! The worker's state: what it owns and the bounds it keeps.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::super::budget::Budget;
use super::super::paging::Step;
use super::super::payload::Payload;
use super::super::protocol::{BudgetStatus, EngineConfig, Event};
use super::super::queue::{Job, Queue};
use super::super::resource::Resource;
use super::super::writes::Writes;
use crate::api::{ApiError, Client, Endpoint};

/// Pages one list may take: at 10,000 items a page, a million items. Past that a next link is
/// far more likely a server fault (or an attack) than a list anyone reads.
pub(super) const MAX_PAGES: u32 = 100;

/// The window a list falls back to when a page of it is over the body cap (the API's pages
/// hold 10,000): a quarter, then halves of that.
pub(super) const FIRST_WINDOW: usize = 2_500;

/// Windows of a long list asked at once: enough that a list of a few pages arrives in about
/// one round trip after its first, few enough that the calls past its end are few.
pub(super) const WINDOWS_AT_ONCE: usize = 4;

/// Rows of a long list shown before it is whole: its first page at the API's 10,000 a page.
/// A copy of what was gathered goes to the explorer, so more would cost memory for little.
pub(super) const ARRIVING_ROWS: usize = 10_000;

/// How often background work held back for headroom looks again.
pub(super) const HEADROOM_RECHECK: Duration = Duration::from_secs(5);

/// 429s in a row that one request sits out before it is reported as failed.
pub(super) use crate::engine::budget::MAX_THROTTLES;

pub(super) struct Worker {
    pub(super) client: Client,
    pub(super) config: EngineConfig,
    pub(super) events: mpsc::UnboundedSender<Event>,
    pub(super) budget: Budget<Endpoint>,
    pub(super) queue: Queue,
    pub(super) in_flight: HashMap<Resource, Job>,
    /// Streams whose last page was said and not yet taken: the next is asked when the reader
    /// takes it ([`crate::engine::Request::More`]), so a slow reader holds two pages at most.
    pub(super) parked: HashMap<Resource, Job>,
    pub(super) cache: HashMap<Resource, (Payload, Instant)>,
    pub(super) tasks: JoinSet<(Resource, Result<Step, ApiError>)>,
    pub(super) seq: u64,
    pub(super) last_status: Option<BudgetStatus>,
    /// Calls made at background priority.
    pub(super) prefetched: u64,
    pub(super) writes: Writes,
    pub(super) team: Option<super::team_state::TeamState>,
    /// The sign-in's permissions have been said (see `finish`).
    pub(super) permissions_said: bool,
    /// Packages being saved, and those waiting for their link.
    pub(super) downloads: Downloads,
    /// Shutting down: no new calls, the writes in flight finished and audited, then out.
    pub(super) stopping: bool,
}

/// Package downloads (see `download`): the files waiting for each action's link, and the
/// tasks saving them.
#[derive(Default)]
pub(super) struct Downloads {
    pub(super) waiting: HashMap<String, Vec<std::path::PathBuf>>,
    pub(super) tasks: JoinSet<()>,
}
