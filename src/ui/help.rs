//! The help screen, from the live key tables (so remapped keys show as they are): the keys of
//! the mode it was opened from first (a view's, with the scope keys on a queue), then every
//! other mode's. Where it all fits it shows at once; on a short screen (80×24) it is one
//! column that scrolls (↓ ↑ PgDn PgUp), descriptions wrapped whole under their keys — nothing
//! cut mid-phrase, no mode left out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::overlay::popup;
use super::theme::Theme;
use crate::app::keymap::{KeyMode, TABLES};
use crate::app::model::Model;

/// What the status bar's budget says, once.
const BUDGET: &str = "Status bar: api 3/100 min · 3/1500 h is the API nearest its limit (calls this minute and this hour, of what Defender allows); queue: calls waiting; next slot: when one may go.";

/// Each mode's keys, the one help was opened from first.
fn sections(model: &Model) -> Vec<(KeyMode, Vec<(String, String)>)> {
    let keymap = &model.session.keymap;
    let mut modes = vec![model.help_mode];
    if model.help_mode == KeyMode::Normal && model.nav.current.route.is_queue() {
        modes.push(KeyMode::Scopes);
    }
    let rest: Vec<KeyMode> = TABLES
        .iter()
        .map(|(m, _)| *m)
        .filter(|m| !modes.contains(m))
        .collect();
    modes.extend(rest);
    modes
        .into_iter()
        .map(|m| (m, keymap.help_rows_in(m)))
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

pub fn help(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let sections = sections(model);
    let heading = |mode: KeyMode| heading(mode, theme);
    let all_rows: usize = sections.iter().map(|(_, rows)| rows.len() + 2).sum();
    if usize::from(area.height) >= all_rows + 4 {
        let row = |keys: &str, description: &str| {
            Line::from(vec![
                Span::styled(format!("  {keys:<18}"), theme.key),
                Span::raw(description.to_owned()),
            ])
        };
        let mut lines = Vec::new();
        for (mode, rows) in &sections {
            lines.push(heading(*mode));
            lines.extend(rows.iter().map(|(k, d)| row(k, d)));
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(Span::styled(BUDGET, theme.dim)));
        popup(frame, area, 110, " help · any key closes ", lines);
        return;
    }
    let lines = column(&sections, theme, area);
    let visible = usize::from(area.height.saturating_sub(2)).max(1);
    let last = lines.len().saturating_sub(visible);
    let from = usize::from(model.help_scroll).min(last);
    let total = lines.len();
    let shown: Vec<Line> = lines.into_iter().skip(from).take(visible).collect();
    let title = format!(
        " help · ↓↑ PgDn PgUp scroll ({}–{} of {total}) · any other key closes ",
        from + 1,
        from + shown.len()
    );
    popup(frame, area, area.width, &title, shown);
}

/// How far help can scroll on a body `area`: 0 where it fits at once.
pub fn limit(model: &Model, area: Rect) -> u16 {
    let sections = sections(model);
    let all_rows: usize = sections.iter().map(|(_, rows)| rows.len() + 2).sum();
    if usize::from(area.height) >= all_rows + 4 {
        return 0;
    }
    let lines = column(&sections, &Theme::of(model.session.theme), area).len();
    let visible = usize::from(area.height.saturating_sub(2)).max(1);
    lines.saturating_sub(visible).min(usize::from(u16::MAX)) as u16
}

/// Help in one column for a short screen: keys, then the description wrapped beside them.
fn column(
    sections: &[(KeyMode, Vec<(String, String)>)],
    theme: &Theme,
    area: Rect,
) -> Vec<Line<'static>> {
    let inner = usize::from(area.width.saturating_sub(2)).max(20);
    let key_width = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0)
        .min(inner / 3)
        + 2;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (mode, rows) in sections {
        lines.push(heading(*mode, theme));
        for (keys, description) in rows {
            let wrapped = wrap(description, inner.saturating_sub(key_width + 1));
            for (i, part) in wrapped.into_iter().enumerate() {
                let keys = if i == 0 { keys.as_str() } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {keys:<width$}", width = key_width), theme.key),
                    Span::raw(part),
                ]));
            }
        }
        lines.push(Line::raw(""));
    }
    for part in wrap(BUDGET, inner) {
        lines.push(Line::from(Span::styled(part, theme.dim)));
    }
    lines
}

fn heading(mode: KeyMode, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(
        format!("Keys {}", mode.title()),
        theme.heading,
    ))
}

/// `text` in lines of at most `width` cells, broken between words (a word longer than a
/// line is cut across lines).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() { 0 } else { 1 } + word.width();
        if !line.is_empty() && line.width() + needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let cut: String = line.chars().take(width).collect();
            line = line.chars().skip(cut.chars().count()).collect();
            lines.push(cut);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_between_words_and_cuts_only_what_cannot_fit() {
        assert_eq!(
            wrap("pivot to the machine's alerts", 12),
            vec!["pivot to the", "machine's", "alerts"]
        );
        assert_eq!(wrap("abcdefghijkl", 8), vec!["abcdefgh", "ijkl"]);
        assert_eq!(wrap("", 8), vec![""]);
    }
}
