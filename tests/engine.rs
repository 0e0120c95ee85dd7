//! The engine against the simulator enforcing the same limits, with tokio's clock paused:
//! minutes pass in milliseconds and every timing is exact.

mod common;

use std::time::Duration;

use common::*;
use mdetui::api::{AlertId, ApiError, MachineId, UserName};
use mdetui::engine::{
    self, EngineConfig, EngineHandle, Event, Limits, Origin, Pending, Priority, Request, Resource,
};
use mdetui::sim::generate::{self, ScaleSpec};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

fn limits(per_minute: u32) -> Limits {
    Limits {
        per_minute,
        per_hour: 1500,
    }
}

fn engine_for(
    sim: &mdetui::sim::RunningSim,
    config: EngineConfig,
) -> (EngineHandle, UnboundedReceiver<Event>) {
    engine::spawn(client_for(sim), config)
}

/// Waits for `n` final answers (fetched or failed), returning them with their arrival times.
async fn answers(events: &mut UnboundedReceiver<Event>, n: usize) -> Vec<(Event, Instant)> {
    let mut out = Vec::new();
    while out.len() < n {
        let event = events.recv().await.expect("engine alive");
        if matches!(event, Event::Fetched { .. } | Event::Failed { .. }) {
            out.push((event, Instant::now()));
        }
    }
    out
}

fn alert(i: usize) -> Resource {
    Resource::Alert(AlertId::parse(&format!("missing-{i}")).unwrap())
}

#[tokio::test(start_paused = true)]
async fn two_hundred_fifty_requests_fit_the_budget_without_a_429() {
    let sim = demo_sim(|c| c.limits = limits(100)).await;
    let (engine, mut events) = engine_for(
        &sim,
        EngineConfig {
            limits: limits(100),
            ..EngineConfig::default()
        },
    );
    let start = Instant::now();
    for i in 0..250 {
        engine.fetch(alert(i), Priority::Interactive, Origin(1));
    }
    let done = answers(&mut events, 250).await;
    let in_first_minute = done
        .iter()
        .filter(|(_, t)| *t - start < Duration::from_secs(60))
        .count();
    assert_eq!(
        in_first_minute, 100,
        "exactly 100 calls in the first minute"
    );
    assert!(done.iter().all(|(e, _)| matches!(
        e,
        Event::Failed {
            error: ApiError::NotFound { .. },
            ..
        }
    )));
    let stats = stats(&sim).await;
    assert_eq!(stats["throttled"], 0, "the simulator never had to say 429");
    assert_eq!(calls(&stats, "alerts/{id}", 404), 250);
    let last = done.last().unwrap().1 - start;
    assert!(
        last >= Duration::from_secs(120) && last < Duration::from_secs(121),
        "{last:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn interactive_goes_before_fifty_queued_background_requests() {
    let sim = demo_sim(|c| c.limits = limits(10)).await;
    let (engine, mut events) = engine_for(
        &sim,
        EngineConfig {
            limits: limits(10),
            ..EngineConfig::default()
        },
    );
    for i in 0..60 {
        engine.fetch(alert(i), Priority::Background, Origin(1));
    }
    // The first ten go at once; fifty wait for the window.
    answers(&mut events, 10).await;
    let urgent = Resource::UserAlerts(UserName::parse("jdoe").unwrap());
    engine.fetch(urgent.clone(), Priority::Interactive, Origin(2));
    let next = answers(&mut events, 1).await;
    assert!(matches!(&next[0].0, Event::Fetched { resource, .. } if *resource == urgent));
    let log = stats(&sim).await["requests"].as_array().unwrap().clone();
    let api: Vec<_> = log
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| p.starts_with("/api/"))
        .collect();
    assert_eq!(
        api[10], "/api/users/jdoe/alerts",
        "sent eleventh, before any background call"
    );
}

