//! Pure rendering: reads the model, draws, decides nothing.

mod alert;
mod confirm;
mod crumbs;
mod help;
mod hunt;
mod indicator;
mod lists;
mod overlay;
mod pane_state;
mod respond;
mod search;
mod status;
mod table;
pub mod theme;
mod timeline;
mod triage;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::model::{Model, Overlay};
use pane_state::{SPINNER, placeholder};
use theme::Theme;

fn screen_areas(screen: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(screen)
}

/// Where a mouse click at (`x`, `y`) lands: a list pane, and the row in it if any. Computed
/// from the same layout `draw` uses.
pub fn hit(model: &Model, screen: Rect, x: u16, y: u16) -> Option<(usize, Option<usize>)> {
    let [_, body, _] = screen_areas(screen);
    let route = &model.nav.current.route;
    let at = ratatui::layout::Position { x, y };
    if route.has_search_box() {
        return None;
    }
    let rects = if route.is_detail() {
        // The text scrolls under the wheel; its list's rows click.
        let [text, list] = alert::areas(model, body);
        if text.contains(at) {
            return Some((crate::app::msg::TEXT, None));
        }
        vec![list]
    } else {
        lists::areas(model, body).2
    };
    let (pane, rect) = rects
        .into_iter()
        .enumerate()
        .find(|(_, r)| r.contains(at))?;
    let len = crate::app::panes::rows(model, pane).map_or(0, |r| r.len());
    let selected = model.nav.current.panes[pane].selected;
    Some((pane, table::row_at(rect, selected, len, y)))
}

/// How far help can scroll on `screen` while it is open; `None` when it is not.
pub fn help_limit(model: &Model, screen: Rect) -> Option<u16> {
    let [_, body, _] = screen_areas(screen);
    (model.overlay == Some(Overlay::Help)).then(|| help::limit(model, body))
}

/// How far a detail view (the alert) can scroll on `screen`; `None` elsewhere.
pub fn scroll_limit(model: &Model, screen: Rect) -> Option<u16> {
    let [_, body, _] = screen_areas(screen);
    if !model.nav.current.route.is_detail() {
        return None;
    }
    let [text, _] = alert::areas(model, body);
    alert::scroll_limit(model, text)
}

pub fn draw(model: &Model, frame: &mut Frame) {
    let theme = Theme::of(model.session.theme);
    let [crumbs, body, status] = screen_areas(frame.area());
    crumbs::draw(model, &theme, frame, crumbs);
    let route = &model.nav.current.route;
    if route.has_search_box() {
        search::draw(model, &theme, frame, body);
    } else if route.is_detail() {
        alert::draw(model, &theme, frame, body);
    } else {
        lists::draw(model, &theme, frame, body);
    }
    if overlay::prompt(model, &theme, frame, status) {
        overlay::above_prompt(model, &theme, frame, body);
    } else {
        status::draw(model, &theme, frame, status);
    }
    // The form under any overlay: help or the log opened over it is read on top.
    triage::draw(model, &theme, frame, body);
    indicator::draw(model, &theme, frame, body);
    respond::draw(model, &theme, frame, body);
    hunt::draw(model, &theme, frame, body);
    match model.overlay {
        Some(Overlay::Help) => help::help(model, &theme, frame, body),
        Some(Overlay::Log) => overlay::log(model, &theme, frame, body),
        Some(Overlay::CopyMenu) => overlay::copy_menu(model, &theme, frame, body),
        Some(Overlay::Choose) => overlay::choose(model, &theme, frame, body),
        None => {}
    }
}

/// Everything on screen that changes with the clock alone (spinner, countdowns, the data's
/// age, a message about to expire). The loop redraws after a tick only when this changes, so
/// an idle explorer draws nothing.
pub fn clock_state(model: &Model) -> String {
    let mut state = String::new();
    if model.loading() {
        state.push_str(SPINNER[model.spinner % 4]);
    }
    if let Some((text, _)) = &model.notices.message {
        state.push_str(text);
    }
    state.extend(status::data_age(model));
    state.extend(status::budget_text(model));
    // Ages move on: a list redraws when the minute turns (and not more often).
    if model.ages && model.nav.current.route.panes() > 0 {
        state.push_str(&(model.wall_now().unix_timestamp() / 60).to_string());
    }
    for resource in model.nav.current.route.resources() {
        state.extend(placeholder(model, &resource));
    }
    state
}
