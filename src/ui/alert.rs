//! The alert view: every field an analyst triages on, the description and the comments,
//! over the alert's evidence as a list (Tab gives it the keys; Enter follows a row). Text is wrapped here (continuation lines keep their indent), so the view
//! knows exactly how tall it is: it scrolls within its content and says when there is more.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::pane_state::{pivot_hint, placeholder};
use super::theme::Theme;
use crate::api::model::Alert;
use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::engine::Payload;
use crate::entity::column::{opt, time};
use crate::entity::{Kind, PivotTo};
use crate::sanitize;

/// The width of the facts' label column.
const LABEL: usize = 17;

/// The loaded alert of an alert view.
fn alert(model: &Model) -> Option<&Alert> {
    let resource = model.nav.current.route.view().facts?;
    match model.store.loaded(&resource) {
        Some(Payload::Alert(a)) => Some(a),
        _ => None,
    }
}

/// Whether the alert shown is a list row's copy while the whole alert is on its way.
fn is_preview(model: &Model) -> bool {
    model
        .nav
        .current
        .route
        .view()
        .facts
        .is_some_and(|r| model.store.is_preview(&r))
}

/// The alert's text and, under it, its evidence list: as tall as its rows need, up to two
/// fifths of the body (a loading or empty list takes a line inside its borders).
pub fn areas(model: &Model, body: Rect) -> [Rect; 2] {
    let rows = crate::app::panes::rows(model, 0)
        .map_or(0, |r| r.len())
        .max(1) as u16;
    let most = (body.height * 2 / 5).max(4);
    let list = (rows + 3).min(most).min(body.height.saturating_sub(3));
    Layout::vertical([Constraint::Min(3), Constraint::Length(list)]).areas(body)
}

