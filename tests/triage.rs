//! Triage in the real loop: mark three of jdoe's alerts, resolve them as true positive with a
//! comment, and see it everywhere — the list, each alert, the audit log. Read-only sessions
//! have no write key and send nothing.

mod common;

use std::time::Duration;

use mdetui::app::Session;
use mdetui::term::Effects;
use mdetui::term::driver::Driver;

async fn until(d: &mut Driver, texts: &[&str]) -> String {
    match d.until(texts, Duration::from_secs(20)).await {
        Some(screen) => screen,
        None => panic!("never showed {texts:?}:\n{}", d.screen()),
    }
}

#[tokio::test]
async fn three_marked_alerts_resolved_as_true_positive() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let mut d = driver(&sim, common::audited(dir.path()), 160, 48);
    d.press("jdoe\n");
    until(&mut d, &["alerts (8)"]).await;
    d.press(" j j ");
    let screen = until(&mut d, &["· 3 marked"]).await;
    assert_eq!(screen.matches("● ").count(), 3, "{screen}");
    // Status → Resolved, classification → true positive, determination → Malware, a comment.
    d.press("t→→→\t\t→\t→→→→\tconfirmed by the IR team\t");
    let form = until(&mut d, &["triage ·", "‹ Resolved ›", "‹ Malware ›"]).await;
    assert!(form.contains("confirmed by the IR team"), "{form}");
    d.press("\n");
    let confirm = until(&mut d, &["This changes 3 alerts"]).await;
    assert_eq!(
        confirm.matches("→ Resolved").count(),
        3,
        "old → new for each: {confirm}"
    );
    let before = common::stats(&sim).await["total"].as_u64().unwrap();
    d.press("jjk");
    until(&mut d, &["This changes 3 alerts"]).await;
    assert_eq!(
        common::stats(&sim).await["total"].as_u64().unwrap(),
        before,
        "nothing is sent on a motion key"
    );
    d.press("\n");
    let done = until(&mut d, &["wrote 3 alerts"]).await;
    assert!(!done.contains("marked"), "marks go once written: {done}");
    assert_eq!(
        common::calls(&common::stats(&sim).await, "alerts/batchUpdate", 200),
        1,
        "three alerts, one batch call"
    );
    // The list shows the new values at once, with no refetch.
    let rows = done.lines().filter(|l| l.contains("Resolved")).count();
    assert!(rows >= 3, "{done}");
    // Each alert says so too.
    d.press("\n");
    let alert = until(&mut d, &["evidence ("]).await;
    assert!(
        alert.contains("Resolved") && alert.contains("TruePositive / Malware"),
        "{alert}"
    );
    let log = std::fs::read_to_string(&audit).unwrap();
    let records: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 6, "an intent and a result for each: {log}");
    let write = &records[0]["write"];
    for r in &records[..3] {
        assert_eq!(
            r["record"], "intent",
            "every intent before any result: {log}"
        );
        assert_eq!(r["comment"], "confirmed by the IR team");
        assert!(r["before"]["status"].is_string());
        assert_eq!(r["requested"]["status"], "Resolved");
        assert_eq!(r["origin"], "explorer");
    }
    for r in &records[3..] {
        assert_eq!(r["record"], "result");
        assert_eq!(r["result"], "ok");
        assert_eq!(r["after"]["status"], "Resolved");
        assert_eq!(&r["write"], write);
    }
}

#[tokio::test]
async fn read_only_has_no_write_key_and_sends_nothing() {
    let sim = common::demo_sim(|_| {}).await;
    let mut session = Session {
        prefetch: None,
        read_only: true,
        ..Session::demo()
    };
    session.keymap.remove_writes();
    assert!(
        session
            .keymap
            .help_rows()
            .iter()
            .all(|(_, d)| !d.contains("triage")),
        "help lists no write"
    );
    let mut d = Driver::new(common::client_for(&sim), session, 120, 40);
    d.press("jdoe\n");
    let screen = until(&mut d, &["alerts (8)", "READ-ONLY"]).await;
    assert!(!screen.contains("t triage"), "{screen}");
    d.press(" t");
    let after = until(&mut d, &["· 1 marked"]).await;
    assert!(!after.contains("triage ·"), "no form: {after}");
    let stats = common::stats(&sim).await;
    assert_eq!(common::calls(&stats, "alerts/batchUpdate", 200), 0);
    assert_eq!(common::calls(&stats, "PATCH alerts/{id}", 200), 0);
}

/// The loop on an engine set up as `config` says.
fn driver(
    sim: &mdetui::sim::RunningSim,
    config: mdetui::engine::EngineConfig,
    w: u16,
    h: u16,
) -> Driver {
    let session = Session {
        prefetch: None,
        ..Session::demo()
    };
    Driver::with_config(
        common::client_for(sim),
        session,
        Effects::default(),
        config,
        w,
        h,
    )
}

