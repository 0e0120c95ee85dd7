//! Advanced hunting through Graph against the simulator: every shipped hunt answers the demo
//! story's next question; a hostile parameter stays one string; Graph's permission, audience
//! and CPU quota are said; hunting has its own budget family.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use mdetui::api::{ApiError, HuntQuery, HuntTable, Template};
use mdetui::config::hunts::starter;
use mdetui::engine::{self, EngineConfig, Event, Origin, Payload, Priority, Resource};
use mdetui::sim::{self, RunningSim, SimConfig};

/// The demo tenant as of now: its story happened hours ago, inside every hunt's window.
async fn story_sim(tweak: impl FnOnce(&mut SimConfig)) -> RunningSim {
    common::sim_with(
        sim::generate::demo_at(time::OffsetDateTime::now_utc()),
        tweak,
    )
    .await
}

fn saved(name: &str, param: &str, value: &str) -> HuntQuery {
    let hunt: Template = starter().into_iter().find(|h| h.name == name).unwrap();
    let values = BTreeMap::from([(param.to_owned(), value.to_owned())]);
    HuntQuery::new(&hunt.fill(&values).unwrap(), None).unwrap()
}

fn column(table: &HuntTable, name: &str) -> Vec<String> {
    let mut values: Vec<String> = table
        .rows
        .iter()
        .map(|r| r.get(name).unwrap_or_default().to_owned())
        .collect();
    values.sort();
    values
}

#[tokio::test]
async fn every_shipped_hunt_answers_the_story() {
    let sim = story_sim(|_| {}).await;
    let c = common::client_for(&sim);
    let logons = c
        .hunt(&saved("machine-logons", "machine", "wks-fin-042"))
        .await
        .unwrap();
    assert_eq!(
        column(&logons, "AccountName"),
        ["adm-mchen", "jdoe", "svc_backup"]
    );
    let by_full_name = c
        .hunt(&saved(
            "machine-logons",
            "machine",
            "wks-fin-042.corp.contoso.com",
        ))
        .await
        .unwrap();
    assert_eq!(by_full_name.rows.len(), 3);
    let where_jdoe = c.hunt(&saved("user-logons", "user", "jdoe")).await.unwrap();
    assert!(
        column(&where_jdoe, "DeviceName")
            .iter()
            .any(|d| d.starts_with("wks-fin-042")),
        "{where_jdoe:?}"
    );
    let named = c
        .hunt(&saved(
            "alert-users",
            "alert",
            "da638671461884445555_-360112478",
        ))
        .await
        .unwrap();
    assert!(
        column(&named, "AccountUpn").contains(&"adm-mchen@contoso.com".to_owned()),
        "{named:?}"
    );
    let alerts = c.hunt(&saved("user-alerts", "user", "jdoe")).await.unwrap();
    assert!(alerts.rows.len() >= 5, "{}", alerts.rows.len());
    assert!(
        column(&alerts, "Title")
            .iter()
            .any(|t| t.contains("Cobalt Strike"))
    );
    let beacon = c
        .hunt(&saved(
            "file-processes",
            "sha1",
            "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f",
        ))
        .await
        .unwrap();
    assert_eq!(beacon.rows.len(), 3, "the beacon ran on three machines");
    let c2 = c
        .hunt(&saved("address-machines", "ip", "185.225.19.40"))
        .await
        .unwrap();
    assert_eq!(c2.rows.len(), 4, "four machines reached the C2 address");
    let mega = c
        .hunt(&saved("domain-machines", "domain", "mega.co.nz"))
        .await
        .unwrap();
    assert_eq!(mega.rows.len(), 1, "the exfiltration went from one machine");
}

#[tokio::test]
async fn a_hostile_parameter_is_one_string_and_matches_nothing() {
    let sim = story_sim(|_| {}).await;
    let c = common::client_for(&sim);
    for hostile in [
        "wks-fin-042\" or DeviceName != \"",
        "x' or 1==1 //",
        "wks | take 100000",
        "wks\n| where true",
    ] {
        let table = c
            .hunt(&saved("machine-logons", "machine", hostile))
            .await
            .unwrap_or_else(|e| panic!("{hostile:?}: {e}"));
        assert!(table.rows.is_empty(), "{hostile:?} changed the query");
    }
}

