//! Moving between entities: Enter drills into the selected row; `u`, `m` and `a` pivot to an
//! entity's user or machine, or to the alerts. Where a pivot leads is the entity's to say.

use super::choose;
use super::go::{fetch, navigate};
use super::model::Model;
use super::msg::Cmd;
use super::nav::Route;
use super::panes;
use crate::engine::{Payload, Resource};
use crate::entity::{self, Entity, PivotTo};

pub fn drill(model: &mut Model) -> Vec<Cmd> {
    if model.on_text() {
        // Enter on the alert's text gives its evidence the keys.
        model.nav.current.list_focus = true;
        return Vec::new();
    }
    if let Some(cmds) = open_evidence(model) {
        return cmds;
    }
    if let Some(cmds) = super::hunt::open_cell(model) {
        return cmds;
    }
    // A row of alerts grouped by incident stands for its incident.
    let grouped = model.nav.current.pane().grouped;
    let target = panes::selected_row(model).and_then(|e| {
        let incident = grouped.then(|| e.pivot(PivotTo::Incident)).flatten();
        incident.or_else(|| e.route())
    });
    match target {
        Some(route) => navigate(model, route),
        None => Vec::new(),
    }
}

/// Enter on a row of an alert's evidence: its entity, or for a process, a choice of its
/// image file and its parent's.
fn open_evidence(model: &mut Model) -> Option<Vec<Cmd>> {
    let entry = &model.nav.current;
    let spec = entry.route.pane(entry.focus)?;
    let Some(Payload::Evidence(rows)) = model.store.loaded(&spec.resource) else {
        return None;
    };
    let index = *entry.pane().rows.get(entry.pane().selected)?;
    let now = model.wall_now();
    let mut note = None;
    let options = entity::evidence::choices(rows, index)
        .into_iter()
        .map(|(what, route)| {
            let (route, why) = entity::ip::within_reach(route, now);
            note = note.or(why);
            (what, route)
        })
        .collect();
    let cmds = choose::offer(
        model,
        "open",
        options,
        "this evidence names nothing the API can look up (no hash, address, URL or account)",
    );
    if let Some(why) = note {
        model.flash(format!("the alert is {why}"));
    }
    Some(cmds)
}

/// The entity `u` and `m` pivot from: the row selected, or on a detail view its own entity
/// (the alert), whichever row of its evidence is selected.
fn pivot_source(model: &Model) -> Option<&dyn Entity> {
    let route = &model.nav.current.route;
    if route.is_detail() {
        return model.store.one(route.view().facts.as_ref()?);
    }
    panes::selected_entity(model)
}

pub fn pivot(model: &mut Model, to: PivotTo) -> Vec<Cmd> {
    let what = match to {
        PivotTo::User => "user",
        PivotTo::Machine => "machine",
        PivotTo::Incident => "incident",
    };
    let choices = pivot_source(model).map_or_else(Vec::new, |e| e.pivot_choices(to));
    if !choices.is_empty() {
        return choose::offer(model, format!("which {what}?"), choices, "");
    }
    // Before the view's own entity has loaded, the API can say (GET /alerts/{id}/user). Once
    // it has, and names none, the API would only answer 404: say so without the call.
    match (pivot_source(model), model.nav.current.route.ask(to)) {
        (None, Some(resource)) => ask_for_pivot(model, resource),
        (Some(entity), _) => {
            model.flash(format!("this {} names no {what}", entity.kind()));
            Vec::new()
        }
        (None, None) => {
            model.flash(format!("no {what} to pivot to here"));
            Vec::new()
        }
    }
}

pub fn pivot_alerts(model: &mut Model) -> Vec<Cmd> {
    let route = &model.nav.current.route;
    if *route == Route::Search {
        return Vec::new();
    }
    if route.is_detail() {
        // An alert's alerts are its machine's.
        return pivot(model, PivotTo::Machine);
    }
    // On a row of the second pane (a machine's logged-on user, a user's machine), the
    // alerts are that row's: open it, where its alerts come first. Elsewhere the view's own
    // alerts are its first pane.
    if route.rows_have_alerts(model.nav.current.focus) {
        return drill(model);
    }
    model.nav.current.focus = 0;
    Vec::new()
}

/// Fetches the alert's related user or machine; the pivot happens when it arrives, if the
/// analyst is still on the alert (see [`finish_pivot`]).
fn ask_for_pivot(model: &mut Model, resource: Resource) -> Vec<Cmd> {
    let origin = model.nav.current.origin;
    model.waiting.pivot = Some((origin, resource.clone()));
    model.flash(format!("asking the API for {resource}…"));
    vec![fetch(resource, origin, false)]
}

/// Completes a pivot that waited on the API, if its answer is this one and the view that
/// asked is still on screen.
pub fn finish_pivot(model: &mut Model, resource: &Resource) -> Vec<Cmd> {
    let Some((origin, wanted)) = model.waiting.pivot.take() else {
        return Vec::new();
    };
    if &wanted != resource {
        model.waiting.pivot = Some((origin, wanted));
        return Vec::new();
    }
    if model.nav.current.origin != origin {
        return Vec::new();
    }
    match model
        .store
        .loaded(resource)
        .and_then(entity::one)
        .and_then(|e| e.route())
    {
        Some(route) => {
            model.notices.message = None;
            navigate(model, route)
        }
        None => Vec::new(),
    }
}

/// A pivot's target could not be had: say so.
pub fn fail_pivot(model: &mut Model, resource: &Resource, why: &str) {
    if model
        .waiting
        .pivot
        .as_ref()
        .is_some_and(|(_, r)| r == resource)
    {
        model.waiting.pivot = None;
        model.flash(format!("no pivot: {resource}: {why}"));
    }
}
