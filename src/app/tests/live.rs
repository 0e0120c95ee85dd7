//! The live queue in the state machine: it asks what changed once a period, never more
//! (two hours of ticks spend exactly its share), at background priority; the answer folds
//! in without moving the selection, marks what is new, drops what left the scope.

use std::time::Duration;

use super::*;
use crate::api::AlertQuery;
use crate::engine::Priority;
use crate::entity::queue::Scope;

const EVERY: Duration = Duration::from_secs(24);

fn queued(id: &str, status: &str, updated: &str) -> Alert {
    serde_json::from_value(serde_json::json!({
        "id": id, "status": status, "severity": "High", "lastUpdateTime": updated,
        "alertCreationTime": updated,
    }))
    .unwrap()
}

fn live_start() -> Model {
    let session = Session {
        start_queue: Some(Scope::Open),
        live_every: Some(EVERY),
        prefetch: None,
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(vec![
            queued("a3", "New", "2026-11-19T11:00:00Z"),
            queued("a2", "New", "2026-11-19T10:00:00Z"),
            queued("a1", "InProgress", "2026-11-19T09:00:00Z"),
        ])),
    );
    m
}

fn live_questions(cmds: &[Cmd]) -> Vec<AlertQuery> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Engine(Request::Fetch {
                resource: Resource::Alerts(q),
                priority: Priority::Background,
                refresh: true,
                ..
            }) => Some((**q).clone()),
            _ => None,
        })
        .collect()
}

fn tick_to(m: &mut Model, at: Instant) -> Vec<Cmd> {
    update(m, Msg::Tick(at))
}

#[test]
fn two_hours_of_ticks_spend_only_the_share() {
    let mut m = live_start();
    let start = m.now;
    let mut asked = 0;
    // A tick a second for two hours, every answer empty (a quiet tenant).
    for second in 1..=7200 {
        let cmds = tick_to(&mut m, start + Duration::from_secs(second));
        for q in live_questions(&cmds) {
            asked += 1;
            assert_eq!(q.updated_after.as_deref(), Some("2026-11-19T11:00:00Z"));
            deliver(
                &mut m,
                Resource::alerts(q),
                Payload::Alerts(Arc::from(vec![])),
            );
        }
    }
    // 150 calls an hour is a tenth of 1,500.
    assert!((299..=300).contains(&asked), "{asked} calls in two hours");
}

#[test]
fn an_unanswered_question_is_not_asked_twice() {
    let mut m = live_start();
    let start = m.now;
    tick_to(&mut m, start + Duration::from_secs(1));
    let first = live_questions(&tick_to(&mut m, start + EVERY + Duration::from_secs(1)));
    assert_eq!(first.len(), 1);
    let later = tick_to(&mut m, start + EVERY * 5);
    assert!(
        live_questions(&later).is_empty(),
        "still waiting for the first"
    );
}

#[test]
fn changes_fold_in_without_moving_the_selection() {
    let mut m = live_start();
    key(&mut m, KeyCode::Down); // into the queue
    key(&mut m, KeyCode::Char('j')); // on a2
    assert_eq!(m.nav.current.pane().selected_id.as_deref(), Some("a2"));
    let start = m.now;
    tick_to(&mut m, start + Duration::from_secs(1));
    let q = live_questions(&tick_to(&mut m, start + EVERY + Duration::from_secs(1)))
        .pop()
        .unwrap();
    deliver(
        &mut m,
        Resource::alerts(q),
        Payload::Alerts(Arc::from(vec![
            queued("a4", "New", "2026-11-19T12:00:00Z"),
            queued("a1", "Resolved", "2026-11-19T12:01:00Z"),
            queued("a3", "InProgress", "2026-11-19T12:02:00Z"),
        ])),
    );
    let queue = Resource::alerts(Scope::Open.query());
    let Some(Payload::Alerts(held)) = m.store.loaded(&queue) else {
        panic!("the queue is held");
    };
    let mut ids: Vec<&str> = held.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["a2", "a3", "a4"],
        "a1 was resolved: it left the open queue"
    );
    assert_eq!(
        m.nav.current.pane().selected_id.as_deref(),
        Some("a2"),
        "the selection stays on its alert"
    );
    assert_eq!(
        m.live.fresh.iter().map(String::as_str).collect::<Vec<_>>(),
        ["a3", "a4"]
    );
    // Walking over a row is seeing it.
    key(&mut m, KeyCode::Char('g'));
    assert!(
        !m.live
            .fresh
            .contains(m.nav.current.pane().selected_id.as_deref().unwrap())
    );
}

