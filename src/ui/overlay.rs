//! What is drawn over a view: help, the message log, the copy menu, and the prompt line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::model::{Mode, Model};
use crate::app::panes;
use crate::entity::CopyWhat;
use crate::sanitize;

pub fn log(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let height = area.height.saturating_sub(2) as usize;
    let log = &model.notices.log;
    let lines: Vec<Line> = if log.is_empty() {
        vec![Line::raw("nothing to report")]
    } else {
        let start = log.len().saturating_sub(height);
        log[start..]
            .iter()
            .map(|(at, text)| {
                Line::from(vec![
                    Span::styled(format!("{} ", model.wall_time(*at)), theme.dim),
                    Span::raw(sanitize::line(text).into_owned()),
                ])
            })
            .collect()
    };
    popup(frame, area, 96, " messages · any key closes ", lines);
}

pub fn copy_menu(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let row = panes::selected_entity(model);
    // The view's own entity too (a file's hashes under its alerts), when it is another.
    let view = panes::view_entity(model).filter(|v| row.is_none_or(|r| r.id() != v.id()));
    let block = |entity: &dyn crate::entity::Entity, first: char| {
        CopyWhat::ALL
            .iter()
            .enumerate()
            .map(|(i, &what)| {
                let preview = entity.copy(what).map_or_else(
                    || "—".to_owned(),
                    |t| sanitize::line(&t.chars().take(44).collect::<String>()).into_owned(),
                );
                let key = char::from(first as u8 + i as u8);
                Line::from(vec![
                    Span::styled(format!(" {key} "), theme.key),
                    Span::raw(format!("{:<15}", what.label())),
                    Span::styled(preview, theme.dim),
                ])
            })
            .collect::<Vec<_>>()
    };
    let heading = |entity: &dyn crate::entity::Entity| {
        let label = sanitize::line(&entity.label())
            .chars()
            .take(50)
            .collect::<String>();
        Line::from(Span::styled(
            format!("{} {label}", entity.kind()),
            theme.heading,
        ))
    };
    let mut lines = Vec::new();
    if let Some(row) = row {
        if view.is_some() {
            lines.push(heading(row));
        }
        lines.extend(block(row, '1'));
    }
    if let Some(view) = view {
        lines.push(heading(view));
        lines.extend(block(view, 'a'));
    }
    let title = match (row.is_some(), view.is_some()) {
        (true, true) => " copy · 1–6 the row, a–f what the view is about · any other key closes ",
        (false, true) => " copy · a–f, any other key closes ",
        _ => " copy · 1–6, any other key closes ",
    };
    popup(frame, area, 76, title, lines);
}

/// The ways offered (a search read two ways, an alert's possible users, a process's image
/// or parent): the picked one highlighted.
pub fn choose(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(choice) = &model.choice else {
        return;
    };
    let lines: Vec<Line> = choice
        .options
        .iter()
        .enumerate()
        .map(|(i, (what, _))| {
            let style = if i == choice.selected {
                theme.focus.add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                ratatui::style::Style::new()
            };
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), theme.key),
                Span::styled(sanitize::line(what).into_owned(), style),
            ])
        })
        .collect();
    let title = format!(
        " {} · ↑↓ or a digit, Enter goes, Esc closes ",
        sanitize::line(&choice.title)
    );
    popup(frame, area, 76, &title, lines);
}

/// The rows `text` takes when wrapped at words to `width` cells, a word wider than a row
/// cut across rows (as the paragraph wraps it).
fn wrapped_rows(text: &str, width: usize) -> usize {
    use unicode_width::UnicodeWidthStr;
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width();
        let need = if used == 0 { w } else { used + 1 + w };
        if need <= width {
            used = need;
            continue;
        }
        if used > 0 {
            rows += 1;
        }
        rows += w.saturating_sub(1) / width;
        used = match w % width {
            0 if w > 0 => width,
            rest => rest,
        };
    }
    rows
}

/// A form's field: its label, reversed while it has the keys, then its value; a value of
/// several lines goes on under the first, aligned. `width` is the labels' column.
pub(super) fn form_field(
    label: &str,
    value: &str,
    focused: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let style = if focused {
        theme.focus.add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        theme.dim
    };
    let mut value_lines = value.split('\n');
    let first = sanitize::line(value_lines.next().unwrap_or_default()).into_owned();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {label:<width$}"), style),
        Span::raw(format!(" {first}")),
    ])];
    lines.extend(value_lines.map(|more| {
        Line::raw(format!(
            "{:pad$}{}",
            "",
            sanitize::line(more),
            pad = width + 2
        ))
    }));
    lines
}

