//! Shared set-up: a simulator on an ephemeral loopback port and a client signed in to it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use mdetui::api::{Client, ClientOptions};
use mdetui::sim::{self, RunningSim, SimConfig, Tenant};

pub async fn sim_with(tenant: Tenant, tweak: impl FnOnce(&mut SimConfig)) -> RunningSim {
    let mut config = SimConfig::new(&tenant.tenant_id);
    tweak(&mut config);
    sim::start(config, tenant, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind loopback")
}

pub async fn demo_sim(tweak: impl FnOnce(&mut SimConfig)) -> RunningSim {
    sim_with(sim::generate::demo(), tweak).await
}

pub fn client_for(running: &RunningSim) -> Client {
    client_with_timeout(running, Duration::from_secs(30))
}

pub fn client_with_timeout(running: &RunningSim, timeout: Duration) -> Client {
    let creds = running.state.config.credentials.clone();
    let (endpoints, credentials) = sim::demo_connection(running, &creds);
    Client::connected(
        &endpoints,
        credentials.clone(),
        Some(credentials),
        &ClientOptions {
            timeout,
            ..ClientOptions::default()
        },
    )
}

/// The simulator's counters, read over HTTP as a benchmark would.
pub async fn stats(running: &RunningSim) -> serde_json::Value {
    reqwest::get(format!("{}/_sim/stats", running.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub fn calls(stats: &serde_json::Value, family: &str, status: u16) -> u64 {
    stats["calls"][family][status.to_string()]
        .as_u64()
        .unwrap_or(0)
}
/// An engine that keeps its audit log in `dir` (writes are refused without one).
pub fn audited(dir: &std::path::Path) -> mdetui::engine::EngineConfig {
    mdetui::engine::EngineConfig {
        audit: Some(mdetui::engine::AuditConfig {
            path: dir.join("audit.jsonl"),
            tenant: "contoso".into(),
            app: "app-id".into(),
            principal: "tester@contoso.com".into(),
            me: None,
            origin: mdetui::engine::WriteOrigin::Explorer,
        }),
        ..Default::default()
    }
}

/// The audit log in `dir`, a JSON value a record; each record also parses as the one schema
/// (no field missing, none unknown), wherever it was written from.
pub fn audit_records(dir: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let record: mdetui::engine::writes::audit::Record = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not the audit schema ({e}): {l}"));
            assert!(record.time.contains('T'), "a date and a time: {l}");
            assert!(!l.chars().any(mdetui::sanitize::is_unsafe), "clean: {l:?}");
            serde_json::from_str(l).unwrap()
        })
        .collect()
}

pub mod hostile;
pub mod oneshot;
pub mod pty;
pub mod redis;
