//! Response actions kept current: while the view's machine has an action `Pending` or
//! `InProgress`, its actions are asked again — one list call a tick, 5 s, then 15 s, then
//! every 60 s, at background priority (headroom only) — and an action that ends is said.

use std::time::Duration;

use super::go;
use super::model::{Model, Watch};
use super::msg::Cmd;
use crate::engine::{Payload, Priority, Resource};

/// The waits between asks while actions are in flight.
const BACKOFF: [Duration; 3] = [
    Duration::from_secs(5),
    Duration::from_secs(15),
    Duration::from_secs(60),
];

/// After every message: say what ended, and ask again when it is time.
pub fn follow(model: &mut Model) -> Vec<Cmd> {
    let Some((resource, list)) = actions_here(model) else {
        model.watch = Watch::default();
        return Vec::new();
    };
    if model.watch.watched.as_ref() != Some(&resource) {
        model.watch = Watch {
            watched: Some(resource.clone()),
            seen: list.iter().map(|a| (a.id.clone(), status(a))).collect(),
            ..Watch::default()
        };
    }
    let mut ended = Vec::new();
    for action in list.iter() {
        let now = status(action);
        let before = model.watch.seen.insert(action.id.clone(), now.clone());
        if before.is_some_and(|b| in_flight(&b) && !in_flight(&now)) {
            ended.push(format!(
                "{} on {}: {now}",
                action.kind.as_deref().unwrap_or("action"),
                action.computer_dns_name.as_deref().unwrap_or("the machine")
            ));
        }
    }
    for text in ended {
        // A new status brings the backoff back to its start: things are moving.
        model.watch.step = 0;
        model.flash(crate::sanitize::line(&text).into_owned());
    }
    model.watch.in_flight = list.iter().filter(|a| a.in_flight()).count();
    if model.watch.in_flight == 0 {
        model.watch.next = None;
        model.watch.step = 0;
        return Vec::new();
    }
    let now = model.now;
    let step = model.watch.step.min(BACKOFF.len() - 1);
    let Some(next) = model.watch.next else {
        model.watch.next = Some(now + BACKOFF[step]);
        return Vec::new();
    };
    if now < next {
        return Vec::new();
    }
    model.watch.step = (step + 1).min(BACKOFF.len() - 1);
    model.watch.next = Some(now + BACKOFF[model.watch.step]);
    let origin = model.nav.current.origin;
    vec![go::ask(resource, Priority::Background, origin, true)]
}

/// The view's list of machine actions, once loaded.
fn actions_here(model: &Model) -> Option<(Resource, std::sync::Arc<[crate::api::MachineAction]>)> {
    model
        .nav
        .current
        .route
        .resources()
        .into_iter()
        .find_map(|r| match (&r, model.store.loaded(&r)) {
            (Resource::MachineActions(_), Some(Payload::Actions(list))) => {
                Some((r.clone(), list.clone()))
            }
            _ => None,
        })
}

fn status(action: &crate::api::MachineAction) -> String {
    action.status.clone().unwrap_or_default()
}

fn in_flight(status: &str) -> bool {
    matches!(status, "Pending" | "InProgress")
}
