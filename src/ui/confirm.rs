//! A write's confirmation, drawn over the view: what it does, then every target's lines from
//! the one scrolled to (saying how many are above and below), and a footer that always shows:
//! what to type, how to send, how to scroll, and any keys dropped because they came before
//! the confirmation was on screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::app::confirm::Confirmation;
use crate::sanitize;

pub(super) const WIDTH: u16 = 100;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    head: Line<'static>,
    count: usize,
    target: impl Fn(usize) -> Vec<Line<'static>>,
    confirm: &Confirmation,
) {
    let footer = footer(confirm, theme);
    // Only the targets that can show are built: a write to thousands of alerts draws as
    // fast as one to three.
    let frame_rows = usize::from(area.height);
    let mut body_lines = 0;
    for i in 0..count {
        body_lines += target(i).len();
        if body_lines >= frame_rows {
            break;
        }
    }
    let wanted = 2 + 1 + body_lines + footer.len();
    let height = u16::try_from(wanted).unwrap_or(u16::MAX).min(area.height);
    let [_, middle, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Max(WIDTH),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, rect, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(middle);
    // Rows for targets: what is left once the head and the footer are placed.
    let room = usize::from(height)
        .saturating_sub(2 + 1 + footer.len())
        .max(1);
    let first = confirm.scroll.min(count.saturating_sub(1));
    let mut lines = vec![head];
    let mut body: Vec<Line<'static>> = Vec::new();
    if first > 0 {
        body.push(more(format!("↑ {first} more above"), theme));
    }
    let mut shown = first;
    while shown < count {
        let lines = target(shown);
        // Keep a row for "more below" unless this is the last target.
        let reserve = usize::from(shown + 1 < count);
        if body.len() + lines.len() + reserve > room && shown > first {
            break;
        }
        body.extend(lines);
        shown += 1;
    }
    body.truncate(room.saturating_sub(usize::from(shown < count)));
    if shown < count {
        body.push(more(
            format!("↓ {} more below (↓ PgDn End)", count - shown),
            theme,
        ));
    }
    lines.extend(body);
    while lines.len() < usize::from(height).saturating_sub(2 + footer.len()) {
        lines.push(Line::raw(""));
    }
    lines.extend(footer);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" confirm the write "),
        ),
        rect,
    );
}

fn more(text: String, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(format!(" {text}"), theme.dim))
}

fn footer(confirm: &Confirmation, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if confirm.ignored > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                " {} key{} typed before this was shown {} ignored",
                confirm.ignored,
                if confirm.ignored == 1 { "" } else { "s" },
                if confirm.ignored == 1 { "was" } else { "were" }
            ),
            theme.warn,
        )));
    }
    match &confirm.needs {
        Some(needs) => {
            lines.push(Line::from(vec![
                Span::styled(format!(" type {needs} to confirm: "), theme.warn),
                Span::styled(format!("{}▏", sanitize::line(&confirm.typed)), theme.key),
            ]));
            lines.push(Line::from(Span::styled(
                " then Enter sends · Esc goes back · ↑ ↓ PgUp PgDn Home End scroll",
                theme.dim,
            )));
        }
        None => lines.push(Line::from(Span::styled(
            " Enter sends · Esc goes back · j k PgUp PgDn g G scroll · nothing else sends",
            theme.dim,
        ))),
    }
    lines
}
