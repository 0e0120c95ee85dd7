//! The API's paths, understood: which resource a request names, its API family for the
//! budget and stats, and the methods it allows.

use axum::http::Method;
use percent_encoding::percent_decode_str;

/// What a request asks for, once the path is understood.
pub(super) enum Route {
    ListAlerts,
    CountAlerts,
    Alert(String),
    AlertUser(String),
    AlertMachine(String),
    ListMachines,
    CountMachines,
    Machine(String),
    MachineAlerts(String),
    MachineLogonUsers(String),
    User(String),
    UserAlerts(String),
    UserMachines(String),
    BatchUpdate,
}

impl Route {
    pub(super) fn parse(path: &str) -> Option<Self> {
        let rest = path
            .strip_prefix("/api/v1.0/")
            .or_else(|| path.strip_prefix("/api/"))?;
        let segs: Vec<String> = rest
            .split('/')
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let id = |i: usize| segs[i].clone();
        Some(match s.as_slice() {
            ["alerts"] => Self::ListAlerts,
            ["alerts", "$count"] => Self::CountAlerts,
            ["alerts", "batchUpdate"] => Self::BatchUpdate,
            ["alerts", _] => Self::Alert(id(1)),
            ["alerts", _, "user"] => Self::AlertUser(id(1)),
            ["alerts", _, "machine"] => Self::AlertMachine(id(1)),
            ["machines"] => Self::ListMachines,
            ["machines", "$count"] => Self::CountMachines,
            ["machines", _] => Self::Machine(id(1)),
            ["machines", _, "alerts"] => Self::MachineAlerts(id(1)),
            ["machines", _, "logonusers"] => Self::MachineLogonUsers(id(1)),
            ["users", _] => Self::User(id(1)),
            ["users", _, "alerts"] => Self::UserAlerts(id(1)),
            ["users", _, "machines"] => Self::UserMachines(id(1)),
            _ => return None,
        })
    }

    /// The rate-limit family: each documented API has its own budget.
    pub(super) fn family(&self, method: &Method) -> &'static str {
        match self {
            Self::ListAlerts | Self::CountAlerts => "alerts",
            Self::Alert(_) if method == Method::PATCH => "PATCH alerts/{id}",
            Self::Alert(_) => "alerts/{id}",
            Self::AlertUser(_) => "alerts/{id}/user",
            Self::AlertMachine(_) => "alerts/{id}/machine",
            Self::ListMachines | Self::CountMachines => "machines",
            Self::Machine(_) => "machines/{id}",
            Self::MachineAlerts(_) => "machines/{id}/alerts",
            Self::MachineLogonUsers(_) => "machines/{id}/logonusers",
            Self::User(_) => "users/{id}",
            Self::UserAlerts(_) => "users/{id}/alerts",
            Self::UserMachines(_) => "users/{id}/machines",
            Self::BatchUpdate => "alerts/batchUpdate",
        }
    }

    /// The application roles that allow the call (any one of them).
    pub(super) fn roles(&self, method: &Method) -> &'static [&'static str] {
        match self {
            Self::Alert(_) if method == Method::PATCH => &["Alert.ReadWrite.All"],
            Self::BatchUpdate => &["Alert.ReadWrite.All"],
            Self::ListAlerts
            | Self::CountAlerts
            | Self::Alert(_)
            | Self::MachineAlerts(_)
            | Self::UserAlerts(_) => &["Alert.Read.All", "Alert.ReadWrite.All"],
            Self::UserMachines(_) => &["Machine.ReadWrite.All", "Machine.Read.All"],
            Self::ListMachines | Self::CountMachines | Self::Machine(_) | Self::AlertMachine(_) => {
                &["Machine.Read.All", "Machine.ReadWrite.All"]
            }
            Self::User(_) | Self::AlertUser(_) | Self::MachineLogonUsers(_) => &["User.Read.All"],
        }
    }

    pub(super) fn allowed(&self) -> &'static str {
        match self {
            Self::Alert(_) => "GET, PATCH",
            Self::BatchUpdate => "POST",
            _ => "GET",
        }
    }
}
