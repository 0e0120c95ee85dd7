//! The client against the simulator over real HTTP: every endpoint, paging, errors, auth.

mod common;

use std::time::Duration;

use common::*;
use mdetui::api::{
    AlertId, ApiError, Client, ClientOptions, Credentials, Endpoint, Endpoints, MachineId, Secret,
    UserName,
};
use mdetui::sim::generate::{self, ScaleSpec};

fn user(name: &str) -> UserName {
    UserName::parse(name).unwrap()
}

#[tokio::test]
async fn every_endpoint_answers_the_demo_story() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let jdoe = user("jdoe@contoso.com");
    let facts = c.user(&jdoe).await.unwrap();
    assert_eq!(facts.account(), "jdoe");
    let alerts = c.user_alerts(&jdoe).await.unwrap().items;
    assert!(alerts.len() >= 8);
    assert!(
        alerts.iter().all(|a| a.evidence.is_empty()),
        "lists carry no evidence"
    );
    let machines = c.user_machines(&user("CONTOSO\\jdoe")).await.unwrap().items;
    assert!(machines.iter().any(|m| m.host() == "wks-fin-042"));
    let lsass = AlertId::parse("da638671455870001234_-1907733125").unwrap();
    let alert = c.alert(&lsass).await.unwrap();
    assert!(
        !alert.evidence.is_empty(),
        "a single alert carries evidence"
    );
    assert_eq!(c.alert_user(&lsass).await.unwrap().account(), "jdoe");
    let machine = c.alert_machine(&lsass).await.unwrap();
    assert_eq!(machine.host(), "wks-fin-042");
    let by_name = c
        .machine(&MachineId::parse("wks-fin-042").unwrap())
        .await
        .unwrap();
    assert_eq!(by_name.id, machine.id, "by name, the live duplicate");
    let id = MachineId::parse(&machine.id).unwrap();
    assert!(c.machine_alerts(&id).await.unwrap().items.len() >= 8);
    let users = c.machine_logon_users(&id).await.unwrap().items;
    assert!(users.iter().any(|u| u.is_account("ADM-MCHEN")));
}

