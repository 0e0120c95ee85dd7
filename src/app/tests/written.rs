//! After a write the list stays still: the selection keeps its row, or moves to the row that
//! followed it when its row left the scope — one alert resolved or many, alike — and resolved
//! alerts leave an open-alerts queue at once.

use super::*;
use crate::api::AlertUpdate;
use crate::api::model::AlertStatus;
use crate::engine::{Origin, WriteId, WriteOutcome};
use crate::entity::queue::Scope;

fn queued(id: &str) -> Alert {
    serde_json::from_value(serde_json::json!({
        "id": id, "status": "New", "severity": "High",
        "alertCreationTime": format!("2026-11-19T1{}:00:00Z", &id[1..]),
    }))
    .unwrap()
}

/// The open queue of a1…a6, newest (a6) first, with the keys in it.
fn queue() -> Model {
    let session = Session {
        start_queue: Some(Scope::Open),
        prefetch: None,
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    let alerts: Vec<Alert> = (1..=6).rev().map(|i| queued(&format!("a{i}"))).collect();
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(alerts)),
    );
    key(&mut m, KeyCode::Down);
    m
}

fn selected(m: &Model) -> String {
    crate::app::panes::selected_row(m)
        .map(|e| e.id().to_owned())
        .unwrap_or_default()
}

fn rows(m: &Model) -> usize {
    m.nav.current.pane().rows.len()
}

/// The engine's answer: `ids` resolved.
fn resolved(m: &mut Model, ids: &[&str]) {
    let update = AlertUpdate {
        status: Some(AlertStatus::Resolved),
        ..AlertUpdate::default()
    };
    written(m, ids, update);
}

/// The engine's answer: `update` written to `ids`.
fn written(m: &mut Model, ids: &[&str], change: AlertUpdate) {
    let outcome = WriteOutcome {
        id: WriteId(1),
        origin: Origin(0),
        total: ids.len(),
        update: change,
        answers: Vec::new(),
        done: ids.iter().map(|i| AlertId::parse(i).unwrap()).collect(),
        failed: Vec::new(),
        uncertain: Vec::new(),
        notes: Vec::new(),
    };
    update(m, Msg::Engine(Event::Written(outcome)));
}

#[test]
fn one_resolved_alert_leaves_the_open_queue_and_the_next_row_is_selected() {
    let mut m = queue();
    key(&mut m, KeyCode::Char('j'));
    assert_eq!(selected(&m), "a5");
    resolved(&mut m, &["a5"]);
    assert_eq!(rows(&m), 5, "resolved: out of the open queue at once");
    assert_eq!(selected(&m), "a4", "the row that followed");
}

#[test]
fn many_resolved_alerts_leave_alike_and_the_selection_lands_after_them() {
    let mut m = queue();
    // Mark a5 and a4, the selection on a4.
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char(' '));
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char(' '));
    assert_eq!(selected(&m), "a4");
    resolved(&mut m, &["a5", "a4"]);
    assert_eq!(rows(&m), 4);
    assert_eq!(selected(&m), "a3", "not the first row: {}", selected(&m));
    // A write that leaves the row in scope keeps it selected.
    let mut m = queue();
    key(&mut m, KeyCode::Char('j'));
    let assign = AlertUpdate {
        assigned_to: Some("analyst@contoso.com".into()),
        ..AlertUpdate::default()
    };
    written(&mut m, &["a5"], assign);
    assert_eq!((rows(&m), selected(&m).as_str()), (6, "a5"));
}

fn flashed(m: &Model) -> String {
    m.notices
        .message
        .as_ref()
        .map(|(text, _)| text.clone())
        .unwrap_or_default()
}

/// The form refuses what the API layer refuses, with the CLI's words, before any command.
#[test]
fn the_form_refuses_a_hostile_assignee_before_anything_is_sent() {
    let mut m = queue();
    key(&mut m, KeyCode::Char('t'));
    key(&mut m, KeyCode::Tab);
    type_text(&mut m, "evil\u{1b}]0;PWN\u{7}@x.com");
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(cmds.is_empty());
    let form = m.triage.as_ref().expect("the form stays open");
    assert!(
        form.confirm.is_none(),
        "no confirmation for a refused value"
    );
    let expected = crate::api::AlertUpdate {
        assigned_to: Some("evil\u{1b}]0;PWN\u{7}@x.com".into()),
        ..AlertUpdate::default()
    }
    .check()
    .unwrap_err();
    assert_eq!(flashed(&m), format!("not sent: {expected}"));
}

/// `q` while a write is under way warns first; a second `q` quits.
#[test]
fn quitting_during_a_write_asks_first() {
    let mut m = queue();
    key(&mut m, KeyCode::Char('t'));
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Enter);
    update(&mut m, Msg::Shown);
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Engine(Request::Write { .. })]
    ));
    key(&mut m, KeyCode::Char('q'));
    assert!(!m.quit, "warned, not quit");
    assert!(flashed(&m).contains("under way"), "{}", flashed(&m));
    key(&mut m, KeyCode::Char('q'));
    assert!(m.quit);
}

/// An alert in a write under way cannot go into another: the form says so.
#[test]
fn an_alert_in_a_pending_write_cannot_be_written_again() {
    let mut m = queue();
    key(&mut m, KeyCode::Char('t'));
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Enter);
    update(&mut m, Msg::Shown);
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.waiting.writes.len(), 1);
    key(&mut m, KeyCode::Char('t'));
    assert!(m.triage.is_none(), "no second form for the same alert");
    assert!(
        flashed(&m).contains("already in a write"),
        "{}",
        flashed(&m)
    );
}
