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
    /// Tokens issued for Graph's audience (the others are the Defender API's).
    pub(super) graph_tokens: Mutex<std::collections::HashSet<String>>,
    /// Hunts still to refuse for CPU quota.
    cpu_refusals: Mutex<u32>,
}

impl SimState {
    pub fn new(config: SimConfig, tenant: Tenant) -> Self {
        let config_refusals = config.hunt_cpu_refusals.map_or(0, |(n, _)| n);
        let mut tokens = HashMap::new();
        if let Some(fixed) = &config.fixed_token {
            tokens.insert(fixed.clone(), None);
        }
        Self {
            budget: Mutex::new({
                let mut budget = Budget::with_spans(config.limits, config.spans);
                budget.set_limits("alerts/batchUpdate", config.batch_limits);
                budget.set_limits(super::routes::HUNT_FAMILY, config.hunt_limits);
                budget
            }),
            rng: Mutex::new(fastrand::Rng::with_seed(config.seed)),
            config,
            tenant: RwLock::new(tenant),
            tokens: Mutex::new(tokens),
            stats: Mutex::new(Stats::default()),
            actions: Mutex::new(Vec::new()),
            graph_tokens: Mutex::new(std::collections::HashSet::new()),
            cpu_refusals: Mutex::new(config_refusals),
        }
    }

    /// A bearer token the simulator issued and that has not expired, whatever its audience.
    // The error is a ready response, the usual axum idiom; its size is moot.
    #[allow(clippy::result_large_err)]
    pub(super) fn valid_bearer<'h>(
        &self,
        headers: &'h axum::http::HeaderMap,
    ) -> Result<&'h str, axum::response::Response> {
        let unauthorized =
            |msg: &str| super::reply::api_error(StatusCode::UNAUTHORIZED, "Unauthorized", msg);
        let token = bearer(headers).ok_or_else(|| {
            unauthorized("Authorization header is missing or is not a bearer token.")
        })?;
        match self.tokens.lock().unwrap().get(token) {
            None => Err(unauthorized("The access token is invalid.")),
            Some(Some(expiry)) if tokio::time::Instant::now() >= *expiry => {
                Err(unauthorized("The access token has expired."))
            }
            Some(_) => Ok(token),
        }
    }

    /// A hunt the CPU quota refuses: the seconds to the next cycle, while refusals remain.
    pub(super) fn take_cpu_refusal(&self) -> Option<u64> {
        let (_, retry) = self.config.hunt_cpu_refusals?;
        let mut left = self.cpu_refusals.lock().unwrap();
        (*left > 0).then(|| {
            *left -= 1;
            retry
        })
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

/// The bearer token a request carries, if any.
pub(super) fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}
