//! The one background task that makes every API call, under the shared rate budget.
//!
//! Commands go in through an [`EngineHandle`]; [`Event`]s come out on a channel. Nothing outside
//! this task awaits the network, the limiter or a lock held across a call.

mod applied;
pub mod budget;
mod change;
mod paging;
mod payload;
mod protocol;
mod queue;
pub mod resource;
pub mod team;
mod worker;
pub mod writes;

use std::time::Duration;

use tokio::sync::mpsc;

use crate::api::{ApiError, Client};
pub use applied::apply_write;
pub use budget::{BudgetSnapshot, Limits, Spans};
pub use change::{Change, ChangeResult, Changed};
pub use payload::Payload;
pub use protocol::{
    BudgetStatus, ChangeOutcome, DownloadReport, DownloadState, EngineConfig, Event, HUNT_LIMITS,
    Headroom, Origin, Pending, Priority, Request, RetryCause, TeamStatus, WriteId, WriteOutcome,
    WriteTarget, WriteWait, now,
};
pub use resource::Resource;
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
    loop {
        match hear(events, &resource, &mut lost_said, &mut on_wait).await {
            Heard::Whole(payload) => return Ok(payload),
            Heard::Failed(error) => return Err(error),
            Heard::Page(..) => {}
        }
    }
}

/// Streams the list `resource` to `on_page`, a page at a time in the list's order (all of it
/// at once when it was whole already: cached or shared); the next page is asked as one is
/// handed over, so the reader holds two at most. `on_page` says whether to go on: `false`
/// (a closed pipe) stops the stream, and nothing more is asked.
pub async fn stream_once(
    handle: &EngineHandle,
    events: &mut mpsc::UnboundedReceiver<Event>,
    resource: Resource,
    mut on_wait: impl FnMut(Waiting),
    mut on_page: impl FnMut(Payload) -> bool,
) -> Result<(), ApiError> {
    let origin = Origin(0);
    handle.send(Request::Stream {
        resource: resource.clone(),
        origin,
    });
    let mut lost_said = false;
    loop {
        match hear(events, &resource, &mut lost_said, &mut on_wait).await {
            Heard::Whole(payload) => {
                on_page(payload);
                return Ok(());
            }
            Heard::Page(page, last) => {
                if !on_page(page) {
                    handle.send(Request::Cancel { origin });
                    return Ok(());
                }
                if last {
                    return Ok(());
                }
                // Only once this page is printed and dropped: one page held at a time.
                handle.send(Request::More {
                    resource: resource.clone(),
                });
            }
            Heard::Failed(error) => return Err(error),
        }
    }
}

/// What a one-shot hears about its resource.
enum Heard {
    Whole(Payload),
    Page(Payload, bool),
    Failed(ApiError),
}

/// The next word about `resource`: its answer, a page of it, or why not; budget waits and a
/// lost team budget go to `on_wait` (the latter once) on the way.
async fn hear(
    events: &mut mpsc::UnboundedReceiver<Event>,
    resource: &Resource,
    lost_said: &mut bool,
    on_wait: &mut impl FnMut(Waiting),
) -> Heard {
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
            }) if !*lost_said && !problem.starts_with("connecting") => {
                *lost_said = true;
                on_wait(Waiting::TeamLost(problem));
            }
            Event::Fetched {
                resource: r,
                payload,
                ..
            } if &r == resource => return Heard::Whole(payload),
            Event::Page {
                resource: r,
                page,
                last,
            } if &r == resource => return Heard::Page(page, last),
            Event::Failed {
                resource: r, error, ..
            } if &r == resource => return Heard::Failed(error),
            Event::Pending {
                resource: r,
                state: Pending::WaitingForBudget { until },
            } if &r == resource => on_wait(Waiting::Budget(until.saturating_duration_since(now()))),
            _ => {}
        }
    }
    Heard::Failed(ApiError::Network("the fetch engine stopped".into()))
}
