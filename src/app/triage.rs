//! Triage writes from the explorer: a form (status, assignee, classification and
//! determination named as the portal names them, a comment), then a confirmation that shows
//! every change, old → new, for every alert concerned; only Enter there sends.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::model::{Mode, Model};
use super::msg::Cmd;
use crate::api::model::{Alert, AlertStatus, Classification, Determination};
use crate::api::{AlertId, AlertUpdate};
use crate::engine::{Command, Payload, WriteId};

/// The form's fields, in Tab order.
pub const FIELDS: [&str; 5] = [
    "status",
    "assign to",
    "classification",
    "determination",
    "comment",
];

pub const STATUSES: [(AlertStatus, &str); 3] = [
    (AlertStatus::New, "New"),
    (AlertStatus::InProgress, "In progress"),
    (AlertStatus::Resolved, "Resolved"),
];

pub const CLASSIFICATIONS: [(Classification, &str); 3] = [
    (Classification::TruePositive, "True positive"),
    (
        Classification::InformationalExpectedActivity,
        "Informational, expected activity",
    ),
    (Classification::FalsePositive, "False positive"),
];

/// The determinations a classification allows, with the portal's names.
pub fn determinations(c: &Classification) -> &'static [(Determination, &'static str)] {
    match c {
        Classification::TruePositive => &[
            (Determination::MultiStagedAttack, "Multistage attack"),
            (
                Determination::MaliciousUserActivity,
                "Malicious user activity",
            ),
            (Determination::CompromisedUser, "Compromised account"),
            (Determination::Malware, "Malware"),
            (Determination::Phishing, "Phishing"),
            (Determination::UnwantedSoftware, "Unwanted software"),
            (Determination::OtherDetermination, "Other"),
        ],
        Classification::InformationalExpectedActivity => &[
            (Determination::SecurityTesting, "Security test"),
            (
                Determination::LineOfBusinessApplication,
                "Line-of-business application",
            ),
            (Determination::ConfirmedUserActivity, "Confirmed activity"),
            (Determination::OtherDetermination, "Other"),
        ],
        Classification::FalsePositive => &[
            (Determination::Clean, "Not malicious"),
            (
                Determination::InsufficientData,
                "Not enough data to validate",
            ),
            (Determination::OtherDetermination, "Other"),
        ],
        _ => &[],
    }
}

/// The triage form: what will change (`None`: unchanged) and which field has the keys.
#[derive(Debug, Clone, Default)]
pub struct Form {
    /// The alerts concerned, as they were when the form opened.
    pub alerts: Vec<Alert>,
    pub field: usize,
    pub status: Option<usize>,
    pub assign: Input,
    pub classification: Option<usize>,
    pub determination: Option<usize>,
    pub comment: String,
    /// Showing the confirmation: Enter sends.
    pub confirming: bool,
}

impl Form {
    /// The update this form describes.
    pub fn update(&self, me: Option<&str>) -> AlertUpdate {
        let classification = self.classification.map(|i| CLASSIFICATIONS[i].0.clone());
        let determination = match (&classification, self.determination) {
            (Some(c), Some(i)) => determinations(c).get(i).map(|(d, _)| d.clone()),
            _ => None,
        };
        let assign = self.assign.value().trim();
        AlertUpdate {
            status: self.status.map(|i| STATUSES[i].0.clone()),
            assigned_to: match assign {
                "" => None,
                "me" => me.map(str::to_owned),
                name => Some(name.to_owned()),
            },
            classification,
            determination,
            comment: Some(self.comment.trim().to_owned()).filter(|c| !c.is_empty()),
        }
    }
}

/// `t`: the form for the marked alerts of the focused list, else the selected alert.
pub fn open(model: &mut Model) -> Vec<Cmd> {
    if model.session.read_only {
        model.flash("read-only: no writes in this session");
        return Vec::new();
    }
    let alerts = targets(model);
    if alerts.is_empty() {
        model.flash("no alert here to triage");
        return Vec::new();
    }
    model.triage = Some(Form {
        alerts,
        ..Form::default()
    });
    model.mode = Mode::Triage;
    Vec::new()
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

/// A key in the form or its confirmation.
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let Some(form) = model.triage.as_mut() else {
        model.mode = model.resting_mode();
        return Vec::new();
    };
    if form.confirming {
        return match key.code {
            KeyCode::Enter => send(model),
            KeyCode::Esc => {
                form.confirming = false;
                Vec::new()
            }
            // Nothing is sent on any other key, motion keys above all.
            _ => Vec::new(),
        };
    }
    let field = form.field;
    match key.code {
        KeyCode::Esc => {
            model.triage = None;
            model.mode = model.resting_mode();
            model.flash("triage cancelled: nothing was sent");
        }
        KeyCode::Tab | KeyCode::Down => form.field = (field + 1) % FIELDS.len(),
        KeyCode::BackTab | KeyCode::Up => form.field = (field + FIELDS.len() - 1) % FIELDS.len(),
        KeyCode::Enter if field == 4 => form.comment.push('\n'),
        KeyCode::Enter if form.assign.value().trim() == "me" && model.session.me.is_none() => {
            model.flash("who is me? set me = \"you@example.com\" in the config, or type the name");
        }
        KeyCode::Enter => {
            if form.update(Some("")).is_empty() {
                model.flash("nothing to change yet: pick a value with ← →, or type");
            } else {
                form.confirming = true;
            }
        }
        KeyCode::Left | KeyCode::Right => {
            let forward = key.code == KeyCode::Right;
            let cycle = |value: &mut Option<usize>, len: usize| {
                *value = match (*value, forward) {
                    (None, true) => Some(0),
                    (None, false) => Some(len - 1),
                    (Some(i), true) if i + 1 < len => Some(i + 1),
                    (Some(i), false) if i > 0 => Some(i - 1),
                    _ => None,
                };
            };
            match field {
                0 => cycle(&mut form.status, STATUSES.len()),
                2 => {
                    cycle(&mut form.classification, CLASSIFICATIONS.len());
                    form.determination = None;
                }
                3 => {
                    let allowed = form
                        .classification
                        .map_or(0, |i| determinations(&CLASSIFICATIONS[i].0).len());
                    if allowed > 0 {
                        cycle(&mut form.determination, allowed);
                    }
                }
                1 => {
                    form.assign.handle_event(&crossterm::event::Event::Key(key));
                }
                _ => {}
            }
        }
        KeyCode::Backspace if field == 4 => {
            form.comment.pop();
        }
        KeyCode::Char(c) if field == 4 => form.comment.push(c),
        _ if field == 1 => {
            form.assign.handle_event(&crossterm::event::Event::Key(key));
        }
        _ => {}
    }
    Vec::new()
}

/// Enter on the confirmation: the write goes to the engine, and what each alert was goes
/// with the model for the audit log.
fn send(model: &mut Model) -> Vec<Cmd> {
    let Some(form) = model.triage.take() else {
        return Vec::new();
    };
    model.mode = model.resting_mode();
    let update = form.update(model.session.me.as_deref());
    let ids: Vec<AlertId> = form
        .alerts
        .iter()
        .filter_map(|a| AlertId::parse(&a.id).ok())
        .collect();
    let id = WriteId(model.next_origin().0);
    let before: BTreeMap<String, Alert> =
        form.alerts.into_iter().map(|a| (a.id.clone(), a)).collect();
    model.flash(format!(
        "writing to {} alert{}…",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" }
    ));
    model.waiting.writes.insert(id, before);
    vec![Cmd::Engine(Command::Write {
        id,
        alerts: ids,
        update,
        origin: model.nav.current.origin,
    })]
}
