//! What a newcomer tries in the first minutes: help from anywhere, the recent-users list,
//! going forward from the search box, quick Escapes, and searching again and again.

use super::*;
use crate::app::model::Overlay;

fn open_jdoe(m: &mut Model) {
    type_text(m, "jdoe");
    key(m, KeyCode::Enter);
}

#[test]
fn help_opens_from_the_search_box_and_with_f1_anywhere() {
    let mut m = Model::new(Session::demo(), Instant::now());
    key(&mut m, KeyCode::Char('?'));
    assert_eq!(m.overlay, Some(Overlay::Help), "? on an empty box");
    key(&mut m, KeyCode::Char('x'));
    assert!(
        m.overlay.is_none() && m.input.search.value().is_empty(),
        "the closing key is spent"
    );
    type_text(&mut m, "a?");
    assert_eq!(m.input.search.value(), "a?", "after text, ? is text");
    key(&mut m, KeyCode::F(1));
    assert_eq!(m.overlay, Some(Overlay::Help), "F1 in the search box");
    key(&mut m, KeyCode::Esc);
    open_jdoe(&mut m);
    key(&mut m, KeyCode::F(1));
    assert_eq!(m.overlay, Some(Overlay::Help), "F1 in a view");
}

#[test]
fn recent_users_are_picked_with_the_arrows() {
    let mut m = Model::new(Session::demo(), Instant::now());
    m.recall.history = vec!["lsmith".into(), "adm-mchen".into()];
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Down);
    assert_eq!(m.input.pick, Some(1));
    key(&mut m, KeyCode::Enter);
    assert_eq!(
        m.nav.current.route,
        Route::User(UserName::parse("adm-mchen").unwrap())
    );
}

#[test]
fn forward_from_the_search_box_and_quick_escapes() {
    let mut m = Model::new(Session::demo(), Instant::now());
    open_jdoe(&mut m);
    let alerts: Arc<[Alert]> = Arc::from(vec![alert("a1", "jdoe", "m1", "2026-11-19T10:00:00Z")]);
    deliver(
        &mut m,
        Resource::UserAlerts(UserName::parse("jdoe").unwrap()),
        Payload::Alerts(alerts),
    );
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.nav.current.route, Route::Alert(_)));
    // Two Escapes that arrive together (Alt-Esc) go back twice.
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::ALT)),
    );
    assert_eq!(m.nav.current.route, Route::Search);
    key(&mut m, KeyCode::Char(']'));
    assert!(
        matches!(m.nav.current.route, Route::User(_)),
        "] on an empty box goes forward"
    );
}

#[test]
fn a_trip_through_the_search_box_leaves_no_crumb() {
    let mut m = Model::new(Session::demo(), Instant::now());
    open_jdoe(&mut m);
    key(&mut m, KeyCode::Char('s'));
    type_text(&mut m, "lsmith");
    key(&mut m, KeyCode::Enter);
    let path: Vec<&Route> = m.nav.path().map(|e| &e.route).collect();
    assert_eq!(
        path,
        [
            &Route::Search,
            &Route::User(UserName::parse("jdoe").unwrap()),
            &Route::User(UserName::parse("lsmith").unwrap())
        ]
    );
    key(&mut m, KeyCode::Esc);
    assert_eq!(
        m.nav.current.route,
        Route::User(UserName::parse("jdoe").unwrap()),
        "back goes to the last place, not to the search box"
    );
}

#[test]
fn the_wheel_scrolls_the_alert_view() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let id = AlertId::parse("a1").unwrap();
    crate::app::go::navigate(&mut m, Route::Alert(id.clone()));
    let a = alert("a1", "jdoe", "m1", "2026-11-19T10:00:00Z");
    deliver(&mut m, Resource::Alert(id), Payload::Alert(Arc::new(a)));
    update(&mut m, Msg::ScrollLimit(5));
    update(
        &mut m,
        Msg::Wheel {
            pane: crate::app::msg::TEXT,
            down: true,
        },
    );
    assert_eq!(m.nav.current.scroll, 3);
    update(
        &mut m,
        Msg::Wheel {
            pane: crate::app::msg::TEXT,
            down: true,
        },
    );
    assert_eq!(
        m.nav.current.scroll, 5,
        "no further than the layout reaches"
    );
}

#[test]
fn the_selection_follows_the_alert_through_sorts_and_filters() {
    let mut m = Model::new(Session::demo(), Instant::now());
    open_jdoe(&mut m);
    let alerts: Arc<[Alert]> = Arc::from(vec![
        alert("a-old", "jdoe", "m1", "2026-11-18T10:00:00Z"),
        alert("a-new", "jdoe", "m2", "2026-11-19T10:00:00Z"),
        alert("a-mid", "jdoe", "m3", "2026-11-18T12:00:00Z"),
    ]);
    deliver(
        &mut m,
        Resource::UserAlerts(UserName::parse("jdoe").unwrap()),
        Payload::Alerts(alerts),
    );
    let selected = |m: &Model| crate::app::panes::selected_row(m).map(|e| e.id().to_owned());
    key(&mut m, KeyCode::Char('j'));
    assert_eq!(selected(&m).as_deref(), Some("a-mid"));
    key(&mut m, KeyCode::Char('I'));
    assert_eq!(
        selected(&m).as_deref(),
        Some("a-mid"),
        "after a reversed sort"
    );
    key(&mut m, KeyCode::Char('S'));
    assert_eq!(
        selected(&m).as_deref(),
        Some("a-mid"),
        "after a sort by another column"
    );
    key(&mut m, KeyCode::Char('/'));
    type_text(&mut m, "id:a-mid");
    key(&mut m, KeyCode::Enter);
    assert_eq!(selected(&m).as_deref(), Some("a-mid"));
    key(&mut m, KeyCode::Esc);
    assert!(m.nav.current.pane().filter.is_empty());
    assert_eq!(
        selected(&m).as_deref(),
        Some("a-mid"),
        "after clearing the filter"
    );
}

