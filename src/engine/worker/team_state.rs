//! What the worker keeps of the team's store: the connection (while it answers), the team's
//! usage as last seen, and the calls to the store under way.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::super::protocol::now;
use super::super::resource::Resource;
use super::super::team::{Taken, Team, TeamConfig};
use super::super::writes::Step;
use crate::api::Endpoint;

/// How long a lost store rests before it is tried again: 3 s, doubling while it keeps
/// failing, up to a minute.
pub(super) const RETRY_FIRST: Duration = Duration::from_secs(3);
pub(super) const RETRY_MOST: Duration = Duration::from_secs(60);

/// A slow store never holds the engine up for long: past this, the process goes on alone.
pub(super) const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// What the team's store has to say to the worker.
pub enum Heard {
    Acquired(Resource, Result<Taken, String>),
    LookedUp(Resource, Result<Option<String>, String>),
    /// A block or a shared answer was stored (or not).
    Stored(Result<(), String>),
    /// A new connection after the store was lost.
    Reconnected(Result<Team, String>),
    /// A write's step, admitted by the team's windows or told to wait.
    WriteAcquired(Step, Result<Taken, String>),
}

pub struct TeamState {
    pub config: TeamConfig,
    /// The connection, while the store answers.
    pub team: Option<Team>,
    pub healthy: bool,
    /// Why the store is not in use, while it is not.
    pub problem: Option<String>,
    pub(super) retried: Instant,
    /// How long after `retried` the store is tried again.
    pub(super) backoff: Duration,
    /// A command has succeeded since the store was last joined.
    pub(super) worked: bool,
    /// The first connection is still being made: nothing is sent until the store answers
    /// (or fails to, within the connect timeout), so every call counts in the team.
    pub connecting: bool,
    /// The team's calls in each API's minute and hour windows, as last seen.
    pub usage: HashMap<Endpoint, (u32, u32)>,
    pub(super) tasks: JoinSet<Heard>,
}

impl TeamState {
    /// Starts by connecting, in the background; nothing is sent until it answers or fails.
    pub fn new(config: TeamConfig) -> Self {
        let mut state = Self {
            config: config.clone(),
            team: None,
            healthy: false,
            problem: Some(format!(
                "connecting to the team budget at {}",
                config.shown_url()
            )),
            retried: now(),
            backoff: RETRY_FIRST,
            worked: false,
            connecting: true,
            usage: HashMap::new(),
            tasks: JoinSet::new(),
        };
        state
            .tasks
            .spawn(async move { Heard::Reconnected(Team::connect(config, CONNECT_TIMEOUT).await) });
        state
    }

    /// Requests waiting on the store, which count as in flight.
    pub fn busy(&self) -> usize {
        self.tasks.len()
    }

    /// The next thing the store says; never, when it has nothing to say.
    pub async fn heard(&mut self) -> Heard {
        match self.tasks.join_next().await {
            Some(Ok(heard)) => heard,
            _ => std::future::pending().await,
        }
    }
}
