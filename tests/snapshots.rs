//! What the screen shows: every view in every state, at 80×24 and 160×48, drawn with
//! ratatui's test backend from models built with the real `update`.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mdetui::api::model::{Alert, Machine, User};
use mdetui::api::{AlertId, ApiError, MachineId, UserName};
use mdetui::app::go::navigate;
use mdetui::app::nav::Route;
use mdetui::app::{Model, Msg, Session, update};
use mdetui::engine::{BudgetStatus, Event, Payload, Pending, Resource};
use mdetui::sim::generate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;
use std::time::Instant;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn render(model: &Model, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| mdetui::ui::draw(model, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut x = 0;
        while x < w {
            // A wide character covers the next cell too, as it does on a terminal.
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn snap(name: &str, model: &Model) {
    for (w, h) in SIZES {
        let screen = render(model, w, h);
        assert!(
            !screen.contains('\u{1b}'),
            "{name}: an escape reached the screen"
        );
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

fn decode<T: serde::de::DeserializeOwned>(values: Vec<&Value>) -> Vec<T> {
    values
        .into_iter()
        .map(|v| serde_json::from_value(v.clone()).unwrap())
        .collect()
}

fn deliver(model: &mut Model, resource: Resource, payload: Payload) {
    let now = model.now;
    update(
        model,
        Msg::Engine(Event::Fetched {
            resource,
            payload,
            fetched_at: now,
            origins: vec![],
        }),
    );
}

fn fail(model: &mut Model, resource: Resource, error: ApiError) {
    update(
        model,
        Msg::Engine(Event::Failed {
            resource,
            error,
            origins: vec![],
        }),
    );
}

fn wait(model: &mut Model, resource: Resource) {
    let until = model.now + Duration::from_secs(42);
    update(
        model,
        Msg::Engine(Event::Pending {
            resource,
            state: Pending::WaitingForBudget { until },
        }),
    );
}

fn at(route: Route) -> Model {
    let mut model = Model::new(Session::demo(), Instant::now());
    navigate(&mut model, route);
    model
}

fn jdoe() -> UserName {
    UserName::parse("jdoe").unwrap()
}

fn loaded_user() -> Model {
    let tenant = generate::demo();
    let mut m = at(Route::User(jdoe()));
    let user: User = serde_json::from_value(tenant.user("jdoe").unwrap().clone()).unwrap();
    deliver(
        &mut m,
        Resource::User(jdoe()),
        Payload::User(Arc::new(user)),
    );
    let alerts: Vec<Alert> = decode(tenant.user_alerts("jdoe"));
    deliver(
        &mut m,
        Resource::UserAlerts(jdoe()),
        Payload::Alerts(Arc::from(alerts)),
    );
    let machines: Vec<Machine> = decode(tenant.user_machines("jdoe"));
    deliver(
        &mut m,
        Resource::UserMachines(jdoe()),
        Payload::Machines(Arc::from(machines)),
    );
    m
}

#[test]
fn search_view() {
    let mut m = Model::new(Session::demo(), Instant::now());
    snap("search_empty", &m);
    m.recall.history = vec!["jdoe".into(), "adm-mchen".into()];
    m.recall.seen_users = vec!["lsmith".into()];
    for c in "j".chars() {
        update(
            &mut m,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    snap("search_typing", &m);
}

#[test]
fn user_view_states() {
    snap("user_loading", &at(Route::User(jdoe())));
    snap("user_loaded", &loaded_user());

    let mut empty = at(Route::User(UserName::parse("nobody").unwrap()));
    let nobody = UserName::parse("nobody").unwrap();
    fail(
        &mut empty,
        Resource::User(nobody.clone()),
        ApiError::NotFound {
            message: "User nobody was not found".into(),
        },
    );
    deliver(
        &mut empty,
        Resource::UserAlerts(nobody.clone()),
        Payload::Alerts(Arc::from(Vec::new())),
    );
    deliver(
        &mut empty,
        Resource::UserMachines(nobody),
        Payload::Machines(Arc::from(Vec::new())),
    );
    snap("user_empty", &empty);

    let mut error = at(Route::User(jdoe()));
    fail(
        &mut error,
        Resource::UserAlerts(jdoe()),
        ApiError::Server {
            status: 503,
            message: "Service Unavailable".into(),
        },
    );
    fail(
        &mut error,
        Resource::UserMachines(jdoe()),
        ApiError::Forbidden {
            permission: "Machine.ReadWrite.All".into(),
            message: "The application does not have any of the required application roles".into(),
        },
    );
    snap("user_error", &error);

    let mut waiting = at(Route::User(jdoe()));
    wait(&mut waiting, Resource::UserAlerts(jdoe()));
    wait(&mut waiting, Resource::UserMachines(jdoe()));
    snap("user_waiting", &waiting);
}

fn lsass() -> AlertId {
    AlertId::parse("da638671455870001234_-1907733125").unwrap()
}

#[test]
fn alert_view_states() {
    snap("alert_loading", &at(Route::Alert(lsass())));
    let tenant = generate::demo();
    let mut loaded = at(Route::Alert(lsass()));
    let alert: Alert =
        serde_json::from_value(tenant.alert(lsass().as_str()).unwrap().clone()).unwrap();
    deliver(
        &mut loaded,
        Resource::Alert(lsass()),
        Payload::Alert(Arc::new(alert)),
    );
    snap("alert_loaded", &loaded);
    // What the alert says is on the first screen, under its title, and a process's command
    // line reads whole in the text (the evidence list cuts it) — #26 item 1.
    let small = render(&loaded, 80, 24);
    assert!(small.contains("│A process read LSASS memory."), "{small}");
    let wide = render(&loaded, 160, 48);
    assert!(
        wide.contains("MiniDump 712 C:\\Users\\Public\\d.bin full"),
        "{wide}"
    );
    let mut error = at(Route::Alert(lsass()));
    fail(
        &mut error,
        Resource::Alert(lsass()),
        ApiError::NotFound {
            message: "Alert da638671455870001234_-1907733125 was not found".into(),
        },
    );
    snap("alert_error", &error);
    let mut waiting = at(Route::Alert(lsass()));
    wait(&mut waiting, Resource::Alert(lsass()));
    snap("alert_waiting", &waiting);
}

/// srv-fs-01 with its record, alerts and logged-on users.
fn loaded_machine() -> (Model, MachineId) {
    let tenant = generate::demo();
    let raw = tenant.machine("srv-fs-01").unwrap().clone();
    let id = MachineId::parse(raw["id"].as_str().unwrap()).unwrap();
    let mut loaded = at(Route::Machine(id.clone()));
    let machine: Machine = serde_json::from_value(raw).unwrap();
    deliver(
        &mut loaded,
        Resource::Machine(id.clone()),
        Payload::Machine(Arc::new(machine)),
    );
    let alerts: Vec<Alert> = decode(tenant.machine_alerts(id.as_str()).unwrap());
    deliver(
        &mut loaded,
        Resource::MachineAlerts(id.clone()),
        Payload::Alerts(Arc::from(alerts)),
    );
    let users: Vec<User> = decode(tenant.machine_logon_users(id.as_str()).unwrap());
    deliver(
        &mut loaded,
        Resource::MachineLogonUsers(id.clone()),
        Payload::Users(Arc::from(users)),
    );
    (loaded, id)
}

#[test]
fn machine_view_states() {
    let (mut loaded, id) = loaded_machine();
    snap("machine_loading", &at(Route::Machine(id.clone())));
    loaded.store.budget = Some(BudgetStatus {
        snapshot: mdetui::engine::BudgetSnapshot {
            tightest: Some(mdetui::api::Endpoint::MACHINE_ALERTS),
            minute: mdetui::engine::budget::WindowUse {
                used: 97,
                limit: 100,
            },
            hour: mdetui::engine::budget::WindowUse {
                used: 412,
                limit: 1500,
            },
            total_minute: 140,
            total_hour: 980,
            blocked_until: None,
        },
        queued: 3,
        in_flight: 0,
        next_slot: Some(loaded.now + Duration::from_secs(9)),
        prefetched: 2,
        team: None,
        write_wait: None,
    });
    snap("machine_loaded_budget_tight", &loaded);
    let mut empty = at(Route::Machine(id.clone()));
    deliver(
        &mut empty,
        Resource::MachineAlerts(id.clone()),
        Payload::Alerts(Arc::from(Vec::new())),
    );
    deliver(
        &mut empty,
        Resource::MachineLogonUsers(id.clone()),
        Payload::Users(Arc::from(Vec::new())),
    );
    fail(&mut empty, Resource::Machine(id.clone()), ApiError::Timeout);
    snap("machine_empty", &empty);
    let mut waiting = at(Route::Machine(id.clone()));
    wait(&mut waiting, Resource::MachineAlerts(id.clone()));
    snap("machine_waiting", &waiting);
}

#[test]
fn help_screen() {
    let mut m = loaded_user();
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)),
    );
    snap("help", &m);
}

#[test]
fn hostile_text_is_rendered_inert() {
    let evil = serde_json::json!({
        "id": "da1_1",
        "title": "Invoice\u{1b}]0;owned\u{7} \u{1b}[2J\u{1b}[31mRED\u{1b}[0m \u{202e}exe.fdp",
        "severity": "High",
        "description": "line one\u{1b}]52;c;ZXZpbA==\u{1b}\\\nline two\u{9b}31m\u{200b}",
        "computerDnsName": "wks\u{1b}[1A-01.corp.contoso.com",
        "relatedUser": {"userName": "ev\u{7}il", "domainName": "C\u{1b}[0mONTOSO"},
        "evidence": [{"entityType": "Process", "fileName": "cmd.exe", "processCommandLine": "cmd /c \u{1b}[8mhidden\u{1b}[28m echo \u{202e}gnp.exe"}]
    });
    let alert: Alert = serde_json::from_value(evil).unwrap();
    let id = AlertId::parse("da1_1").unwrap();
    let mut m = at(Route::Alert(id.clone()));
    deliver(
        &mut m,
        Resource::Alert(id),
        Payload::Alert(Arc::new(alert.clone())),
    );
    snap("hostile_alert", &m);
    let mut list = at(Route::User(jdoe()));
    let wide: Alert = serde_json::from_value(serde_json::json!({
        "id": "da2_2", "title": "漢字のタイトル 🔥🔥 wide text", "severity": "Low",
        "computerDnsName": "ｗｋｓ-全角.corp", "category": "Execution"
    }))
    .unwrap();
    deliver(
        &mut list,
        Resource::UserAlerts(jdoe()),
        Payload::Alerts(Arc::from(vec![alert, wide])),
    );
    // Wide characters and emoji keep the columns: every row's right border is in place.
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| mdetui::ui::draw(&list, f)).unwrap();
    let buffer = terminal.backend().buffer();
    for y in 4..7 {
        assert_eq!(buffer[(159, y)].symbol(), "│", "row {y} lost its border");
    }
    snap("hostile_and_wide_list", &list);
    let screen = render(&list, 160, 48);
    assert!(screen.contains("Invoice RED exe.fdp"), "{screen}");
    assert!(
        !screen.contains('\u{202e}') && !screen.contains('\u{9b}') && !screen.contains('\u{7}')
    );
}

#[path = "snapshot_cases/toolkit.rs"]
mod toolkit;

#[path = "snapshot_cases/triage.rs"]
mod triage;

#[path = "snapshot_cases/queue.rs"]
mod queue;

#[path = "snapshot_cases/evidence.rs"]
mod evidence;

#[path = "snapshot_cases/indicators.rs"]
mod indicators;

#[path = "snapshot_cases/respond.rs"]
mod respond;

#[path = "snapshot_cases/hunt.rs"]
mod hunt;

#[path = "snapshot_cases/timeline.rs"]
mod timeline;

#[path = "snapshot_cases/export.rs"]
mod export;
