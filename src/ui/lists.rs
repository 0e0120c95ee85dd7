//! The views with lists (user, machine): facts on top, two list panes below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::pane_state::placeholder;
use super::table::EntityTable;
use super::theme::Theme;
use crate::api::ApiError;
use crate::app::filter_title;
use crate::app::model::Model;
use crate::app::panes::{self, PaneRows};
use crate::app::store::Slot;
use crate::engine::Resource;
use crate::entity::{PaneSpec, Route};
use crate::sanitize;

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
    let view = entry.route.view();
    let [facts, top, bottom] = areas(area);
    frame.render_widget(
        Paragraph::new(facts_line(model, theme, &entry.route)).wrap(Wrap { trim: true }),
        facts,
    );
    for ((pane, spec), rect) in view.panes.iter().enumerate().zip([top, bottom]) {
        draw_pane(model, theme, frame, rect, pane, spec);
    }
}

fn draw_pane(
    model: &Model,
    theme: &Theme,
    frame: &mut Frame,
    rect: Rect,
    pane: usize,
    spec: &PaneSpec,
) {
    let entry = &model.nav.current;
    let name = spec.name;
    let focused = entry.focus == pane;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.focus } else { theme.border });
    if let Some(text) = placeholder(model, &spec.resource) {
        let body = Paragraph::new(text).wrap(Wrap { trim: true });
        frame.render_widget(body.block(block.title(format!(" {name} "))), rect);
        return;
    }
    let Some(rows) = panes::rows(model, pane) else {
        return;
    };
    let mut title = match filter_title(model, pane) {
        Some(filter) => format!(" {name} {} ", sanitize::line(&filter)),
        None => format!(" {name} ({}) ", rows.len()),
    };
    if let Some(text) = empty_text(spec, &rows) {
        if entry.panes[pane].filter.trim().is_empty() {
            title = format!(" {name} (0) ");
        }
        let body = Paragraph::new(text)
            .style(theme.dim)
            .wrap(Wrap { trim: true });
        frame.render_widget(body.block(block.title(title)), rect);
        return;
    }
    EntityTable::new(rows, &entry.panes[pane], focused).render(
        frame,
        rect,
        block.title(title),
        |e| {
            e.severity()
                .map_or(Style::new(), |s| theme.severity(Some(s)))
        },
    );
}

/// What an empty list says instead of a bare header, honest about what the API can tell.
fn empty_text(spec: &PaneSpec, rows: &PaneRows) -> Option<&'static str> {
    if !rows.is_empty() {
        return None;
    }
    if rows.total() > 0 {
        return Some("No rows match the filter. Esc clears it.");
    }
    Some(spec.empty)
}

/// Facts that hold a machine's 40-hex id (a user's most and least used machines) show its
/// name once a machine list in the view names it.
fn with_machine_names(
    model: &Model,
    route: &Route,
    mut facts: Vec<(&'static str, String)>,
) -> Vec<(&'static str, String)> {
    for spec in route.view().panes {
        let Some((list, _)) = model.store.list(&spec.resource) else {
            continue;
        };
        if list.kind() != "machine" {
            continue;
        }
        for (_, value) in facts.iter_mut() {
            if let Some(m) = (0..list.len())
                .map(|i| list.get(i))
                .find(|m| m.id().eq_ignore_ascii_case(value))
            {
                *value = m.label();
            }
        }
    }
    facts
}

/// The facts above a view's lists, flowing as `label value` pairs.
fn facts_line(model: &Model, theme: &Theme, route: &Route) -> Line<'static> {
    let Some(resource) = route.view().facts else {
        return Line::default();
    };
    let facts = match model.store.one(&resource) {
        Some(entity) => with_machine_names(model, route, entity.facts()),
        None => {
            let (kind, id) = route.kind_and_id();
            vec![(kind, id)]
        }
    };
    let mut spans = Vec::new();
    for (label, value) in facts {
        spans.push(Span::styled(format!("{label} "), theme.dim));
        spans.push(Span::raw(format!("{}   ", sanitize::line(&value))));
    }
    match model.store.slot(&resource) {
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
