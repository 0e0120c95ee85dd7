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

/// The facts lines, the timeline (no rows when off) and the panes of a list view. Each pane is as tall as its rows need when
/// all fit (the last takes what is left); when they do not, a short list still shows whole,
/// and long ones share the height.
pub fn areas(model: &Model, area: Rect) -> (Rect, Rect, Vec<Rect>) {
    // The facts take the lines they flow over, within reason.
    let theme = Theme::of(model.session.theme);
    // A pair wider than the screen wraps: count the rows it takes.
    let width = usize::from(area.width).max(1);
    let facts: usize = facts_lines(model, &theme, &model.nav.current.route, area.width)
        .iter()
        .map(|l| l.width().div_ceil(width).max(1))
        .sum();
    // Borders and the header take three lines; an empty or loading pane says so on one.
    let need = |pane: usize| panes::rows(model, pane).map_or(0, |r| r.len()).max(1) as u16 + 3;
    let count = model.nav.current.route.panes();
    let timeline = super::timeline::height(model, area.height);
    // A view of facts alone (a file known by a hash the API cannot relate) gives them all;
    // otherwise they take up to a third of a tall screen (six rows at least) — or all the
    // lists leave, so that what a file or an incident has to say is not cut over blank rows.
    let spare = area
        .height
        .saturating_sub(timeline + (0..count).map(need).sum::<u16>());
    let most = if count == 0 {
        area.height
    } else {
        (area.height / 3).max(6).max(spare)
    };
    let facts = (facts as u16).clamp(2, most.max(2));
    let [facts, timeline, lists] = Layout::vertical([
        Constraint::Length(facts),
        Constraint::Length(timeline),
        Constraint::Min(0),
    ])
    .areas(area);
    let room = lists.height;
    let heights: Vec<u16> = match count {
        // One list (the queue, an incident) takes all the room.
        0 | 1 => vec![room],
        2 => {
            let (top, bottom) = (need(0), need(1));
            let top = if top + bottom <= room {
                top
            } else if bottom <= room * 45 / 100 {
                room - bottom
            } else {
                room * 55 / 100
            };
            vec![top, room.saturating_sub(top)]
        }
        _ => share(&(0..count).map(need).collect::<Vec<_>>(), room),
    };
    let rects = Layout::vertical(heights.iter().map(|&h| Constraint::Length(h)))
        .split(lists)
        .to_vec();
    (facts, timeline, rects)
}

/// Heights for three or more panes within `room`: each what it needs when all fit; else the
/// short ones whole (no more than a fair share) and the rest shared evenly. The last pane
/// takes what is left.
fn share(needs: &[u16], room: u16) -> Vec<u16> {
    let count = needs.len() as u16;
    let mut heights: Vec<u16> = if needs.iter().sum::<u16>() <= room {
        needs.to_vec()
    } else {
        let fair = room / count;
        let short: u16 = needs.iter().filter(|&&n| n <= fair).sum();
        let long = needs.iter().filter(|&&n| n > fair).count() as u16;
        let each = room.saturating_sub(short) / long.max(1);
        needs
            .iter()
            .map(|&n| if n <= fair { n } else { each.max(3) })
            .collect()
    };
    let used: u16 = heights[..heights.len() - 1].iter().sum();
    if let Some(last) = heights.last_mut() {
        *last = room.saturating_sub(used);
    }
    heights
}

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let entry = &model.nav.current;
    let view = entry.route.view();
    let (facts, timeline, rects) = areas(model, area);
    frame.render_widget(
        Paragraph::new(facts_lines(model, theme, &entry.route, facts.width))
            .wrap(Wrap { trim: true }),
        facts,
    );
    super::timeline::draw(model, theme, frame, timeline);
    for ((pane, spec), rect) in view.panes.iter().enumerate().zip(rects) {
        draw_pane(model, theme, frame, rect, pane, spec);
    }
}

