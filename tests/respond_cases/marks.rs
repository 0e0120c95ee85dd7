//! Response actions on marked machines: one request each, paced by the budget, audited.

use super::*;

#[tokio::test]
async fn marked_machines_are_isolated_one_request_each_and_a_tag_shows() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(&format!(":file {BEACON_SHA1}\n"));
    until(&mut d, &["machines (3)"], 20).await;
    d.press("\t*");
    until(&mut d, &["3 marked"], 20).await;
    d.press("RR");
    d.press("\u{1b}");
    d.press("R\tstop the spread\n");
    let confirm = until(&mut d, &["on 3 machines", "type 3 to confirm"], 20).await;
    assert!(confirm.contains("stop and quarantine"), "{confirm}");
    d.press("\u{1b}\u{1b}");
    // Isolate instead: the menu's second entry (quarantine is first from a file).
    d.press("R→\tstop the spread\n");
    until(
        &mut d,
        &["isolate (full) on 3 machines", "type 3 to confirm"],
        20,
    )
    .await;
    d.press("3\n");
    until(&mut d, &["sending to 3 machines"], 20).await;
    let mut settled = 0;
    for _ in 0..100 {
        settled = common::audit_records(dir.path())
            .iter()
            .filter(|r| r["record"] == "result")
            .count();
        if settled == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(settled, 3, "three results");
    assert_eq!(isolations(&sim).await, 3, "one request a machine");
    assert_eq!(common::audit_records(dir.path()).len(), 6);
    // A tag on one machine: it shows on the machine.
    d.press(":machine wks-it-007\n");
    until(&mut d, &["actions ("], 20).await;
    d.press("R←←\tunder investigation\n");
    until(&mut d, &["type wks-it-007 to confirm"], 20).await;
    d.press("wks-it-007\n");
    until(&mut d, &["under investigation"], 20).await;
    // And `:tag` lists the machines that carry it.
    d.press(":tag under investigation\n");
    let tagged = until(&mut d, &["machines (1)", "wks-it-007"], 20).await;
    assert!(tagged.contains("tag: under investigation"), "{tagged}");
}

/// Five marked machines isolated under a budget of 3 calls a (3 s) minute, enforced by the
/// simulator too: five requests, one a machine, paced into a second window with no 429 —
/// five intents and five results in the audit, each machine once.
#[tokio::test]
async fn five_marked_machines_are_isolated_paced_one_request_each() {
    let limits = mdetui::engine::Limits {
        per_minute: 3,
        per_hour: 1_000,
    };
    let spans = mdetui::engine::Spans {
        minute: Duration::from_secs(3),
        hour: Duration::from_secs(3_600),
    };
    let sim = common::demo_sim(|c| {
        c.limits = limits;
        c.spans = spans;
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config = mdetui::engine::EngineConfig {
        limits,
        spans,
        ..common::audited(dir.path())
    };
    let session = Session {
        prefetch: None,
        ..Session::demo()
    };
    let mut d = Driver::with_config(
        common::client_for(&sim),
        session,
        Effects::default(),
        config,
        160,
        48,
    );
    d.press(":tag server\n");
    until(&mut d, &["srv-"], 20).await;
    d.press(" jjjjV");
    until(&mut d, &["5 marked"], 20).await;
    d.press("R\tcontain the servers\n");
    until(
        &mut d,
        &["isolate (full) on 5 machines", "type 5 to confirm"],
        20,
    )
    .await;
    let started = std::time::Instant::now();
    d.press("5\n");
    until(&mut d, &["sending to 5 machines"], 20).await;
    let mut results = 0;
    for _ in 0..300 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        results = common::audit_records(dir.path())
            .iter()
            .filter(|r| r["record"] == "result")
            .count();
        if results == 5 {
            break;
        }
    }
    assert_eq!(results, 5, "five results");
    assert!(
        started.elapsed() >= Duration::from_millis(2_500),
        "paced into a second window: {:?}",
        started.elapsed()
    );
    let stats = common::stats(&sim).await;
    assert_eq!(isolations(&sim).await, 5, "one request a machine");
    assert_eq!(stats["throttled"], 0, "never over the budget");
    let records = common::audit_records(dir.path());
    assert_eq!(records.len(), 10, "{records:?}");
    let machines: std::collections::BTreeSet<_> = records
        .iter()
        .filter(|r| r["record"] == "intent")
        .map(|r| r["target"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(machines.len(), 5, "each machine once: {machines:?}");
}
