//! The live queue: while a queue is on screen or in the back stack, it asks now and then for
//! what changed (`lastUpdateTime gt` the newest update it holds) at background priority, and
//! folds the answer in — changed alerts replaced, new ones added, ones that left the scope
//! (resolved, reassigned) removed. It asks at most once per `every`, which the session sets
//! from its share of the hourly budget, so it can never spend more than that share.
//! New and changed rows are marked until the analyst's selection passes over them.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::go::ask;
use super::model::Model;
use super::msg::Cmd;
use crate::api::AlertQuery;
use crate::api::model::Alert;
use crate::engine::{Origin, Payload, Priority, Resource};

/// How many changes one question may bring; more than this and the queue is asked again
/// whole (the same single call).
const DELTA_TOP: usize = 500;

/// How often the live queue asks, when one is being kept live: for the status bar.
pub fn period_now(model: &Model) -> Option<Duration> {
    model
        .session
        .live_every
        .filter(|_| live_queue(model).is_some())
}

/// The queue kept live: the current view's, else the nearest in the back stack.
fn live_queue(model: &Model) -> Option<Resource> {
    std::iter::once(&model.nav.current)
        .chain(model.nav.back.iter().rev())
        .find(|e| e.route.is_queue())
        .and_then(|e| e.route.pane(0))
        .map(|spec| spec.resource)
}

/// How far ahead of the session's clock a server's `lastUpdateTime` may be and still count:
/// clocks differ a little; an alert dated 2099 is not an update to wait for.
const SKEW: Duration = Duration::from_secs(300);

/// The watermark of the next question: the `lastUpdateTime` of the most recently updated
/// alert a list holds, among those not after `now` (plus [`SKEW`]); an unreadable or future
/// time never moves it. With none, `now` less one period.
fn newest_update(alerts: &[Alert], now: time::OffsetDateTime, every: Duration) -> String {
    let latest = now + SKEW;
    alerts
        .iter()
        .filter_map(|a| a.last_update_time.as_ref())
        .filter(|t| t.datetime().is_some_and(|t| t <= latest))
        .max_by_key(|t| t.sort_key())
        .map(ToString::to_string)
        .unwrap_or_else(|| {
            (now - every)
                .replace_nanosecond(0)
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_default()
        })
}

/// Keeps a live queue to `cap` rows, dropping the oldest by creation; whether it had to.
fn bound(alerts: &mut Vec<Alert>, cap: usize) -> bool {
    if alerts.len() <= cap {
        return false;
    }
    alerts.sort_by_key(|a| {
        std::cmp::Reverse(
            a.alert_creation_time
                .as_ref()
                .map_or(i128::MIN, |t| t.sort_key()),
        )
    });
    alerts.truncate(cap);
    true
}

/// On each tick: the question, when one is due.
pub fn tick(model: &mut Model, now: Instant) -> Vec<Cmd> {
    let Some(every) = model.session.live_every else {
        return Vec::new();
    };
    if model.live.asked.is_some() || model.live.next.is_some_and(|next| now < next) {
        return Vec::new();
    }
    let Some(queue) = live_queue(model) else {
        return Vec::new();
    };
    let Some(Payload::Alerts(held)) = model.store.loaded(&queue) else {
        return Vec::new();
    };
    let after = newest_update(held, model.wall_now(), every);
    // The first answer just came: the first question is one period after it.
    if model.live.next.is_none() {
        model.live.next = Some(now + every);
        return Vec::new();
    }
    let delta = Resource::alerts(AlertQuery {
        updated_after: Some(after),
        top: DELTA_TOP,
        ..AlertQuery::default()
    });
    model.live.next = Some(now + every);
    model.live.asked = Some((delta.clone(), queue));
    vec![ask(delta, Priority::Background, Origin(0), true)]
}

/// Folds a live answer into its queue; false when `resource` is not one.
pub fn arrived(model: &mut Model, resource: &Resource, payload: &Payload, at: Instant) -> bool {
    let Some((asked, queue)) = model.live.asked.clone() else {
        return false;
    };
    if &asked != resource {
        return false;
    }
    model.live.asked = None;
    let (Resource::Alerts(query), Payload::Alerts(changed), Some(Payload::Alerts(held))) =
        (&queue, payload, model.store.loaded(&queue))
    else {
        return true;
    };
    if changed.is_empty() {
        return true;
    }
    // The session's clock, not the machine's: the model stays pure.
    let now = model.wall_now();
    let changed_ids: HashSet<&str> = changed.iter().map(|c| c.id.as_str()).collect();
    let mut alerts: Vec<Alert> = held
        .iter()
        .filter(|a| !changed_ids.contains(a.id.as_str()))
        .cloned()
        .collect();
    let mut in_scope = 0;
    for alert in changed.iter() {
        if query.matches(alert, now) {
            in_scope += 1;
            model.live.fresh.insert(alert.id.clone());
            alerts.push(alert.clone());
        } else {
            model.live.fresh.remove(&alert.id);
        }
    }
    let cap = model.session.live_cap;
    let capped = bound(&mut alerts, cap);
    if capped {
        let kept: HashSet<&str> = alerts.iter().map(|a| a.id.as_str()).collect();
        model.live.fresh.retain(|id| kept.contains(id.as_str()));
    }
    model
        .store
        .store(queue, Payload::Alerts(Arc::from(alerts)), at);
    if capped {
        model.flash(format!(
            "queue: holding its newest {cap} alerts; older ones were let go (r asks again)"
        ));
    } else if in_scope > 0 {
        let news = model.live.fresh.len();
        model.flash(format!("queue: {news} new or changed"));
    }
    true
}

/// The selected row has been seen.
pub fn seen(model: &mut Model) {
    if model.live.fresh.is_empty() {
        return;
    }
    if let Some(id) = model.nav.current.pane().selected_id.clone() {
        model.live.fresh.remove(&id);
    }
}

/// The share of the hourly budget a live queue may spend, as a period between questions.
pub fn period(share: f64, per_hour: u32) -> Duration {
    let calls = (share * f64::from(per_hour)).max(1.0);
    Duration::from_secs_f64(3600.0 / calls).max(Duration::from_secs(10))
}
