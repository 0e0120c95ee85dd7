//! The team's budget through a real `redis-server`: several engines (as several analysts'
//! processes would be) share one set of windows, a 429 seen by one blocks all, a lost Redis
//! leaves everyone working on their own budget until it is back, and answers can be shared.
//! The windows are shortened (a "minute" of 2 s) so the test runs in seconds of real time.

mod common;

use std::time::{Duration, Instant};

use common::redis::Redis;
use common::*;
use mdetui::api::{AlertId, UserName};
use mdetui::engine::team::TeamConfig;
use mdetui::engine::{
    self, EngineConfig, EngineHandle, Event, Limits, Origin, Priority, Resource, Spans,
};
use tokio::sync::mpsc::UnboundedReceiver;

const SPANS: Spans = Spans {
    minute: Duration::from_secs(2),
    hour: Duration::from_secs(3600),
};

fn limits(per_minute: u32) -> Limits {
    Limits {
        per_minute,
        per_hour: 100_000,
    }
}

const TEAM_KEY: &str = "the contoso SOC's team key";

fn team(url: &str, shared_cache: bool) -> TeamConfig {
    TeamConfig {
        url: url.to_owned(),
        password: None,
        tenant: "contoso".into(),
        client_id: "app-1".into(),
        shared_scope: false,
        shared_cache: shared_cache.then(|| mdetui::api::Secret::new(TEAM_KEY)),
    }
}

fn engine(
    sim: &mdetui::sim::RunningSim,
    team: TeamConfig,
    per_minute: u32,
) -> (EngineHandle, UnboundedReceiver<Event>) {
    engine::spawn(
        client_for(sim),
        EngineConfig {
            limits: limits(per_minute),
            spans: SPANS,
            team: Some(team),
            cache_ttl: Duration::from_secs(1),
            ..EngineConfig::default()
        },
    )
}

fn missing(i: usize) -> Resource {
    Resource::Alert(AlertId::parse(&format!("missing-{i}")).unwrap())
}

/// Waits for `n` final answers.
async fn answered(events: &mut UnboundedReceiver<Event>, n: usize) {
    let mut got = 0;
    while got < n {
        match tokio::time::timeout(Duration::from_secs(60), events.recv()).await {
            Ok(Some(Event::Fetched { .. } | Event::Failed { .. })) => got += 1,
            Ok(Some(_)) => {}
            _ => panic!("only {got} of {n} answered"),
        }
    }
}

