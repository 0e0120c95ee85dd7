//! Filter-like text in the search box (#26 item 2): over the queue it filters the queue; with
//! no list under the box it says where filters go — never a "user" page, a call or history.

use super::*;
use crate::entity::queue::Scope;

fn queue_model() -> Model {
    let session = Session {
        prefetch: None,
        start_queue: Some(Scope::Open),
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    let alerts: Vec<Alert> = vec![
        serde_json::from_value(serde_json::json!({"id": "a1", "severity": "High", "title": "one"}))
            .unwrap(),
        serde_json::from_value(serde_json::json!({"id": "a2", "severity": "Low", "title": "two"}))
            .unwrap(),
    ];
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(alerts)),
    );
    m
}

#[test]
fn a_filter_typed_in_the_box_filters_the_queue() {
    let mut m = queue_model();
    type_text(&mut m, "sev:high !status:resolved");
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(
        cmds.is_empty(),
        "nothing asked, nothing remembered: {cmds:?}"
    );
    assert_eq!(m.nav.current.route, Route::Start(Scope::Open));
    assert_eq!(m.nav.current.panes[0].filter, "sev:high !status:resolved");
    assert!(m.nav.current.list_focus, "the queue has the keys");
    assert!(m.recall.history.is_empty());
    crate::app::panes::sync(&mut m);
    assert_eq!(m.nav.current.panes[0].rows.len(), 1);
}

#[test]
fn a_filter_with_no_list_under_the_box_says_where_filters_go() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "sev:high machine:wks-*");
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(m.nav.current.route, Route::Search);
    let said = &m.notices.message.as_ref().unwrap().0;
    assert!(said.contains("reads as a filter"), "{said}");
    // A URL is still a URL: it opens (or offers) its domain.
    m.notices.message = None;
    assert_eq!(
        m.input.search.value(),
        "sev:high machine:wks-*",
        "kept to edit"
    );
    key(&mut m, KeyCode::Esc);
    type_text(&mut m, "https://billing-contoso-portal.com/inv");
    key(&mut m, KeyCode::Enter);
    let opened = m.nav.current.route != Route::Search
        || m.overlay == Some(crate::app::model::Overlay::Choose);
    assert!(opened, "{:?}", m.notices.message);
}

/// Esc from the queue under the box moves the keys to the box: said, not silent.
#[test]
fn esc_from_the_queue_says_the_box_has_the_keys() {
    let mut m = queue_model();
    key(&mut m, KeyCode::Down);
    assert!(m.nav.current.list_focus);
    key(&mut m, KeyCode::Esc);
    assert!(!m.nav.current.list_focus);
    let said = m.notices.message.as_ref().map(|(t, _)| t.clone());
    assert!(
        said.as_deref()
            .is_some_and(|t| t.contains("the search box has the keys")),
        "{said:?}"
    );
}
