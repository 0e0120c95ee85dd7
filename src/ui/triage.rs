//! The triage form and its confirmation, drawn over the view: the form lists each field with
//! its value (← → change a choice, text is typed); the confirmation shows, for every alert
//! concerned, each field that will change, old → new, and says that only Enter sends.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::api::AlertUpdate;
use crate::api::model::Alert;
use crate::api::update::rules::{CLASSIFICATIONS, STATUSES, determinations};
use crate::app::form::{Field, Form};
use crate::app::model::Model;
use crate::entity::column::opt;
use crate::sanitize;

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(form) = &model.triage else {
        return;
    };
    match &form.confirm {
        Some(confirm) => {
            let head = Line::from(Span::styled(
                format!(
                    "This changes {} alert{} in {}:",
                    form.alerts.len(),
                    if form.alerts.len() == 1 { "" } else { "s" },
                    sanitize::line(&model.session.label)
                ),
                theme.warn,
            ));
            let update = form.update(model.session.me.as_deref());
            let target = |i: usize| target(&form.alerts[i], &update, theme);
            super::confirm::draw(frame, area, theme, head, form.alerts.len(), target, confirm);
        }
        None => super::overlay::popup(
            frame,
            area,
            100,
            " triage · Tab next field · ← → choose · Enter review · Esc cancel ",
            fields(form, theme),
        ),
    }
}

fn fields(form: &Form, theme: &Theme) -> Vec<Line<'static>> {
    let count = form.alerts.len();
    let mut lines = vec![Line::from(Span::styled(
        format!("{count} alert{}", if count == 1 { "" } else { "s" }),
        theme.heading,
    ))];
    // The focused choice lists every value under it, the chosen one in brackets: eight
    // determinations are read at a glance, not found by stepping through them.
    let choice = |field: Field, value: Option<usize>, names: &[&str]| {
        let shown = value.map_or_else(|| "(unchanged)".to_owned(), |i| format!("‹ {} ›", names[i]));
        if field != form.field {
            return shown;
        }
        let all: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| match value == Some(i) {
                true => format!("[{n}]"),
                false => (*n).to_owned(),
            })
            .collect();
        format!("{shown}\n{}", all.join(" · "))
    };
    let statuses: Vec<&str> = STATUSES.iter().map(|(_, n)| *n).collect();
    let classes: Vec<&str> = CLASSIFICATIONS.iter().map(|(_, n)| *n).collect();
    let determination = match form.classification {
        None => "(pick a classification first)".to_owned(),
        Some(c) => {
            let names: Vec<&str> = determinations(&CLASSIFICATIONS[c].0)
                .iter()
                .map(|(_, n)| *n)
                .collect();
            choice(Field::Determination, form.determination, &names)
        }
    };
    let assign = match (form.assign.value(), &form.suggestion) {
        ("", _) => "(unchanged; type a name, or me)".to_owned(),
        (name, Some(whole)) => format!("{}  → {}", sanitize::line(name), sanitize::line(whole)),
        (name, None) => sanitize::line(name).into_owned(),
    };
    let comment = if form.comment.is_empty() {
        "(none; Enter starts a new line)".to_owned()
    } else {
        form.comment.clone()
    };
    let values = [
        choice(Field::Status, form.status, &statuses),
        assign,
        choice(Field::Classification, form.classification, &classes),
        determination,
        comment,
    ];
    for (field, value) in Field::ALL.into_iter().zip(values) {
        let focused = field == form.field;
        lines.extend(super::overlay::form_field(
            field.label(),
            &value,
            focused,
            15,
            theme,
        ));
    }
    lines
}

/// An alert's lines in the confirmation: its id and title, every change old → new, the
/// comment.
fn target(alert: &Alert, update: &AlertUpdate, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        format!(" {}  {}", alert.id, sanitize::line(&opt(&alert.title))),
        theme.heading,
    ))];
    let after = update.applied_to(alert);
    for (name, old, new) in changes(alert, &after) {
        lines.push(Line::from(vec![
            Span::styled(format!("   {name:<15}"), theme.dim),
            Span::raw(format!("{} → ", sanitize::line(&old))),
            Span::styled(sanitize::line(&new).into_owned(), theme.key),
        ]));
    }
    if let Some(comment) = &update.comment {
        lines.push(Line::from(vec![
            Span::styled(format!("   {:<15}", "add comment"), theme.dim),
            Span::raw(sanitize::line(comment).into_owned()),
        ]));
    }
    lines
}

/// The fields that differ between `old` and `new`, with both values.
fn changes(old: &Alert, new: &Alert) -> Vec<(&'static str, String, String)> {
    [
        ("status", opt(&old.status), opt(&new.status)),
        ("assigned to", opt(&old.assigned_to), opt(&new.assigned_to)),
        (
            "classification",
            opt(&old.classification),
            opt(&new.classification),
        ),
        (
            "determination",
            opt(&old.determination),
            opt(&new.determination),
        ),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .collect()
}
