//! The queue's next window: the API gives no next link with `$top`, so when the analyst's
//! selection comes near the end of a queue holding full windows, the next `$top` alerts from
//! `$skip` = what it holds are asked for and appended. A short window is the end. Only while
//! no filter narrows the rows: a filter would otherwise page through the whole tenant.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use super::go::fetch;
use super::model::Model;
use super::msg::Cmd;
use crate::api::AlertQuery;
use crate::api::model::Alert;
use crate::engine::{Payload, Resource};

/// How close to the end of the rows the selection comes before the next window is asked.
const NEAR_END: usize = 50;

/// After a key: the next window, when the selection is near the end of a full queue.
pub fn follow(model: &mut Model) -> Vec<Cmd> {
    let entry = &model.nav.current;
    if !entry.route.is_queue() || model.pages.asked.is_some() {
        return Vec::new();
    }
    let Some(spec) = entry.route.pane(0) else {
        return Vec::new();
    };
    let (Resource::Alerts(query), Some(Payload::Alerts(held))) =
        (&spec.resource, model.store.loaded(&spec.resource))
    else {
        return Vec::new();
    };
    let pane = &entry.panes[0];
    let near_end = pane.rows.len().saturating_sub(pane.selected) <= NEAR_END;
    let full = held.len() >= query.top && model.pages.ended.as_ref() != Some(&spec.resource);
    if !near_end || !full || !pane.filter.trim().is_empty() {
        return Vec::new();
    }
    let next = Resource::alerts(AlertQuery {
        skip: held.len(),
        ..(**query).clone()
    });
    let (from, origin) = (held.len() + 1, entry.origin);
    model.pages.asked = Some((next.clone(), spec.resource.clone()));
    model.flash(format!("loading alerts {from} and on…"));
    vec![fetch(next, origin, false)]
}

/// Appends a window to its queue; false when `resource` is not one.
pub fn arrived(model: &mut Model, resource: &Resource, payload: &Payload, at: Instant) -> bool {
    let Some((asked, queue)) = model.pages.asked.clone() else {
        return false;
    };
    if &asked != resource {
        return false;
    }
    model.pages.asked = None;
    let (Resource::Alerts(query), Payload::Alerts(window), Some(Payload::Alerts(held))) =
        (&queue, payload, model.store.loaded(&queue))
    else {
        return true;
    };
    if window.len() < query.top {
        model.pages.ended = Some(queue.clone());
    }
    let held_ids: HashSet<&str> = held.iter().map(|h| h.id.as_str()).collect();
    let mut alerts: Vec<Alert> = held.to_vec();
    alerts.extend(
        window
            .iter()
            .filter(|a| !held_ids.contains(a.id.as_str()))
            .cloned(),
    );
    model
        .store
        .store(queue, Payload::Alerts(Arc::from(alerts)), at);
    true
}

/// A window that could not be had: say so; the next move near the end asks again.
pub fn failed(model: &mut Model, resource: &Resource, why: &str) {
    if model
        .pages
        .asked
        .as_ref()
        .is_some_and(|(asked, _)| asked == resource)
    {
        model.pages.asked = None;
        model.flash(format!("more alerts: {why}"));
    }
}
