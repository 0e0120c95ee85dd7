//! The list panes of a view: which resource each shows, and the rows it shows of it after the
//! filter and the sort. Rows are derived once per change of data, filter or sort, and kept in
//! the view's entry, so drawing and key handling read the same rows.

use std::sync::Arc;

use super::filter::{Filter, Filterable};
use super::model::{Model, Pane, Route};
use crate::api::model::{Alert, Machine, User};
use crate::engine::{Payload, Resource};
use crate::present::{self, ALERT_COLUMNS, Column, MACHINE_COLUMNS, Sort, USER_COLUMNS};

/// The resource behind pane `pane` of a view.
pub fn pane_resource(route: &Route, pane: usize) -> Option<Resource> {
    match (route, pane) {
        (Route::User(u), 0) => Some(Resource::UserAlerts(u.clone())),
        (Route::User(u), 1) => Some(Resource::UserMachines(u.clone())),
        (Route::Machine(m), 0) => Some(Resource::MachineAlerts(m.clone())),
        (Route::Machine(m), 1) => Some(Resource::MachineLogonUsers(m.clone())),
        _ => None,
    }
}

/// A pane's data and the rows of it on screen.
pub enum PaneRows<'a> {
    Alerts(&'a [Alert], &'a [usize]),
    Machines(&'a [Machine], &'a [usize]),
    Users(&'a [User], &'a [usize]),
    Nothing,
}

impl PaneRows<'_> {
    pub fn len(&self) -> usize {
        match self {
            Self::Alerts(_, r) | Self::Machines(_, r) | Self::Users(_, r) => r.len(),
            Self::Nothing => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many items the data holds before filtering.
    pub fn total(&self) -> usize {
        match self {
            Self::Alerts(v, _) => v.len(),
            Self::Machines(v, _) => v.len(),
            Self::Users(v, _) => v.len(),
            Self::Nothing => 0,
        }
    }
}

/// One selected entity, whatever the view.
#[derive(Clone, Copy)]
pub enum Selected<'a> {
    Alert(&'a Alert),
    Machine(&'a Machine),
    User(&'a User),
}

pub fn rows<'a>(model: &'a Model, pane: usize) -> PaneRows<'a> {
    let entry = &model.nav.current;
    let Some(resource) = pane_resource(&entry.route, pane) else {
        return PaneRows::Nothing;
    };
    let rows = &entry.panes[pane].rows;
    match model.loaded(&resource) {
        Some(Payload::Alerts(v)) => PaneRows::Alerts(v, rows),
        Some(Payload::Machines(v)) => PaneRows::Machines(v, rows),
        Some(Payload::Users(v)) => PaneRows::Users(v, rows),
        _ => PaneRows::Nothing,
    }
}

/// The row under the cursor in the focused pane.
pub fn selected_row(model: &Model) -> Option<Selected<'_>> {
    let entry = &model.nav.current;
    let index = entry.pane().selected;
    match rows(model, entry.focus) {
        PaneRows::Alerts(v, r) => r.get(index).map(|&i| Selected::Alert(&v[i])),
        PaneRows::Machines(v, r) => r.get(index).map(|&i| Selected::Machine(&v[i])),
        PaneRows::Users(v, r) => r.get(index).map(|&i| Selected::User(&v[i])),
        PaneRows::Nothing => None,
    }
}

/// What copy, open and export act on: the alert of an alert view, else the selected row.
pub fn selected_entity(model: &Model) -> Option<Selected<'_>> {
    if let Route::Alert(id) = &model.nav.current.route {
        return match model.loaded(&Resource::Alert(id.clone())) {
            Some(Payload::Alert(a)) => Some(Selected::Alert(a)),
            _ => None,
        };
    }
    selected_row(model)
}

fn derive<T: Filterable + Default>(
    items: &[T],
    data: usize,
    columns: &[Column<T>],
    default_sort: Sort,
    pane: &mut Pane,
) {
    let filter = match Filter::parse::<T>(&pane.filter) {
        Ok(f) => {
            pane.filter_error = None;
            f
        }
        Err(e) => {
            pane.filter_error = Some(e);
            Filter::default()
        }
    };
    let mut rows: Vec<usize> = if filter.wants_index() {
        let index = match &pane.text_index {
            Some((id, index)) if *id == data => index.clone(),
            _ => {
                let built: Arc<[String]> = items
                    .iter()
                    .map(|item| {
                        let mut text = String::new();
                        item.search_text(&mut text);
                        text
                    })
                    .collect();
                pane.text_index = Some((data, built.clone()));
                built
            }
        };
        (0..items.len())
            .filter(|&i| filter.matches_indexed(&items[i], &index[i]))
            .collect()
    } else {
        (0..items.len())
            .filter(|&i| filter.matches(&items[i]))
            .collect()
    };
    present::sort_rows(items, columns, pane.sort.unwrap_or(default_sort), &mut rows);
    pane.rows = rows;
}

/// Data identity: the same `Arc` is the same data; a refresh brings a new one.
fn identity<T>(items: &Arc<[T]>) -> usize {
    Arc::as_ptr(items) as *const () as usize
}

/// Brings the current view's rows up to date with its data, filters and sorts.
pub fn sync(model: &mut Model) {
    for pane in 0..2 {
        let Some(resource) = pane_resource(&model.nav.current.route, pane) else {
            continue;
        };
        let payload = model.loaded(&resource).cloned();
        let state = &mut model.nav.current.panes[pane];
        let key = |id| Some((id, state.filter.clone(), state.sort));
        match payload {
            Some(Payload::Alerts(v)) if state.derived_from != key(identity(&v)) => {
                state.derived_from = key(identity(&v));
                derive(&v, identity(&v), ALERT_COLUMNS, present::ALERT_SORT, state);
            }
            Some(Payload::Machines(v)) if state.derived_from != key(identity(&v)) => {
                state.derived_from = key(identity(&v));
                derive(
                    &v,
                    identity(&v),
                    MACHINE_COLUMNS,
                    present::MACHINE_SORT,
                    state,
                );
            }
            Some(Payload::Users(v)) if state.derived_from != key(identity(&v)) => {
                state.derived_from = key(identity(&v));
                derive(&v, identity(&v), USER_COLUMNS, present::USER_SORT, state);
            }
            _ => continue,
        }
        state.selected = state.selected.min(state.rows.len().saturating_sub(1));
    }
}

/// The sortable columns of pane `pane`, for `S` to cycle through, and its default order.
pub fn sortable(model: &Model, pane: usize) -> Option<(Vec<usize>, Sort)> {
    fn of<T>(columns: &[Column<T>], default: Sort) -> (Vec<usize>, Sort) {
        let sortable = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.key.is_some())
            .map(|(i, _)| i)
            .collect();
        (sortable, default)
    }
    match rows(model, pane) {
        PaneRows::Alerts(..) => Some(of(ALERT_COLUMNS, present::ALERT_SORT)),
        PaneRows::Machines(..) => Some(of(MACHINE_COLUMNS, present::MACHINE_SORT)),
        PaneRows::Users(..) => Some(of(USER_COLUMNS, present::USER_SORT)),
        PaneRows::Nothing => None,
    }
}
