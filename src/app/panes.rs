//! The list panes of a view: which list each shows, and the rows it shows of it after the
//! filter and the sort. Rows are derived once per change of data, filter or sort, and kept in
//! the view's entry, so drawing and key handling read the same rows.

use std::sync::Arc;

use super::filter::Filter;
use super::model::Model;
use super::msg::Cmd;
use super::nav::Pane;
use super::timeline::Timeline;
use crate::entity::{Entity, List, Sort};

/// A pane's list and the rows of it on screen.
#[derive(Clone, Copy)]
pub struct PaneRows<'a> {
    pub list: &'a dyn List,
    pub rows: &'a [usize],
}

impl<'a> PaneRows<'a> {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many items the data holds before filtering.
    pub fn total(&self) -> usize {
        self.list.len()
    }

    /// The entity on row `row` of the pane.
    pub fn entity(&self, row: usize) -> Option<&'a dyn Entity> {
        self.rows.get(row).map(|&i| self.list.get(i))
    }
}

/// The loaded list of pane `pane` of the current view, and its rows.
pub fn rows(model: &Model, pane: usize) -> Option<PaneRows<'_>> {
    let entry = &model.nav.current;
    let spec = entry.route.pane(pane)?;
    let (list, _) = model.store.pane_list(&spec)?;
    Some(PaneRows {
        list,
        rows: &entry.panes[pane].rows,
    })
}

/// The row under the cursor in the focused pane.
pub fn selected_row(model: &Model) -> Option<&dyn Entity> {
    let entry = &model.nav.current;
    rows(model, entry.focus)?.entity(entry.pane().selected)
}

/// What copy, open and export act on: the entity a view is about when it has no lists (the
/// alert view), else the selected row.
pub fn selected_entity(model: &Model) -> Option<&dyn Entity> {
    let view = model.nav.current.route.view();
    if view.panes.is_empty() || model.on_text() {
        return model.store.one(view.facts.as_ref()?);
    }
    selected_row(model)
}

/// The entity a view with lists is about (a file, a user, a machine), apart from its rows:
/// `None` where the view has no lists (the alert view: [`selected_entity`] is it already).
pub fn view_entity(model: &Model) -> Option<&dyn Entity> {
    let view = model.nav.current.route.view();
    if view.panes.is_empty() {
        return None;
    }
    model.store.one(view.facts.as_ref()?)
}

/// The pane's rows from its list: filtered, sorted (and grouped); with `timeline` (the zone's
/// offset, while the timeline is on) the rows' timeline too.
fn derive(list: &dyn List, generation: u64, pane: &mut Pane, timeline: Option<i64>) {
    let filter = match Filter::parse(&pane.filter, list) {
        Ok(f) => {
            pane.filter_error = None;
            f
        }
        Err(e) => {
            pane.filter_error = Some(e.to_string());
            Filter::default()
        }
    };
    let mut rows: Vec<usize> = if filter.wants_index() {
        let index = match &pane.text_index {
            Some((g, index)) if *g == generation => index.clone(),
            _ => {
                let built: Arc<[String]> = (0..list.len())
                    .map(|i| {
                        let mut text = String::new();
                        list.get(i).search_text(&mut text);
                        text
                    })
                    .collect();
                pane.text_index = Some((generation, built.clone()));
                built
            }
        };
        (0..list.len())
            .filter(|&i| filter.matches_indexed(list.get(i), &index[i]))
            .collect()
    } else {
        (0..list.len())
            .filter(|&i| filter.matches(list.get(i)))
            .collect()
    };
    // The second key first: the sort is stable, so rows equal in the first keep its order.
    let first = pane.sort.unwrap_or(list.default_sort());
    if let Some(then) = pane.then.filter(|t| t.column != first.column) {
        list.sort(&mut rows, then);
    }
    list.sort(&mut rows, first);
    pane.timeline = match timeline.filter(|_| super::timeline::applies(list)) {
        Some(offset) => {
            let stamps = match &pane.stamps {
                Some((g, stamps)) if *g == generation => stamps.clone(),
                _ => {
                    let built = super::timeline::stamps(list);
                    pane.stamps = Some((generation, built.clone()));
                    built
                }
            };
            Timeline::build(&stamps, &rows, offset)
        }
        None => None,
    };
    if let (Some(bar), Some(timeline)) = (pane.bar, &pane.timeline) {
        pane.bar = Some(bar.min(timeline.bars.len().saturating_sub(1)));
    }
    if pane.grouped {
        (pane.rows, pane.group_sizes) = group_by_incident(list, &rows);
    } else {
        pane.rows = rows;
        pane.group_sizes.clear();
    }
}

