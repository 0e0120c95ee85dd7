//! Marking rows of a list: one (Space), a range (V) or every row the filter shows (*). A
//! triage acts on the marked rows; marks stay with the view and are counted in its title.

use super::model::Model;
use super::msg::Cmd;
use super::panes;

/// The ids of rows `from..=to` of the focused pane.
fn ids(model: &Model, from: usize, to: usize) -> Vec<String> {
    let Some(rows) = panes::rows(model, model.nav.current.focus) else {
        return Vec::new();
    };
    (from.min(to)..=from.max(to))
        .filter_map(|row| rows.entity(row).map(|e| e.id().to_owned()))
        .collect()
}

pub fn toggle(model: &mut Model) -> Vec<Cmd> {
    let at = model.nav.current.pane().selected;
    let ids = ids(model, at, at);
    let pane = model.nav.current.pane_mut();
    for id in ids {
        if !pane.marked.remove(&id) {
            pane.marked.insert(id);
        }
    }
    pane.mark_anchor = Some(at);
    Vec::new()
}

pub fn range(model: &mut Model) -> Vec<Cmd> {
    let pane = model.nav.current.pane();
    let (at, from) = (pane.selected, pane.mark_anchor.unwrap_or(pane.selected));
    let ids = ids(model, from, at);
    let pane = model.nav.current.pane_mut();
    pane.marked.extend(ids);
    pane.mark_anchor = Some(at);
    Vec::new()
}

pub fn all(model: &mut Model) -> Vec<Cmd> {
    let len = panes::rows(model, model.nav.current.focus).map_or(0, |r| r.len());
    let ids = if len == 0 {
        Vec::new()
    } else {
        ids(model, 0, len - 1)
    };
    let pane = model.nav.current.pane_mut();
    if !ids.is_empty() && ids.iter().all(|id| pane.marked.contains(id)) {
        pane.marked.clear();
    } else {
        pane.marked.extend(ids);
    }
    Vec::new()
}
