//! A long list's later pages asked several at once (#27 item 4): the same rows as page by
//! page, in order, each page a budgeted call, in about one round trip for every four pages
//! rather than one each — and a page at a time where the budget has no headroom to spare.

use super::*;

/// 1,050 alerts at 100 a page: eleven pages, the last short. 300 ms a call.
async fn eleven_pages() -> mdetui::sim::RunningSim {
    let spec = ScaleSpec {
        users: 1,
        machines: 3,
        alerts: 1_050,
        seed: 11,
    };
    sim_with(generate::scale(spec), |c| {
        c.page_size = 100;
        c.latency = Duration::from_millis(300);
    })
    .await
}

/// The user's alerts fetched whole: their ids in order, how long that took, and the rows
/// shown on the way (each `Arriving`).
async fn fetch_whole(
    config: EngineConfig,
    sim: &mdetui::sim::RunningSim,
) -> (Vec<String>, Duration, Vec<Vec<String>>) {
    let (engine, mut events) = engine_for(sim, config);
    let start = Instant::now();
    engine.fetch(
        Resource::UserAlerts(UserName::parse("user1").unwrap()),
        Priority::Interactive,
        Origin(1),
    );
    let ids = |list: &[mdetui::api::model::Alert]| list.iter().map(|a| a.id.clone()).collect();
    let mut arrived = Vec::new();
    loop {
        match events.recv().await.expect("engine alive") {
            Event::Arriving {
                payload: engine::Payload::Alerts(list),
                ..
            } => arrived.push(ids(&list)),
            Event::Fetched {
                payload: engine::Payload::Alerts(list),
                ..
            } => return (ids(&list), start.elapsed(), arrived),
            event @ Event::Failed { .. } => panic!("{event:?}"),
            _ => {}
        }
    }
}

#[tokio::test(start_paused = true)]
async fn later_pages_come_several_at_once_with_the_rows_of_paging_one_by_one() {
    // No headroom to spare: a page at a time, as before.
    let sim = eleven_pages().await;
    let narrow = EngineConfig {
        headroom: engine::Headroom {
            minute: 0.0,
            hour: 0.0,
        },
        ..EngineConfig::default()
    };
    let (one_by_one, slow, _) = fetch_whole(narrow, &sim).await;
    assert_eq!(calls(&stats(&sim).await, "users/{id}/alerts", 200), 11);
    assert!(slow >= Duration::from_millis(11 * 300), "{slow:?}");

    let sim = eleven_pages().await;
    let (at_once, fast, arrived) = fetch_whole(EngineConfig::default(), &sim).await;
    assert_eq!(at_once.len(), 1_050);
    assert_eq!(at_once, one_by_one, "the same rows, in the same order");
    let unique: std::collections::HashSet<&String> = at_once.iter().collect();
    assert_eq!(unique.len(), 1_050, "no row twice");
    // The first page, then three rounds of four pages (the last round two past the end).
    let made = calls(&stats(&sim).await, "users/{id}/alerts", 200);
    assert_eq!(made, 13, "each page one call; two asked past the end");
    assert!(
        fast < Duration::from_millis(5 * 300),
        "four round trips of 300 ms, not eleven: {fast:?}"
    );
    assert_eq!(stats(&sim).await["throttled"], 0);
    // On the way, the rows so far after each round (all under the 10,000 shown early), each
    // the start of the whole list.
    let sizes: Vec<usize> = arrived.iter().map(Vec::len).collect();
    assert_eq!(sizes, [100, 500, 900]);
    assert!(arrived.iter().all(|rows| at_once.starts_with(rows)));
}

/// Four pages in all at a tight budget: only the headroom is spent on pages asked ahead, the
/// rest of the list goes a page a call as the budget allows, and nothing is throttled.
#[tokio::test(start_paused = true)]
async fn pages_asked_ahead_spend_only_headroom() {
    let spec = ScaleSpec {
        users: 1,
        machines: 1,
        alerts: 400,
        seed: 5,
    };
    let sim = sim_with(generate::scale(spec), |c| {
        c.page_size = 100;
        c.limits = limits(4);
    })
    .await;
    let config = EngineConfig {
        limits: limits(4),
        ..EngineConfig::default()
    };
    let (ids, took, _) = fetch_whole(config, &sim).await;
    assert_eq!(ids.len(), 400);
    // First call: 1 of 4 used; ahead while under half: one more (2 of 4), then no headroom.
    // Pages 2–3 at once, page 4 alone: four calls within the minute, none past the end.
    assert_eq!(calls(&stats(&sim).await, "users/{id}/alerts", 200), 4);
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert_eq!(stats(&sim).await["throttled"], 0);
}
