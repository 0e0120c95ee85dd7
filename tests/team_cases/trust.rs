//! What the team's store says is not trusted blindly, and writes count in it like reads: a
//! capped block, a sealed shared cache, a write's slot and its 429.

use super::*;

/// Whatever the store says, a block holds nobody up for more than an hour, and a block that
/// is not a number is no block.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_from_the_store_is_capped_and_nonsense_ignored() {
    let Some(redis) = Redis::start("a_block_from_the_store_is_capped_and_nonsense_ignored") else {
        return;
    };
    let sim = demo_sim(|_| {}).await;
    let config = team(&redis.url(), false);
    let blocked = config.key(mdetui::api::Endpoint::GET_ALERT.name(), "blocked");
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let set = |value: &'static str| {
        let mut conn = conn.clone();
        let key = blocked.clone();
        async move {
            ::redis::cmd("SET")
                .arg(key)
                .arg(value)
                .query_async::<()>(&mut conn)
                .await
                .unwrap();
        }
    };
    set("9000000000000000000").await;
    let (a, mut events) = engine(&sim, config.clone(), 100);
    joined(&mut events, true).await;
    a.fetch(missing(1), Priority::Interactive, Origin(1));
    let wait = loop {
        match tokio::time::timeout(Duration::from_secs(10), events.recv()).await {
            Ok(Some(Event::Pending {
                state: mdetui::engine::Pending::WaitingForBudget { until },
                ..
            })) => break until.saturating_duration_since(mdetui::engine::now()),
            Ok(Some(_)) => {}
            _ => panic!("no wait announced"),
        }
    };
    assert!(wait <= Duration::from_secs(3600), "{wait:?}");
    assert!(wait >= Duration::from_secs(3000), "still blocked: {wait:?}");
    set("nonsense").await;
    let _: () = ::redis::cmd("PING").query_async(&mut conn).await.unwrap();
    let (b, mut b_events) = engine(&sim, config, 100);
    joined(&mut b_events, true).await;
    let asked = Instant::now();
    b.fetch(missing(2), Priority::Interactive, Origin(1));
    answered(&mut b_events, 1).await;
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "no block: {:?}",
        asked.elapsed()
    );
}

/// An entry written into the store by anyone without the team's key — a crafted "resolved"
/// alert, another tenant's answer — is ignored: the view is fetched from the API. `r` always
/// asks the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_or_foreign_shared_answer_is_ignored() {
    let Some(redis) = Redis::start("a_tampered_or_foreign_shared_answer_is_ignored") else {
        return;
    };
    let sim = demo_sim(|_| {}).await;
    let config = team(&redis.url(), true);
    let jdoe = Resource::UserAlerts(UserName::parse("jdoe").unwrap());
    let key = config.key("cache", &jdoe.to_string());
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    // A crafted answer: an empty list, unsealed, then sealed with another key.
    for forged in [
        "[]".to_owned(),
        format!("v1.{}.{{\"Alerts\":[]}}", "0".repeat(64)),
    ] {
        ::redis::cmd("SET")
            .arg(&key)
            .arg(&forged)
            .query_async::<()>(&mut conn)
            .await
            .unwrap();
        let (a, mut events) = engine(&sim, config.clone(), 100);
        joined(&mut events, true).await;
        let before = stats(&sim).await["total"].as_u64().unwrap();
        a.fetch(jdoe.clone(), Priority::Interactive, Origin(1));
        answered(&mut events, 1).await;
        assert_eq!(
            stats(&sim).await["total"].as_u64().unwrap(),
            before + 1,
            "the forged entry was not served: the API was asked"
        );
    }
    // A sealed, fresh answer serves; `r` asks the API all the same.
    let (b, mut b_events) = engine(&sim, config, 100);
    joined(&mut b_events, true).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = stats(&sim).await["total"].as_u64().unwrap();
    b.fetch(jdoe.clone(), Priority::Interactive, Origin(2));
    answered(&mut b_events, 1).await;
    assert_eq!(
        stats(&sim).await["total"].as_u64().unwrap(),
        before,
        "the sealed answer served"
    );
    b.send(mdetui::engine::Request::Fetch {
        resource: jdoe,
        priority: Priority::Interactive,
        origin: Origin(3),
        refresh: true,
    });
    answered(&mut b_events, 1).await;
    assert_eq!(stats(&sim).await["total"].as_u64().unwrap(), before + 1);
}