#[tokio::test]
async fn graphs_permission_audience_and_query_errors_are_said() {
    let sim = story_sim(|c| c.graph_roles = Some(Vec::new())).await;
    let c = common::client_for(&sim);
    let q = HuntQuery::new("DeviceInfo | take 1", None).unwrap();
    match c.hunt(&q).await {
        Err(ApiError::Forbidden { permission, .. }) => {
            assert_eq!(permission, "ThreatHunting.Read.All")
        }
        other => panic!("{other:?}"),
    }
    let sim = story_sim(|_| {}).await;
    let c = common::client_for(&sim);
    let bad = HuntQuery::new("DeviceInfo\n| where DeviceName = 'x'", None).unwrap();
    let error = c.hunt(&bad).await.unwrap_err().to_string();
    assert!(error.contains("on line [2,"), "{error}");
    // A client with no Graph sign-in says what is missing, and sends nothing.
    let creds = sim.state.config.credentials.clone();
    let (endpoints, credentials) = sim::demo_connection(&sim, &creds);
    let defender_only = mdetui::api::Client::new(&endpoints, credentials, &Default::default());
    let error = defender_only.hunt(&q).await.unwrap_err().to_string();
    assert!(error.contains("ThreatHunting.Read.All"), "{error}");
}

/// Hunting's own family: a burst of hunts leaves the Defender API's windows untouched, and a
/// CPU-quota 429 is waited out until the next cycle, its message kept.
#[tokio::test]
async fn hunts_spend_their_own_budget_and_wait_out_the_cpu_quota() {
    let sim = story_sim(|c| c.hunt_cpu_refusals = Some((1, 1))).await;
    let (handle, mut events) = engine::spawn(common::client_for(&sim), EngineConfig::default());
    let q = HuntQuery::new("DeviceInfo | count", Some("P7D")).unwrap();
    let resource = Resource::Hunt(Box::new(q));
    handle.fetch(resource.clone(), Priority::Interactive, Origin(1));
    let mut waited = false;
    let mut said = String::new();
    let answer = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match events.recv().await.unwrap() {
                Event::Pending { resource: r, .. } if r == resource => waited = true,
                Event::Throttled {
                    resource: r,
                    message,
                    ..
                } if r == resource => said = message,
                Event::Fetched {
                    resource: r,
                    payload,
                    ..
                } if r == resource => return payload,
                Event::Failed { error, .. } => panic!("{error}"),
                _ => {}
            }
        }
    })
    .await
    .unwrap();
    assert!(waited, "the 429 was waited out");
    assert!(
        said.contains("15-minute cycle"),
        "Graph's words kept: {said}"
    );
    let Payload::Hunt(table) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(table.rows.len(), 1);
    let stats = common::stats(&sim).await;
    assert_eq!(common::calls(&stats, "security/runHuntingQuery", 429), 1);
    assert_eq!(common::calls(&stats, "security/runHuntingQuery", 200), 1);
    // The budget counts hunting apart from every Defender API, under Graph's 45 a minute.
    handle.fetch(resource, Priority::Interactive, Origin(2));
    let snapshot = loop {
        if let Event::Budget(b) = events.recv().await.unwrap() {
            break b.snapshot;
        }
    };
    assert_eq!(snapshot.tightest, Some(mdetui::api::Endpoint::HUNT));
    assert_eq!(snapshot.minute.limit, 45);
}

/// Waits for `resource`'s call to go.
async fn in_flight(events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>, resource: &Resource) {
    loop {
        if let Event::Pending {
            resource: r,
            state: mdetui::engine::Pending::InFlight,
        } = events.recv().await.unwrap()
            && r == *resource
        {
            return;
        }
    }
}

/// A hunt nobody waits for any more (its view was left) is stopped midway: asked again, it is
/// a new call, not one joined to the abandoned one.
#[tokio::test]
async fn a_hunt_whose_view_was_left_is_stopped() {
    let sim = story_sim(|c| c.latency = Duration::from_secs(3)).await;
    let (handle, mut events) = engine::spawn(common::client_for(&sim), EngineConfig::default());
    let q = HuntQuery::new("DeviceInfo | count", None).unwrap();
    let resource = Resource::Hunt(Box::new(q));
    handle.fetch(resource.clone(), Priority::Interactive, Origin(1));
    in_flight(&mut events, &resource).await;
    handle.send(mdetui::engine::Request::Cancel { origin: Origin(1) });
    handle.fetch(resource.clone(), Priority::Interactive, Origin(2));
    // A new call goes (joined to the old one, none would be announced).
    tokio::time::timeout(Duration::from_secs(2), in_flight(&mut events, &resource))
        .await
        .expect("asked anew: the abandoned call was stopped");
}