#[tokio::test(start_paused = true)]
async fn identical_requests_cost_one_call_and_the_cache_none() {
    let sim = demo_sim(|c| c.latency = Duration::from_millis(200)).await;
    let (engine, mut events) = engine_for(&sim, EngineConfig::default());
    let jdoe = Resource::UserAlerts(UserName::parse("jdoe").unwrap());
    for origin in 0..10 {
        engine.fetch(jdoe.clone(), Priority::Interactive, Origin(origin));
    }
    let done = answers(&mut events, 1).await;
    match &done[0].0 {
        Event::Fetched { origins, .. } => assert_eq!(origins.len(), 10, "one answer for all ten"),
        other => panic!("{other:?}"),
    }
    tokio::time::advance(Duration::from_secs(60)).await;
    engine.fetch(jdoe.clone(), Priority::Interactive, Origin(11));
    answers(&mut events, 1).await;
    assert_eq!(calls(&stats(&sim).await, "users/{id}/alerts", 200), 1);
    // Refresh goes to the API again (through the budget), and after the TTL so does a fetch.
    engine.send(Request::Fetch {
        resource: jdoe.clone(),
        priority: Priority::Interactive,
        origin: Origin(12),
        refresh: true,
    });
    answers(&mut events, 1).await;
    tokio::time::advance(Duration::from_secs(301)).await;
    engine.fetch(jdoe, Priority::Interactive, Origin(13));
    answers(&mut events, 1).await;
    assert_eq!(calls(&stats(&sim).await, "users/{id}/alerts", 200), 3);
}

#[tokio::test(start_paused = true)]
async fn a_429_is_waited_out_and_nothing_is_lost() {
    let sim = demo_sim(|c| {
        c.faults = "429=0.5".parse().unwrap();
        c.seed = 7;
    })
    .await;
    let (engine, mut events) = engine_for(&sim, EngineConfig::default());
    let start = Instant::now();
    let wanted: Vec<Resource> = ["jdoe", "adm-mchen", "lsmith", "svc_backup"]
        .iter()
        .map(|u| Resource::UserAlerts(UserName::parse(u).unwrap()))
        .collect();
    for r in &wanted {
        engine.fetch(r.clone(), Priority::Interactive, Origin(1));
    }
    let mut waited = false;
    let mut fetched = 0;
    while fetched < wanted.len() {
        match events.recv().await.unwrap() {
            Event::Fetched { .. } => fetched += 1,
            Event::Pending {
                state: Pending::WaitingForBudget { until },
                ..
            } => {
                waited = true;
                assert!(until - Instant::now().into_std() <= Duration::from_secs(2));
            }
            Event::Failed { error, .. } => panic!("lost a request: {error}"),
            _ => {}
        }
    }
    let stats = stats(&sim).await;
    assert!(stats["throttled"].as_u64().unwrap() >= 1, "the fault fired");
    assert!(waited, "the wait was announced");
    assert!(
        Instant::now() - start >= Duration::from_secs(2),
        "Retry-After was honoured"
    );
}

#[tokio::test(start_paused = true)]
async fn cancelled_views_never_send_their_queued_requests() {
    let sim = demo_sim(|c| c.limits = limits(1)).await;
    let (engine, mut events) = engine_for(
        &sim,
        EngineConfig {
            limits: limits(1),
            ..EngineConfig::default()
        },
    );
    engine.fetch(alert(0), Priority::Interactive, Origin(1));
    answers(&mut events, 1).await;
    engine.fetch(alert(1), Priority::Interactive, Origin(2));
    engine.fetch(alert(2), Priority::Interactive, Origin(2));
    engine.fetch(alert(3), Priority::Interactive, Origin(3));
    engine.send(Request::Cancel { origin: Origin(2) });
    let done = answers(&mut events, 1).await;
    assert!(matches!(&done[0].0, Event::Failed { resource, .. } if *resource == alert(3)));
    tokio::time::advance(Duration::from_secs(600)).await;
    tokio::task::yield_now().await;
    assert_eq!(
        calls(&stats(&sim).await, "alerts/{id}", 404),
        2,
        "only alerts 0 and 3 were sent"
    );
}