/// How far the alert view can scroll in `area` (its text, borders included): the lines past
/// the first screenful. The loop tells the app, so the motion keys stop at the end.
pub fn scroll_limit(model: &Model, area: Rect) -> Option<u16> {
    let a = alert(model)?;
    let inner = Rect::new(
        0,
        0,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let preview = is_preview(model);
    let lines = content(
        a,
        &Theme::of(model.session.theme),
        usize::from(inner.width),
        preview,
    );
    Some((lines.len() as u16).saturating_sub(inner.height))
}

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, body: Rect) {
    let [area, list] = areas(model, body);
    if let Some(spec) = model.nav.current.route.pane(0) {
        super::lists::draw_pane(model, theme, frame, list, 0, &spec);
    }
    let keys = &model.session.keymap;
    let title = format!(
        " alert · {} evidence · {} · {} · {} machine's alerts · {} · {} copy · {} portal · {} export ",
        keys.hint(Action::NextPane),
        pivot_hint(model, PivotTo::User),
        pivot_hint(model, PivotTo::Machine),
        keys.hint(Action::PivotAlerts),
        pivot_hint(model, PivotTo::Incident),
        keys.hint(Action::Copy),
        keys.hint(Action::OpenInPortal),
        keys.hint(Action::Export),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if model.on_text() {
            theme.focus
        } else {
            theme.border
        })
        .title(title);
    let Some(a) = alert(model) else {
        let resource = model.nav.current.route.view().facts;
        let text = resource.and_then(|r| placeholder(model, &r));
        frame.render_widget(
            Paragraph::new(text.unwrap_or_default())
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    };
    let width = usize::from(area.width.saturating_sub(2));
    let height = area.height.saturating_sub(2);
    let lines = content(a, theme, width, is_preview(model));
    let limit = (lines.len() as u16).saturating_sub(height);
    let scroll = model.nav.current.scroll.min(limit);
    let more = lines.len() as u16 - scroll - height.min(lines.len() as u16);
    let block = if more > 0 {
        let lines = if more == 1 { "line" } else { "lines" };
        let hint = format!(" ↓ {more} more {lines} ({}) ", keys.hint(Action::Down));
        block.title_bottom(Line::from(Span::styled(hint, theme.dim)).right_aligned())
    } else {
        block
    };
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// Every line of the view at `width` cells.
fn content(a: &Alert, theme: &Theme, width: usize, preview: bool) -> Vec<Line<'static>> {
    let dim = theme.dim;
    let mut lines = wrap(
        Span::styled("", theme.severity(a.severity.as_ref())),
        0,
        &opt(&a.title),
        width,
        theme.severity(a.severity.as_ref()),
    );
    // The title heads the view and what the alert says comes next, where the first screen
    // shows it; the facts follow, one a line.
    if a.description
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty())
    {
        for paragraph in sanitize::multiline(&opt(&a.description)).lines() {
            lines.extend(wrap(Span::raw(""), 0, paragraph, width, Style::new()));
        }
        lines.push(Line::raw(""));
    }
    for (label, value) in Kind::facts(a).into_iter().filter(|(l, _)| *l != "title") {
        let label = Span::styled(format!("{label:<LABEL$}"), dim);
        lines.extend(wrap(label, LABEL, &value, width, Style::new()));
    }
    lines.push(Line::raw(""));
    // A process's command line is cut in the evidence list: here it reads whole.
    let commands: Vec<(String, &str)> = a
        .evidence
        .iter()
        .filter_map(|e| {
            let line = e
                .process_command_line
                .as_deref()
                .filter(|c| !c.trim().is_empty())?;
            Some((
                e.file_name.clone().unwrap_or_else(|| "process".to_owned()),
                line,
            ))
        })
        .collect();
    if !commands.is_empty() {
        lines.push(Line::from(Span::styled("command lines", theme.heading)));
        for (name, line) in commands {
            let label = Span::styled(format!("{:<LABEL$}", format!("{name} ")), dim);
            lines.extend(wrap(label, LABEL, line, width, Style::new()));
        }
        lines.push(Line::raw(""));
    }
    if preview {
        // The list row had all of the above; the rest is on its way, in the same place.
        lines.push(Line::from(Span::styled("comments: loading…", theme.dim)));
        return lines;
    }
    if !a.comments.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("comments", theme.heading)));
        for c in &a.comments {
            let text = format!(
                "{} {}: {}",
                time(&c.created_time),
                opt(&c.created_by),
                opt(&c.comment)
            );
            lines.extend(wrap(Span::raw("  "), 2, &text, width, Style::new()));
        }
    }
    lines
}

/// `text` (API text: cleaned here) after `first` on the first line, word-wrapped to `width`
/// cells, continuation lines indented by `indent`. A word longer than a line is cut.
pub(super) fn wrap(
    first: Span<'static>,
    indent: usize,
    text: &str,
    width: usize,
    style: Style,
) -> Vec<Line<'static>> {
    let text = sanitize::line(text);
    let room = width.saturating_sub(indent).max(1);
    let mut rows: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let last = rows.last_mut().expect("one row at least");
        let need = if last.is_empty() {
            word.width()
        } else {
            last.width() + 1 + word.width()
        };
        if need <= room {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
            continue;
        }
        // A new row for the word, cut where it is wider than a row.
        if rows.last().is_some_and(String::is_empty) {
            rows.pop();
        }
        let mut row = String::new();
        for c in word.chars() {
            if !row.is_empty() && row.width() + c.to_string().width() > room {
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
        rows.push(row);
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let lead = if i == 0 {
                first.clone()
            } else {
                Span::raw(" ".repeat(indent))
            };
            Line::from(vec![lead, Span::styled(row, style)])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_keep_their_indent() {
        let lines = wrap(
            Span::raw("label: "),
            7,
            "one two three four",
            15,
            Style::new(),
        );
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["label: one two", "       three", "       four"]);
        let long = wrap(Span::raw(""), 0, "abcdefghij", 4, Style::new());
        let text: Vec<String> = long.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["abcd", "efgh", "ij"]);
    }
}
