//! Every mode's keys come from its table: a key rebound in the triage form and in a choice of
//! places through the config file drives them (the config parsed as at start, the state
//! machine driven by keys), and help opened in a mode lists that mode's keys first.

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mdetui::api::model::Alert;
use mdetui::app::keymap::{KeyMode, Keymap};
use mdetui::app::model::Overlay;
use mdetui::app::{Model, Msg, Session, update};
use mdetui::engine::{Event, Payload, Resource};
use mdetui::entity::queue::Scope;

fn key(m: &mut Model, code: KeyCode) {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        key(m, KeyCode::Char(c));
    }
}

/// A session whose keymap comes from this config file text.
fn configured(toml: &str) -> Session {
    let file = mdetui::config::parse(toml).unwrap();
    let keys = mdetui::config::flat_keys(file.keys.as_ref().unwrap());
    Session {
        keymap: Keymap::with_overrides(&keys).unwrap(),
        prefetch: None,
        start_queue: Some(Scope::Open),
        ..Session::demo()
    }
}

fn queue_with(session: Session) -> Model {
    let mut m = Model::new(session, Instant::now());
    let alerts: Vec<Alert> = ["a1", "a2"]
        .iter()
        .map(|id| serde_json::from_value(serde_json::json!({"id": id, "status": "New"})).unwrap())
        .collect();
    let fetched_at = m.now;
    update(
        &mut m,
        Msg::Engine(Event::Fetched {
            resource: Resource::alerts(Scope::Open.query()),
            payload: Payload::Alerts(Arc::from(alerts)),
            fetched_at,
            origins: vec![],
        }),
    );
    key(&mut m, KeyCode::Down);
    m
}

#[test]
fn a_key_rebound_in_the_triage_form_drives_it() {
    let mut m = queue_with(configured(
        "[keys.triage]\nnext_field = [\"ctrl-n\"]\nnext_value = [\"ctrl-l\"]\n",
    ));
    key(&mut m, KeyCode::Char('t'));
    assert_eq!(m.key_mode(), KeyMode::Triage);
    let ctrl = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    update(&mut m, ctrl('l'));
    assert_eq!(
        m.triage.as_ref().unwrap().status,
        Some(0),
        "ctrl-l: next value"
    );
    key(&mut m, KeyCode::Right);
    assert_eq!(
        m.triage.as_ref().unwrap().status,
        Some(0),
        "→ no longer steps a value"
    );
    update(&mut m, ctrl('n'));
    let form = m.triage.as_ref().unwrap();
    assert_eq!(
        form.field,
        mdetui::app::form::Field::Assign,
        "ctrl-n: next field"
    );
    key(&mut m, KeyCode::Tab);
    assert_eq!(
        m.triage.as_ref().unwrap().field,
        mdetui::app::form::Field::Assign,
        "Tab is no longer next field"
    );
}

#[test]
fn a_key_rebound_in_a_choice_drives_it() {
    let mut m = Model::new(
        configured("[keys.choice]\nnext = [\"n\"]\npick = [\"space\"]\n"),
        Instant::now(),
    );
    // A word with digits could be a machine or a user: a choice.
    type_text(&mut m, "wks-fin-042");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.overlay, Some(Overlay::Choose));
    assert_eq!(m.key_mode(), KeyMode::Choice);
    key(&mut m, KeyCode::Char('n'));
    assert_eq!(m.choice.as_ref().unwrap().selected, 1, "n: the next place");
    let second = m.choice.as_ref().unwrap().options[1].1.clone();
    key(&mut m, KeyCode::Char(' '));
    assert_eq!(m.overlay, None);
    assert_eq!(m.nav.current.route, second, "space picked it");
}

#[test]
fn help_lists_the_keys_of_the_mode_it_was_opened_from() {
    let mut m = queue_with(Session {
        prefetch: None,
        start_queue: Some(Scope::Open),
        ..Session::demo()
    });
    let help_from = |m: &mut Model| {
        key(m, KeyCode::F(1));
        assert_eq!(m.overlay, Some(Overlay::Help));
        let mode = m.help_mode;
        key(m, KeyCode::Char('x'));
        mode
    };
    assert_eq!(help_from(&mut m), KeyMode::Normal);
    key(&mut m, KeyCode::Char('/'));
    assert_eq!(help_from(&mut m), KeyMode::Prompt);
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('t'));
    assert_eq!(help_from(&mut m), KeyMode::Triage, "help over the form");
    assert!(m.triage.is_some(), "the form is still there");
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Enter);
    update(&mut m, Msg::Shown);
    assert_eq!(help_from(&mut m), KeyMode::Confirm);
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('Y'));
    assert_eq!(help_from(&mut m), KeyMode::Copy);
}
