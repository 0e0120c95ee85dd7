//! The one background task that makes every API call, under the shared rate budget.
//!
//! Commands go in through an [`EngineHandle`]; [`Event`]s come out on a channel. Nothing outside
//! this task awaits the network, the limiter or a lock held across a call.

pub mod budget;
mod queue;
pub mod resource;
mod worker;

use std::time::Duration;

use std::time::Instant;
use tokio::sync::mpsc;

use crate::api::{ApiError, Client, Endpoint};
pub use budget::{BudgetSnapshot, Limits};
pub use resource::{Payload, Resource};

/// The engine's clock: tokio's, so tests with paused time move it, as a plain `Instant` so
/// that nothing above the engine needs tokio to read its events.
pub fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Who asked: a view's id, so that leaving the view can cancel what it queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(pub u64);

/// What the analyst just asked for goes before prefetch and off-screen refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    Background,
    Interactive,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Fetch `resource`, from the cache when fresh unless `refresh`.
    Fetch {
        resource: Resource,
        priority: Priority,
        origin: Origin,
        refresh: bool,
    },
    /// Drop every queued request that only `origin` wanted.
    Cancel { origin: Origin },
}

/// Where a request stands, for the pane that waits on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Queued,
    WaitingForBudget { until: Instant },
    InFlight,
    Retrying { attempt: u32, at: Instant },
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
    Pending {
        resource: Resource,
        state: Pending,
    },
    Budget(BudgetStatus),
}

/// The budget as the status bar shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetStatus {
    pub snapshot: BudgetSnapshot<Endpoint>,
    pub queued: usize,
    pub in_flight: usize,
    /// When the next queued call may go, while calls wait on the budget.
    pub next_slot: Option<Instant>,
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
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            cache_ttl: Duration::from_secs(300),
            max_in_flight: 6,
            max_retries: 3,
            retry_base: Duration::from_millis(500),
        }
    }
}

/// Sends commands to the engine. Cheap to clone; the engine stops when every handle is gone.
#[derive(Debug, Clone)]
pub struct EngineHandle {
    tx: mpsc::UnboundedSender<Command>,
}

impl EngineHandle {
    pub fn send(&self, command: Command) {
        // The engine only stops when every handle is dropped, so this cannot fail while
        // `self` exists; ignoring the error keeps shutdown paths simple.
        let _ = self.tx.send(command);
    }

    pub fn fetch(&self, resource: Resource, priority: Priority, origin: Origin) {
        self.send(Command::Fetch {
            resource,
            priority,
            origin,
            refresh: false,
        });
    }
}

/// Starts the engine task on the current runtime.
pub fn spawn(
    client: Client,
    config: EngineConfig,
) -> (EngineHandle, mpsc::UnboundedReceiver<Event>) {
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (event_tx, event_rx) = mpsc::unbounded_channel();
    tokio::spawn(worker::run(client, config, cmd_rx, event_tx));
    (EngineHandle { tx: cmd_tx }, event_rx)
}

/// Fetches one resource and waits for it: the one-shot queries' path through the engine.
/// `on_wait` hears when the budget makes the call wait.
pub async fn fetch_once(
    handle: &EngineHandle,
    events: &mut mpsc::UnboundedReceiver<Event>,
    resource: Resource,
    mut on_wait: impl FnMut(Duration),
) -> Result<Payload, ApiError> {
    handle.fetch(resource.clone(), Priority::Interactive, Origin(0));
    while let Some(event) = events.recv().await {
        match event {
            Event::Fetched {
                resource: r,
                payload,
                ..
            } if r == resource => return Ok(payload),
            Event::Failed {
                resource: r, error, ..
            } if r == resource => return Err(error),
            Event::Pending {
                resource: r,
                state: Pending::WaitingForBudget { until },
            } if r == resource => on_wait(until.saturating_duration_since(now())),
            _ => {}
        }
    }
    Err(ApiError::Network("the fetch engine stopped".into()))
}
