//! Pure `update` tests: navigation, restore, pivots and modes, with no terminal and no network.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Instant;

use super::model::{Mode, Model};
use super::nav::Route;
use super::{Cmd, Msg, Session, update};
use crate::api::model::{Alert, RelatedUser};
use crate::api::{AlertId, UserName};
use crate::engine::{Event, Payload, Request, Resource};

fn key(model: &mut Model, code: KeyCode) -> Vec<Cmd> {
    update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        key(model, KeyCode::Char(c));
    }
}

fn alert(id: &str, user: &str, machine: &str, created: &str) -> Alert {
    serde_json::from_value(serde_json::json!({
        "id": id, "alertCreationTime": created, "machineId": machine,
        "relatedUser": {"userName": user, "domainName": "CONTOSO"}
    }))
    .unwrap()
}

fn deliver(model: &mut Model, resource: Resource, payload: Payload) {
    update(
        model,
        Msg::Engine(Event::Fetched {
            resource,
            payload,
            fetched_at: model.now,
            origins: vec![],
        }),
    );
}

#[test]
fn typing_q_in_search_is_text_not_quit() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "qjk");
    assert!(!m.quit);
    assert_eq!(m.input.search.value(), "qjk");
    assert_eq!(m.mode, Mode::Search);
}

#[test]
fn search_opens_the_user_and_fetches_its_view() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "CONTOSO\\jdoe");
    let cmds = key(&mut m, KeyCode::Enter);
    let jdoe = UserName::parse("jdoe").unwrap();
    assert_eq!(m.nav.current.route, Route::User(jdoe.clone()));
    assert_eq!(m.mode, Mode::Normal);
    let fetched: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Engine(Request::Fetch { resource, .. }) => Some(resource.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        fetched,
        vec![
            Resource::User(jdoe.clone()),
            Resource::UserAlerts(jdoe.clone()),
            Resource::UserMachines(jdoe)
        ]
    );
    assert!(
        matches!(cmds[0], Cmd::Engine(Request::Cancel { .. })),
        "the search view's requests are cancelled"
    );
}

#[test]
fn drill_pivot_back_twice_restores_selection() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    let jdoe = UserName::parse("jdoe").unwrap();
    let alerts: Arc<[Alert]> = Arc::from(vec![
        alert("a-old", "jdoe", "m1", "2026-11-18T10:00:00Z"),
        alert("a-new", "jdoe", "m1", "2026-11-19T10:00:00Z"),
        alert("a-admin", "adm-mchen", "m2", "2026-11-17T10:00:00Z"),
    ]);
    deliver(
        &mut m,
        Resource::UserAlerts(jdoe.clone()),
        Payload::Alerts(alerts),
    );
    // Sorted newest first: a-new, a-old, a-admin. Select the third.
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Enter);
    let admin_alert = AlertId::parse("a-admin").unwrap();
    assert_eq!(m.nav.current.route, Route::Alert(admin_alert.clone()));
    let full = Alert {
        related_user: Some(RelatedUser {
            user_name: Some("adm-mchen".into()),
            domain_name: None,
        }),
        ..alert("a-admin", "adm-mchen", "m2", "2026-11-17T10:00:00Z")
    };
    deliver(
        &mut m,
        Resource::Alert(admin_alert.clone()),
        Payload::Alert(Arc::new(full)),
    );
    key(&mut m, KeyCode::Char('u'));
    assert_eq!(
        m.nav.current.route,
        Route::User(UserName::parse("adm-mchen").unwrap())
    );
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.nav.current.route, Route::Alert(admin_alert));
    let cmds = key(&mut m, KeyCode::Esc);
    assert_eq!(m.nav.current.route, Route::User(jdoe.clone()));
    assert_eq!(m.nav.current.panes[0].selected, 2, "selection restored");
    // Returning asks the engine, which answers from its cache: no forced refresh.
    assert!(
        cmds.iter()
            .all(|c| !matches!(c, Cmd::Engine(Request::Fetch { refresh: true, .. })))
    );
    key(&mut m, KeyCode::Char(']'));
    assert!(
        matches!(m.nav.current.route, Route::Alert(_)),
        "forward again"
    );
}

#[test]
fn late_answers_land_by_resource_not_by_view() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('s'));
    type_text(&mut m, "lsmith");
    key(&mut m, KeyCode::Enter);
    // jdoe's alerts arrive late, while lsmith is on screen.
    let jdoe = UserName::parse("jdoe").unwrap();
    deliver(
        &mut m,
        Resource::UserAlerts(jdoe.clone()),
        Payload::Alerts(Arc::from(vec![alert(
            "x",
            "jdoe",
            "m",
            "2026-01-01T00:00:00Z",
        )])),
    );
    let lsmith = UserName::parse("lsmith").unwrap();
    assert!(
        m.store.loaded(&Resource::UserAlerts(lsmith)).is_none(),
        "nothing landed in lsmith's view"
    );
    assert!(m.store.loaded(&Resource::UserAlerts(jdoe)).is_some());
}

#[test]
fn q_quits_in_normal_mode_and_bad_names_say_why() {
    let mut m = Model::new(Session::demo(), Instant::now());
    key(&mut m, KeyCode::Enter);
    assert!(m.notices.message.is_some(), "an empty name is explained");
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('q'));
    assert!(m.quit);
}

#[test]
fn help_opens_and_any_key_closes_it_without_acting() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('?'));
    assert_eq!(m.overlay, Some(super::model::Overlay::Help));
    key(&mut m, KeyCode::Char('q'));
    assert!(m.overlay.is_none());
    assert!(!m.quit, "the closing key does nothing else");
}

