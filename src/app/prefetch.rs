//! Prefetch: when the selection rests on a row (by default 400 ms), the view Enter would open
//! is fetched at background priority — at most one view ahead, only while the budget has
//! headroom, and cancelled when the selection moves on. On a detail view (the alert) the next
//! hop is its machine.

use super::go::ask;
use super::model::Model;
use super::msg::Cmd;
use super::nav::Route;
use super::panes;
use crate::engine::{Priority, Request};
use crate::entity::PivotTo;

/// Where the analyst would most likely go next from here.
fn target(model: &Model) -> Option<Route> {
    if model.on_text() || model.nav.current.route.panes() == 0 {
        panes::selected_entity(model)?.pivot(PivotTo::Machine)
    } else {
        // As Enter would open it: an address from an alert too old for findbyip without it.
        let route = panes::selected_row(model)?.route()?;
        Some(crate::entity::ip::within_reach(route, model.wall_now()).0)
    }
}

/// After every change: a new target restarts the rest, and a prefetch for another target is
/// cancelled (what it already sent completes into the engine's cache).
pub fn follow(model: &mut Model) -> Vec<Cmd> {
    let target = target(model);
    if model.dwell.as_ref().map(|(r, _)| r) == target.as_ref() {
        return Vec::new();
    }
    model.dwell = target.map(|route| (route, model.now));
    match model.prefetch.take() {
        Some((origin, route)) if model.dwell.as_ref().map(|(r, _)| r) != Some(&route) => {
            vec![Cmd::Engine(Request::Cancel { origin })]
        }
        kept => {
            model.prefetch = kept;
            Vec::new()
        }
    }
}

/// On the clock: once the selection has rested long enough, fetch its view in the
/// background, if the budget has headroom.
pub fn tick(model: &mut Model) -> Vec<Cmd> {
    let Some(settings) = model.session.prefetch else {
        return Vec::new();
    };
    let Some((route, since)) = model.dwell.clone() else {
        return Vec::new();
    };
    let rested = model.now.saturating_duration_since(since) >= settings.dwell;
    let done = model.prefetch.as_ref().is_some_and(|(_, r)| *r == route);
    let headroom = model.store.budget.as_ref().is_none_or(|b| {
        b.snapshot.minute.fill() < settings.minute && b.snapshot.hour.fill() < settings.hour
    });
    if !rested || done || !headroom || route == model.nav.current.route {
        return Vec::new();
    }
    let origin = model.next_origin();
    model.prefetch = Some((origin, route.clone()));
    let view = route.view();
    let (now, fresh_for) = (model.now, model.session.fresh_for);
    let mut cmds = Vec::new();
    for resource in route.resources() {
        // What a list holds whole needs no call, now or when the view opens.
        let held = view.facts.as_ref() == Some(&resource)
            && model.store.take_held(&resource, &route, now, fresh_for);
        if held || model.store.is_loaded(&resource) && !model.store.is_preview(&resource) {
            continue;
        }
        cmds.push(ask(resource, Priority::Background, origin, false));
    }
    cmds
}
