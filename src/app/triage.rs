//! Triage writes from the explorer: a form (status, assignee, classification and
//! determination named as the portal names them, a comment), then a confirmation that shows
//! every change, old → new, for every alert concerned; only Enter there sends.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::confirm::{Answer, Confirmation};
use super::form::{Field, Form};
use super::keymap::Action;
use super::model::{Mode, Model};
use super::msg::Cmd;
use crate::api::AlertId;
use crate::api::model::Alert;
use crate::engine::{Payload, Request, WriteId, WriteTarget};

/// `t`: the form for the marked alerts of the focused list, else the selected alert.
pub fn open(model: &mut Model) -> Vec<Cmd> {
    if model.refuses_writes() {
        return Vec::new();
    }
    let mut alerts = targets(model);
    if alerts.is_empty() {
        model.flash("no alert here to triage");
        return Vec::new();
    }
    let pending = |a: &Alert| {
        model
            .waiting
            .writes
            .values()
            .flatten()
            .any(|id| *id == a.id)
    };
    let busy = alerts.iter().filter(|a| pending(a)).count();
    if busy > 0 {
        alerts.retain(|a| !pending(a));
        let what = if alerts.is_empty() {
            "wait for it to end".to_owned()
        } else {
            format!("triaging the other {}", alerts.len())
        };
        model.flash(format!(
            "{busy} alert{} already in a write still under way: {what}",
            if busy == 1 { " is" } else { "s are" }
        ));
        if alerts.is_empty() {
            return Vec::new();
        }
    }
    model.triage = Some(Form {
        alerts,
        assignees: assignees(model),
        ..Form::default()
    });
    model.mode = Mode::Triage;
    Vec::new()
}

/// Who alerts may be assigned to, from what is held: me first, then every `assignedTo` of
/// the alerts loaded, the most often met first (no call).
fn assignees(model: &Model) -> Vec<String> {
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for payload in model.store.payloads() {
        let alerts: &[Alert] = match payload {
            Payload::Alerts(list) => list,
            Payload::Alert(alert) => std::slice::from_ref(alert.as_ref()),
            _ => continue,
        };
        for assigned in alerts.iter().filter_map(|a| a.assigned_to.as_deref()) {
            if !assigned.trim().is_empty() {
                *counts.entry(assigned).or_default() += 1;
            }
        }
    }
    let mut met: Vec<(&str, usize)> = counts.into_iter().collect();
    met.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let me = model.session.me.clone();
    me.iter()
        .cloned()
        .chain(
            met.into_iter()
                .map(|(a, _)| a.to_owned())
                .filter(|a| me.as_deref() != Some(a)),
        )
        .collect()
}

/// The alerts a triage acts on: the marked rows of the focused list, else the selected
/// alert (the alert view's own, or the selected row). Only alerts are triaged.
fn targets(model: &Model) -> Vec<Alert> {
    let entry = &model.nav.current;
    let Some(spec) = entry.route.pane(entry.focus) else {
        return match entry
            .route
            .view()
            .facts
            .and_then(|r| model.store.loaded(&r).cloned())
        {
            Some(Payload::Alert(a)) => vec![(*a).clone()],
            _ => Vec::new(),
        };
    };
    let Some(Payload::Alerts(alerts)) = model.store.loaded(&spec.resource) else {
        return Vec::new();
    };
    let pane = entry.pane();
    if pane.marked.is_empty() {
        let selected = pane.rows.get(pane.selected);
        return selected.map(|&i| alerts[i].clone()).into_iter().collect();
    }
    alerts
        .iter()
        .filter(|a| pane.marked.contains(&a.id))
        .cloned()
        .collect()
}

/// A key in the form or its confirmation, by their tables. In the assignee and the comment a
/// printable key is text (← → move the assignee's cursor; Enter in the comment is a new line).
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let action = model.session.keymap.action_in(model.key_mode(), &key);
    let me = model.session.me.clone();
    let typed_at = model.session.typed_confirm_at;
    let Some(form) = model.triage.as_mut() else {
        model.mode = model.resting_mode();
        return Vec::new();
    };
    let targets = form.alerts.len();
    if let Some(confirm) = form.confirm.as_mut() {
        match confirm.key(action, key, targets) {
            Answer::Send => return send(model),
            Answer::Back => form.confirm = None,
            Answer::Stay => {}
        }
        return Vec::new();
    }
    let field = form.field;
    let printable =
        matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL);
    let action = action.filter(|a| match field {
        Field::Assign => !printable && !matches!(a, Action::ValueNext | Action::ValuePrevious),
        // Enter in the comment is a new line, even when it is also the review key.
        Field::Comment => !(printable || (*a == Action::Review && key.code == KeyCode::Enter)),
        _ => true,
    });
    match action {
        Some(Action::CancelForm) => {
            model.triage = None;
            model.mode = model.resting_mode();
            model.flash("triage cancelled: nothing was sent");
        }
        Some(Action::FieldNext) => form.field = field.next(),
        Some(Action::FieldPrevious) => form.field = field.previous(),
        Some(Action::Review) if form.assign.value().trim() == "me" && me.is_none() => {
            model.flash("who is me? set me = \"you@example.com\" in the config, or type the name");
        }
        Some(Action::Review) => {
            let update = form.update(me.as_deref());
            if update.is_empty() {
                model.flash("nothing to change yet: pick a value with ← →, or type");
            } else if let Err(invalid) = update.check() {
                model.flash(format!("not sent: {invalid}"));
            } else {
                let typed = (targets >= typed_at).then(|| targets.to_string());
                form.confirm = Some(Confirmation::new(typed));
            }
        }
        Some(step @ (Action::ValueNext | Action::ValuePrevious)) => {
            form.step_value(step == Action::ValueNext);
        }
        _ => match field {
            Field::Comment => match key.code {
                KeyCode::Enter => form.comment.push('\n'),
                KeyCode::Backspace => {
                    form.comment.pop();
                }
                KeyCode::Char(c) => form.comment.push(c),
                _ => {}
            },
            // → at the end of what is typed takes the address it starts.
            Field::Assign
                if key.code == KeyCode::Right
                    && form.assign.cursor() == form.assign.value().chars().count()
                    && form.suggestion.is_some() =>
            {
                form.assign = form.suggestion.take().unwrap_or_default().into();
            }
            Field::Assign => {
                form.assign.handle_event(&crossterm::event::Event::Key(key));
                form.suggest();
            }
            _ => {}
        },
    }
    Vec::new()
}

/// Enter on the confirmation: the write goes to the engine with each alert as it was (for
/// the audit log and the read-back). Its alerts leave the marks at once, and stay out of any
/// other write until this one ends.
fn send(model: &mut Model) -> Vec<Cmd> {
    let Some(form) = model.triage.take() else {
        return Vec::new();
    };
    model.mode = model.resting_mode();
    let update = form.update(model.session.me.as_deref());
    let targets: Vec<WriteTarget> = form
        .alerts
        .into_iter()
        .filter_map(|a| {
            AlertId::parse(&a.id).ok().map(|alert| WriteTarget {
                alert,
                before: Some(a),
            })
        })
        .collect();
    let id = WriteId(model.next_origin().0);
    let ids: Vec<String> = targets
        .iter()
        .map(|t| t.alert.as_str().to_owned())
        .collect();
    model.nav.unmark(&ids);
    model.flash(format!(
        "writing to {} alert{}…",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" }
    ));
    model.waiting.writes.insert(id, ids);
    vec![Cmd::Engine(Request::Write {
        id,
        targets,
        update,
        origin: model.nav.current.origin,
    })]
}
