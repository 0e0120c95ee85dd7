//! The alert queue's questions against the simulator over real HTTP: each scope is one
//! `$filter` the simulator (like the API) answers, `$top`/`$skip` windows page through the
//! queue, and an incident's alerts come by `incidentId`.

mod common;

use std::time::Duration;

use common::*;
use mdetui::api::AlertQuery;
use mdetui::api::model::{Alert, AlertStatus, Severity};
use mdetui::entity::incident::{Incident, IncidentStatus};
use time::OffsetDateTime;

fn everything() -> AlertQuery {
    AlertQuery {
        top: 10_000,
        ..AlertQuery::default()
    }
}

fn ids(alerts: &[Alert]) -> Vec<&str> {
    alerts.iter().map(|a| a.id.as_str()).collect()
}

#[tokio::test]
async fn each_scope_is_answered_by_the_server() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let all = c.alerts(&everything()).await.unwrap();
    assert!(all.len() >= 20, "the demo tenant has a queue");
    // Each scope must return exactly the alerts it names, in the server's order.
    let check = |scope: AlertQuery, keep: &dyn Fn(&Alert) -> bool| {
        let c = c.clone();
        let expected: Vec<String> = all
            .iter()
            .filter(|a| keep(a))
            .map(|a| a.id.clone())
            .collect();
        async move {
            let got = c.alerts(&scope).await.unwrap();
            assert_eq!(ids(&got), expected, "{}", scope.describe());
            assert!(
                !expected.is_empty(),
                "{}: the demo has some",
                scope.describe()
            );
            got.len()
        }
    };
    let open = check(
        AlertQuery {
            open: true,
            ..everything()
        },
        &|a| a.status != Some(AlertStatus::Resolved),
    )
    .await;
    assert!(open < all.len(), "the demo has resolved alerts too");
    check(
        AlertQuery {
            statuses: vec![AlertStatus::New],
            ..everything()
        },
        &|a| a.status == Some(AlertStatus::New),
    )
    .await;
    check(
        AlertQuery {
            min_severity: Some(Severity::High),
            ..everything()
        },
        &|a| a.severity == Some(Severity::High),
    )
    .await;
    check(
        AlertQuery {
            min_severity: Some(Severity::Medium),
            open: true,
            ..everything()
        },
        &|a| a.severity_rank() >= 3 && a.status != Some(AlertStatus::Resolved),
    )
    .await;
    check(
        AlertQuery {
            assigned_to: Some(Some("MLopez@contoso.com".into())),
            ..everything()
        },
        &|a| a.assigned_to.as_deref() == Some("mlopez@contoso.com"),
    )
    .await;
    check(
        AlertQuery {
            assigned_to: Some(None),
            ..everything()
        },
        &|a| a.assigned_to.is_none(),
    )
    .await;
    check(
        AlertQuery {
            incident: Some(2211),
            ..everything()
        },
        &|a| a.incident_id == Some(2211),
    )
    .await;
    // A span that cuts the storyline between two alerts.
    let mut times: Vec<OffsetDateTime> = all
        .iter()
        .filter_map(|a| a.alert_creation_time.as_ref()?.datetime())
        .collect();
    times.sort();
    let cut = times[times.len() / 2];
    let within = (OffsetDateTime::now_utc() - cut).unsigned_abs() + Duration::from_secs(1);
    check(
        AlertQuery {
            within: Some(within),
            ..everything()
        },
        &|a| {
            a.alert_creation_time
                .as_ref()
                .and_then(|t| t.datetime())
                .is_some_and(|t| t >= cut)
        },
    )
    .await;
}

#[tokio::test]
async fn windows_page_through_the_queue() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let first_nine = c
        .alerts(&AlertQuery {
            open: true,
            top: 9,
            ..AlertQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(first_nine.len(), 9);
    let mut paged = Vec::new();
    for skip in [0, 3, 6] {
        let window = c
            .alerts(&AlertQuery {
                open: true,
                top: 3,
                skip,
                ..AlertQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(window.len(), 3, "a full window: there may be more");
        paged.extend(window);
    }
    assert_eq!(
        ids(&paged),
        ids(&first_nine),
        "windows join up without gaps"
    );
    let past_the_end = c
        .alerts(&AlertQuery {
            top: 50,
            skip: 10_000,
            ..AlertQuery::default()
        })
        .await
        .unwrap();
    assert!(past_the_end.is_empty(), "an empty window is the end");
}

#[tokio::test]
async fn an_incident_is_its_alerts() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let alerts = c
        .alerts(&mdetui::entity::incident::alerts_query(2211))
        .await
        .unwrap();
    let incident = Incident::from_alerts(2211, &alerts);
    // Its evidence comes with its alerts ($expand=evidence): the same one call.
    assert!(
        incident.evidence["File"].contains("Invoice_4471.docm"),
        "{:?}",
        incident.evidence
    );
    assert!(incident.evidence["Ip"].contains("185.225.19.40"));
    assert_eq!(incident.alerts, alerts.len());
    assert_eq!(incident.severity, Some(Severity::High));
    assert_eq!(incident.status, IncidentStatus::Active);
    assert!(incident.users.iter().any(|u| u.ends_with("\\jdoe")));
    assert!(
        incident
            .machines
            .iter()
            .any(|(_, name)| name.as_deref() == Some("wks-fin-042.corp.contoso.com"))
    );
    let none = c
        .alerts(&AlertQuery {
            incident: Some(1),
            ..everything()
        })
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn the_simulator_refuses_what_the_api_refuses() {
    let sim = demo_sim(|c| c.fixed_token = Some("fixed".into())).await;
    let http = reqwest::Client::new();
    for query in [
        "$filter=nosuchfield eq 'x'",
        "$top=10001",
        "$filter=status eq",
        "$skip=-1",
    ] {
        let r = http
            .get(format!("{}/api/alerts?{query}", sim.base_url()))
            .bearer_auth("fixed")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{query}");
    }
    // The client never asks for more than the API allows: 10,001 is sent as 10,000.
    let c = client_for(&sim);
    let answer = c
        .alerts(&AlertQuery {
            top: 10_001,
            ..AlertQuery::default()
        })
        .await;
    assert!(answer.is_ok_and(|alerts| alerts.len() <= 10_000));
}

#[tokio::test]
async fn the_demo_tenant_is_alive() {
    let sim = demo_sim(|c| c.new_alert_every = Some(Duration::from_millis(20))).await;
    let c = client_for(&sim);
    let all = c.alerts(&everything()).await.unwrap();
    let newest = all
        .iter()
        .filter_map(|a| a.last_update_time.as_ref())
        .max_by_key(|t| t.sort_key())
        .unwrap()
        .to_string();
    let changed = AlertQuery {
        updated_after: Some(newest),
        ..everything()
    };
    // Poll, bounded: arrivals come on the simulator's clock.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let arrived = loop {
        let arrived = c.alerts(&changed).await.unwrap();
        if arrived.len() >= 2 || std::time::Instant::now() > deadline {
            break arrived;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(arrived.len() >= 2, "{}", arrived.len());
    for alert in &arrived {
        assert_eq!(alert.status, Some(AlertStatus::New));
        assert!(alert.assigned_to.is_none());
        assert!(
            mdetui::api::AlertId::parse(&alert.id).is_ok(),
            "{}",
            alert.id
        );
        assert!(!all.iter().any(|a| a.id == alert.id), "a new id");
    }
    let now_all = c.alerts(&everything()).await.unwrap();
    assert!(
        arrived.iter().all(|a| now_all.iter().any(|b| b.id == a.id)),
        "they join the tenant"
    );
}
