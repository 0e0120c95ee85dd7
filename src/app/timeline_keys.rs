//! The timeline's keys: `w` shows or hides it, `<` and `>` choose a bar, `W` keeps the alerts
//! of that bar's time range in the list — and the timeline then shows that range in finer
//! steps, so a burst can be narrowed down to the minute.

use super::model::Model;
use super::msg::Cmd;
use super::timeline::{range_filter, without_range};

/// The pane of the current view that has a timeline, when the timeline is on.
pub fn pane_of(model: &Model) -> Option<usize> {
    if !model.timeline {
        return None;
    }
    let entry = &model.nav.current;
    (0..entry.route.panes()).find(|&p| entry.panes[p].timeline.is_some())
}

/// `w`: the timeline on or off, for every view and the next session.
pub fn toggle(model: &mut Model) -> Vec<Cmd> {
    model.timeline = !model.timeline;
    super::panes::sync(model);
    let shown = pane_of(model).is_some();
    model.flash(match (model.timeline, shown) {
        (true, true) => "timeline on: < > choose a bar, W keeps its alerts (w hides it)",
        (true, false) => "timeline on: it shows over lists of alerts (w hides it)",
        (false, _) => "timeline off (w shows it)",
    });
    vec![Cmd::RememberTimeline(model.timeline)]
}

/// `<` and `>`: the bar before or after; the first press picks the tallest (the burst).
pub fn move_bar(model: &mut Model, later: bool) -> Vec<Cmd> {
    let Some(pane) = pane_of(model) else {
        return not_here(model);
    };
    let state = &mut model.nav.current.panes[pane];
    let Some(timeline) = &state.timeline else {
        return Vec::new();
    };
    let last = timeline.bars.len().saturating_sub(1);
    state.bar = Some(match state.bar {
        None => timeline.tallest(),
        Some(bar) if later => (bar + 1).min(last),
        Some(bar) => bar.saturating_sub(1),
    });
    Vec::new()
}

/// `W`: the list keeps the alerts of the chosen bar's time range (the tallest when none was
/// chosen); the timeline then shows that range in finer steps. Esc clears it like any filter.
pub fn keep_bar(model: &mut Model) -> Vec<Cmd> {
    let Some(pane) = pane_of(model) else {
        return not_here(model);
    };
    let entry = &mut model.nav.current;
    let state = &mut entry.panes[pane];
    let Some(timeline) = &state.timeline else {
        return Vec::new();
    };
    let bar = state.bar.unwrap_or_else(|| timeline.tallest());
    let (from, to) = timeline.range(bar);
    let said = timeline.describe(bar);
    let kept = without_range(&state.filter);
    state.filter = [kept, range_filter(from, to)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    state.bar = None;
    entry.focus = pane;
    super::panes::sync(model);
    model.flash(format!("alerts of {said} · Esc clears"));
    Vec::new()
}

fn not_here(model: &mut Model) -> Vec<Cmd> {
    model.flash(if model.timeline {
        "no timeline here: it shows over lists of alerts"
    } else {
        "the timeline is off: w shows it"
    });
    Vec::new()
}
