//! The alert view: every field an analyst triages on, the description, evidence by kind and
//! the comments, scrolled with the motion keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::pane_state::{pivot_hint, placeholder};
use super::theme::Theme;
use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::app::nav::Route;
use crate::engine::{Payload, Resource};
use crate::entity::column::{opt, time};
use crate::entity::{Kind, PivotTo};
use crate::sanitize;

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let entry = &model.nav.current;
    let Route::Alert(id) = &entry.route else {
        return;
    };
    let resource = Resource::Alert(id.clone());
    let keys = &model.session.keymap;
    let title = format!(
        " alert · {} · {} · {} machine's alerts · {} copy · {} portal · {} export ",
        pivot_hint(model, PivotTo::User),
        pivot_hint(model, PivotTo::Machine),
        keys.hint(Action::PivotAlerts),
        keys.hint(Action::Copy),
        keys.hint(Action::OpenInPortal),
        keys.hint(Action::Export),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(title);
    let Some(Payload::Alert(a)) = model.store.loaded(&resource) else {
        frame.render_widget(
            Paragraph::new(placeholder(model, &resource).unwrap_or_default())
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    };
    let dim = theme.dim;
    let mut lines = vec![Line::from(Span::styled(
        sanitize::line(&opt(&a.title)).into_owned(),
        theme.severity(a.severity.as_ref()),
    ))];
    // The title heads the view; the rest of the facts follow it, one a line.
    for (label, value) in Kind::facts(&**a).into_iter().filter(|(l, _)| *l != "title") {
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<17}"), dim),
            Span::raw(sanitize::line(&value).into_owned()),
        ]));
    }
    lines.push(Line::raw(""));
    for l in sanitize::multiline(&opt(&a.description)).lines() {
        lines.push(Line::raw(l.to_owned()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        format!("evidence ({})", a.evidence.len()),
        theme.heading,
    )));
    for ev in &a.evidence {
        let kind = opt(&ev.entity_type);
        let text = match kind.as_str() {
            "Process" => format!(
                "{} (pid {}) ← {}  {}",
                opt(&ev.file_name),
                opt(&ev.process_id),
                opt(&ev.parent_process_file_name),
                opt(&ev.process_command_line)
            ),
            "File" => format!(
                "{}\\{}  sha256 {}",
                opt(&ev.file_path),
                opt(&ev.file_name),
                opt(&ev.sha256)
            ),
            "Ip" => opt(&ev.ip_address),
            "Url" => opt(&ev.url),
            "User" => format!(
                "{}\\{}  {}",
                opt(&ev.domain_name),
                opt(&ev.account_name),
                opt(&ev.user_principal_name)
            ),
            "RegistryValue" | "RegistryKey" => format!(
                "{}\\{} {} = {}",
                opt(&ev.registry_hive),
                opt(&ev.registry_key),
                opt(&ev.registry_value_name),
                opt(&ev.registry_value)
            ),
            _ => format!("{} {}", opt(&ev.file_name), opt(&ev.url)),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {kind:<14}"), dim),
            Span::raw(sanitize::line(&text).into_owned()),
        ]));
    }
    if !a.comments.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("comments", theme.heading)));
        for c in &a.comments {
            lines.push(Line::raw(format!(
                "  {} {}: {}",
                time(&c.created_time),
                sanitize::line(&opt(&c.created_by)),
                sanitize::line(&opt(&c.comment))
            )));
        }
    }
    let scroll = entry.scroll;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}
