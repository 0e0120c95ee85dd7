//! Triage writes against the simulator: PATCH and batchUpdate through the client (each error
//! the API gives), and through the engine with its own budget, spelling retry and read-back.

mod common;

use std::time::Duration;

use common::*;
use mdetui::api::model::{AlertStatus, Classification, Determination};
use mdetui::api::{AlertId, AlertUpdate, ApiError};
use mdetui::engine::{self, EngineConfig, Event, Limits, Origin, Request, WriteId, WriteTarget};
use mdetui::sim::generate::{self, ScaleSpec};

fn resolve_tp() -> AlertUpdate {
    AlertUpdate {
        status: Some(AlertStatus::Resolved),
        classification: Some(Classification::TruePositive),
        determination: Some(Determination::Malware),
        comment: Some("confirmed".into()),
        ..AlertUpdate::default()
    }
}

const LSASS: &str = "da638671455870001234_-1907733125";

#[tokio::test]
async fn patch_and_batch_update_write_what_the_next_read_shows() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let id = AlertId::parse(LSASS).unwrap();
    let alert = c.update_alert(&id, &resolve_tp()).await.unwrap();
    assert_eq!(alert.status, Some(AlertStatus::Resolved));
    assert_eq!(
        alert.comments.last().unwrap().comment.as_deref(),
        Some("confirmed")
    );
    let read = c.alert(&id).await.unwrap();
    assert_eq!(read.determination, Some(Determination::Malware));

    let many: Vec<AlertId> = c
        .user_alerts(&mdetui::api::UserName::parse("jdoe").unwrap())
        .await
        .unwrap()
        .items
        .iter()
        .take(3)
        .map(|a| AlertId::parse(&a.id).unwrap())
        .collect();
    let assign = AlertUpdate {
        assigned_to: Some("analyst@contoso.com".into()),
        ..AlertUpdate::default()
    };
    c.batch_update(&many, &assign).await.unwrap();
    for id in &many {
        assert_eq!(
            c.alert(id).await.unwrap().assigned_to.as_deref(),
            Some("analyst@contoso.com")
        );
    }
}

#[tokio::test]
async fn each_refusal_is_typed() {
    // An API that knows only one spelling of a determination: 400, and the other is taken.
    let sim = demo_sim(|cfg| cfg.refused_spellings = vec!["ConfirmedActivity".into()]).await;
    let c = client_for(&sim);
    let id = AlertId::parse(LSASS).unwrap();
    let informational = |d| AlertUpdate {
        classification: Some(Classification::InformationalExpectedActivity),
        determination: Some(d),
        ..AlertUpdate::default()
    };
    let refused = c
        .update_alert(&id, &informational(Determination::ConfirmedActivity))
        .await
        .unwrap_err();
    assert!(matches!(refused, ApiError::BadRequest { .. }), "{refused}");
    c.update_alert(&id, &informational(Determination::ConfirmedUserActivity))
        .await
        .unwrap();
    // 404 for an alert that is not there, in a PATCH and in a batch.
    let missing = AlertId::parse("da000_missing").unwrap();
    assert!(matches!(
        c.update_alert(&missing, &resolve_tp()).await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        c.batch_update(&[id.clone(), missing], &resolve_tp()).await,
        Err(ApiError::NotFound { .. })
    ));

    // 403 without Alert.ReadWrite.All, naming it.
    let read_only = demo_sim(|cfg| cfg.roles = Some(vec!["Alert.Read.All".into()])).await;
    let error = client_for(&read_only)
        .update_alert(&id, &resolve_tp())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ApiError::Forbidden { permission, .. } if permission == "Alert.ReadWrite.All"),
        "{error}"
    );

    // 429 once batchUpdate's own allowance is spent.
    let tight = demo_sim(|cfg| {
        cfg.batch_limits = Limits {
            per_minute: 1,
            per_hour: 500,
        }
    })
    .await;
    let c = client_for(&tight);
    c.batch_update(std::slice::from_ref(&id), &resolve_tp())
        .await
        .unwrap();
    assert!(matches!(
        c.batch_update(std::slice::from_ref(&id), &resolve_tp())
            .await,
        Err(ApiError::Throttled { .. })
    ));
}

/// 120 marked alerts resolved through batchUpdate in chunks of 10, within its 10 calls a
/// minute: no 429, nothing lost.
#[tokio::test(start_paused = true)]
async fn a_hundred_and_twenty_alerts_fit_the_batch_budget() {
    let tenant = generate::scale(ScaleSpec {
        users: 1,
        machines: 5,
        alerts: 120,
        seed: 3,
    });
    let ids: Vec<AlertId> = tenant
        .alerts()
        .iter()
        .map(|a| AlertId::parse(a["id"].as_str().unwrap()).unwrap())
        .collect();
    let sim = sim_with(tenant, |_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let (engine, mut events) = engine::spawn(
        client_for(&sim),
        EngineConfig {
            batch_size: 10,
            ..audited(dir.path())
        },
    );
    let start = tokio::time::Instant::now();
    engine.send(Request::Write {
        id: WriteId(1),
        targets: ids.iter().cloned().map(WriteTarget::unknown).collect(),
        update: resolve_tp(),
        origin: Origin(1),
    });
    let mut progress = Vec::new();
    let outcome = loop {
        match events.recv().await.unwrap() {
            Event::Written(outcome) => break outcome,
            Event::WriteProgress { settled, total, .. } => progress.push((settled, total)),
            _ => {}
        }
    };
    assert_eq!(progress.len(), 11, "progress after each call but the last");
    assert_eq!(progress[0], (10, 120));
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    assert_eq!(outcome.done.len(), 120, "nothing lost");
    let stats = stats(&sim).await;
    assert_eq!(calls(&stats, "alerts/batchUpdate", 200), 12);
    assert_eq!(stats["throttled"].as_u64().unwrap(), 0, "no 429");
    assert!(
        start.elapsed() >= Duration::from_secs(60),
        "the eleventh call waited for the minute to slide"
    );
}

/// The engine sends a refused determination once more in the other spelling, and says so.
#[tokio::test]
async fn a_refused_spelling_is_sent_once_in_the_other() {
    let sim = demo_sim(|cfg| cfg.refused_spellings = vec!["NotMalicious".into()]).await;
    let dir = tempfile::tempdir().unwrap();
    let (engine, mut events) = engine::spawn(client_for(&sim), audited(dir.path()));
    let update = AlertUpdate {
        classification: Some(Classification::FalsePositive),
        determination: Some(Determination::NotMalicious),
        ..AlertUpdate::default()
    };
    engine.send(Request::Write {
        id: WriteId(7),
        targets: vec![WriteTarget::unknown(AlertId::parse(LSASS).unwrap())],
        update,
        origin: Origin(1),
    });
    let outcome = loop {
        if let Event::Written(outcome) = events.recv().await.unwrap() {
            break outcome;
        }
    };
    assert_eq!(outcome.done.len(), 1);
    assert_eq!(outcome.update.determination, Some(Determination::Clean));
    assert!(outcome.notes[0].contains("NotMalicious") && outcome.notes[0].contains("Clean"));
    assert_eq!(outcome.answers[0].determination, Some(Determination::Clean));
}
