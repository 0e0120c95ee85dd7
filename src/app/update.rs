//! `update(model, msg) -> commands`: every key and engine event changes the model here, and
//! nowhere else. No I/O, no clock: time arrives in messages.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::time::Instant;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::{Action, action_for};
use super::model::{Entry, Mode, Model, Overlay, Route, Slot};
use crate::api::model::{Alert, Machine, User};
use crate::api::{AlertId, MachineId, UserName};
use crate::engine::{Event, Origin, Payload, Pending, Resource};

const MESSAGE_LIFETIME: Duration = Duration::from_secs(6);
const PAGE: usize = 10;
/// Recent searches kept across runs.
pub const HISTORY_LEN: usize = 50;

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Engine(Event),
    Tick(Instant),
}

/// Side effects for the shell around `update` to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Fetch {
        resource: Resource,
        origin: Origin,
        refresh: bool,
    },
    Cancel(Origin),
    /// Hand the terminal back to the shell (Ctrl-Z) until resumed.
    Suspend,
    /// Keep a searched name in the history file.
    RememberSearch(String),
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Tick(now) => {
            model.now = now;
            if model.loading() {
                model.spinner = model.spinner.wrapping_add(1);
            }
            if model
                .message
                .as_ref()
                .is_some_and(|(_, at)| now.saturating_duration_since(*at) > MESSAGE_LIFETIME)
            {
                model.message = None;
            }
            Vec::new()
        }
        Msg::Engine(event) => engine_event(model, event),
        Msg::Key(key) => {
            if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                model.quit = true;
                return Vec::new();
            }
            match model.mode {
                Mode::Search => search_key(model, key),
                Mode::Normal => normal_key(model, key),
            }
        }
    }
}

fn engine_event(model: &mut Model, event: Event) -> Vec<Cmd> {
    match event {
        Event::Fetched {
            resource,
            payload,
            fetched_at,
            ..
        } => {
            remember_users(model, &payload);
            model.store.insert(
                resource.clone(),
                Slot::Loaded {
                    payload: sorted(payload),
                    at: fetched_at,
                },
            );
            finish_pivot(model, &resource)
        }
        Event::Failed {
            resource, error, ..
        } => {
            if model.nav.current.route.resources().contains(&resource)
                && !is_quiet_miss(&resource, &error)
            {
                model.flash(format!("{resource}: {}", error.short()));
            }
            if model
                .pending_pivot
                .as_ref()
                .is_some_and(|(_, r)| *r == resource)
            {
                model.pending_pivot = None;
                model.flash(format!("no pivot: {resource}: {}", error.short()));
            }
            model.store.insert(resource, Slot::Failed(error));
            Vec::new()
        }
        Event::Pending { resource, state } => {
            let loaded = matches!(model.store.get(&resource), Some(Slot::Loaded { .. }));
            if !loaded {
                model.store.insert(resource, Slot::Pending(state));
            }
            Vec::new()
        }
        Event::Budget(status) => {
            model.budget = Some(status);
            Vec::new()
        }
    }
}

/// `GET /users/{id}` is legacy and may 404 for a user whose alerts load fine: the pane says
/// so; no need to flash it.
fn is_quiet_miss(resource: &Resource, error: &crate::api::ApiError) -> bool {
    matches!(resource, Resource::User(_)) && matches!(error, crate::api::ApiError::NotFound { .. })
}

/// Newest first for alerts; the order every view and key uses.
fn sorted(payload: Payload) -> Payload {
    match payload {
        Payload::Alerts(list) => {
            let mut v: Vec<Alert> = list.to_vec();
            v.sort_by_key(|a| {
                std::cmp::Reverse(
                    a.alert_creation_time
                        .as_ref()
                        .map_or(i128::MIN, |t| t.sort_key()),
                )
            });
            Payload::Alerts(Arc::from(v))
        }
        Payload::Machines(list) => {
            let mut v: Vec<Machine> = list.to_vec();
            v.sort_by_key(|m| {
                std::cmp::Reverse(m.last_seen.as_ref().map_or(i128::MIN, |t| t.sort_key()))
            });
            Payload::Machines(Arc::from(v))
        }
        other => other,
    }
}

