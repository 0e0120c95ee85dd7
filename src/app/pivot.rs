//! Moving between entities: Enter drills into the selected row; u, m and a pivot to an alert's
//! user or machine, a machine's user, a user's machine, or the alerts.

use super::model::{Model, Route};
use super::panes::{self, Selected};
use super::update::{Cmd, navigate};
use crate::api::model::{Alert, EntityType};
use crate::api::{AlertId, MachineId, UserName};
use crate::engine::{Payload, Resource};

pub fn drill(model: &mut Model) -> Vec<Cmd> {
    let route = match panes::selected_row(model) {
        Some(Selected::Alert(a)) => AlertId::parse(&a.id).ok().map(Route::Alert),
        Some(Selected::Machine(m)) => MachineId::parse(&m.id).ok().map(Route::Machine),
        Some(Selected::User(u)) => UserName::parse(u.account()).ok().map(Route::User),
        None => None,
    };
    match route {
        Some(route) => navigate(model, route),
        None => Vec::new(),
    }
}

/// The user an alert points at: relatedUser, else the first logged-on user, else a User
/// evidence (quirk 3: `/alerts/{id}/user` often 404s).
fn alert_user(alert: &Alert) -> Option<String> {
    alert
        .related_user
        .as_ref()
        .and_then(|u| u.user_name.clone())
        .or_else(|| {
            alert
                .logged_on_users
                .iter()
                .find_map(|u| u.account_name.clone())
        })
        .or_else(|| {
            alert
                .evidence
                .iter()
                .find(|e| e.entity_type == Some(EntityType::User))
                .and_then(|e| e.account_name.clone())
        })
}

pub fn pivot_user(model: &mut Model) -> Vec<Cmd> {
    let target = match (&model.nav.current.route, panes::selected_entity(model)) {
        (Route::Alert(id), selected) => match selected.and_then(|s| match s {
            Selected::Alert(a) => alert_user(a),
            _ => None,
        }) {
            Some(name) => Some(name),
            // Nothing in the alert names a user: ask the API (GET /alerts/{id}/user).
            None => return ask_for_pivot(model, Resource::AlertUser(id.clone())),
        },
        (_, Some(Selected::User(u))) => Some(u.account().to_owned()),
        (_, Some(Selected::Alert(a))) => alert_user(a),
        _ => None,
    };
    match target.and_then(|t| UserName::parse(&t).ok()) {
        Some(user) => navigate(model, Route::User(user)),
        None => {
            model.flash("no user to pivot to here");
            Vec::new()
        }
    }
}

pub fn pivot_machine(model: &mut Model) -> Vec<Cmd> {
    let target = match (&model.nav.current.route, panes::selected_entity(model)) {
        (Route::Alert(id), selected) => match selected.and_then(|s| match s {
            Selected::Alert(a) => a.machine_id.clone(),
            _ => None,
        }) {
            Some(machine) => Some(machine),
            // Not loaded yet, or no machine id in it: ask the API (GET /alerts/{id}/machine).
            None => return ask_for_pivot(model, Resource::AlertMachine(id.clone())),
        },
        (_, Some(Selected::Machine(m))) => Some(m.id.clone()),
        (_, Some(Selected::Alert(a))) => a.machine_id.clone(),
        _ => None,
    };
    match target.and_then(|t| MachineId::parse(&t).ok()) {
        Some(machine) => navigate(model, Route::Machine(machine)),
        None => {
            model.flash("no machine to pivot to here");
            Vec::new()
        }
    }
}

pub fn pivot_alerts(model: &mut Model) -> Vec<Cmd> {
    match &model.nav.current.route {
        Route::User(_) | Route::Machine(_) => {
            model.nav.current.focus = 0;
            Vec::new()
        }
        Route::Alert(_) => pivot_machine(model),
        Route::Search => Vec::new(),
    }
}

/// Fetches the alert's related user or machine; the pivot happens when it arrives, if the
/// analyst is still on the alert (see [`finish_pivot`]).
fn ask_for_pivot(model: &mut Model, resource: Resource) -> Vec<Cmd> {
    let origin = model.nav.current.origin;
    model.pending_pivot = Some((origin, resource.clone()));
    model.flash(format!("asking the API for {resource}…"));
    vec![Cmd::Fetch {
        resource,
        origin,
        refresh: false,
    }]
}

/// Completes a pivot that waited on the API, if its answer is this one and the view that
/// asked is still on screen.
pub fn finish_pivot(model: &mut Model, resource: &Resource) -> Vec<Cmd> {
    let Some((origin, wanted)) = model.pending_pivot.take() else {
        return Vec::new();
    };
    if &wanted != resource {
        model.pending_pivot = Some((origin, wanted));
        return Vec::new();
    }
    if model.nav.current.origin != origin {
        return Vec::new();
    }
    let route = match model.loaded(resource) {
        Some(Payload::User(u)) => UserName::parse(u.account()).ok().map(Route::User),
        Some(Payload::Machine(m)) => MachineId::parse(&m.id).ok().map(Route::Machine),
        _ => None,
    };
    match route {
        Some(route) => {
            model.message = None;
            navigate(model, route)
        }
        None => Vec::new(),
    }
}

/// A pivot's target could not be had: say so.
pub fn fail_pivot(model: &mut Model, resource: &Resource, why: &str) {
    if model
        .pending_pivot
        .as_ref()
        .is_some_and(|(_, r)| r == resource)
    {
        model.pending_pivot = None;
        model.flash(format!("no pivot: {resource}: {why}"));
    }
}