fn writes_sent(stats: &serde_json::Value) -> u64 {
    common::calls(stats, "PATCH alerts/{id}", 200) + common::calls(stats, "alerts/batchUpdate", 200)
}

/// `t → → → Enter Enter` in one burst (a double tap, a paste) opens the confirmation and
/// leaves it there: the second Enter came before the confirmation was on screen.
#[tokio::test]
async fn a_key_burst_cannot_confirm_a_write() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, common::audited(dir.path()), 160, 48);
    d.press("jdoe\n");
    until(&mut d, &["alerts (8)"]).await;
    d.press("t→→→\n\n");
    let screen = until(&mut d, &["1 key typed before this was shown was ignored"]).await;
    assert!(screen.contains("This changes 1 alert"), "{screen}");
    assert_eq!(
        writes_sent(&common::stats(&sim).await),
        0,
        "the burst sent nothing"
    );
    assert!(common::audit_records(dir.path()).is_empty());
    // Enter read after the confirmation was drawn sends, once.
    d.press("\n");
    until(&mut d, &["wrote 1 alert"]).await;
    assert_eq!(writes_sent(&common::stats(&sim).await), 1);
}

/// 47 marked alerts at 80×24: the confirmation keeps its footer, scrolls to the last alert,
/// and sends only once the count is typed.
#[tokio::test]
async fn a_large_write_scrolls_and_needs_its_count_typed() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, common::audited(dir.path()), 80, 24);
    d.press(":queue open\n");
    until(&mut d, &["queue"]).await;
    d.press(" ");
    for _ in 0..46 {
        d.press("j");
    }
    d.press("V");
    until(&mut d, &["47 marked"]).await;
    d.press("t→→\n");
    let screen = until(&mut d, &["This changes 47 alerts", "type 47 to confirm"]).await;
    assert!(screen.contains("more below"), "{screen}");
    assert!(
        screen.contains("then Enter sends"),
        "the footer shows at 80×24: {screen}"
    );
    let last = {
        let entry = &d.app.model;
        entry
            .triage
            .as_ref()
            .unwrap()
            .alerts
            .last()
            .unwrap()
            .id
            .clone()
    };
    d.press("⇲\n");
    let screen = until(&mut d, &["46 more above"]).await;
    assert!(
        screen.contains(&last[..20]),
        "the last alert shows: {screen}"
    );
    assert_eq!(
        writes_sent(&common::stats(&sim).await),
        0,
        "Enter alone does not send"
    );
    d.press("47\n");
    until(&mut d, &["wrote 47 alerts"]).await;
    assert_eq!(
        common::calls(&common::stats(&sim).await, "alerts/batchUpdate", 200),
        1
    );
}

/// Twelve bulk writes of two alerts each, sent faster than batchUpdate's 10 a minute allow:
/// the last wait (the status bar says on what), and each alert is written once — the server
/// and the audit log agree.
#[tokio::test]
async fn twelve_quick_bulk_writes_write_each_alert_once() {
    let sim = common::demo_sim(|c| {
        c.batch_limits = mdetui::engine::Limits {
            per_minute: 1_000,
            per_hour: 10_000,
        };
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config = mdetui::engine::EngineConfig {
        // A "minute" of 10 s, so the wait is seen and over within the test.
        spans: mdetui::engine::Spans {
            minute: Duration::from_secs(10),
            hour: Duration::from_secs(3600),
        },
        ..common::audited(dir.path())
    };
    let mut d = driver(&sim, config, 160, 48);
    d.press(":queue open\n");
    until(&mut d, &["queue"]).await;
    let mut waited = false;
    for _ in 0..12 {
        d.press(" j t→→\n");
        until(&mut d, &["This changes 2 alerts"]).await;
        d.press("\nj");
        let screen = until(&mut d, &[""]).await;
        waited |= screen.contains("write waits: batch 10/10 min");
    }
    if !waited {
        waited = d
            .until(&["write waits: batch 10/10 min"], Duration::from_secs(5))
            .await
            .is_some();
    }
    assert!(waited, "the status bar names the batch limit");
    let run = async {
        while !d.app.model.waiting.writes.is_empty() {
            d.step().await.unwrap();
        }
    };
    tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .unwrap();
    assert_eq!(
        common::calls(&common::stats(&sim).await, "alerts/batchUpdate", 200),
        12
    );
    let records = common::audit_records(dir.path());
    let mut intents = std::collections::BTreeMap::new();
    for r in records.iter().filter(|r| r["record"] == "intent") {
        *intents
            .entry(r["target"]["id"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    assert_eq!(intents.len(), 24, "24 alerts");
    assert!(
        intents.values().all(|&n| n == 1),
        "each written once: {intents:?}"
    );
    let ok = records.iter().filter(|r| r["result"] == "ok").count();
    assert_eq!(ok, 24);
}
