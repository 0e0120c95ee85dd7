//! The triage form (#26 item 6): the assignee completes from the addresses met in the alerts
//! held and "me"; → at the end of what is typed takes it.

use super::*;

#[test]
fn the_assignee_completes_from_the_addresses_met() {
    let session = Session {
        me: Some("ana@contoso.com".into()),
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    let assigned = |id: &str, to: &str| -> Alert {
        let mut a = alert(id, "jdoe", "m1", "2026-11-19T10:00:00Z");
        a.assigned_to = Some(to.into());
        a
    };
    let alerts: Arc<[Alert]> = Arc::from(vec![
        assigned("a1", "mlopez@contoso.com"),
        assigned("a2", "mlopez@contoso.com"),
        assigned("a3", "mike@contoso.com"),
    ]);
    deliver(
        &mut m,
        Resource::UserAlerts(UserName::parse("jdoe").unwrap()),
        Payload::Alerts(alerts),
    );
    key(&mut m, KeyCode::Char('t'));
    let form = m.triage.as_ref().expect("the form");
    assert_eq!(
        form.assignees,
        ["ana@contoso.com", "mlopez@contoso.com", "mike@contoso.com"],
        "me first, then the most often met"
    );
    key(&mut m, KeyCode::Tab);
    type_text(&mut m, "M");
    assert_eq!(
        m.triage.as_ref().unwrap().suggestion.as_deref(),
        Some("mlopez@contoso.com")
    );
    type_text(&mut m, "ik");
    assert_eq!(
        m.triage.as_ref().unwrap().suggestion.as_deref(),
        Some("mike@contoso.com")
    );
    key(&mut m, KeyCode::Right);
    let form = m.triage.as_ref().unwrap();
    assert_eq!(form.assign.value(), "mike@contoso.com");
    assert!(form.suggestion.is_none());
    // ← still moves the cursor, and → in the middle of the text is a cursor key too.
    key(&mut m, KeyCode::Left);
    key(&mut m, KeyCode::Right);
    assert_eq!(
        m.triage.as_ref().unwrap().assign.value(),
        "mike@contoso.com"
    );
}
