//! The prompts behave as their help says: history, completion that lists and cycles, and
//! errors that go once a command works.

use super::*;

fn user_with_alerts() -> Model {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    let alerts: Arc<[Alert]> = Arc::from(vec![alert("a1", "jdoe", "m1", "2026-11-19T10:00:00Z")]);
    deliver(
        &mut m,
        Resource::UserAlerts(UserName::parse("jdoe").unwrap()),
        Payload::Alerts(alerts),
    );
    m
}

#[test]
fn filters_have_history_and_field_completion() {
    let mut m = user_with_alerts();
    key(&mut m, KeyCode::Char('/'));
    type_text(&mut m, "sev:high");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('/'));
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('/'));
    key(&mut m, KeyCode::Up);
    assert_eq!(m.input.prompt.value(), "sev:high");
    assert_eq!(
        m.nav.current.pane().filter,
        "sev:high",
        "and it applies at once"
    );
    for _ in 0..8 {
        key(&mut m, KeyCode::Backspace);
    }
    type_text(&mut m, "!ti");
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.prompt.value(), "!title:");
    for _ in 0..7 {
        key(&mut m, KeyCode::Backspace);
    }
    type_text(&mut m, "s");
    key(&mut m, KeyCode::Tab);
    assert_eq!(
        m.input.prompt.value(),
        "s",
        "sev, status, source share only s"
    );
    assert!(m.notices.message.as_ref().unwrap().0.contains("sev:"));
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.prompt.value(), "sev:");
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.prompt.value(), "status:", "Tab again cycles");
}

#[test]
fn commands_complete_by_listing_and_cycling_and_errors_clear() {
    let mut m = Model::new(Session::demo(), Instant::now());
    m.recall.history = vec!["jdoe".into(), "jsmith".into()];
    key(&mut m, KeyCode::Esc);
    m.mode = Mode::Normal;
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "frobnicate");
    key(&mut m, KeyCode::Enter);
    assert!(m.notices.message.is_some());
    m.mode = Mode::Normal;
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "user j");
    key(&mut m, KeyCode::Tab);
    let listed = m.notices.message.clone().unwrap().0;
    assert!(
        listed.contains("user jdoe") && listed.contains("user jsmith"),
        "{listed}"
    );
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.prompt.value(), "user jdoe");
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.prompt.value(), "user jsmith");
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.nav.current.route, Route::User(_)));
    assert!(m.notices.message.is_none(), "the old error is gone");
}
