//! The write path as an attacker and a hurried analyst try it (`DESIGN.md` §9): a server that
//! loses a comment, one that commits after the client gave up, one that throttles for ever, an
//! audit log that cannot be written, values that must not be sent — through the real engine
//! and client against the simulator.

mod common;

use std::time::Duration;

use common::*;
use mdetui::api::{AlertId, AlertUpdate, ApiError};
use mdetui::engine::{
    self, EngineConfig, Event, Origin, Request, WriteId, WriteOutcome, WriteTarget,
};
use mdetui::sim::WriteFault;

const LSASS: &str = "da638671455870001234_-1907733125";

fn comment(text: &str) -> AlertUpdate {
    AlertUpdate {
        comment: Some(text.into()),
        ..AlertUpdate::default()
    }
}

/// Sends one write of `update` to `ids` (their before-values read first) and waits for it.
async fn write(
    client: mdetui::api::Client,
    config: EngineConfig,
    ids: &[&str],
    update: AlertUpdate,
) -> WriteOutcome {
    let mut targets = Vec::new();
    for id in ids {
        let id = AlertId::parse(id).unwrap();
        let before = client.alert(&id).await.ok();
        targets.push(WriteTarget { alert: id, before });
    }
    let (engine, mut events) = engine::spawn(client, config);
    engine.send(Request::Write {
        id: WriteId(1),
        targets,
        update,
        origin: Origin(1),
    });
    loop {
        if let Event::Written(outcome) = events.recv().await.unwrap() {
            return outcome;
        }
    }
}

async fn comments_named(sim: &mdetui::sim::RunningSim, text: &str) -> usize {
    let alert = client_for(sim)
        .alert(&AlertId::parse(LSASS).unwrap())
        .await
        .unwrap();
    alert
        .comments
        .iter()
        .filter(|c| c.comment.as_deref() == Some(text))
        .count()
}

#[tokio::test]
async fn a_comment_the_server_lost_is_never_reported_written() {
    let sim = demo_sim(|c| c.write_fault = Some(WriteFault::FailUnapplied)).await;
    let dir = tempfile::tempdir().unwrap();
    let outcome = write(
        client_for(&sim),
        audited(dir.path()),
        &[LSASS],
        comment("IR-123"),
    )
    .await;
    assert!(outcome.done.is_empty(), "{outcome:?}");
    assert_eq!(outcome.failed.len() + outcome.uncertain.len(), 1);
    assert_eq!(comments_named(&sim, "IR-123").await, 0);
    let patches = calls(&stats(&sim).await, "PATCH alerts/{id}", 500);
    assert_eq!(
        patches, 2,
        "sent, read back, sent once more: never a third time"
    );
    let records = audit_records(dir.path());
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["record"], "intent");
    assert_ne!(records[1]["result"], "ok");
}

#[tokio::test]
async fn a_write_committed_after_the_timeout_is_stored_once_and_reported_ok() {
    let sim =
        demo_sim(|c| c.write_fault = Some(WriteFault::CommitLate(Duration::from_secs(3)))).await;
    let dir = tempfile::tempdir().unwrap();
    let config = EngineConfig {
        write_settle: Duration::from_secs(2),
        ..audited(dir.path())
    };
    let client = client_with_timeout(&sim, Duration::from_secs(2));
    let outcome = write(client, config, &[LSASS], comment("IR-123")).await;
    assert_eq!(outcome.done.len(), 1, "{outcome:?}");
    // Let any second PATCH land before counting.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        comments_named(&sim, "IR-123").await,
        1,
        "stored exactly once"
    );
    let records = audit_records(dir.path());
    assert_eq!(records.last().unwrap()["result"], "ok", "{records:?}");
}

#[tokio::test(start_paused = true)]
async fn a_write_throttled_for_ever_fails_after_eight_throttles() {
    let sim = demo_sim(|c| c.write_fault = Some(WriteFault::Throttle(1))).await;
    let dir = tempfile::tempdir().unwrap();
    let outcome = write(
        client_for(&sim),
        audited(dir.path()),
        &[LSASS],
        comment("x"),
    )
    .await;
    assert!(
        matches!(outcome.failed.as_slice(), [(_, ApiError::Throttled { .. })]),
        "{outcome:?}"
    );
    assert_eq!(calls(&stats(&sim).await, "PATCH alerts/{id}", 429), 8);
}

#[tokio::test]
async fn an_audit_log_that_cannot_be_written_sends_nothing() {
    let sim = demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    // The log's path is a folder: nothing can be appended to it.
    std::fs::create_dir(dir.path().join("audit.jsonl")).unwrap();
    let outcome = write(
        client_for(&sim),
        audited(dir.path()),
        &[LSASS],
        comment("x"),
    )
    .await;
    assert!(
        matches!(&outcome.failed[..], [(_, ApiError::NotSent(why))] if why.contains("audit log")),
        "{outcome:?}"
    );
    assert!(outcome.notes[0].contains("nothing was sent"), "{outcome:?}");
    assert_eq!(calls(&stats(&sim).await, "PATCH alerts/{id}", 200), 0);
    // And without a log at all, no write either.
    let outcome = write(
        client_for(&sim),
        EngineConfig::default(),
        &[LSASS],
        comment("x"),
    )
    .await;
    assert_eq!(outcome.failed.len(), 1);
    assert_eq!(calls(&stats(&sim).await, "PATCH alerts/{id}", 200), 0);
}

#[tokio::test]
async fn hostile_values_are_refused_before_any_call() {
    let sim = demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let evil = AlertUpdate {
        assigned_to: Some("evil\u{1b}]0;PWN\u{7}@x.com".into()),
        ..AlertUpdate::default()
    };
    let outcome = write(client_for(&sim), audited(dir.path()), &[LSASS], evil).await;
    assert!(
        matches!(&outcome.failed[..], [(_, ApiError::NotSent(_))]),
        "{outcome:?}"
    );
    let long = comment(&"x".repeat(120 * 1024));
    let outcome = write(client_for(&sim), audited(dir.path()), &[LSASS], long).await;
    assert_eq!(outcome.failed.len(), 1);
    let stats = stats(&sim).await;
    assert_eq!(calls(&stats, "PATCH alerts/{id}", 200), 0);
    assert!(
        audit_records(dir.path()).is_empty(),
        "nothing attempted, nothing audited"
    );
}