#[tokio::test(start_paused = true)]
async fn hung_and_flaky_servers_leave_the_engine_responsive_and_truthful() {
    // Hung: every call times out; the engine retries a bounded number of times, then says so.
    let sim = demo_sim(|c| c.faults = "hang=1".parse().unwrap()).await;
    let config = EngineConfig {
        max_retries: 2,
        ..EngineConfig::default()
    };
    let (engine, mut events) =
        engine::spawn(client_with_timeout(&sim, Duration::from_secs(5)), config);
    let machine = Resource::Machine(MachineId::parse("wks-fin-042").unwrap());
    engine.fetch(machine.clone(), Priority::Interactive, Origin(1));
    // Meanwhile the engine still takes commands and reports.
    engine.send(Request::Cancel { origin: Origin(9) });
    let done = answers(&mut events, 1).await;
    assert!(
        matches!(
            &done[0].0,
            Event::Failed {
                error: ApiError::Timeout,
                ..
            }
        ),
        "{:?}",
        done[0].0
    );
    assert_eq!(
        calls(&stats(&sim).await, "machines/{id}", 504),
        0,
        "the client gave up first"
    );

    // Flaky: half the calls fail with 500; retries get every answer through, truthfully.
    let sim = sim_with(
        generate::scale(ScaleSpec {
            users: 20,
            machines: 5,
            alerts: 50,
            seed: 2,
        }),
        |c| {
            c.faults = "500=0.5".parse().unwrap();
        },
    )
    .await;
    let (engine, mut events) = engine_for(
        &sim,
        EngineConfig {
            max_retries: 6,
            ..EngineConfig::default()
        },
    );
    for i in 1..=20 {
        engine.fetch(
            Resource::UserAlerts(UserName::parse(&format!("user{i}")).unwrap()),
            Priority::Interactive,
            Origin(1),
        );
    }
    let done = answers(&mut events, 20).await;
    let fetched = done
        .iter()
        .filter(|(e, _)| matches!(e, Event::Fetched { .. }))
        .count();
    let stats = stats(&sim).await;
    assert!(calls(&stats, "users/{id}/alerts", 500) > 0);
    assert_eq!(fetched, 20, "every request answered after retries");
}

#[tokio::test(start_paused = true)]
async fn pages_are_budgeted_one_call_each() {
    let spec = ScaleSpec {
        users: 1,
        machines: 1,
        alerts: 500,
        seed: 5,
    };
    let sim = sim_with(generate::scale(spec), |c| {
        c.page_size = 100;
        c.limits = limits(3);
    })
    .await;
    let (engine, mut events) = engine_for(
        &sim,
        EngineConfig {
            limits: limits(3),
            ..EngineConfig::default()
        },
    );
    let start = Instant::now();
    engine.fetch(
        Resource::UserAlerts(UserName::parse("user1").unwrap()),
        Priority::Interactive,
        Origin(1),
    );
    let done = answers(&mut events, 1).await;
    match &done[0].0 {
        Event::Fetched {
            payload: engine::Payload::Alerts(list),
            ..
        } => assert_eq!(list.len(), 500),
        other => panic!("{other:?}"),
    }
    // Five pages at three a minute: the last two wait a minute.
    let took = done[0].1 - start;
    assert!(
        took >= Duration::from_secs(60) && took < Duration::from_secs(61),
        "{took:?}"
    );
    assert_eq!(stats(&sim).await["throttled"], 0);
}

#[path = "engine_cases/headroom.rs"]
mod headroom;

#[path = "engine_cases/download.rs"]
mod download;

#[path = "engine_cases/stream.rs"]
mod stream;

#[path = "engine_cases/windows.rs"]
mod windows;
