//! The API's endpoints: their names, rate-limit families and the permission each needs.
//! An endpoint is a value, not a variant: the core kinds' endpoints are here, and a kind's
//! own API module declares its own (`impl Endpoint { pub const … }`) beside its calls.

use std::fmt;

/// One of the API's endpoints. Each is its own rate-limit family: the docs give every
/// endpoint ("this API") its own 100/minute and 1,500/hour. Two endpoints are the same family
/// exactly when their path patterns are the same.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    name: &'static str,
    permission: &'static str,
}

impl Endpoint {
    /// An endpoint by its path pattern (`users/{id}/alerts`, as the docs and the status bar
    /// name it) and the application permission it needs.
    pub const fn new(name: &'static str, permission: &'static str) -> Self {
        Self { name, permission }
    }

    pub const GET_USER: Self = Self::new("users/{id}", "User.Read.All");
    pub const USER_ALERTS: Self = Self::new("users/{id}/alerts", "Alert.Read.All");
    pub const USER_MACHINES: Self = Self::new("users/{id}/machines", "Machine.ReadWrite.All");
    pub const GET_ALERT: Self = Self::new("alerts/{id}", "Alert.Read.All");
    pub const ALERT_USER: Self = Self::new("alerts/{id}/user", "User.Read.All");
    pub const ALERT_MACHINE: Self = Self::new("alerts/{id}/machine", "Machine.Read.All");
    pub const GET_MACHINE: Self = Self::new("machines/{id}", "Machine.Read.All");
    pub const MACHINE_ALERTS: Self = Self::new("machines/{id}/alerts", "Alert.Read.All");
    pub const MACHINE_LOGON_USERS: Self = Self::new("machines/{id}/logonusers", "User.Read.All");
    /// `GET alerts` with `$filter`: the queue and an incident's alerts.
    pub const LIST_ALERTS: Self = Self::new("alerts", "Alert.Read.All");
    pub const GET_FILE: Self = Self::new("files/{id}", "File.Read.All");
    pub const FILE_STATS: Self = Self::new("files/{id}/stats", "File.Read.All");
    pub const FILE_ALERTS: Self = Self::new("files/{id}/alerts", "Alert.Read.All");
    pub const FILE_MACHINES: Self = Self::new("files/{id}/machines", "Machine.Read.All");
    pub const IP_ALERTS: Self = Self::new("ips/{id}/alerts", "Alert.Read.All");
    pub const IP_STATS: Self = Self::new("ips/{id}/stats", "Ip.Read.All");
    // The newest pages list only the ReadWrite permission for these two (§10).
    pub const DOMAIN_ALERTS: Self = Self::new("domains/{id}/alerts", "Alert.ReadWrite.All");
    pub const DOMAIN_MACHINES: Self = Self::new("domains/{id}/machines", "Machine.ReadWrite.All");
    pub const DOMAIN_STATS: Self = Self::new("domains/{id}/stats", "URL.Read.All");
    /// `machines/findbyip(ip=…,timestamp=…)`: the machines that used an address then.
    pub const MACHINES_BY_IP: Self = Self::new("machines/findbyip", "Machine.ReadWrite.All");
    /// `PATCH alerts/{id}`: a write, with its own allowance.
    pub const UPDATE_ALERT: Self = Self::new("PATCH alerts/{id}", "Alert.ReadWrite.All");
    /// `POST alerts/batchUpdate`: many alerts in one call, 10 a minute and 500 an hour.
    pub const BATCH_UPDATE: Self = Self::new("alerts/batchUpdate", "Alert.ReadWrite.All");

    /// The path pattern, as the docs and the status bar name it.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// The application permission the endpoint needs, for the 403 message.
    pub fn permission(self) -> &'static str {
        self.permission
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}
