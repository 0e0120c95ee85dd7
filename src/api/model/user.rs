//! Users, in the current and the legacy shape.

use serde::{Deserialize, Serialize};

use super::decode::{Timestamp, lenient_i64};

/// A user in either shape: current (`"id": "contoso\\jdoe"` with account fields) or legacy
/// (`"id": "jdoe"` alone).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub account_name: Option<String>,
    #[serde(default)]
    pub account_domain: Option<String>,
    #[serde(default)]
    pub account_sid: Option<String>,
    #[serde(default)]
    pub first_seen: Option<Timestamp>,
    #[serde(default)]
    pub last_seen: Option<Timestamp>,
    #[serde(default)]
    pub most_prevalent_machine_id: Option<String>,
    #[serde(default)]
    pub least_prevalent_machine_id: Option<String>,
    #[serde(default)]
    pub logon_types: Option<String>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub log_on_machines_count: Option<i64>,
    #[serde(default)]
    pub is_domain_admin: Option<bool>,
    #[serde(default)]
    pub is_only_network_user: Option<bool>,
}

impl User {
    /// The bare account name, from `accountName` or the part of `id` after the backslash.
    pub fn account(&self) -> &str {
        match &self.account_name {
            Some(name) if !name.is_empty() => name,
            _ => self.id.rsplit_once('\\').map_or(&self.id, |(_, n)| n),
        }
    }

    /// The domain, from `accountDomain` or the part of `id` before the backslash.
    pub fn domain(&self) -> Option<&str> {
        match &self.account_domain {
            Some(d) if !d.is_empty() => Some(d),
            _ => self.id.rsplit_once('\\').map(|(d, _)| d),
        }
    }

    /// Case-insensitive: logonusers and alerts disagree on case for the same account.
    pub fn is_account(&self, name: &str) -> bool {
        self.account().eq_ignore_ascii_case(name)
    }
}
