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
