//! What the engine spends, and where it holds back: pages over the body cap, prefetch.

use super::*;

/// A page over the body cap does not fail the list: it is read again in smaller windows.
#[tokio::test(start_paused = true)]
async fn a_page_over_the_body_cap_is_read_in_smaller_windows() {
    let sim = demo_sim(|_| {}).await;
    let creds = sim.state.config.credentials.clone();
    let (endpoints, credentials) = mdetui::sim::demo_connection(&sim, &creds);
    let small = mdetui::api::Client::new(
        &endpoints,
        credentials,
        &mdetui::api::ClientOptions {
            max_body_bytes: 6 * 1024,
            ..mdetui::api::ClientOptions::default()
        },
    );
    let (engine, mut events) = engine::spawn(small, EngineConfig::default());
    let jdoe = Resource::UserAlerts(UserName::parse("jdoe").unwrap());
    engine.fetch(jdoe, Priority::Interactive, Origin(1));
    match &answers(&mut events, 1).await[0].0 {
        Event::Fetched {
            payload: mdetui::engine::Payload::Alerts(alerts),
            ..
        } => assert_eq!(alerts.len(), 8, "every alert, none twice"),
        other => panic!("{other:?}"),
    }
    let asked = calls(&stats(&sim).await, "users/{id}/alerts", 200);
    assert!(
        asked > 2,
        "the page was too large and asked again in windows: {asked}"
    );
}

/// Background work (prefetch) spends only headroom: with 10 calls a minute it stops at half of
/// them, an interactive request queued behind it goes at once, and the rest waits for the
/// windows to drain.
#[tokio::test(start_paused = true)]
async fn prefetch_spends_only_headroom_and_never_delays_the_analyst() {
    let sim = demo_sim(|c| c.limits = limits(10)).await;
    let (engine, mut events) = engine_for(
        &sim,
        EngineConfig {
            limits: limits(10),
            ..EngineConfig::default()
        },
    );
    for i in 0..8 {
        engine.fetch(alert(i), Priority::Background, Origin(2));
    }
    let first = answers(&mut events, 5).await;
    assert!(
        first
            .iter()
            .all(|(_, at)| *at - first[0].1 < Duration::from_secs(1))
    );
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(
        stats(&sim).await["calls"]["alerts/{id}"]["404"]
            .as_u64()
            .unwrap_or(0),
        5,
        "prefetch stopped at half the minute window"
    );
    let asked = Instant::now();
    engine.fetch(alert(99), Priority::Interactive, Origin(1));
    let (event, at) = answers(&mut events, 1).await.remove(0);
    assert!(matches!(&event, Event::Failed { resource, .. } if *resource == alert(99)));
    assert!(
        at - asked < Duration::from_secs(1),
        "the analyst's request went first, at once"
    );
    // The held-back prefetch resumes once the minute has slid by.
    let rest = answers(&mut events, 3).await;
    assert!(
        rest.iter()
            .all(|(_, at)| *at - asked >= Duration::from_secs(45))
    );
}