#[test]
fn pivots_that_cannot_work_say_so_without_a_call() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let id = AlertId::parse("bare").unwrap();
    crate::app::go::navigate(&mut m, Route::Alert(id.clone()));
    let bare: Alert = serde_json::from_value(serde_json::json!({"id": "bare"})).unwrap();
    deliver(&mut m, Resource::Alert(id), Payload::Alert(Arc::new(bare)));
    for (pivot, what) in [('m', "names no machine"), ('u', "names no user")] {
        let cmds = key(&mut m, KeyCode::Char(pivot));
        assert!(cmds.is_empty(), "{pivot}: {cmds:?}");
        assert!(m.notices.message.as_ref().unwrap().0.contains(what));
    }
}

#[test]
fn a_on_a_logged_on_user_opens_their_alerts() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let machine = crate::api::MachineId::parse("m1").unwrap();
    crate::app::go::navigate(&mut m, Route::Machine(machine.clone()));
    let users: Arc<[crate::api::model::User]> = Arc::from(vec![
        serde_json::from_value::<crate::api::model::User>(
            serde_json::json!({"id": "contoso\\adm-mchen", "accountName": "adm-mchen"}),
        )
        .unwrap(),
    ]);
    deliver(
        &mut m,
        Resource::MachineLogonUsers(machine),
        Payload::Users(users),
    );
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Char('a'));
    assert_eq!(
        m.nav.current.route,
        Route::User(UserName::parse("adm-mchen").unwrap())
    );
    assert_eq!(m.nav.current.focus, 0, "their alerts first");
}

#[test]
fn exports_need_a_csv_or_json_name() {
    let mut m = Model::new(Session::demo(), Instant::now());
    open_jdoe(&mut m);
    let alerts: Arc<[Alert]> = Arc::from(vec![alert("a1", "jdoe", "m1", "2026-11-19T10:00:00Z")]);
    deliver(
        &mut m,
        Resource::UserAlerts(UserName::parse("jdoe").unwrap()),
        Payload::Alerts(alerts),
    );
    key(&mut m, KeyCode::Char('e'));
    for _ in 0..40 {
        key(&mut m, KeyCode::Backspace);
    }
    type_text(&mut m, "out.xlsx");
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(cmds.is_empty());
    let message = &m.notices.message.as_ref().unwrap().0;
    assert!(message.contains(".csv or .json"), "{message}");
}

/// Ctrl-z suspends from the search box too, where a session starts: it is in the box's
/// table, not text.
#[test]
fn ctrl_z_suspends_from_the_search_box() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jd");
    let cmds = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
    );
    assert_eq!(cmds, vec![Cmd::Suspend]);
    assert_eq!(m.input.search.value(), "jd", "nothing typed");
}

/// `Q` went to a fresh open queue at row 1, whatever queue the analyst came from; it returns
/// to the queue behind, as it was left.
#[test]
fn q_returns_to_the_queue_behind_as_it_was_left() {
    let mut m = Model::new(Session::demo(), Instant::now());
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "queue high");
    key(&mut m, KeyCode::Enter);
    let high = Route::Queue(crate::entity::queue::Scope::High);
    assert_eq!(m.nav.current.route, high);
    m.nav.current.pane_mut().selected = 3;
    m.nav.current.pane_mut().filter = "lsass".into();
    key(&mut m, KeyCode::Char('s'));
    open_jdoe(&mut m);
    assert!(matches!(m.nav.current.route, Route::User(_)));
    key(&mut m, KeyCode::Char('Q'));
    assert_eq!(
        m.nav.current.route, high,
        "the queue behind, not a fresh one"
    );
    assert_eq!(m.nav.current.pane().selected, 3);
    assert_eq!(m.nav.current.pane().filter, "lsass");
    assert!(
        matches!(m.nav.forward.last().map(|e| &e.route), Some(Route::User(_))),
        "the user view is ahead, for ]"
    );
    // On a queue, Q stays; with none behind, the open queue opens.
    key(&mut m, KeyCode::Char('Q'));
    assert_eq!(m.nav.current.route, high);
    let mut fresh = Model::new(Session::demo(), Instant::now());
    open_jdoe(&mut fresh);
    key(&mut fresh, KeyCode::Char('Q'));
    assert_eq!(
        fresh.nav.current.route,
        Route::Queue(crate::entity::queue::Scope::Open)
    );
}
