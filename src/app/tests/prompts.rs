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
    let offered = |m: &Model| {
        m.input
            .cycle
            .as_ref()
            .map(|(o, _)| o.join(" "))
            .unwrap_or_default()
    };
    assert!(offered(&m).contains("sev:"), "listed above the prompt");
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
    let listed = m
        .input
        .cycle
        .as_ref()
        .map(|(o, _)| o.join(" · "))
        .unwrap_or_default();
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

/// Tab after `field:` offers its values: a closed field's list, else the values the rows hold
/// (#26 item 3).
#[test]
fn filter_values_complete_after_the_field() {
    let mut m = user_with_alerts();
    key(&mut m, KeyCode::Char('/'));
    type_text(&mut m, "sev:h");
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.prompt.value(), "sev:high");
    assert_eq!(m.nav.current.pane().filter, "sev:high", "and it applies");
    type_text(&mut m, ",");
    key(&mut m, KeyCode::Tab);
    let offered = m.input.cycle.clone().map(|(o, _)| o).unwrap_or_default();
    assert!(
        offered.contains(&"sev:high,medium".to_owned()) && offered.len() >= 4,
        "the next of several values: {offered:?}"
    );
    for _ in 0.."sev:high,".len() {
        key(&mut m, KeyCode::Backspace);
    }
    type_text(&mut m, "user:J");
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.prompt.value(), "user:jdoe", "from the rows");
    type_text(&mut m, " status:zz");
    key(&mut m, KeyCode::Tab);
    assert!(m.input.cycle.is_none());
    assert_eq!(m.input.prompt.value(), "user:jdoe status:zz");
}

/// `:ip ` then Tab lists the addresses met and Tab again cycles through them.
#[test]
fn an_address_argument_cycles() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let mut with_ips = alert("a1", "jdoe", "m1", "2026-11-19T10:00:00Z");
    with_ips.evidence = serde_json::from_value(serde_json::json!([
        {"entityType": "Ip", "ipAddress": "185.225.19.40"},
        {"entityType": "Ip", "ipAddress": "89.44.169.135"}
    ]))
    .unwrap();
    let id = crate::api::AlertId::parse("a1").unwrap();
    deliver(
        &mut m,
        Resource::Alert(id),
        Payload::Alert(Arc::new(with_ips)),
    );
    key(&mut m, KeyCode::Esc);
    m.mode = Mode::Normal;
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "ip ");
    key(&mut m, KeyCode::Tab);
    let offered = m.input.cycle.clone().map(|(o, _)| o).unwrap_or_default();
    assert_eq!(offered.len(), 2, "{offered:?} / {}", m.input.prompt.value());
    key(&mut m, KeyCode::Tab);
    let first = m.input.prompt.value().to_owned();
    key(&mut m, KeyCode::Tab);
    let second = m.input.prompt.value().to_owned();
    assert!(first.starts_with("ip ") && second.starts_with("ip ") && first != second);
}