fn remember_users(model: &mut Model, payload: &Payload) {
    let mut add = |name: &str| {
        if !name.is_empty()
            && !model
                .seen_users
                .iter()
                .any(|u| u.eq_ignore_ascii_case(name))
        {
            model.seen_users.push(name.to_owned());
        }
    };
    match payload {
        Payload::Users(users) => users.iter().for_each(|u| add(u.account())),
        Payload::User(u) => add(u.account()),
        Payload::Alerts(alerts) => alerts
            .iter()
            .filter_map(|a| a.related_user.as_ref()?.user_name.as_deref())
            .for_each(&mut add),
        Payload::Alert(a) => {
            if let Some(name) = a.related_user.as_ref().and_then(|u| u.user_name.as_deref()) {
                add(name);
            }
        }
        Payload::Machine(_) | Payload::Machines(_) => {}
    }
}

fn search_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    match key.code {
        KeyCode::Enter => {
            let text = model.search.value().to_owned();
            match UserName::parse(&text) {
                Ok(user) => {
                    model.search.reset();
                    let typed = text.trim().to_owned();
                    model.history.retain(|h| !h.eq_ignore_ascii_case(&typed));
                    model.history.insert(0, typed.clone());
                    model.history.truncate(HISTORY_LEN);
                    let mut cmds = navigate(model, Route::User(user));
                    cmds.push(Cmd::RememberSearch(typed));
                    cmds
                }
                Err(e) => {
                    model.flash(e.to_string());
                    Vec::new()
                }
            }
        }
        KeyCode::Esc => {
            if model.search.value().is_empty() {
                back(model)
            } else {
                model.search.reset();
                Vec::new()
            }
        }
        KeyCode::Tab => {
            if let Some(completion) = suggestions(model).into_iter().next() {
                model.search = model.search.clone().with_value(completion);
            }
            Vec::new()
        }
        _ => {
            model
                .search
                .handle_event(&crossterm::event::Event::Key(key));
            Vec::new()
        }
    }
}

/// Recent searches, then users seen this session, that start with what is typed.
pub fn suggestions(model: &Model) -> Vec<String> {
    let typed = model.search.value().trim().to_lowercase();
    let mut out: Vec<String> = Vec::new();
    for name in model.history.iter().chain(&model.seen_users) {
        if (typed.is_empty() || name.to_lowercase().starts_with(&typed))
            && !out.iter().any(|o| o.eq_ignore_ascii_case(name))
        {
            out.push(name.clone());
        }
        if out.len() == 8 {
            break;
        }
    }
    out
}

fn normal_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    // An open overlay (help, log) takes the next key to close itself.
    if model.overlay.take().is_some() {
        return Vec::new();
    }
    let Some(action) = action_for(&key) else {
        return Vec::new();
    };
    match action {
        Action::Quit => {
            model.quit = true;
            Vec::new()
        }
        Action::Suspend => vec![Cmd::Suspend],
        Action::Help => {
            model.overlay = Some(Overlay::Help);
            Vec::new()
        }
        Action::Log => {
            model.overlay = Some(Overlay::Log);
            Vec::new()
        }
        Action::Search => navigate(model, Route::Search),
        Action::Back => back(model),
        Action::Forward => forward(model),
        Action::NextPane => {
            let panes = model.nav.current.route.panes().max(1);
            let entry = &mut model.nav.current;
            entry.focus = (entry.focus + 1) % panes;
            Vec::new()
        }
        Action::Down => move_by(model, 1),
        Action::Up => move_by(model, -1),
        Action::PageDown => move_by(model, PAGE as isize),
        Action::PageUp => move_by(model, -(PAGE as isize)),
        Action::Top => move_by(model, isize::MIN / 2),
        Action::Bottom => move_by(model, isize::MAX / 2),
        Action::Open => drill(model),
        Action::PivotUser => pivot_user(model),
        Action::PivotMachine => pivot_machine(model),
        Action::PivotAlerts => pivot_alerts(model),
        Action::Refresh => refresh(model),
    }
}

