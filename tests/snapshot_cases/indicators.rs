//! Snapshots of the indicators list: loading, loaded (every type, an expiry and none),
//! empty, and refused for want of its permission.

use super::*;
use mdetui::api::{Indicator, IndicatorScope};

fn demo_indicators() -> Vec<Indicator> {
    decode(generate::demo().indicators().iter().collect())
}

#[test]
fn indicators_view_states() {
    let route = Route::Indicators(IndicatorScope::All);
    let resource = Resource::Indicators(IndicatorScope::All);
    snap("indicators_loading", &at(route.clone()));

    let mut loaded = at(route.clone());
    deliver(
        &mut loaded,
        resource.clone(),
        Payload::Indicators(Arc::from(demo_indicators())),
    );
    snap("indicators_loaded", &loaded);

    let certificates = Route::Indicators(IndicatorScope::Certificates);
    let mut empty = at(certificates);
    deliver(
        &mut empty,
        Resource::Indicators(IndicatorScope::Certificates),
        Payload::Indicators(Arc::from(Vec::new())),
    );
    snap("indicators_empty", &empty);

    let mut refused = at(route);
    fail(
        &mut refused,
        resource,
        ApiError::Forbidden {
            permission: "Ti.ReadWrite.All".into(),
            message: "The application does not have any of the required application roles".into(),
        },
    );
    snap("indicators_forbidden", &refused);
}

/// A domain view once its indicator lists are in: the one that covers it, said in its facts
/// (a domain indicator covers its subdomains).
#[test]
fn a_covered_domain_says_so() {
    let domain = mdetui::api::Domain::parse("portal.billing-contoso-portal.com").unwrap();
    let mut m = at(Route::Domain(domain.clone()));
    let stats: mdetui::api::model::DomainStats = serde_json::from_value(serde_json::json!({
        "host": "portal.billing-contoso-portal.com", "organizationPrevalence": 1,
        "orgFirstSeen": "2026-11-19T09:13:40Z", "orgLastSeen": "2026-11-19T09:13:41Z",
    }))
    .unwrap();
    deliver(
        &mut m,
        Resource::DomainStats(domain),
        Payload::DomainStats(Arc::new(stats)),
    );
    let of = |kind: &str| -> Vec<Indicator> {
        demo_indicators()
            .into_iter()
            .filter(|i| i.indicator_type.as_deref() == Some(kind))
            .collect()
    };
    for (scope, kind) in [
        (IndicatorScope::Domains, "DomainName"),
        (IndicatorScope::Urls, "Url"),
    ] {
        deliver(
            &mut m,
            Resource::Indicators(scope),
            Payload::Indicators(Arc::from(of(kind))),
        );
    }
    snap("domain_covered_by_an_indicator", &m);
}

/// The indicator form editing the newest indicator (its expiry kept), the confirmation of
/// the update (what it does, then the request as sent), and a deletion's confirmation.
#[test]
fn indicator_form_and_confirmations() {
    let resource = Resource::Indicators(IndicatorScope::All);
    let mut m = at(Route::Indicators(IndicatorScope::All));
    deliver(
        &mut m,
        resource,
        Payload::Indicators(Arc::from(demo_indicators())),
    );
    super::toolkit::press(&mut m, "b");
    snap("indicator_form", &m);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    update(&mut m, Msg::Shown);
    snap("indicator_confirm", &m);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    super::toolkit::press(&mut m, "D");
    update(&mut m, Msg::Shown);
    snap("indicator_delete", &m);
}
