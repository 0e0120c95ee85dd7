//! Journeys through the alert queue: where a session starts, scopes, incidents, and a queue
//! that stays live — plus two hours of it on a paused clock, to count what it spends.

use super::*;

/// A session that starts where the analyst's does: the search box over the open queue.
async fn on_the_open_queue() -> Harness {
    let sim = common::demo_sim(|_| {}).await;
    let session = Session {
        prefetch: None,
        start_queue: Some(mdetui::entity::queue::Scope::Open),
        ..Session::demo()
    };
    let driver = Driver::new(common::client_for(&sim), session, 160, 48);
    Harness { sim, driver }
}

#[tokio::test]
async fn the_queue_keeps_its_place_and_leads_to_incidents() {
    let mut h = Harness::start(160, 48).await;
    h.until(&["search: user", ":queue"]).await;
    h.press(":queue\n");
    h.until(&["search › queue open\n", "queue (247)"]).await;
    assert_eq!(h.calls().await, 1, "one filtered call for the whole queue");

    h.press("/sev:high\n");
    h.until(&["sev:high"]).await;
    h.select(LSASS).await;
    h.press("\n");
    h.until(&[
        "queue open › alert Suspicious access to LSASS…",
        "evidence (4)",
    ])
    .await;
    h.press("\x1b");
    let screen = h.until(&["search › queue open\n"]).await;
    assert!(
        screen.contains("sev:high"),
        "the filter came back: {screen}"
    );
    assert_eq!(
        panes::selected_row(&h.app.model)
            .map(|e| e.label())
            .as_deref(),
        Some(LSASS),
        "the selection came back with the queue"
    );

    // From the queue's row straight to its incident: its alerts in one call, and what they say.
    h.press("i");
    let screen = h
        .until(&[
            "queue open › incident 2211",
            "alerts (14)",
            "severity: High",
        ])
        .await;
    assert!(screen.contains("CONTOSO\\adm-mchen"), "{screen}");
    assert_eq!(h.calls().await, 3, "the queue, the alert, the incident");
    h.press("\x1b");
    h.until(&["search › queue open\n"]).await;
    assert_eq!(h.calls().await, 3, "the way back is cached");

    // A scope the analyst cannot have says why, and stays put.
    h.press(":queue mine\n");
    h.until(&["set me ="]).await;
}

#[tokio::test]
async fn a_session_starts_on_the_queue_under_the_search_box() {
    let mut h = on_the_open_queue().await;
    let screen = h.until(&["search: user", "queue (247)", "SEARCH"]).await;
    assert!(screen.contains("Suspected DCSync attack"), "{screen}");
    assert_eq!(h.calls().await, 1, "the queue, before any key");

    // ↓ leaves the box for the queue; the queue's keys are every list's.
    h.press("↓");
    h.until(&["NORMAL"]).await;
    h.press("/sev:high\n");
    h.until(&["sev:high"]).await;
    h.select(LSASS).await;
    h.press("\n");
    // The crumb names where the keys were: the queue under the box.
    h.until(&[
        "queue open › alert Suspicious access to LSASS…",
        "evidence (4)",
    ])
    .await;
    h.press("\x1b");
    let screen = h.until(&["sev:high", "NORMAL"]).await;
    assert!(screen.contains(" mdetui  queue open\n"), "{screen}");
    assert_eq!(
        panes::selected_row(&h.app.model)
            .map(|e| e.label())
            .as_deref(),
        Some(LSASS),
        "the queue kept its selection and filter, and the keys"
    );
    // Grouped by incident: one row for the storyline's fourteen, and Enter opens it.
    h.press("\x1bz");
    h.until(&["by incident", "[12] Suspected DCSync"]).await;
    h.select("Suspected DCSync attack (replication of directory services)")
        .await;
    h.press("\n");
    h.until(&[
        "queue open › incident 2211",
        "alerts (14)",
        "evidence: File",
    ])
    .await;
    h.press("\x1b");
    h.until(&["by incident"]).await;
    h.press("z");
    h.until(&["queue (247)"]).await;
    // Esc clears the filter, then gives the keys back to the box: typing searches again.
    h.press("/sev:high\n\x1b\x1b");
    h.until(&["queue (247)", "SEARCH"]).await;
    h.press("jdoe\n");
    h.until(&["search › user jdoe", "alerts (8)"]).await;
}