#[test]
fn ctrl_z_suspends_and_searches_are_remembered() {
    let mut m = Model::new(Session::demo(), Instant::now());
    m.recall.history = vec!["lsmith".into()];
    type_text(&mut m, "jdoe");
    let cmds = key(&mut m, KeyCode::Enter);
    let jdoe = crate::app::history::Searched {
        name: "jdoe".into(),
        kind: Some("user".into()),
    };
    assert!(cmds.contains(&Cmd::RememberSearch(jdoe.clone())));
    assert_eq!(m.recall.history, vec![jdoe, "lsmith".into()]);
    let cmds = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
    );
    assert_eq!(cmds, vec![Cmd::Suspend]);
    // Suggestions: history first, filtered by what is typed.
    key(&mut m, KeyCode::Char('s'));
    type_text(&mut m, "ls");
    assert_eq!(super::search::suggestions(&m), vec!["lsmith"]);
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.input.search.value(), "lsmith");
}

#[test]
fn pivot_asks_the_api_before_the_alert_has_loaded() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let ar = AlertId::parse("ar1").unwrap();
    super::go::navigate(&mut m, Route::Alert(ar.clone()));
    let cmds = key(&mut m, KeyCode::Char('u'));
    assert!(
        matches!(&cmds[..], [Cmd::Engine(Request::Fetch { resource: Resource::AlertUser(id), .. })] if *id == ar),
        "{cmds:?}"
    );
    assert!(
        matches!(m.nav.current.route, Route::Alert(_)),
        "no move until the API answers"
    );
    let user: crate::api::model::User = serde_json::from_value(
        serde_json::json!({"id": "contoso\\pkumar", "accountName": "pkumar"}),
    )
    .unwrap();
    let resource = Resource::AlertUser(ar.clone());
    let now = m.now;
    let cmds = update(
        &mut m,
        Msg::Engine(Event::Fetched {
            resource,
            payload: Payload::User(Arc::new(user)),
            fetched_at: now,
            origins: vec![],
        }),
    );
    assert_eq!(
        m.nav.current.route,
        Route::User(UserName::parse("pkumar").unwrap())
    );
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::Engine(Request::Fetch {
            resource: Resource::UserAlerts(_),
            ..
        })
    )));

    // A 404 (quirk 3) says so and stays put.
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('u'));
    update(
        &mut m,
        Msg::Engine(Event::Failed {
            resource: Resource::AlertUser(ar),
            error: crate::api::ApiError::NotFound {
                message: "There is no User related to alert ar1".into(),
            },
            origins: vec![],
        }),
    );
    assert!(matches!(m.nav.current.route, Route::Alert(_)));
    assert!(
        m.notices
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("There is no User")
    );
}

#[test]
fn commands_run_remember_history_and_complain_about_nonsense() {
    let mut m = Model::new(Session::demo(), Instant::now());
    key(&mut m, KeyCode::Esc);
    m.mode = super::model::Mode::Normal;
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "machine wks-fin-042");
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.nav.current.route, Route::Machine(_)));
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "frobnicate");
    key(&mut m, KeyCode::Enter);
    assert!(
        m.notices
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("unknown command")
    );
    key(&mut m, KeyCode::Char(':'));
    key(&mut m, KeyCode::Up);
    key(&mut m, KeyCode::Up);
    assert_eq!(m.input.prompt.value(), "machine wks-fin-042");
    key(&mut m, KeyCode::Down);
    assert_eq!(m.input.prompt.value(), "frobnicate");
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "q");
    key(&mut m, KeyCode::Enter);
    assert!(m.quit);
}

#[test]
fn export_asks_before_overwriting() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    let jdoe = UserName::parse("jdoe").unwrap();
    deliver(
        &mut m,
        Resource::UserAlerts(jdoe),
        Payload::Alerts(Arc::from(vec![alert(
            "=cmd|' /C calc'!A0",
            "jdoe",
            "m1",
            "2026-11-18T10:00:00Z",
        )])),
    );
    key(&mut m, KeyCode::Char('e'));
    assert_eq!(m.input.prompt.value(), "mdetui-user-jdoe-alerts.csv");
    let cmds = key(&mut m, KeyCode::Enter);
    let [Cmd::Export(export)] = &cmds[..] else {
        panic!("{cmds:?}")
    };
    assert_eq!(export.rows, 1);
    let content = crate::app::export::whole(&export.content);
    // The formula is defused: the cell starts with an apostrophe.
    assert!(content.contains("\r\n'=cmd|' /C calc'!A0,"), "{content}");
    assert!(!export.overwrite);
    update(&mut m, Msg::ExportExists(export.clone()));
    assert_eq!(m.mode, super::model::Mode::Confirm);
    let cmds = key(&mut m, KeyCode::Char('y'));
    assert!(matches!(&cmds[..], [Cmd::Export(e)] if e.overwrite));
    update(&mut m, Msg::ExportExists(export.clone()));
    let cmds = key(&mut m, KeyCode::Char('n'));
    assert!(cmds.is_empty());
    assert!(
        m.notices
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("left as it was")
    );
}

#[test]
fn the_search_box_takes_commands_too() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, ":alert da638671455870001234_-1907733125");
    key(&mut m, KeyCode::Enter);
    assert_eq!(
        m.nav.current.route,
        Route::Alert(AlertId::parse("da638671455870001234_-1907733125").unwrap())
    );
    assert!(m.input.search.value().is_empty());
}

mod arriving;
mod evidence;
mod exports;
mod input;
mod live;
mod names;
mod newcomer;
mod pages;
mod prefetch;
mod prompts;
mod scopes;
mod search_filters;
mod sorting;
mod triage_form;
mod written;
