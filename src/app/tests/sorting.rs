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

/// `S` walks the columns on screen only: at 80 columns the wide ones (category, incident,
/// assigned to) are not sorted by unseen.
#[test]
fn sort_walks_only_the_columns_on_screen() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let user = UserName::parse("jdoe").unwrap();
    crate::app::go::navigate(&mut m, Route::User(user.clone()));
    let alerts = vec![alert("a1", "jdoe", "m1", "2026-11-19T10:00:00Z")];
    deliver(
        &mut m,
        Resource::UserAlerts(user),
        Payload::Alerts(Arc::from(alerts)),
    );
    m.mode = Mode::Normal;
    m.nav.current.list_focus = true;
    update(&mut m, Msg::Width(80));
    let mut walked = Vec::new();
    for _ in 0..8 {
        key(&mut m, KeyCode::Char('S'));
        let rows = crate::app::panes::rows(&m, 0).unwrap();
        let column = m.nav.current.pane().sort.map(|s| s.column).unwrap();
        walked.push(rows.list.heads()[column].title);
    }
    for hidden in ["CATEGORY", "INCIDENT", "ASSIGNED TO"] {
        assert!(!walked.contains(&hidden), "{hidden} in {walked:?}");
    }
    assert!(walked.contains(&"TITLE"), "{walked:?}");
    update(&mut m, Msg::Width(160));
    let (sortable, _) = crate::app::panes::sortable(&m, 0).unwrap();
    assert!(sortable.len() > 5, "wide: more to sort by");
}
