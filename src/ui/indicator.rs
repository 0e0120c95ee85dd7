//! The indicator form and its confirmation (or a deletion's), drawn over the view: the form
//! lists each field with its value (← → change a choice, text is typed); the confirmation
//! shows what the change will do across the tenant and the request exactly as sent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::indicator_form::{IndicatorField, IndicatorForm, IndicatorWork, SEVERITIES};
use crate::app::model::Model;
use crate::sanitize;

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(work) = &model.indicator else {
        return;
    };
    let confirm = match work {
        IndicatorWork::Form(form) => match &form.review {
            Some((_, confirm)) => confirm,
            None => {
                let title = " indicator · Tab next field · ← → choose · Enter review · Esc cancel ";
                super::overlay::popup(frame, area, 100, title, fields(form, theme));
                return;
            }
        },
        IndicatorWork::Delete(_, confirm) => confirm,
    };
    let lines = work.review_lines(&model.session.label);
    let head = Line::from(Span::styled(
        match work {
            IndicatorWork::Form(_) => "Submit this indicator?",
            IndicatorWork::Delete(..) => "Delete this indicator?",
        },
        theme.warn,
    ));
    let style = |text: &str| {
        if text.starts_with('⚠') {
            theme.warn
        } else if text.starts_with("  ") || text.starts_with('{') || text.starts_with('}') {
            theme.key
        } else {
            ratatui::style::Style::default()
        }
    };
    // Every line whole, wrapped to the box: the request is read to its last character.
    let width = usize::from(area.width.min(super::confirm::WIDTH).saturating_sub(2));
    let target = |i: usize| {
        let text = lines[i].trim_start();
        let indent = lines[i].len() - text.len() + 1;
        let lead = Span::raw(" ".repeat(indent));
        super::alert::wrap(lead, indent, text, width, style(&lines[i]))
    };
    super::confirm::draw(frame, area, theme, head, lines.len(), target, confirm);
}

fn fields(form: &IndicatorForm, theme: &Theme) -> Vec<Line<'static>> {
    let (kind, value) = &form.values[form.value];
    let choice = |text: String| format!("‹ {text} ›");
    let mut lines = Vec::new();
    if let Some(warning) = &form.warning {
        lines.push(Line::from(Span::styled(
            format!("⚠ {}", sanitize::line(warning)),
            theme.warn,
        )));
    }
    if let Some(before) = &form.before {
        lines.push(Line::from(Span::styled(
            format!(
                "updates indicator {} (same value and type)",
                sanitize::line(&before.id)
            ),
            theme.heading,
        )));
    }
    let text = |s: &str, empty: &str| {
        if s.is_empty() {
            empty.to_owned()
        } else {
            s.to_owned()
        }
    };
    let values = [
        if form.values.len() > 1 {
            choice(format!("{kind:?} {value}"))
        } else {
            format!("{kind:?} {value}")
        },
        choice(format!("{:?}", form.chosen_action())),
        choice(SEVERITIES[form.severity].as_str().to_owned()),
        text(form.title.value(), "(required)"),
        text(&form.description, "(required; Enter starts a new line)"),
        choice(form.expiry_text()),
        choice(if form.generate_alert { "yes" } else { "no" }.to_owned()),
        text(form.recommended.value(), "(none)"),
    ];
    for (field, value) in IndicatorField::ALL.into_iter().zip(values) {
        let focused = field == form.field;
        lines.extend(super::overlay::form_field(
            field.label(),
            &value,
            focused,
            13,
            theme,
        ));
    }
    lines
}
