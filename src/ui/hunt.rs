//! The hunt form over the view: the saved hunts this view fills (↑/↓ load one), the query
//! with its cursor and line numbers, and the timespan; F5 or Ctrl-R runs it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::hunt_form::{HuntField, HuntForm};
use crate::app::model::Model;
use crate::sanitize;

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(form) = &model.hunt else {
        return;
    };
    let title = " hunt · Tab next field · F5 or Ctrl-R run · Esc close ";
    super::overlay::popup(frame, area, 110, title, lines(form, theme));
}

fn label(text: &str, focused: bool, theme: &Theme) -> Span<'static> {
    let style = if focused { theme.key } else { theme.dim };
    Span::styled(text.to_owned(), style)
}

fn lines(form: &HuntForm, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if !form.saved.is_empty() {
        let about = form.about.as_deref().unwrap_or("this view");
        out.push(Line::from(label(
            &format!("saved hunts for {about} (↑ ↓ load one, Enter runs it):"),
            form.field == HuntField::Saved,
            theme,
        )));
        for (i, (name, _)) in form.saved.iter().enumerate() {
            let chosen = form.chosen == Some(i);
            let style = if chosen {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            out.push(Line::from(vec![
                Span::raw(if chosen { " ▶ " } else { "   " }),
                Span::styled(sanitize::line(name).into_owned(), style),
            ]));
        }
        out.push(Line::raw(""));
    }
    out.push(Line::from(label(
        "query (KQL; Enter is a new line):",
        form.field == HuntField::Query,
        theme,
    )));
    let editing = form.field == HuntField::Query;
    for (row, text) in form.editor.lines.iter().enumerate() {
        let mut spans = vec![Span::styled(format!("{:>3} │ ", row + 1), theme.dim)];
        let text = sanitize::line(text).into_owned();
        if editing && row == form.editor.row {
            let chars: Vec<char> = text.chars().collect();
            let at = form.editor.col.min(chars.len());
            let before: String = chars[..at].iter().collect();
            let under = chars.get(at).map_or(" ".to_owned(), char::to_string);
            let after: String = chars
                .get(at + 1..)
                .map_or_else(String::new, |r| r.iter().collect());
            spans.push(Span::raw(before));
            spans.push(Span::styled(
                under,
                Style::new().add_modifier(Modifier::REVERSED),
            ));
            spans.push(Span::raw(after));
        } else {
            spans.push(Span::raw(text));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::raw(""));
    out.push(Line::from(vec![
        label("timespan: ", form.field == HuntField::Timespan, theme),
        Span::raw(format!("◀ {} ▶", form.timespan())),
        Span::styled(
            "  (the query's own ago() still applies; Graph keeps 30 days)",
            theme.dim,
        ),
    ]));
    out
}
