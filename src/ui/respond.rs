//! The response menu and its confirmation, drawn over the view: the menu lists every action
//! with the permission it needs (← → choose, Tab to the comment or tag); the confirmation
//! shows, for each machine, what will happen to it and the request as sent, and asks for the
//! machine's name (or the count) typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::model::Model;
use crate::app::respond_form::{RespondField, RespondForm, short_name};
use crate::sanitize;

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(form) = &model.respond else {
        return;
    };
    let Some((changes, confirm)) = &form.review else {
        let title = " respond · ← → choose · Tab comment · Enter review · Esc cancel ";
        super::overlay::popup(frame, area, 100, title, menu(form, theme));
        return;
    };
    let count = changes.len();
    let head = Line::from(Span::styled(
        format!(
            "{} on {count} machine{} in {}?",
            form.choice().label(),
            if count == 1 { "" } else { "s" },
            sanitize::line(&model.session.label)
        ),
        theme.warn,
    ));
    let width = usize::from(area.width.min(super::confirm::WIDTH).saturating_sub(2));
    let label = &model.session.label;
    let target = |i: usize| {
        crate::app::review::lines(&changes[i], label, None)
            .iter()
            .flat_map(|line| {
                let text = line.trim_start();
                let indent = line.len() - text.len() + 1;
                let style = if text.starts_with('⚠') {
                    theme.warn
                } else if indent > 1 {
                    theme.key
                } else {
                    ratatui::style::Style::default()
                };
                super::alert::wrap(Span::raw(" ".repeat(indent)), indent, text, width, style)
            })
            .collect()
    };
    super::confirm::draw(frame, area, theme, head, count, target, confirm);
}

fn menu(form: &RespondForm, theme: &Theme) -> Vec<Line<'static>> {
    let names: Vec<String> = form.machines.iter().take(5).map(short_name).collect();
    let more = form.machines.len().saturating_sub(names.len());
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}",
            sanitize::line(&names.join(", ")),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        theme.heading,
    ))];
    let on_menu = form.field == RespondField::Action;
    for (i, choice) in form.menu.iter().enumerate() {
        let chosen = i == form.chosen;
        let granted = choice.granted(form.permissions.as_deref());
        let style = match (chosen, on_menu) {
            (true, true) => theme.focus.add_modifier(Modifier::REVERSED),
            (true, false) => theme.key,
            _ if !granted => theme.dim,
            _ => ratatui::style::Style::default(),
        };
        let needs = if granted {
            choice.permission().to_owned()
        } else {
            format!("{} (not granted)", choice.permission())
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} {:<34}", if chosen { '›' } else { ' ' }, choice.label()),
                style,
            ),
            Span::styled(needs, theme.dim),
        ]));
    }
    let text = form.text.value();
    let style = if on_menu {
        theme.dim
    } else {
        theme.focus.add_modifier(Modifier::REVERSED)
    };
    lines.push(Line::from(vec![
        Span::styled(format!(" {:<10}", form.choice().text_label()), style),
        Span::raw(format!(
            " {}",
            if text.is_empty() {
                "(required: why — the audit and the portal keep it)".to_owned()
            } else {
                sanitize::line(text).into_owned()
            }
        )),
    ]));
    lines
}
