//! The config file's keys as written (`deny_unknown_fields`: a key mdetui does not know is an
//! error that names it), and what can go wrong reading settings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::api::cloud::CloudError;
use crate::api::{Cloud, Region};
use crate::app::ThemeName;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub cloud: Option<Cloud>,
    pub region: Option<Region>,
    pub api_url: Option<String>,
    /// Microsoft Graph's base URL, for hunting (`--graph-url`).
    pub graph_url: Option<String>,
    pub authority_host: Option<String>,
    /// `azure-cli` to sign in through the Azure CLI.
    pub auth: Option<AuthMethod>,
    pub calls_per_minute: Option<u32>,
    pub calls_per_hour: Option<u32>,
    /// Graph's hunting allowance per tenant (default 45 a minute; Graph gives no hourly one).
    pub hunt_calls_per_minute: Option<u32>,
    pub hunt_calls_per_hour: Option<u32>,
    pub cache_ttl_secs: Option<u64>,
    pub timeout_secs: Option<u64>,
    /// No writes at all (`--read-only`).
    pub read_only: Option<bool>,
    /// Writes to this many alerts or more are confirmed by typing their count (default 10).
    pub typed_confirm_at: Option<usize>,
    /// The most rows a live queue holds (default 5,000, at least 500: one window).
    pub live_cap: Option<usize>,
    /// The team's budget in Redis (`redis://host:6379/0`, `rediss://` for TLS); also
    /// `MDETUI_BUDGET_URL`. A password may be in it or in `MDETUI_REDIS_PASSWORD`.
    pub budget_url: Option<String>,
    /// `"per-api"` (default): one set of windows per API; `"shared"`: one for all APIs.
    pub budget_scope: Option<BudgetScope>,
    /// Share answers between the team's processes while fresh (off by default).
    pub shared_cache: Option<bool>,
    /// Who "me" is when assigning alerts (a UPN).
    pub me: Option<String>,
    /// Fetch the view a resting selection would open, within headroom (default true).
    pub prefetch: Option<bool>,
    /// How long the selection rests before prefetch, in milliseconds (default 400).
    pub prefetch_dwell_ms: Option<u64>,
    /// Prefetch only while the minute window is below this share of its limit (default 0.5).
    pub prefetch_minute: Option<f64>,
    /// … and the hour window below this share (default 0.7).
    pub prefetch_hour: Option<f64>,
    /// `dark` or `light`; `NO_COLOR` in the environment wins over both.
    pub theme: Option<ThemeName>,
    /// Action name → the keys it takes, e.g. `down = ["n", "down"]`; another mode's in a
    /// table of its own (`[keys.triage] next_field = ["n"]`).
    pub keys: Option<BTreeMap<String, KeysEntry>>,
    /// Wheel scrolls, click selects, double-click opens. Off by default: capturing the mouse
    /// takes the terminal's own text selection away.
    pub mouse: Option<bool>,
    /// The open-alert queue under the search box where a session starts (default true; it
    /// costs one call at start).
    pub start_queue: Option<bool>,
    /// Keep the queue live: ask what changed now and then (default true) …
    pub live: Option<bool>,
    /// … spending at most this share of the hourly budget on it (default 0.1).
    pub live_share: Option<f64>,
    /// Full times in `"utc"` (default) or the `"local"` zone.
    pub times: Option<String>,
    /// The timeline of alerts over time in the views' headers (default off; `w` turns it
    /// and writes this line).
    pub timeline: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMethod {
    ClientSecret,
    Token,
    AzureCli,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path}: {message}")]
    File { path: PathBuf, message: String },
    #[error(transparent)]
    Cloud(#[from] CloudError),
    #[error("{0}")]
    Incomplete(String),
    #[error("config file: {0}")]
    Keys(#[from] crate::app::keymap::KeymapError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BudgetScope {
    #[default]
    PerApi,
    Shared,
}

/// One entry of `[keys]`: a view's action and its keys, or a mode's table of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum KeysEntry {
    Keys(Vec<String>),
    Mode(BTreeMap<String, Vec<String>>),
}

/// `[keys]` as the keymap reads it: `down`, `triage.next_field` → keys.
pub fn flat_keys(keys: &BTreeMap<String, KeysEntry>) -> BTreeMap<String, Vec<String>> {
    let mut flat = BTreeMap::new();
    for (name, entry) in keys {
        match entry {
            KeysEntry::Keys(list) => {
                flat.insert(name.clone(), list.clone());
            }
            KeysEntry::Mode(table) => {
                for (action, list) in table {
                    flat.insert(format!("{name}.{action}"), list.clone());
                }
            }
        }
    }
    flat
}
