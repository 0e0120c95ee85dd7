//! Every mode's keys come from its table: help opened in a mode lists that mode's keys first
//! (rebinding through the config is `tests/keys.rs`).

use super::*;
use crate::app::keymap::KeyMode;
use crate::app::model::Overlay;
use crate::entity::queue::Scope;

fn queue_with(session: Session) -> Model {
    let mut m = Model::new(session, Instant::now());
    let alerts: Vec<Alert> = ["a1", "a2"]
        .iter()
        .map(|id| serde_json::from_value(serde_json::json!({"id": id, "status": "New"})).unwrap())
        .collect();
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(alerts)),
    );
    key(&mut m, KeyCode::Down);
    m
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