pub(super) fn popup(frame: &mut Frame, area: Rect, width: u16, title: &str, lines: Vec<Line>) {
    let [_, middle, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Max(width),
        Constraint::Fill(1),
    ])
    .areas(area);
    // Long lines wrap at words: count the rows they take at this width.
    let inner = usize::from(middle.width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| wrapped_rows(&l.to_string(), inner))
        .sum();
    let height = (rows as u16).saturating_add(2).min(area.height);
    let [_, rect, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(middle);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title.to_owned()),
        ),
        rect,
    );
}

/// The prompt of the filter, command, export and confirm modes, in place of the status bar.
/// Returns false when no prompt is open.
pub fn prompt(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) -> bool {
    let label = match model.mode {
        Mode::Filter => "/",
        Mode::Command => ":",
        Mode::Export => "export to (.csv or .json): ",
        Mode::Package => "save the package in folder: ",
        Mode::Confirm => {
            let text = model
                .notices
                .message
                .as_ref()
                .map_or("overwrite? y/n", |(m, _)| m.as_str());
            frame.render_widget(
                Paragraph::new(Span::styled(sanitize::line(text).into_owned(), theme.warn)),
                area,
            );
            return true;
        }
        Mode::Search
        | Mode::Normal
        | Mode::Triage
        | Mode::Indicator
        | Mode::Respond
        | Mode::Hunt => {
            return false;
        }
    };
    let room = (area.width as usize).saturating_sub(label.len() + 1);
    let scroll = model.input.prompt.visual_scroll(room);
    let value: String = model.input.prompt.value().chars().skip(scroll).collect();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, theme.key),
            Span::raw(sanitize::line(&value).into_owned()),
        ])),
        area,
    );
    let cursor = model.input.prompt.visual_cursor().saturating_sub(scroll);
    frame.set_cursor_position((area.x + (label.chars().count() + cursor) as u16, area.y));
    true
}

/// The line over an open prompt, which covers the status bar: what Tab offers (the one in
/// the prompt highlighted), else the message the status bar would have shown.
pub fn above_prompt(model: &Model, theme: &Theme, frame: &mut Frame, body: Rect) {
    if !matches!(
        model.mode,
        Mode::Filter | Mode::Command | Mode::Export | Mode::Package
    ) || body.height == 0
    {
        return;
    }
    let line = match (&model.input.cycle, &model.notices.message) {
        (Some((options, next)), _) if !options.is_empty() => {
            // The options are whole lines: show each from the start of the word they complete.
            let shared = crate::app::command::common_prefix(options.iter().map(String::as_str))
                .and_then(|p| p.rfind([' ', ':', ',']).map(|at| at + 1))
                .unwrap_or(0);
            let shown = (*next > 0).then(|| (next - 1) % options.len());
            let mut spans = vec![Span::styled("Tab ", theme.key)];
            for (i, option) in options.iter().enumerate() {
                let text = sanitize::line(option.get(shared..).unwrap_or(option)).into_owned();
                let style = match shown == Some(i) {
                    true => theme.focus.add_modifier(Modifier::REVERSED),
                    false => Style::new(),
                };
                spans.push(Span::styled(text, style));
                spans.push(Span::styled(" · ", theme.dim));
            }
            spans.pop();
            Line::from(spans)
        }
        (_, Some((message, _))) => Line::from(Span::styled(
            sanitize::line(message).into_owned(),
            theme.warn,
        )),
        _ => return,
    };
    let area = Rect {
        y: body.bottom() - 1,
        height: 1,
        ..body
    };
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(line), area);
}

#[cfg(test)]
mod tests {
    use super::wrapped_rows;

    #[test]
    fn rows_count_word_wrapping() {
        assert_eq!(wrapped_rows("short", 10), 1);
        assert_eq!(wrapped_rows("one two three", 7), 2);
        // A word too long for a row starts a row and is cut across rows.
        assert_eq!(wrapped_rows("1 file 0123456789abcdef", 8), 3);
        assert_eq!(wrapped_rows("", 5), 1);
    }
}
