//! What the simulator keeps between calls: the tenant, issued tokens, the budget, the stats.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, RwLock};

use axum::http::StatusCode;
use serde::Serialize;
use tokio::time::Instant;

use super::config::SimConfig;
use super::tenant::Tenant;
use crate::engine::budget::Budget;

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Calls per API family, then per status code.
    pub calls: BTreeMap<&'static str, BTreeMap<u16, u64>>,
    pub throttled: u64,
    pub tokens_issued: u64,
    pub total: u64,
    /// The paths of the first calls, in the order they arrived (for ordering tests).
    pub requests: Vec<String>,
}

pub(super) const REQUEST_LOG_CAP: usize = 10_000;

/// A response action as the simulator keeps it: what the API answered, and what moves its
/// status (see `actions`).
pub struct SimAction {
    pub(super) value: serde_json::Value,
    pub(super) created: std::time::Instant,
    /// The machine was not active: the action waits for it.
    pub(super) waits: bool,
    pub(super) cancelled: bool,
}

pub struct SimState {
    pub config: SimConfig,
    pub tenant: RwLock<Tenant>,
    pub(super) tokens: Mutex<HashMap<String, Option<Instant>>>,
    pub(super) budget: Mutex<Budget<&'static str>>,
    pub(super) stats: Mutex<Stats>,
    pub(super) rng: Mutex<fastrand::Rng>,
    /// The response actions taken, oldest first.
    pub(super) actions: Mutex<Vec<SimAction>>,
}

impl SimState {
    pub fn new(config: SimConfig, tenant: Tenant) -> Self {
        let mut tokens = HashMap::new();
        if let Some(fixed) = &config.fixed_token {
            tokens.insert(fixed.clone(), None);
        }
        Self {
            budget: Mutex::new({
                let mut budget = Budget::with_spans(config.limits, config.spans);
                budget.set_limits("alerts/batchUpdate", config.batch_limits);
                budget
            }),
            rng: Mutex::new(fastrand::Rng::with_seed(config.seed)),
            config,
            tenant: RwLock::new(tenant),
            tokens: Mutex::new(tokens),
            stats: Mutex::new(Stats::default()),
            actions: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn record(&self, family: &'static str, path: &str, status: StatusCode) {
        let mut stats = self.stats.lock().unwrap();
        if stats.requests.len() < REQUEST_LOG_CAP {
            stats.requests.push(path.to_owned());
        }
        *stats
            .calls
            .entry(family)
            .or_default()
            .entry(status.as_u16())
            .or_default() += 1;
        stats.total += 1;
        if status == StatusCode::TOO_MANY_REQUESTS {
            stats.throttled += 1;
        }
    }
}
