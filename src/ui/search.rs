//! The search view: the box, a note on what the API can tell, recent searches and users seen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::app::model::{Mode, Model};
use crate::app::search::suggestions;
use crate::sanitize;

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let seen = suggestions(model);
    let view = model.nav.current.route.view();
    // Where a session starts, the queue takes what the box, its note and the suggestions
    // (while they are being walked) leave.
    let walking = model.input.pick.is_some() || !model.input.search.value().is_empty();
    let suggestion_lines = match &view.panes[..] {
        [] => area.height,
        _ if walking && !seen.is_empty() => seen.len() as u16 + 1,
        _ => 0,
    };
    let timeline = match view.panes.is_empty() {
        true => 0,
        false => super::timeline::height(model, area.height),
    };
    let [input, help, list, chart, queue] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(suggestion_lines),
        Constraint::Length(timeline),
        Constraint::Min(0),
    ])
    .areas(area);
    if let Some(spec) = view.panes.first() {
        super::timeline::draw(model, theme, frame, chart);
        super::lists::draw_pane(model, theme, frame, queue, 0, spec);
    }
    let width = input.width.saturating_sub(3) as usize;
    let scroll = model.input.search.visual_scroll(width);
    let field = Paragraph::new(sanitize::line(model.input.search.value()).into_owned())
        .scroll((0, scroll as u16))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(" search: user, machine, alert id, file hash, IP address, domain or URL "),
        );
    frame.render_widget(field, input);
    if model.mode == Mode::Search {
        let x = model.input.search.visual_cursor().max(scroll) - scroll + 1;
        frame.set_cursor_position((input.x + x as u16, input.y + 1));
    }
    let note = if view.panes.is_empty() {
        "Enter opens what was typed (or offers the choices) · ↓ picks a recent one · Tab completes · ? help · :queue the open alerts\n\
         The API cannot tell an unknown user from a quiet one: both show no alerts."
            .to_owned()
    } else {
        // Over a queue: its scopes' keys (as bound), which work once it has the keys.
        let keymap = &model.session.keymap;
        format!(
            "Enter opens what was typed, or the highlighted row · ↓ the queue · ? help\n\
             In the queue: {} · {} timeline",
            keymap.hint_in(crate::app::keymap::KeyMode::Scopes),
            keymap.hint(crate::app::keymap::Action::Timeline),
        )
    };
    frame.render_widget(Paragraph::new(note).style(theme.dim), help);
    if !seen.is_empty() && suggestion_lines > 0 {
        let lines: Vec<Line> = seen
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let line = Line::from(format!("  {}", sanitize::line(u)));
                if model.input.pick == Some(i) {
                    line.style(theme.focus.add_modifier(ratatui::style::Modifier::REVERSED))
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(" recent searches, users seen "),
            ),
            list,
        );
    }
}