/// The incident an entity belongs to, when its kind has incidents (alerts).
pub fn incident_of(entity: &dyn Entity) -> Option<String> {
    let mut found = None;
    entity.any_value(Some("incident"), false, &mut |v| {
        found = Some(v.to_owned());
        true
    })?;
    found
}

/// One row per incident, the first of its alerts in `rows`' order, and how many it stands
/// for; rows without an incident stand alone.
fn group_by_incident(list: &dyn List, rows: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut at: std::collections::HashMap<String, usize> = Default::default();
    let (mut kept, mut sizes) = (Vec::new(), Vec::new());
    for &row in rows {
        match incident_of(list.get(row)) {
            Some(incident) => match at.get(&incident) {
                Some(&group) => sizes[group] += 1,
                None => {
                    at.insert(incident, kept.len());
                    kept.push(row);
                    sizes.push(1);
                }
            },
            None => {
                kept.push(row);
                sizes.push(1);
            }
        }
    }
    (kept, sizes)
}

/// Rows after the selection remembered, to land on when the selected row leaves.
const FOLLOWERS: usize = 64;

/// Brings the current view's rows up to date with its data, filters and sorts.
pub fn sync(model: &mut Model) {
    let timeline = model.timeline.then(|| {
        model
            .session
            .time_offset
            .map_or(0, |o| i64::from(o.whole_seconds()))
    });
    for pane in 0..super::nav::MAX_PANES {
        let Some(spec) = model.nav.current.route.pane(pane) else {
            continue;
        };
        model.store.project(&spec);
        let Some((list, generation)) = model.store.pane_list(&spec) else {
            continue;
        };
        let state = &mut model.nav.current.panes[pane];
        let key = Some((
            generation,
            state.filter.clone(),
            state.sort,
            state.then,
            state.grouped,
            timeline,
        ));
        if state.derived_from != key {
            let new_data = state
                .derived_from
                .as_ref()
                .is_some_and(|(g, ..)| *g != generation);
            state.derived_from = key;
            derive(list, generation, state, timeline);
            // The selection follows the entity. When new data lost it (a write resolved it
            // out of an open queue, a refresh), the row that followed it and is still there
            // takes its place, else the same place; when a filter, sort or grouping hid it,
            // the top.
            let position = |id: &str| state.rows.iter().position(|&i| list.get(i).id() == id);
            let found = state.selected_id.as_deref().and_then(position);
            state.selected = match found {
                Some(at) => at,
                None if new_data && state.selected_id.is_some() => state
                    .next_ids
                    .iter()
                    .find_map(|next| position(next))
                    .unwrap_or(state.selected),
                None => 0,
            };
        }
        state.selected = state.selected.min(state.rows.len().saturating_sub(1));
        state.selected_id = state
            .rows
            .get(state.selected)
            .map(|&i| list.get(i).id().to_owned());
        state.next_ids = state
            .rows
            .iter()
            .skip(state.selected + 1)
            .take(FOLLOWERS)
            .map(|&i| list.get(i).id().to_owned())
            .collect();
    }
}

/// The sortable columns of pane `pane`, for `S` to cycle through, and its default order.
pub fn sortable(model: &Model, pane: usize) -> Option<(Vec<usize>, Sort)> {
    let list = rows(model, pane)?.list;
    let hidden = model
        .nav
        .current
        .route
        .pane(pane)
        .map_or(&[][..], |p| p.hide);
    let sortable = list
        .heads()
        .iter()
        .enumerate()
        // Only what is on screen: a column too wide for this terminal is not sorted by unseen.
        .filter(|(_, h)| {
            h.sortable && !hidden.contains(&h.title) && model.width.is_none_or(|w| h.shown_at(w))
        })
        .map(|(i, _)| i)
        .collect();
    Some((sortable, list.default_sort()))
}

/// Moves the selection of the focused list, or scrolls a detail view's text.
pub fn move_by(model: &mut Model, delta: isize) -> Vec<Cmd> {
    if model.on_text() {
        // The detail view is text: as far as it reaches as laid out, no further (before the
        // first layout, as far as it could possibly reach).
        let limit = model
            .scroll_limit
            .map(usize::from)
            .unwrap_or_else(|| selected_entity(model).map_or(0, |e| e.detail_lines()));
        let entry = &mut model.nav.current;
        entry.scroll = (entry.scroll as isize)
            .saturating_add(delta)
            .clamp(0, limit as isize) as u16;
        return Vec::new();
    }
    let len = rows(model, model.nav.current.focus).map_or(0, |r| r.len());
    if len == 0 {
        return Vec::new();
    }
    let pane = model.nav.current.pane_mut();
    pane.selected = (pane.selected as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize;
    Vec::new()
}
