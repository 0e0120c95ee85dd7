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