/// Enter on the empty box opened nothing (it asked for text) while a queue row stood
/// highlighted under it; it opens that row (#26 item 2), and with text it searches as ever.
#[tokio::test]
async fn enter_on_the_empty_box_opens_the_highlighted_queue_row() {
    let mut h = on_the_open_queue().await;
    h.until(&["search: user", "queue (247)", "SEARCH"]).await;
    let highlighted = panes::selected_row(&h.app.model)
        .map(|e| e.label())
        .expect("a highlighted row");
    h.press("\n");
    let screen = h.until(&["queue open › alert ", "evidence ("]).await;
    let shown: String = highlighted.chars().take(20).collect();
    assert!(screen.contains(&shown), "{highlighted}: {screen}");
    h.press("\x1b");
    h.until(&["queue (247)", "NORMAL"]).await;
}

#[tokio::test]
async fn the_queue_stays_live_while_the_analyst_works() {
    use mdetui::api::model::AlertStatus;
    use mdetui::api::{AlertId, AlertUpdate};
    let sim = common::demo_sim(|_| {}).await;
    let session = Session {
        prefetch: None,
        start_queue: Some(mdetui::entity::queue::Scope::Open),
        // Far quicker than a real share allows, so the test need not wait.
        live_every: Some(Duration::from_millis(400)),
        ..Session::demo()
    };
    let client = common::client_for(&sim);
    let driver = Driver::new(client.clone(), session, 160, 48);
    let mut h = Harness { sim, driver };
    h.until(&["queue (247)"]).await;
    h.press("↓");
    h.until(&["NORMAL"]).await;
    let staging = "Possible data staging: password-protected archive created";
    h.select(staging).await;

    // A colleague resolves the newest alert and takes another.
    let dcsync = AlertId::parse("da638671468320005555_-1500321987").unwrap();
    let resolve = AlertUpdate {
        status: Some(AlertStatus::Resolved),
        ..AlertUpdate::default()
    };
    client.update_alert(&dcsync, &resolve).await.unwrap();
    let lsass = AlertId::parse("da638671455870001234_-1907733125").unwrap();
    let take = AlertUpdate {
        assigned_to: Some("mlopez@contoso.com".into()),
        ..AlertUpdate::default()
    };
    client.update_alert(&lsass, &take).await.unwrap();

    let screen = h
        .until(&["queue (246) · 1 new", " DEMO  1 new ", " · live every 1 s"])
        .await;
    assert!(!screen.contains("Suspected DCSync attack"), "{screen}");
    assert_eq!(
        panes::selected_row(&h.app.model)
            .map(|e| e.label())
            .as_deref(),
        Some(staging),
        "the selection did not jump though a row above it left"
    );
    let calls = h.calls().await;
    assert!(
        calls >= 4,
        "the queue, two writes, at least one question: {calls}"
    );
}

#[tokio::test(start_paused = true)]
async fn two_hours_of_a_live_queue_spend_only_its_share() {
    let sim = common::demo_sim(|_| {}).await;
    let every = mdetui::app::live::period(0.1, 1500);
    let session = Session {
        prefetch: None,
        start_queue: Some(mdetui::entity::queue::Scope::Open),
        live_every: Some(every),
        ..Session::demo()
    };
    let driver = Driver::new(common::client_for(&sim), session, 160, 48);
    let mut h = Harness { sim, driver };
    h.until(&["queue (247)", "live every 24 s"]).await;
    let start = tokio::time::Instant::now();
    let mut searched = false;
    while start.elapsed() < Duration::from_secs(2 * 3600) {
        // Midway, the analyst looks someone up: answered at once, live queue or not.
        if !searched && start.elapsed() > Duration::from_secs(3600) {
            searched = true;
            h.press("jdoe\n");
            let asked = tokio::time::Instant::now();
            h.until(&["search › user jdoe", "alerts (8)"]).await;
            assert!(
                asked.elapsed() < Duration::from_secs(2),
                "{:?}",
                asked.elapsed()
            );
            h.press("\x1b");
            h.until(&["queue ("]).await;
        }
        h.driver.step().await.unwrap();
    }
    let log = common::stats(&h.sim).await["requests"]
        .as_array()
        .unwrap()
        .clone();
    let queue_calls = log
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| *p == "/api/alerts")
        .count();
    // The queue itself, then at most one question per period: a tenth of 1,500 an hour.
    assert!(
        (290..=301).contains(&queue_calls),
        "{queue_calls} queue calls in two hours"
    );
}
