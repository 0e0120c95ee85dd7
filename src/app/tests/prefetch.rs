//! Prefetch in the state machine: after a rest, the view Enter would open is asked for in the
//! background; moving on cancels it; no headroom, no prefetch; held entities need no call.

use std::time::Duration;

use super::*;
use crate::engine::{BudgetSnapshot, BudgetStatus, Priority};

fn jdoe_with_alerts() -> Model {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    let alerts: Arc<[Alert]> = Arc::from(vec![
        alert("a-new", "jdoe", "m1", "2026-11-19T10:00:00Z"),
        alert("a-old", "jdoe", "m1", "2026-11-18T10:00:00Z"),
    ]);
    deliver(
        &mut m,
        Resource::UserAlerts(UserName::parse("jdoe").unwrap()),
        Payload::Alerts(alerts),
    );
    m
}

fn tick(m: &mut Model, after: Duration) -> Vec<Cmd> {
    let now = m.now + after;
    update(m, Msg::Tick(now))
}

fn background(cmds: &[Cmd]) -> Vec<Resource> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Engine(Request::Fetch {
                resource,
                priority: Priority::Background,
                ..
            }) => Some(resource.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_resting_selection_prefetches_its_view_and_moving_on_cancels_it() {
    let mut m = jdoe_with_alerts();
    assert!(
        background(&tick(&mut m, Duration::from_millis(100))).is_empty(),
        "not yet"
    );
    let cmds = tick(&mut m, Duration::from_millis(400));
    assert_eq!(
        background(&cmds),
        [Resource::Alert(AlertId::parse("a-new").unwrap())]
    );
    assert!(
        background(&tick(&mut m, Duration::from_secs(2))).is_empty(),
        "once"
    );
    let cmds = key(&mut m, KeyCode::Char('j'));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Engine(Request::Cancel { .. }))),
        "the prefetch for the row left behind is cancelled: {cmds:?}"
    );
    let cmds = tick(&mut m, Duration::from_millis(500));
    assert_eq!(
        background(&cmds),
        [Resource::Alert(AlertId::parse("a-old").unwrap())]
    );
}

#[test]
fn no_headroom_no_prefetch() {
    let mut m = jdoe_with_alerts();
    let used = |used, limit| crate::engine::budget::WindowUse { used, limit };
    m.store.budget = Some(BudgetStatus {
        snapshot: BudgetSnapshot {
            tightest: None,
            minute: used(60, 100),
            hour: used(100, 1500),
            total_minute: 60,
            total_hour: 100,
            blocked_until: None,
        },
        queued: 0,
        in_flight: 0,
        next_slot: None,
        prefetched: 0,
        team: None,
        write_wait: None,
    });
    assert!(background(&tick(&mut m, Duration::from_secs(1))).is_empty());
}

#[test]
fn an_entity_a_list_holds_whole_opens_without_a_call() {
    let mut m = jdoe_with_alerts();
    let machines: Arc<[crate::api::model::Machine]> = Arc::from(vec![
        serde_json::from_value::<crate::api::model::Machine>(serde_json::json!({
            "id": "m1", "computerDnsName": "wks-1.corp", "riskScore": "High"
        }))
        .unwrap(),
    ]);
    deliver(
        &mut m,
        Resource::UserMachines(UserName::parse("jdoe").unwrap()),
        Payload::Machines(machines),
    );
    key(&mut m, KeyCode::Tab);
    let cmds = key(&mut m, KeyCode::Enter);
    let machine = crate::api::MachineId::parse("m1").unwrap();
    assert_eq!(m.nav.current.route, Route::Machine(machine.clone()));
    assert!(
        !cmds.iter().any(|c| matches!(
            c,
            Cmd::Engine(Request::Fetch {
                resource: Resource::Machine(_),
                ..
            })
        )),
        "{cmds:?}"
    );
    assert!(
        m.store.is_loaded(&Resource::Machine(machine)),
        "shown at once"
    );
}

#[test]
fn an_alert_opened_from_a_list_shows_its_row_at_once() {
    let mut m = jdoe_with_alerts();
    let cmds = key(&mut m, KeyCode::Enter);
    let id = AlertId::parse("a-new").unwrap();
    assert!(
        m.store.is_preview(&Resource::Alert(id.clone())),
        "the row, at once"
    );
    assert!(m.loading(), "and the rest on its way");
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::Engine(Request::Fetch { resource: Resource::Alert(a), .. }) if *a == id
    )));
}

#[test]
fn resting_on_an_old_address_prefetches_no_findbyip() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let id = AlertId::parse("a1").unwrap();
    super::super::go::navigate(&mut m, Route::Alert(id.clone()));
    let a: Alert = serde_json::from_value(serde_json::json!({
        "id": "a1", "alertCreationTime": "2026-11-19T09:21:33Z",
        "evidence": [{"entityType": "Ip", "ipAddress": "10.20.14.42"}],
    }))
    .unwrap();
    deliver(&mut m, Resource::Alert(id), Payload::Alert(Arc::new(a)));
    // 40 days after the alert: findbyip would answer 400.
    m.session.started += Duration::from_secs(40 * 86_400);
    key(&mut m, KeyCode::Tab);
    let cmds = tick(&mut m, Duration::from_millis(500));
    let ip = crate::api::Ip::parse("10.20.14.42").unwrap();
    assert_eq!(
        background(&cmds),
        [Resource::IpStats(ip), Resource::IpAlerts(ip)],
        "the view Enter would open, without the machines it cannot ask for"
    );
}