/// Waits until the engine reports the team budget joined (or not).
async fn joined(events: &mut UnboundedReceiver<Event>, want: bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "never joined={want}");
        if let Ok(Some(Event::Budget(status))) =
            tokio::time::timeout(Duration::from_millis(500), events.recv()).await
            && status.team.as_ref().is_some_and(|t| t.joined == want)
        {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_engines_share_one_budget_without_a_429() {
    let Some(redis) = Redis::start("five_engines_share_one_budget_without_a_429") else {
        return;
    };
    let sim = demo_sim(|c| {
        c.limits = limits(100);
        c.spans = SPANS;
    })
    .await;
    let mut runs = Vec::new();
    for e in 0..5 {
        let (handle, mut events) = engine(&sim, team(&redis.url(), false), 100);
        runs.push(tokio::spawn(async move {
            // Joined first: before the store answers, a process keeps to its own windows.
            joined(&mut events, true).await;
            for i in 0..60 {
                handle.fetch(missing(e * 100 + i), Priority::Interactive, Origin(1));
            }
            answered(&mut events, 60).await;
        }));
    }
    for run in runs {
        run.await.unwrap();
    }
    let stats = stats(&sim).await;
    assert_eq!(
        calls(&stats, "alerts/{id}", 404),
        300,
        "every request answered"
    );
    assert_eq!(
        stats["throttled"].as_u64().unwrap(),
        0,
        "no 429: never over 100 a window"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_seen_by_one_engine_makes_the_others_wait() {
    let Some(redis) = Redis::start("a_429_seen_by_one_engine_makes_the_others_wait") else {
        return;
    };
    let throttling = demo_sim(|c| c.faults = "429=1.0".parse().unwrap()).await;
    let fine = demo_sim(|_| {}).await;
    let (a, mut a_events) = engine(&throttling, team(&redis.url(), false), 100);
    let (b, mut b_events) = engine(&fine, team(&redis.url(), false), 100);
    joined(&mut a_events, true).await;
    joined(&mut b_events, true).await;
    a.fetch(missing(1), Priority::Interactive, Origin(1));
    // A has met its 429 (Retry-After 2 s) once the sim counted it.
    let deadline = Instant::now() + Duration::from_secs(10);
    while stats(&throttling).await["throttled"].as_u64().unwrap() == 0 {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A stores the block as soon as it reads its answer.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let asked = Instant::now();
    b.fetch(missing(2), Priority::Interactive, Origin(1));
    answered(&mut b_events, 1).await;
    assert!(
        asked.elapsed() >= Duration::from_millis(1000),
        "B waited out A's 429: {:?}",
        asked.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_redis_leaves_everyone_working_and_they_rejoin() {
    let Some(redis) = Redis::start("a_lost_redis_leaves_everyone_working_and_they_rejoin") else {
        return;
    };
    let sim = demo_sim(|c| {
        c.limits = limits(100);
        c.spans = SPANS;
    })
    .await;
    let (a, mut a_events) = engine(&sim, team(&redis.url(), false), 50);
    let (b, mut b_events) = engine(&sim, team(&redis.url(), false), 50);
    joined(&mut a_events, true).await;
    joined(&mut b_events, true).await;
    let port = redis.kill();
    for i in 0..20 {
        a.fetch(missing(i), Priority::Interactive, Origin(1));
        b.fetch(missing(100 + i), Priority::Interactive, Origin(1));
    }
    answered(&mut a_events, 20).await;
    answered(&mut b_events, 20).await;
    assert_eq!(
        calls(&stats(&sim).await, "alerts/{id}", 404),
        40,
        "no request lost"
    );
    let _back = Redis::on(port, "restarted").expect("it ran before");
    joined(&mut a_events, true).await;
    joined(&mut b_events, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_answer_serves_the_team_while_fresh() {
    let Some(redis) = Redis::start("a_shared_answer_serves_the_team_while_fresh") else {
        return;
    };
    let sim = demo_sim(|_| {}).await;
    let (a, mut a_events) = engine(&sim, team(&redis.url(), true), 100);
    let (b, mut b_events) = engine(&sim, team(&redis.url(), true), 100);
    joined(&mut a_events, true).await;
    joined(&mut b_events, true).await;
    let jdoe = Resource::UserAlerts(UserName::parse("jdoe").unwrap());
    a.fetch(jdoe.clone(), Priority::Interactive, Origin(1));
    answered(&mut a_events, 1).await;
    // The share is stored in the background: give it a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after_a = stats(&sim).await["total"].as_u64().unwrap();
    b.fetch(jdoe.clone(), Priority::Interactive, Origin(2));
    answered(&mut b_events, 1).await;
    assert_eq!(
        stats(&sim).await["total"].as_u64().unwrap(),
        after_a,
        "B made no call"
    );
    tokio::time::sleep(Duration::from_millis(1300)).await;
    b.fetch(jdoe, Priority::Interactive, Origin(3));
    answered(&mut b_events, 1).await;
    assert_eq!(
        stats(&sim).await["total"].as_u64().unwrap(),
        after_a + 1,
        "stale: fetched"
    );
}

#[tokio::test]
async fn the_redis_password_never_shows() {
    let Some(redis) = Redis::start("the_redis_password_never_shows") else {
        return;
    };
    let config = TeamConfig {
        url: format!("redis://:hunter2-secret@127.0.0.1:{}/0", redis.port),
        password: None,
        ..team("", false)
    };
    let shown = format!("{config:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    // A server without that password refuses it; the message does not repeat it.
    let error = mdetui::engine::team::Team::connect(config, Duration::from_secs(2))
        .await
        .expect_err("refused");
    assert!(!error.contains("hunter2"), "{error}");
}

#[path = "team_cases/trust.rs"]
mod trust;
