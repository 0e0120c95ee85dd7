//! The live queue against a server that keeps sending new alerts: an hour of questions,
//! each answered with 500 new ones. The rows held stay under the cap, and the test prints the
//! process's peak memory — the README's figure (`cargo test --test live_flood --
//! --nocapture`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use mdetui::api::AlertQuery;
use mdetui::api::model::Alert;
use mdetui::app::{Cmd, Model, Msg, Session, update};
use mdetui::engine::{Event, Payload, Priority, Request, Resource};
use mdetui::entity::queue::Scope;

const EVERY: Duration = Duration::from_secs(24);

fn queued(id: &str, status: &str, updated: &str) -> Alert {
    serde_json::from_value(serde_json::json!({
        "id": id, "status": status, "severity": "High", "lastUpdateTime": updated,
        "alertCreationTime": updated,
    }))
    .unwrap()
}

fn deliver(model: &mut Model, resource: Resource, payload: Payload) {
    let fetched_at = model.now;
    update(
        model,
        Msg::Engine(Event::Fetched {
            resource,
            payload,
            fetched_at,
            origins: vec![],
        }),
    );
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

/// A server that answers every question with 500 new alerts, for an hour: the queue holds at
/// most its cap, and says so once it lets older ones go.
#[test]
fn a_flood_of_new_alerts_stays_under_the_cap() {
    let mut m = live_start();
    let cap = m.session.live_cap;
    let start = m.now;
    let mut next_id = 0;
    let mut rounds = 0;
    for second in 1..=3600 {
        for q in live_questions(&tick_to(&mut m, start + Duration::from_secs(second))) {
            rounds += 1;
            let flood: Vec<Alert> = (0..500)
                .map(|_| {
                    next_id += 1;
                    let minute = 10 + (next_id / 60_000) % 49;
                    queued(
                        &format!("n{next_id}"),
                        "New",
                        &format!("2026-11-19T11:{minute:02}:{:02}Z", next_id % 60),
                    )
                })
                .collect();
            deliver(
                &mut m,
                Resource::alerts(q),
                Payload::Alerts(Arc::from(flood)),
            );
            let queue = Resource::alerts(Scope::Open.query());
            let Some(Payload::Alerts(held)) = m.store.loaded(&queue) else {
                panic!("held");
            };
            assert!(
                held.len() <= cap,
                "{} rows after {rounds} rounds",
                held.len()
            );
            assert!(m.live.fresh.len() <= cap);
        }
    }
    assert!(rounds >= 149, "{rounds} questions in the hour");
    assert!(
        m.notices
            .log
            .iter()
            .any(|(_, t)| t.contains(&format!("holding its newest {cap}"))),
        "said when reached"
    );
    // The README's figure: this process's peak memory after the hour (run alone).
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let peak = status.lines().find(|l| l.starts_with("VmHWM"));
        eprintln!(
            "after {rounds} floods of 500: {}",
            peak.unwrap_or("VmHWM unknown")
        );
    }
}