#[tokio::test]
async fn documented_not_found_behaviour() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    // Unknown user: 200 with an empty list, not 404.
    assert!(
        c.user_alerts(&user("nobody-here"))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        c.user_machines(&user("nobody-here"))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // An alert without a user: 404.
    let ar = AlertId::parse("ar638671470011234567_-1022337451").unwrap();
    assert!(matches!(
        c.alert_user(&ar).await,
        Err(ApiError::NotFound { .. })
    ));
    // An alert without a machine (email): 404.
    let fa = AlertId::parse("fa7b3c1d2e-4f5a-6b7c-8d9e-0f1a2b3c4d5e").unwrap();
    assert!(matches!(
        c.alert_machine(&fa).await,
        Err(ApiError::NotFound { .. })
    ));
    let missing = MachineId::parse("0000000000000000000000000000000000000000").unwrap();
    assert!(matches!(
        c.machine_alerts(&missing).await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn hostile_ids_stay_in_their_segment() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    for raw in [
        "../machines",
        "a/b",
        "x?y#z",
        "%2e%2e",
        "da1/../../machines",
    ] {
        let id = AlertId::parse(raw).unwrap();
        match c.alert(&id).await {
            Err(ApiError::NotFound { message }) => {
                assert!(message.contains(raw), "{raw}: {message}")
            }
            other => panic!("{raw}: {other:?}"),
        }
    }
    // A local account with a space reaches the right user.
    let spaced = generate::demo();
    let local = spaced
        .users()
        .iter()
        .find(|u| u["accountName"].as_str().unwrap().contains(' '))
        .unwrap();
    let name = local["accountName"].as_str().unwrap();
    c.user(&user(name)).await.unwrap();
}

#[tokio::test]
async fn paging_follows_next_links() {
    let spec = ScaleSpec {
        users: 1,
        machines: 2,
        alerts: 250,
        seed: 3,
    };
    let sim = sim_with(generate::scale(spec), |c| c.page_size = 100).await;
    let c = client_for(&sim);
    let first = c.user_alerts(&user("user1")).await.unwrap();
    assert_eq!(first.items.len(), 100);
    assert!(first.next.is_some());
    let all = c.all_pages(Endpoint::USER_ALERTS, first).await.unwrap();
    assert_eq!(all.len(), 250);
    let mut ids: Vec<_> = all.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250, "no page repeated or skipped");
    assert_eq!(calls(&stats(&sim).await, "users/{id}/alerts", 200), 3);
}

#[tokio::test]
async fn odata_queries_and_count() {
    let sim = demo_sim(|c| c.fixed_token = Some("fixed".into())).await;
    let http = reqwest::Client::new();
    let get = |path: &str| {
        http.get(format!("{}{path}", sim.base_url()))
            .bearer_auth("fixed")
            .send()
    };
    let r: serde_json::Value =
        get("/api/alerts?$filter=severity eq 'High' and status ne 'Resolved'&$top=5")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let value = r["value"].as_array().unwrap();
    assert_eq!(value.len(), 5);
    assert!(r.get("@odata.nextLink").is_none(), "no nextLink with $top");
    assert!(
        value
            .iter()
            .all(|a| a["severity"] == "High" && a["status"] != "Resolved")
    );
    let count: usize = get("/api/machines/$count?$filter=startswith(computerDnsName,'srv-')")
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(count >= 4);
    let r = get("/api/alerts?$filter=title eq 'x'").await.unwrap();
    assert_eq!(r.status(), 400);
    let r = get("/api/alerts?$top=10001").await.unwrap();
    assert_eq!(r.status(), 400);
    let r: serde_json::Value =
        get("/api/v1.0/alerts?$expand=evidence&$filter=id eq 'da638671455870001234_-1907733125'")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert!(!r["value"][0]["evidence"].as_array().unwrap().is_empty());
    let patched: serde_json::Value = http
        .patch(format!(
            "{}/api/alerts/da638671455870001234_-1907733125",
            sim.base_url()
        ))
        .bearer_auth("fixed")
        .json(&serde_json::json!({"status": "Resolved", "comment": "contained"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(patched["status"], "Resolved");
    let r = http
        .delete(format!("{}/api/alerts/x", sim.base_url()))
        .bearer_auth("fixed")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
}

#[tokio::test]
async fn token_flow_and_auth_failures() {
    let sim = demo_sim(|c| c.roles = Some(vec!["Alert.Read.All".into()])).await;
    let creds = sim.state.config.credentials.clone();
    let (endpoints, _) = mdetui::sim::demo_connection(&sim, &creds);
    let with = |tenant: &str, client: &str, secret: &str| {
        Client::new(
            &endpoints,
            Credentials::ClientSecret {
                tenant: tenant.into(),
                client_id: client.into(),
                secret: Secret::new(secret),
            },
            &ClientOptions::default(),
        )
    };
    let jdoe = user("jdoe");
    // The right registration signs in and reads alerts…
    let ok = with(&creds.tenant_id, &creds.client_id, &creds.client_secret);
    ok.user_alerts(&jdoe).await.unwrap();
    // …but lacks the machine role: 403 naming the permission.
    match ok.user_machines(&jdoe).await {
        Err(ApiError::Forbidden { permission, .. }) => {
            assert_eq!(permission, "Machine.ReadWrite.All")
        }
        other => panic!("{other:?}"),
    }
    let bad_secret = with(&creds.tenant_id, &creds.client_id, "wrong")
        .user_alerts(&jdoe)
        .await
        .unwrap_err();
    assert!(
        bad_secret.to_string().contains("invalid_client"),
        "{bad_secret}"
    );
    let bad_client = with(&creds.tenant_id, "nope", &creds.client_secret)
        .user_alerts(&jdoe)
        .await
        .unwrap_err();
    assert!(
        bad_client.to_string().contains("unauthorized_client"),
        "{bad_client}"
    );
    let bad_tenant = with("other", &creds.client_id, &creds.client_secret)
        .user_alerts(&jdoe)
        .await
        .unwrap_err();
    assert!(
        bad_tenant.to_string().contains("AADSTS90002"),
        "{bad_tenant}"
    );
    let unknown_token = Client::new(
        &endpoints,
        Credentials::StaticToken(Secret::new("forged")),
        &ClientOptions::default(),
    );
    assert!(matches!(
        unknown_token.user_alerts(&jdoe).await,
        Err(ApiError::Unauthorized { .. })
    ));
    let stats = stats(&sim).await;
    assert_eq!(stats["tokensIssued"], 1, "the token is cached and reused");
}

#[tokio::test]
async fn tokens_are_refreshed_after_expiry() {
    let sim = demo_sim(|c| c.token_lifetime = Duration::from_secs(1)).await;
    let c = client_for(&sim);
    c.user_alerts(&user("jdoe")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    // The cached token is dead on the server: the client finds out with a 401, and
    // invalidating it makes the next call sign in again.
    let err = c.user_alerts(&user("jdoe")).await;
    if let Err(e) = &err {
        assert!(matches!(e, ApiError::Unauthorized { .. }));
        assert!(c.tokens().invalidate().await);
        c.user_alerts(&user("jdoe")).await.unwrap();
    }
    assert!(stats(&sim).await["tokensIssued"].as_u64().unwrap() >= 2);
}

#[tokio::test]
async fn throttling_is_typed_with_retry_after() {
    let sim = demo_sim(|c| {
        c.limits = mdetui::engine::Limits {
            per_minute: 2,
            per_hour: 100,
        }
    })
    .await;
    let c = client_for(&sim);
    c.user_alerts(&user("jdoe")).await.unwrap();
    c.user_alerts(&user("jdoe")).await.unwrap();
    match c.user_alerts(&user("jdoe")).await {
        Err(ApiError::Throttled {
            retry_after: Some(wait),
            ..
        }) => assert!(wait <= Duration::from_secs(60) && wait >= Duration::from_secs(58)),
        other => panic!("{other:?}"),
    }
    // Families are separate: another API still answers.
    c.user_machines(&user("jdoe")).await.unwrap();
    assert_eq!(stats(&sim).await["throttled"], 1);
}

#[path = "client_cases/broken.rs"]
mod broken;

#[path = "client_cases/evidence.rs"]
mod evidence;

#[path = "client_cases/indicators.rs"]
mod indicators;

#[path = "client_cases/package.rs"]
mod package;
