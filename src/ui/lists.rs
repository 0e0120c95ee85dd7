//! The user and machine views: facts on top, two list panes below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::table::EntityTable;
use super::theme::Theme;
use super::{placeholder, sanitize};
use crate::api::ApiError;
use crate::app::filter_title;
use crate::app::model::{Model, Route, Slot};
use crate::app::panes::{self, PaneRows, pane_resource};
use crate::engine::{Payload, Resource};
use crate::present::{self, ALERT_COLUMNS, MACHINE_COLUMNS, USER_COLUMNS};

/// The facts line and the two panes of a list view.
pub fn areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(4),
        Constraint::Percentage(55),
        Constraint::Min(3),
    ])
    .areas(area)
}

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let entry = &model.nav.current;
    let [facts, top, bottom] = areas(area);
    frame.render_widget(
        Paragraph::new(facts_line(model, theme, &entry.route)).wrap(Wrap { trim: true }),
        facts,
    );
    for (pane, rect) in [(0usize, top), (1usize, bottom)] {
        let Some(resource) = pane_resource(&entry.route, pane) else {
            continue;
        };
        let focused = entry.focus == pane;
        let name = match (&entry.route, pane) {
            (Route::User(_) | Route::Machine(_), 0) => "alerts",
            (Route::User(_), _) => "machines",
            _ => "logged-on users",
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused { theme.focus } else { theme.border });
        if let Some(text) = placeholder(model, &resource) {
            let body = Paragraph::new(text).wrap(Wrap { trim: true });
            frame.render_widget(body.block(block.title(format!(" {name} "))), rect);
            continue;
        }
        let rows = panes::rows(model, pane);
        let mut title = match filter_title(model, pane) {
            Some(filter) => format!(" {name} {} ", sanitize::line(&filter)),
            None => format!(" {name} ({}) ", rows.len()),
        };
        if let Some(text) = empty_text(&resource, &rows) {
            if model.nav.current.panes[pane].filter.trim().is_empty() {
                title = format!(" {name} (0) ");
            }
            let body = Paragraph::new(text)
                .style(theme.dim)
                .wrap(Wrap { trim: true });
            frame.render_widget(body.block(block.title(title)), rect);
            continue;
        }
        let state = &entry.panes[pane];
        let block = block.title(title);
        match rows {
            PaneRows::Alerts(v, r) => {
                EntityTable::new(ALERT_COLUMNS, v, r, state, present::ALERT_SORT, focused).render(
                    frame,
                    rect,
                    block,
                    |a| theme.severity(a.severity.as_ref()),
                )
            }
            PaneRows::Machines(v, r) => {
                EntityTable::new(MACHINE_COLUMNS, v, r, state, present::MACHINE_SORT, focused)
                    .render(frame, rect, block, |_| Default::default())
            }
            PaneRows::Users(v, r) => {
                EntityTable::new(USER_COLUMNS, v, r, state, present::USER_SORT, focused).render(
                    frame,
                    rect,
                    block,
                    |_| Default::default(),
                )
            }
            PaneRows::Nothing => {}
        }
    }
}

/// What an empty list says instead of a bare header, honest about what the API can tell.
fn empty_text(resource: &Resource, rows: &PaneRows) -> Option<&'static str> {
    if !rows.is_empty() {
        return None;
    }
    if rows.total() > 0 {
        return Some("No rows match the filter. Esc clears it.");
    }
    Some(match resource {
        Resource::UserAlerts(_) => {
            "No alerts. The API answers the same for a user with no alerts in retention and for a user it does not know."
        }
        Resource::UserMachines(_) => "No machines reported for this user.",
        Resource::MachineAlerts(_) => "No alerts on this machine in retention.",
        Resource::MachineLogonUsers(_) => "No logged-on users reported.",
        _ => "Nothing.",
    })
}

/// A user's most and least used machines come as 40-hex ids; the user's machines list, once
/// loaded, names them.
fn with_host_names(
    model: &Model,
    user: &crate::api::UserName,
    mut facts: Vec<(&'static str, String)>,
) -> Vec<(&'static str, String)> {
    if let Some(Payload::Machines(machines)) = model.loaded(&Resource::UserMachines(user.clone())) {
        for (_, value) in facts.iter_mut() {
            if let Some(m) = machines.iter().find(|m| m.id.eq_ignore_ascii_case(value)) {
                *value = m.host().to_owned();
            }
        }
    }
    facts
}

/// The facts above a user's or machine's lists, flowing as `label value` pairs.
fn facts_line(model: &Model, theme: &Theme, route: &Route) -> Line<'static> {
    let (facts, resource) = match route {
        Route::User(u) => {
            let r = Resource::User(u.clone());
            match model.loaded(&r) {
                Some(Payload::User(user)) => {
                    (with_host_names(model, u, present::user_facts(user)), r)
                }
                _ => (vec![("user", u.to_string())], r),
            }
        }
        Route::Machine(m) => {
            let r = Resource::Machine(m.clone());
            match model.loaded(&r) {
                Some(Payload::Machine(mach)) => (present::machine_facts(mach), r),
                _ => (vec![("machine", m.to_string())], r),
            }
        }
        _ => return Line::default(),
    };
    let mut spans = Vec::new();
    for (label, value) in facts {
        spans.push(Span::styled(format!("{label} "), theme.dim));
        spans.push(Span::raw(format!("{}   ", sanitize::line(&value))));
    }
    match model.slot(&resource) {
        // users/{id} is a legacy endpoint: a 404 there is common and says little.
        Some(Slot::Failed(ApiError::NotFound { .. })) if matches!(resource, Resource::User(_)) => {
            spans.push(Span::styled(
                "no user record (users/{id} answered 404; alerts and machines below still apply)",
                theme.dim,
            ));
        }
        _ => spans.extend(placeholder(model, &resource).map(Span::raw)),
    }
    Line::from(spans)
}
