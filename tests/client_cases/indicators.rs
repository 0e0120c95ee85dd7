//! Custom indicators (`mde-api.md` §13): the list, by scope of types, through OData, and the
//! permission a 403 names.

use super::*;
use mdetui::api::{IndicatorScope, model::Severity};

#[tokio::test]
async fn the_tenants_indicators_list_by_scope() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let all = c.indicators(IndicatorScope::All).await.unwrap();
    assert_eq!(all.items.len(), 6);
    assert!(all.next.is_none());
    let phishing = all
        .items
        .iter()
        .find(|i| i.indicator_value.as_deref() == Some("billing-contoso-portal.com"))
        .unwrap();
    assert_eq!(phishing.indicator_type.as_deref(), Some("DomainName"));
    assert_eq!(phishing.action.as_deref(), Some("Block"));
    assert_eq!(phishing.severity, Some(Severity::High));
    assert_eq!(phishing.id, "4101");
    assert!(phishing.expiration_time.is_some());

    let types = |items: &[mdetui::api::Indicator]| {
        let mut t: Vec<String> = items
            .iter()
            .filter_map(|i| i.indicator_type.clone())
            .collect();
        t.sort();
        t
    };
    let files = c.indicators(IndicatorScope::Files).await.unwrap().items;
    assert_eq!(types(&files), ["FileSha1", "FileSha256"]);
    let addresses = c.indicators(IndicatorScope::Addresses).await.unwrap().items;
    assert_eq!(types(&addresses), ["IpAddress"]);
    let certificates = c.indicators(IndicatorScope::Certificates).await.unwrap();
    assert_eq!(types(&certificates.items), ["CertificateThumbprint"]);
    let stats = stats(&sim).await;
    assert_eq!(
        calls(&stats, "indicators", 200),
        4,
        "each scope is its own question"
    );
}

#[tokio::test]
async fn listing_indicators_names_its_permission() {
    let sim = demo_sim(|c| c.roles = Some(vec!["Alert.Read.All".into()])).await;
    let c = client_for(&sim);
    match c.indicators(IndicatorScope::All).await.unwrap_err() {
        ApiError::Forbidden { permission, .. } => assert_eq!(permission, "Ti.ReadWrite.All"),
        other => panic!("expected a 403, got {other}"),
    }
}

fn beacon_block() -> mdetui::api::NewIndicator {
    use mdetui::api::{IndicatorAction, IndicatorType, NewIndicator};
    NewIndicator {
        value: "6A1F3E5D7C9B2A4F6E8D0C1B3A5F7E9D2C4B6A8F".into(),
        kind: IndicatorType::FileSha1,
        action: IndicatorAction::Block,
        title: "Cobalt Strike beacon msupd.dll".into(),
        description: "Beacon from the Cobalt Strike alert on wks-fin-042.".into(),
        severity: Some(Severity::High),
        expires: Some(time::OffsetDateTime::now_utc() + time::Duration::days(30)),
        generate_alert: true,
        recommended_actions: Some("Isolate the machine.".into()),
        rbac_group_names: Vec::new(),
    }
}

#[tokio::test]
async fn an_indicator_is_submitted_updated_by_its_value_and_deleted() {
    use mdetui::api::{IndicatorAction, IndicatorScope};
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let stored = c.submit_indicator(&beacon_block()).await.unwrap();
    assert_eq!(
        stored.indicator_value.as_deref(),
        Some("6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f"),
        "sent as checked: lower case"
    );
    assert_eq!(stored.action.as_deref(), Some("Block"));
    assert_eq!(stored.id, "4107", "the next id");
    let file_indicators = async || {
        c.indicators(IndicatorScope::Files)
            .await
            .unwrap()
            .items
            .len()
    };
    assert_eq!(file_indicators().await, 3);

    // The same value and type again updates it, keeping its id.
    let mut warn = beacon_block();
    warn.action = IndicatorAction::Warn;
    let updated = c.submit_indicator(&warn).await.unwrap();
    assert_eq!(
        (updated.id.as_str(), updated.action.as_deref()),
        ("4107", Some("Warn"))
    );
    assert_eq!(file_indicators().await, 3);

    c.delete_indicator("4107").await.unwrap();
    assert_eq!(file_indicators().await, 2);
    assert!(matches!(
        c.delete_indicator("4107").await.unwrap_err(),
        ApiError::NotFound { .. }
    ));
}

#[tokio::test]
async fn invalid_indicators_are_refused_before_any_call() {
    use mdetui::api::{IndicatorAction, IndicatorType};
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let mut internal = beacon_block();
    internal.kind = IndicatorType::IpAddress;
    internal.value = "10.20.14.42".into();
    let mut cert_block = beacon_block();
    cert_block.kind = IndicatorType::CertificateThumbprint;
    let mut past = beacon_block();
    past.expires = Some(time::OffsetDateTime::now_utc() - time::Duration::hours(1));
    let mut audit = beacon_block();
    audit.action = IndicatorAction::Audit;
    audit.generate_alert = false;
    for (bad, says) in [
        (internal, "external addresses only"),
        (cert_block, "cannot Block"),
        (past, "in the past"),
        (audit, "must raise alerts"),
    ] {
        match c.submit_indicator(&bad).await.unwrap_err() {
            ApiError::NotSent(message) => assert!(message.contains(says), "{message}"),
            other => panic!("expected a refusal before sending, got {other}"),
        }
    }
    assert!(matches!(
        c.delete_indicator("1; DROP").await.unwrap_err(),
        ApiError::NotSent(_)
    ));
    let stats = stats(&sim).await;
    assert_eq!(
        calls(&stats, "POST indicators", 200) + calls(&stats, "POST indicators", 400),
        0
    );
    assert!(
        stats["calls"].get("DELETE indicators/{id}").is_none(),
        "{stats}"
    );
}

/// The simulator holds the API's rules on its own: a body the client would never send is
/// refused there too, with the API's 400.
#[tokio::test]
async fn the_simulator_refuses_what_the_api_refuses() {
    let sim = demo_sim(|c| c.fixed_token = Some("fixed".into())).await;
    let http = reqwest::Client::new();
    let url = format!("{}/api/indicators", sim.base_url());
    let bearer = "fixed";
    for (body, says) in [
        (
            serde_json::json!({"indicatorValue": "10.0.0.1", "indicatorType": "IpAddress", "action": "Block", "title": "t", "description": "d"}),
            "not a valid IpAddress",
        ),
        (
            serde_json::json!({"indicatorValue": "a.example", "indicatorType": "DomainName", "action": "BlockAndRemediate", "title": "t", "description": "d"}),
            "not allowed",
        ),
        (
            serde_json::json!({"indicatorValue": "a.example", "indicatorType": "DomainName", "action": "Block", "title": "t"}),
            "'description' is required",
        ),
        (
            serde_json::json!({"indicatorValue": "a.example", "indicatorType": "DomainName", "action": "Block", "title": "t", "description": "d", "expirationTime": "2001-01-01T00:00:00Z"}),
            "in the future",
        ),
    ] {
        let answer = http
            .post(&url)
            .bearer_auth(bearer)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400);
        let text = answer.text().await.unwrap();
        assert!(text.contains(says), "{text}");
    }
}