/// A write takes its slot from the team's windows, and a 429 on a write blocks that family
/// for every process of the team.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_count_in_the_team_and_their_429_blocks_everyone() {
    let Some(redis) = Redis::start("writes_count_in_the_team_and_their_429_blocks_everyone") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let with_team = |sim: &mdetui::sim::RunningSim| {
        engine::spawn(
            client_for(sim),
            EngineConfig {
                team: Some(team(&redis.url(), false)),
                ..audited(dir.path())
            },
        )
    };
    let write = |handle: &EngineHandle, id: u64| {
        handle.send(mdetui::engine::Request::Write {
            id: mdetui::engine::WriteId(id),
            targets: vec![mdetui::engine::WriteTarget::unknown(
                AlertId::parse("da638671455870001234_-1907733125").unwrap(),
            )],
            update: mdetui::api::AlertUpdate {
                comment: Some(format!("note {id}")),
                ..Default::default()
            },
            origin: Origin(1),
        });
    };
    async fn written(events: &mut UnboundedReceiver<Event>) -> mdetui::engine::WriteOutcome {
        loop {
            match tokio::time::timeout(Duration::from_secs(30), events.recv()).await {
                Ok(Some(Event::Written(outcome))) => return outcome,
                Ok(Some(_)) => {}
                _ => panic!("no outcome"),
            }
        }
    }
    let fine = demo_sim(|_| {}).await;
    let (a, mut a_events) = with_team(&fine);
    joined(&mut a_events, true).await;
    write(&a, 1);
    assert_eq!(written(&mut a_events).await.done.len(), 1);
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let minute =
        team(&redis.url(), false).key(mdetui::api::Endpoint::UPDATE_ALERT.name(), "minute");
    let counted: u32 = ::redis::cmd("ZCARD")
        .arg(&minute)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(counted, 1, "the PATCH took a slot in the team's window");

    let throttling = demo_sim(|c| c.write_fault = Some(mdetui::sim::WriteFault::Throttle(2))).await;
    let (t, mut t_events) = with_team(&throttling);
    joined(&mut t_events, true).await;
    write(&t, 2);
    // Its first 429 is read and the block stored within a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    while stats(&throttling).await["throttled"].as_u64().unwrap() == 0 {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    let asked = Instant::now();
    write(&a, 3);
    assert_eq!(written(&mut a_events).await.done.len(), 1);
    assert!(
        asked.elapsed() >= Duration::from_millis(1000),
        "the other process waited out the write's 429: {:?}",
        asked.elapsed()
    );
}

/// A store that answers the connection but fails every command: the reason is kept for the
/// status bar, and the process does not rejoin every 3 s — its attempts back off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_that_fails_every_command_is_retried_with_back_off() {
    let Some(redis) = Redis::failing("a_store_that_fails_every_command_is_retried_with_back_off")
    else {
        return;
    };
    let sim = demo_sim(|_| {}).await;
    let (a, mut events) = engine(&sim, team(&redis.url(), false), 1_000);
    let started = Instant::now();
    let mut problem = None;
    let mut i = 0;
    while started.elapsed() < Duration::from_secs(14) {
        i += 1;
        a.fetch(missing(i), Priority::Interactive, Origin(1));
        let deadline = Instant::now() + Duration::from_millis(500);
        while let Ok(Some(event)) = tokio::time::timeout_at(deadline.into(), events.recv()).await {
            if let Event::Budget(status) = event
                && let Some(p) = status.team.and_then(|t| t.problem)
            {
                problem = Some(p);
            }
        }
    }
    let problem = problem.expect("the reason is said");
    assert!(!problem.starts_with("connecting"), "{problem}");
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let info: String = ::redis::cmd("INFO")
        .arg("stats")
        .query_async(&mut conn)
        .await
        .unwrap();
    let connections: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("total_connections_received:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    // Every 3 s would be 5 or more in 14 s (and this INFO's own); backing off 6, 12…: 3 at most.
    assert!(connections <= 4, "{connections} connections in 14 s");
}
