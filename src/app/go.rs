//! Going places: opening a view, back and forward, refreshing — each cancels what the view
//! left behind had queued and asks the engine for what the new one shows.

use super::model::{Model, Overlay};
use super::msg::Cmd;
use super::nav::{Entry, Route};
use crate::engine::{Origin, Pending, Priority, Request, Resource};
use crate::entity::View;

/// What the analyst asked for, for the engine: interactive, for the view `origin`.
pub fn fetch(resource: Resource, origin: Origin, refresh: bool) -> Cmd {
    ask(resource, Priority::Interactive, origin, refresh)
}

/// A fetch for the engine at `priority`, for the view `origin` (from the cache while fresh,
/// unless `refresh`).
pub fn ask(resource: Resource, priority: Priority, origin: Origin, refresh: bool) -> Cmd {
    Cmd::Engine(Request::Fetch {
        resource,
        priority,
        origin,
        refresh,
    })
}

pub(super) fn fetch_view(model: &mut Model, refresh: bool) -> Vec<Cmd> {
    settle(model);
    let origin = model.nav.current.origin;
    let resources = model.nav.current.route.resources();
    let mut cmds = Vec::with_capacity(resources.len());
    let route = model.nav.current.route.clone();
    let View { facts, aside, .. } = route.view();
    let (now, fresh_for) = (model.now, model.session.fresh_for);
    for resource in resources {
        // An entity a fresh list holds shows at once; held whole, it needs no call at all.
        // What the store holds fresh (whole) needs none either.
        if !refresh
            && (model.store.is_fresh(&resource, now, fresh_for)
                || facts.as_ref() == Some(&resource)
                    && model.store.take_held(&resource, &route, now, fresh_for))
        {
            continue;
        }
        // Known data stays on screen while it is asked for again; the engine answers from its
        // cache while fresh (no call) and refetches once stale.
        model.store.pending(resource.clone(), Pending::Queued);
        cmds.push(fetch(resource, origin, refresh));
    }
    // What is asked on the side (is the entity covered by an indicator?) waits for the
    // budget's headroom, behind what the analyst looks at.
    for resource in aside {
        if !refresh && model.store.is_fresh(&resource, now, fresh_for) {
            continue;
        }
        cmds.push(ask(resource, Priority::Background, origin, refresh));
    }
    cmds
}

/// Opens `route` as a new view; the view left behind keeps its state for the way back.
pub fn navigate(model: &mut Model, route: Route) -> Vec<Cmd> {
    let origin = model.next_origin();
    let entry = Entry::new(route, origin);
    // A trip through the search box is not a place to come back to: the search view gives
    // way to what was searched (the first one, where a session starts, stays).
    let left = if model.nav.current.route == Route::Search && !model.nav.back.is_empty() {
        std::mem::replace(&mut model.nav.current, entry).origin
    } else {
        model.nav.push(entry).origin
    };
    arrive(model, left)
}

/// The view changed: cancel what the one left had queued, fetch what this one shows.
fn arrive(model: &mut Model, left: Origin) -> Vec<Cmd> {
    model.mode = model.resting_mode();
    // A choice of places or of what to copy was about the view left behind.
    if matches!(model.overlay, Some(Overlay::Choose | Overlay::CopyMenu)) {
        model.overlay = None;
        model.choice = None;
    }
    model.scroll_limit = None;
    // Leaving the view cancels the queue window it asked for: it may be asked again.
    model.pages.asked = None;
    let mut cmds = vec![Cmd::Engine(Request::Cancel { origin: left })];
    cmds.extend(fetch_view(model, false));
    cmds
}

/// `Q`: the alert queue. The nearest queue behind comes back as it was left (its row, its
/// filter, its scope), the views passed on the way kept ahead for `]`; with none behind, the
/// open queue opens. On a queue, its list takes the keys.
pub fn to_queue(model: &mut Model) -> Vec<Cmd> {
    if model.nav.current.route.is_queue() {
        model.nav.current.list_focus = true;
        model.mode = model.resting_mode();
        return Vec::new();
    }
    let Some(steps) = model.nav.back.iter().rev().position(|e| e.route.is_queue()) else {
        return navigate(model, Route::Queue(crate::entity::queue::Scope::Open));
    };
    let left = model.nav.current.origin;
    for _ in 0..=steps {
        model.nav.go_back();
    }
    model.nav.current.list_focus = true;
    arrive(model, left)
}

pub fn back(model: &mut Model) -> Vec<Cmd> {
    let left = model.nav.current.origin;
    if model.nav.go_back() {
        arrive(model, left)
    } else {
        Vec::new()
    }
}

pub fn forward(model: &mut Model) -> Vec<Cmd> {
    let left = model.nav.current.origin;
    if model.nav.go_forward() {
        arrive(model, left)
    } else {
        Vec::new()
    }
}

pub fn refresh(model: &mut Model) -> Vec<Cmd> {
    model.flash("refreshing");
    fetch_view(model, true)
}

/// The view's route in its canonical form, as its kind says once the store holds enough (a
/// file reached by SHA-256 or MD5 becomes its SHA-1's view), whether the answer just came or
/// was already here (a prefetch, an earlier visit). The view keeps its place in the history.
/// True when the route changed.
fn settle(model: &mut Model) -> bool {
    let Some(settled) = crate::entity::settle(&model.nav.current.route, &model.store) else {
        return false;
    };
    for (resource, payload) in settled.keep {
        model.store.store(resource, payload, model.now);
    }
    model.nav.current.route = settled.route;
    true
}

/// An answer came: when it lets the view settle on its canonical route, the view moves there
/// and asks for the rest.
pub(super) fn settled(model: &mut Model) -> Vec<Cmd> {
    if settle(model) {
        fetch_view(model, false)
    } else {
        Vec::new()
    }
}