/// The list in pane `pane` of the current view, as rows the keys can address.
pub enum PaneList<'a> {
    Alerts(&'a [Alert]),
    Machines(&'a [Machine]),
    Users(&'a [User]),
    Evidence(usize),
    Nothing,
}

impl PaneList<'_> {
    pub fn len(&self) -> usize {
        match self {
            Self::Alerts(v) => v.len(),
            Self::Machines(v) => v.len(),
            Self::Users(v) => v.len(),
            Self::Evidence(n) => *n,
            Self::Nothing => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub fn pane_resource(route: &Route, pane: usize) -> Option<Resource> {
    match (route, pane) {
        (Route::User(u), 0) => Some(Resource::UserAlerts(u.clone())),
        (Route::User(u), 1) => Some(Resource::UserMachines(u.clone())),
        (Route::Machine(m), 0) => Some(Resource::MachineAlerts(m.clone())),
        (Route::Machine(m), 1) => Some(Resource::MachineLogonUsers(m.clone())),
        (Route::Alert(a), 0) => Some(Resource::Alert(a.clone())),
        _ => None,
    }
}

pub fn pane_list<'a>(model: &'a Model, route: &Route, pane: usize) -> PaneList<'a> {
    let Some(resource) = pane_resource(route, pane) else {
        return PaneList::Nothing;
    };
    match model.loaded(&resource) {
        Some(Payload::Alerts(v)) => PaneList::Alerts(v),
        Some(Payload::Machines(v)) => PaneList::Machines(v),
        Some(Payload::Users(v)) => PaneList::Users(v),
        Some(Payload::Alert(a)) => PaneList::Evidence(a.evidence.len()),
        _ => PaneList::Nothing,
    }
}

fn move_by(model: &mut Model, delta: isize) -> Vec<Cmd> {
    let focus = model.nav.current.focus;
    let len = pane_list(model, &model.nav.current.route, focus).len();
    let entry = &mut model.nav.current;
    if len == 0 {
        return Vec::new();
    }
    let current = entry.selected[focus.min(1)] as isize;
    entry.selected[focus.min(1)] =
        (current.saturating_add(delta)).clamp(0, len as isize - 1) as usize;
    Vec::new()
}

fn selected_alert(model: &Model) -> Option<&Alert> {
    let entry = &model.nav.current;
    match pane_list(model, &entry.route, entry.focus) {
        PaneList::Alerts(v) => v.get(entry.selected[entry.focus.min(1)]),
        _ => None,
    }
}

fn current_alert(model: &Model) -> Option<&Alert> {
    match &model.nav.current.route {
        Route::Alert(id) => match model.loaded(&Resource::Alert(id.clone())) {
            Some(Payload::Alert(a)) => Some(a),
            _ => None,
        },
        _ => selected_alert(model),
    }
}

fn drill(model: &mut Model) -> Vec<Cmd> {
    let entry = &model.nav.current;
    let index = entry.selected[entry.focus.min(1)];
    let route = match pane_list(model, &entry.route, entry.focus) {
        PaneList::Alerts(v) => v
            .get(index)
            .and_then(|a| AlertId::parse(&a.id).ok())
            .map(Route::Alert),
        PaneList::Machines(v) => v
            .get(index)
            .and_then(|m| MachineId::parse(&m.id).ok())
            .map(Route::Machine),
        PaneList::Users(v) => v
            .get(index)
            .and_then(|u| UserName::parse(u.account()).ok())
            .map(Route::User),
        _ => None,
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
                .find(|e| e.entity_type == Some(crate::api::model::EntityType::User))
                .and_then(|e| e.account_name.clone())
        })
}

fn pivot_user(model: &mut Model) -> Vec<Cmd> {
    let target = match &model.nav.current.route {
        Route::Alert(id) => match current_alert(model).and_then(alert_user) {
            Some(name) => Some(name),
            // Nothing in the alert names a user: ask the API (GET /alerts/{id}/user).
            None => return ask_for_pivot(model, Resource::AlertUser(id.clone())),
        },
        Route::Machine(_) => {
            let entry = &model.nav.current;
            match pane_list(model, &entry.route, 1) {
                PaneList::Users(v) => v.get(entry.selected[1]).map(|u| u.account().to_owned()),
                _ => None,
            }
        }
        _ => selected_alert(model).and_then(alert_user),
    };
    match target.and_then(|t| UserName::parse(&t).ok()) {
        Some(user) => navigate(model, Route::User(user)),
        None => {
            model.flash("no user to pivot to here");
            Vec::new()
        }
    }
}

fn pivot_machine(model: &mut Model) -> Vec<Cmd> {
    let target = match &model.nav.current.route {
        Route::User(_) if model.nav.current.focus == 1 => {
            let entry = &model.nav.current;
            match pane_list(model, &entry.route, 1) {
                PaneList::Machines(v) => v.get(entry.selected[1]).map(|m| m.id.clone()),
                _ => None,
            }
        }
        Route::Alert(id) => match current_alert(model).and_then(|a| a.machine_id.clone()) {
            Some(machine) => Some(machine),
            // Not loaded yet, or no machine id in it: ask the API (GET /alerts/{id}/machine).
            None => return ask_for_pivot(model, Resource::AlertMachine(id.clone())),
        },
        _ => selected_alert(model).and_then(|a| a.machine_id.clone()),
    };
    match target.and_then(|t| MachineId::parse(&t).ok()) {
        Some(machine) => navigate(model, Route::Machine(machine)),
        None => {
            model.flash("no machine to pivot to here");
            Vec::new()
        }
    }
}

/// Fetches the alert's related user or machine; the pivot happens when it arrives, if the
/// analyst is still on the alert (see `engine_event`).
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
fn finish_pivot(model: &mut Model, resource: &Resource) -> Vec<Cmd> {
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

fn pivot_alerts(model: &mut Model) -> Vec<Cmd> {
    match &model.nav.current.route {
        Route::User(_) | Route::Machine(_) => {
            model.nav.current.focus = 0;
            Vec::new()
        }
        Route::Alert(_) => pivot_machine(model),
        Route::Search => Vec::new(),
    }
}

fn fetch_view(model: &mut Model, refresh: bool) -> Vec<Cmd> {
    let origin = model.nav.current.origin;
    let resources = model.nav.current.route.resources();
    let mut cmds = Vec::with_capacity(resources.len());
    for resource in resources {
        // Known data stays on screen while it is asked for again; the engine answers from its
        // cache while fresh (no call) and refetches once stale.
        if !matches!(model.store.get(&resource), Some(Slot::Loaded { .. })) {
            model
                .store
                .insert(resource.clone(), Slot::Pending(Pending::Queued));
        }
        cmds.push(Cmd::Fetch {
            resource,
            origin,
            refresh,
        });
    }
    cmds
}

pub fn navigate(model: &mut Model, route: Route) -> Vec<Cmd> {
    let origin = model.next_origin();
    model.mode = if route == Route::Search {
        Mode::Search
    } else {
        Mode::Normal
    };
    let left = model.nav.push(Entry::new(route, origin)).origin;
    let mut cmds = vec![Cmd::Cancel(left)];
    cmds.extend(fetch_view(model, false));
    cmds
}

fn restore(model: &mut Model, left: Origin) -> Vec<Cmd> {
    model.mode = if model.nav.current.route == Route::Search {
        Mode::Search
    } else {
        Mode::Normal
    };
    let mut cmds = vec![Cmd::Cancel(left)];
    cmds.extend(fetch_view(model, false));
    cmds
}

pub fn back(model: &mut Model) -> Vec<Cmd> {
    let left = model.nav.current.origin;
    if model.nav.go_back() {
        restore(model, left)
    } else {
        Vec::new()
    }
}

fn forward(model: &mut Model) -> Vec<Cmd> {
    let left = model.nav.current.origin;
    if model.nav.go_forward() {
        restore(model, left)
    } else {
        Vec::new()
    }
}

fn refresh(model: &mut Model) -> Vec<Cmd> {
    model.flash("refreshing");
    fetch_view(model, true)
}
