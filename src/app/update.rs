//! `update(model, msg) -> commands`: every key and engine event changes the model here, and
//! nowhere else. No I/O, no clock: time arrives in messages, and what the shell did (an export
//! written, a file already there) comes back as messages too.

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::time::Instant;

use super::export::Export;
use super::keymap::Action;
use super::model::{Entry, Mode, Model, Overlay, Route, Slot};
use super::{panes, pivot, prompt, search, tools};
use crate::api::model::Alert;
use crate::engine::{Event, Origin, Pending, Resource};

const MESSAGE_LIFETIME: Duration = Duration::from_secs(6);
const PAGE: usize = 10;

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Engine(Event),
    Tick(Instant),
    /// The shell wrote an export: the full path, or why it could not.
    Exported(Result<(PathBuf, usize), String>),
    /// The export's file exists; ask before overwriting.
    ExportExists(Export),
    /// Something the shell wants the analyst to know (a link opened or copied).
    Notice(String),
    /// A click on a list pane (and a row of it), when the mouse is on.
    Click {
        pane: usize,
        row: Option<usize>,
        double: bool,
    },
    /// The wheel over a list pane.
    Wheel {
        pane: usize,
        down: bool,
    },
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
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Open a link in a browser, or show and copy it where there is none.
    Open(String),
    /// Write a file (asking first if it exists, unless `overwrite`).
    Export(Export),
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    let cmds = match msg {
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
        Msg::Exported(Ok((path, rows))) => {
            model.flash(format!("exported {rows} rows to {}", path.display()));
            Vec::new()
        }
        Msg::Exported(Err(e)) => {
            model.flash(format!("export failed: {e}"));
            Vec::new()
        }
        Msg::Click { pane, row, double } if mouse_ok(model, pane) => {
            let entry = &mut model.nav.current;
            entry.focus = pane;
            match row {
                Some(row) => {
                    entry.pane_mut().selected = row;
                    if double {
                        pivot::drill(model)
                    } else {
                        Vec::new()
                    }
                }
                None => Vec::new(),
            }
        }
        Msg::Wheel { pane, down } if mouse_ok(model, pane) => {
            model.nav.current.focus = pane;
            move_by(model, if down { 3 } else { -3 })
        }
        Msg::Click { .. } | Msg::Wheel { .. } => Vec::new(),
        Msg::Notice(text) => {
            model.flash(text);
            Vec::new()
        }
        Msg::ExportExists(export) => {
            model.flash(format!("{} exists: overwrite? y/n", export.path.display()));
            model.pending_export = Some(export);
            model.mode = Mode::Confirm;
            Vec::new()
        }
        Msg::Key(key) => {
            if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                model.quit = true;
                return Vec::new();
            }
            match model.mode {
                Mode::Search => search::key(model, key),
                Mode::Normal => normal_key(model, key),
                Mode::Filter | Mode::Command | Mode::Export | Mode::Confirm => {
                    prompt::key(model, key)
                }
            }
        }
    };
    finish(model, cmds)
}

/// Rows follow data, filters and sorts, whatever changed them.
fn finish(model: &mut Model, cmds: Vec<Cmd>) -> Vec<Cmd> {
    panes::sync(model);
    cmds
}

/// The mouse acts only on a list view with nothing over it.
fn mouse_ok(model: &Model, pane: usize) -> bool {
    model.mode == Mode::Normal && model.overlay.is_none() && pane < model.nav.current.route.panes()
}

fn engine_event(model: &mut Model, event: Event) -> Vec<Cmd> {
    match event {
        Event::Fetched {
            resource,
            payload,
            fetched_at,
            ..
        } => {
            search::remember_users(model, &payload);
            model.store.insert(
                resource.clone(),
                Slot::Loaded {
                    payload,
                    at: fetched_at,
                },
            );
            pivot::finish_pivot(model, &resource)
        }
        Event::Failed {
            resource, error, ..
        } => {
            if model.nav.current.route.resources().contains(&resource)
                && !is_quiet_miss(&resource, &error)
            {
                model.flash(format!("{resource}: {}", error.short()));
            }
            pivot::fail_pivot(model, &resource, &error.short());
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

fn normal_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    // An open overlay takes the next key: the copy menu a number, the others any key to close.
    if let Some(overlay) = model.overlay.take() {
        if let (Overlay::CopyMenu, KeyCode::Char(c @ '1'..='6')) = (overlay, key.code) {
            return tools::copy(model, c as usize - '1' as usize);
        }
        return Vec::new();
    }
    let Some(action) = model.keymap.action_for(&key) else {
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
        Action::Filter if model.nav.current.route.panes() == 2 => {
            let text = model.nav.current.pane().filter.clone();
            prompt::open(model, Mode::Filter, &text);
            Vec::new()
        }
        Action::Filter => Vec::new(),
        Action::Command => {
            prompt::open(model, Mode::Command, "");
            Vec::new()
        }
        Action::Back if !model.nav.current.pane().filter.is_empty() => {
            model.nav.current.pane_mut().filter.clear();
            Vec::new()
        }
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
        Action::Open => pivot::drill(model),
        Action::PivotUser => pivot::pivot_user(model),
        Action::PivotMachine => pivot::pivot_machine(model),
        Action::PivotAlerts => pivot::pivot_alerts(model),
        Action::SortNext => tools::sort_next(model),
        Action::SortReverse => tools::sort_reverse(model),
        Action::Copy => tools::copy(model, 0),
        Action::CopyMenu => tools::copy_menu(model),
        Action::OpenInPortal => tools::open_in_portal(model),
        Action::Export => tools::start_export(model),
        Action::Refresh => refresh(model),
    }
}

/// Moves the selection of the focused list, or scrolls the alert's text.
fn move_by(model: &mut Model, delta: isize) -> Vec<Cmd> {
    let entry = &model.nav.current;
    if let Route::Alert(_) = entry.route {
        // The alert view is text: as far as it could possibly reach, no further.
        let limit = match panes::selected_entity(model) {
            Some(panes::Selected::Alert(a)) => alert_lines(a),
            _ => 0,
        };
        let entry = &mut model.nav.current;
        entry.scroll = (entry.scroll as isize)
            .saturating_add(delta)
            .clamp(0, limit as isize) as u16;
        return Vec::new();
    }
    let len = panes::rows(model, entry.focus).len();
    if len == 0 {
        return Vec::new();
    }
    let pane = model.nav.current.pane_mut();
    pane.selected = (pane.selected as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize;
    Vec::new()
}

/// An upper bound of the alert view's lines, so scrolling stops near the end.
fn alert_lines(a: &Alert) -> usize {
    20 + a.evidence.len()
        + a.comments.len()
        + a.description.as_deref().map_or(0, |d| d.lines().count())
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
