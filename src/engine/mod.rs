//! The one background task that makes every API call, under the shared rate budget.
//!
//! Commands go in through an [`EngineHandle`]; [`Event`]s come out on a channel. Nothing outside
//! this task awaits the network, the limiter or a lock held across a call.

pub mod budget;
mod change;
mod protocol;
mod queue;
pub mod resource;
pub mod team;
mod worker;
pub mod writes;

use std::time::Duration;

use tokio::sync::mpsc;

use crate::api::{ApiError, Client};
pub use budget::{BudgetSnapshot, Limits, Spans};
pub use change::{Change, ChangeResult, Changed};
pub use protocol::{
    BudgetStatus, ChangeOutcome, DownloadReport, DownloadState, EngineConfig, Event, HUNT_LIMITS,
    Headroom, Origin, Pending, Priority, Request, RetryCause, TeamStatus, WriteId, WriteOutcome,
    WriteTarget, WriteWait, now,
};
pub use resource::{Payload, Resource};
pub use writes::audit::{AuditConfig, WriteOrigin};

/// Sends commands to the engine. Cheap to clone; the engine stops when every handle is gone.
#[derive(Debug, Clone)]
pub struct EngineHandle {
    tx: mpsc::UnboundedSender<Request>,
}

impl EngineHandle {
    pub fn send(&self, command: Request) {
        // The engine only stops when every handle is dropped, so this cannot fail while
        // `self` exists; ignoring the error keeps shutdown paths simple.
        let _ = self.tx.send(command);
    }

    pub fn fetch(&self, resource: Resource, priority: Priority, origin: Origin) {
        self.send(Request::Fetch {
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

/// What a one-shot query waits on, for the line it prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    /// The budget makes the call wait this long.
    Budget(Duration),
    /// The team's budget is out of reach: this process goes on with its own.
    TeamLost(String),
}

/// Fetches one resource and waits for it: the one-shot queries' path through the engine.
/// `on_wait` hears when the budget makes the call wait.
pub async fn fetch_once(
    handle: &EngineHandle,
    events: &mut mpsc::UnboundedReceiver<Event>,
    resource: Resource,
    mut on_wait: impl FnMut(Waiting),
) -> Result<Payload, ApiError> {
    handle.fetch(resource.clone(), Priority::Interactive, Origin(0));
    let mut lost_said = false;
    while let Some(event) = events.recv().await {
        match event {
            // A team budget that could not be reached is said once: the query goes on alone.
            Event::Budget(BudgetStatus {
                team:
                    Some(TeamStatus {
                        joined: false,
                        problem: Some(problem),
                        ..
                    }),
                ..
            }) if !lost_said && !problem.starts_with("connecting") => {
                lost_said = true;
                on_wait(Waiting::TeamLost(problem));
            }
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
            } if r == resource => on_wait(Waiting::Budget(until.saturating_duration_since(now()))),
            _ => {}
        }
    }
    Err(ApiError::Network("the fetch engine stopped".into()))
}
