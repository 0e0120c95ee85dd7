//! Pure rendering: reads the model, draws, decides nothing.

mod alert;
mod lists;
mod overlay;
mod pane_state;
mod search;
mod table;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::Action;
use crate::app::model::{Mode, Model, Overlay};
use crate::app::nav::Route;
use crate::app::store::Slot;
use crate::engine::Resource;
use crate::sanitize;
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
    if model.nav.current.route.panes() == 0 {
        return None;
    }
    let [_, body, _] = screen_areas(screen);
    let [_, top, bottom] = lists::areas(body);
    let (pane, rect) = [(0, top), (1, bottom)]
        .into_iter()
        .find(|(_, r)| r.contains(ratatui::layout::Position { x, y }))?;
    let len = crate::app::panes::rows(model, pane).map_or(0, |r| r.len());
    let selected = model.nav.current.panes[pane].selected;
    Some((pane, table::row_at(rect, selected, len, y)))
}

pub fn draw(model: &Model, frame: &mut Frame) {
    let theme = Theme::of(model.session.theme);
    let [crumbs, body, status] = screen_areas(frame.area());
    draw_crumbs(model, &theme, frame, crumbs);
    let route = &model.nav.current.route;
    if *route == Route::Search {
        search::draw(model, &theme, frame, body);
    } else if route.panes() > 0 {
        lists::draw(model, &theme, frame, body);
    } else {
        alert::draw(model, &theme, frame, body);
    }
    if !overlay::prompt(model, &theme, frame, status) {
        draw_status(model, &theme, frame, status);
    }
    match model.overlay {
        Some(Overlay::Help) => overlay::help(model, &theme, frame, body),
        Some(Overlay::Log) => overlay::log(model, frame, body),
        Some(Overlay::CopyMenu) => overlay::copy_menu(model, &theme, frame, body),
        None => {}
    }
}

fn draw_crumbs(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let path: Vec<String> = model
        .nav
        .path()
        .map(|e| sanitize::line(&crumb(model, &e.route)).into_owned())
        .collect();
    let line = Line::from(vec![
        Span::styled(" mdetui ", theme.brand),
        Span::raw(" "),
        Span::raw(path.join(" › ")),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// `user jdoe`, `alert da63867145…`, `machine wks-fin-042` (the name once the machine is known,
/// even when it was reached by its 40-hex id).
fn crumb(model: &Model, route: &Route) -> String {
    match route {
        Route::Search => "search".to_owned(),
        Route::User(u) => format!("user {u}"),
        Route::Alert(a) => {
            let id = a.as_str();
            match id.char_indices().nth(10) {
                Some((cut, _)) => format!("alert {}…", &id[..cut]),
                None => format!("alert {id}"),
            }
        }
        Route::Machine(m) => {
            let name = match model.store.one(&Resource::Machine(m.clone())) {
                Some(machine) => machine.label(),
                None => crate::api::model::short_host(m.as_str()).to_owned(),
            };
            format!("machine {name}")
        }
    }
}

fn draw_status(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let session = &model.session;
    let mut spans = vec![Span::styled(
        format!(" {} ", sanitize::line(&session.label)),
        if session.demo {
            theme.demo
        } else {
            theme.tenant
        },
    )];
    // A message goes first, so a narrow screen cuts the budget rather than the news; the
    // budget follows it on the same line.
    if let Some((text, _)) = &model.notices.message {
        spans.push(Span::styled(
            format!(" {} ·", sanitize::line(text)),
            theme.error,
        ));
    }
    if let (Some(b), Some(text)) = (&model.store.budget, budget_text(model)) {
        let s = &b.snapshot;
        let tight = s.minute.fill() > 0.8 || s.hour.fill() > 0.8;
        spans.push(Span::styled(
            text,
            if tight { theme.warn } else { Style::new() },
        ));
    } else {
        spans.push(Span::raw(" budget 0 used"));
    }
    if model.loading() {
        spans.push(Span::raw(format!(" {}", SPINNER[model.spinner % 4])));
    }
    if let Some(age) = data_age(model) {
        spans.push(Span::styled(format!(" · data {age}"), theme.dim));
    }
    let mode = match model.mode {
        Mode::Search => " SEARCH ",
        _ => " NORMAL ",
    };
    spans.push(Span::styled(format!(" {mode}"), theme.dim));
    if model.notices.message.is_none() {
        let keys = &session.keymap;
        let hint = [
            (Action::Help, "help"),
            (Action::Quit, "quit"),
            (Action::Open, "open"),
            (Action::Back, "back"),
            (Action::Filter, "filter"),
            (Action::Command, "command"),
        ]
        .map(|(action, what)| format!("{} {what}", keys.hint(action)))
        .join(" · ");
        spans.push(Span::styled(format!(" {hint}"), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The budget as the status bar writes it: the API nearest its limit, the queue, and the
/// countdown to the next slot while calls wait.
fn budget_text(model: &Model) -> Option<String> {
    let b = model.store.budget.as_ref()?;
    let s = &b.snapshot;
    let name = s.tightest.map_or("api", |e| e.name());
    let mut text = format!(
        " {name} {}/{} min · {}/{} h · queue {}",
        s.minute.used, s.minute.limit, s.hour.used, s.hour.limit, b.queued
    );
    if s.total_minute > s.minute.used {
        text.push_str(&format!(
            " · all APIs {}/min {}/h",
            s.total_minute, s.total_hour
        ));
    }
    if let Some(next) = b.next_slot {
        text.push_str(&format!(
            " · next slot {} s",
            next.saturating_duration_since(model.now).as_secs() + 1
        ));
    }
    Some(text)
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
    state.extend(data_age(model));
    state.extend(budget_text(model));
    for resource in model.nav.current.route.resources() {
        state.extend(placeholder(model, &resource));
    }
    state
}

/// The age of the oldest data on screen: "12 s", "3 min".
fn data_age(model: &Model) -> Option<String> {
    let oldest = model
        .nav
        .current
        .route
        .resources()
        .iter()
        .filter_map(|r| match model.store.slot(r) {
            Some(Slot::Loaded { at, .. }) => Some(*at),
            _ => None,
        })
        .min()?;
    let secs = model.now.saturating_duration_since(oldest).as_secs();
    // Minutes, so that the age is true without redrawing every second.
    Some(if secs < 60 {
        "< 1 min old".to_owned()
    } else {
        format!("{} min old", secs / 60)
    })
}