#[test]
fn a_session_without_a_queue_or_live_asks_nothing() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let start = m.now;
    for s in 1..200 {
        assert!(live_questions(&tick_to(&mut m, start + Duration::from_secs(s))).is_empty());
    }
    let mut off = live_start();
    off.session.live_every = None;
    let start = off.now;
    for s in 1..200 {
        assert!(live_questions(&tick_to(&mut off, start + Duration::from_secs(s))).is_empty());
    }
}

#[test]
fn the_share_is_a_period() {
    use crate::app::live::period;
    assert_eq!(period(0.1, 1500), Duration::from_secs(24));
    assert_eq!(
        period(0.5, 1500),
        Duration::from_secs_f64(4.8).max(Duration::from_secs(10))
    );
    assert_eq!(
        period(0.1, 5),
        Duration::from_secs(3600),
        "at least one call an hour"
    );
}

/// One alert dated 2099 (or unreadable) never becomes the watermark: the next questions
/// still ask from the newest real update.
#[test]
fn an_alert_from_the_future_does_not_stop_the_queue() {
    let mut m = live_start();
    let queue = Resource::alerts(Scope::Open.query());
    let Some(Payload::Alerts(held)) = m.store.loaded(&queue) else {
        panic!("held");
    };
    let mut alerts = held.to_vec();
    alerts.push(queued("a9", "New", "2099-01-01T00:00:00Z"));
    alerts.push(queued("a8", "New", "not a time"));
    deliver(&mut m, queue, Payload::Alerts(Arc::from(alerts)));
    let start = m.now;
    tick_to(&mut m, start + Duration::from_secs(1));
    let q = live_questions(&tick_to(&mut m, start + EVERY + Duration::from_secs(1)))
        .pop()
        .unwrap();
    assert_eq!(q.updated_after.as_deref(), Some("2026-11-19T11:00:00Z"));
}

/// Why the team's store is out of reach is said once (in `L`), not at every status update.
#[test]
fn a_lost_team_store_says_why_once() {
    let mut m = live_start();
    let status = |problem: &str| crate::engine::BudgetStatus {
        snapshot: crate::engine::BudgetSnapshot {
            tightest: None,
            minute: crate::engine::budget::WindowUse {
                used: 1,
                limit: 100,
            },
            hour: crate::engine::budget::WindowUse {
                used: 1,
                limit: 1500,
            },
            total_minute: 1,
            total_hour: 1,
            blocked_until: None,
        },
        queued: 0,
        in_flight: 0,
        next_slot: None,
        prefetched: 0,
        team: Some(crate::engine::TeamStatus {
            joined: false,
            problem: Some(problem.into()),
            opaque: false,
            minute: 0,
            hour: 0,
        }),
        write_wait: None,
    };
    let refused = "team budget at redis://r:6379/: Connection refused (os error 111)";
    for _ in 0..3 {
        update(&mut m, Msg::Engine(Event::Budget(status(refused))));
    }
    let said = m
        .notices
        .log
        .iter()
        .filter(|(_, t)| t.contains(refused))
        .count();
    assert_eq!(said, 1);
    assert_eq!(crate::engine::team::kind_of(refused), "refused");
    assert_eq!(
        crate::engine::team::kind_of("team budget at rediss://r/: invalid peer certificate"),
        "TLS"
    );
}
