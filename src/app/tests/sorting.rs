//! `S` on a text column reads A to Z, and rows equal in it keep the list's own order, newest
//! first (a second key, shown hollow in its title) — #26 item 7.

use super::*;

#[test]
fn a_text_column_sorts_a_to_z_and_keeps_the_order_before_within_ties() {
    let mut m = Model::new(
        Session {
            prefetch: None,
            ..Session::demo()
        },
        Instant::now(),
    );
    let user = UserName::parse("jdoe").unwrap();
    crate::app::go::navigate(&mut m, Route::User(user.clone()));
    let titled = |id: &str, title: &str, created: &str| -> Alert {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": title, "alertCreationTime": created, "machineId": "m1",
            "relatedUser": {"userName": "jdoe", "domainName": "CONTOSO"}
        }))
        .unwrap()
    };
    let alerts: Vec<Alert> = vec![
        titled("b-new", "Beacon", "2026-11-19T10:00:00Z"),
        titled("a-mid", "Archive", "2026-11-19T09:00:00Z"),
        titled("b-old", "Beacon", "2026-11-19T08:00:00Z"),
    ];
    deliver(
        &mut m,
        Resource::UserAlerts(user),
        Payload::Alerts(Arc::from(alerts)),
    );
    m.mode = Mode::Normal;
    m.nav.current.list_focus = true;
    let title = |m: &Model| {
        let rows = crate::app::panes::rows(m, 0).unwrap();
        let column = m.nav.current.pane().sort.map(|s| s.column);
        column.map(|c| rows.list.heads()[c].title)
    };
    for _ in 0..10 {
        key(&mut m, KeyCode::Char('S'));
        if title(&m) == Some("TITLE") {
            break;
        }
    }
    assert_eq!(title(&m), Some("TITLE"));
    let pane = m.nav.current.pane();
    assert_eq!(pane.sort.map(|s| s.descending), Some(false), "A to Z");
    assert!(
        pane.then.is_some(),
        "the list's own order is the second key"
    );
    let rows = crate::app::panes::rows(&m, 0).unwrap();
    let order: Vec<&str> = pane.rows.iter().map(|&i| rows.list.get(i).id()).collect();
    assert_eq!(order, ["a-mid", "b-new", "b-old"], "the newer Beacon first");
}