pub(super) fn draw_pane(
    model: &Model,
    theme: &Theme,
    frame: &mut Frame,
    rect: Rect,
    pane: usize,
    spec: &PaneSpec,
) {
    let entry = &model.nav.current;
    let name = spec.name;
    // Where a session starts, the queue has the focus only when the box has given it up;
    // under an alert's text, the evidence only when Tab gave it the keys.
    let shares = entry.route.has_search_box() || entry.route.is_detail();
    let focused = entry.focus == pane && (!shares || entry.list_focus);
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
    let state = &entry.panes[pane];
    let mut title = match filter_title(model, pane) {
        Some(filter) => format!(" {name} {} ", sanitize::line(&filter)),
        None if state.grouped => format!(
            " {name} ({} alerts in {} rows, by incident) ",
            state.group_sizes.iter().sum::<usize>(),
            rows.len()
        ),
        // The first rows of a long list, the rest on its way.
        None if model.store.is_preview(&spec.resource) => {
            format!(" {name} ({} so far…) ", rows.len())
        }
        None => format!(" {name} ({}) ", rows.len()),
    };
    if let Some(cap) = spec.cap.filter(|&cap| rows.total() >= cap) {
        title.push_str(&format!(
            "· the API returns at most {cap}: there may be more "
        ));
    }
    // A hunt's title says how long Graph took to answer it.
    if let Some(took) = model.store.took.get(&spec.resource) {
        title.push_str(&format!("· {:.1} s ", took.as_secs_f64()));
    }
    let marked = entry.panes[pane].marked.len();
    if marked > 0 {
        title.push_str(&format!("· {marked} marked "));
    }
    // A live queue's new and changed rows, until the selection passes over them.
    let queue = entry.route.is_queue();
    let fresh = |id: &str| queue && model.live.fresh.contains(id);
    if queue && !model.live.fresh.is_empty() {
        title.push_str(&format!("· {} new ", model.live.fresh.len()));
    }
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
    EntityTable::new(rows, &entry.panes[pane], focused, spec.hide)
        .ages(model.ages.then(|| model.wall_now()))
        .zone(model.session.time_offset)
        .render(frame, rect, block.title(title), |e| {
            // A row's severity is its colour; bold is kept for what is new, so a new high
            // alert stands out from the high ones already seen.
            let style = e
                .severity()
                .map_or(Style::new(), |s| theme.severity(Some(s)))
                .remove_modifier(ratatui::style::Modifier::BOLD);
            if fresh(e.id()) {
                style
                    .add_modifier(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::ITALIC)
            } else {
                style
            }
        });
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

/// The facts above a view's lists, as `label: value` pairs flowing over `width` cells; a
/// pair never breaks between its label and its value.
fn facts_lines(model: &Model, theme: &Theme, route: &Route, width: u16) -> Vec<Line<'static>> {
    let Some(resource) = route.view().facts else {
        // A view of lists alone (the queue, an incident): a header made from them.
        let facts = crate::entity::summary(route, |r| model.store.loaded(r)).unwrap_or_default();
        return flow(pairs(facts, theme), width);
    };
    let mut facts = match model.store.one(&resource) {
        Some(entity) => entity.facts(),
        None => {
            let (kind, id) = route.kind_and_id();
            vec![(kind, id)]
        }
    };
    crate::entity::complete_facts(route, &mut facts, |r| model.store.loaded(r));
    let mut pairs = pairs(facts, theme);
    match model.store.slot(&resource) {
        // users/{id} is a legacy endpoint: a 404 there is common and says little.
        Some(Slot::Failed(ApiError::NotFound { .. })) if matches!(resource, Resource::User(_)) => {
            pairs.push(vec![Span::styled(
                "no user record (users/{id} answered 404; alerts and machines below still apply)",
                theme.dim,
            )]);
        }
        _ => pairs.extend(placeholder(model, &resource).map(|p| vec![Span::raw(p)])),
    }
    flow(pairs, width)
}

/// `label: value` pairs as spans, the label dimmed.
fn pairs(facts: Vec<(&'static str, String)>, theme: &Theme) -> Vec<Vec<Span<'static>>> {
    facts
        .into_iter()
        .map(|(label, value)| {
            vec![
                Span::styled(format!("{label}: "), theme.dim),
                Span::raw(sanitize::line(&value).into_owned()),
            ]
        })
        .collect()
}

/// Pairs flowing over lines of `width` cells; a pair never breaks between label and value.
fn flow(pairs: Vec<Vec<Span<'static>>>, width: u16) -> Vec<Line<'static>> {
    const GAP: &str = "   ";
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for pair in pairs {
        let size: usize = pair.iter().map(Span::width).sum();
        if !current.is_empty() && used + GAP.len() + size > usize::from(width) {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        if !current.is_empty() {
            current.push(Span::raw(GAP));
            used += GAP.len();
        }
        used += size;
        current.extend(pair);
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}
