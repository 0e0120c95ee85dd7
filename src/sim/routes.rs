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
    File(String),
    FileStats(String),
    FileAlerts(String),
    FileMachines(String),
    IpAlerts(String),
    IpStats(String),
    DomainAlerts(String),
    DomainMachines(String),
    DomainStats(String),
    /// `machines/findbyip(ip='…',timestamp=…)`, the call as written.
    MachinesByIp(String),
    ListIndicators,
    Indicator(String),
    /// `machines/{id}/<action>`: a response action.
    Respond(String, String),
    MachineTags(String),
    MachinesByTag,
    ListActions,
    Action(String),
    CancelAction(String),
    PackageLink(String),
}

/// Graph's hunting family (`/v1.0/security/runHuntingQuery`), for the budget and the stats.
pub(super) const HUNT_FAMILY: &str = "security/runHuntingQuery";

/// The response actions' paths under `machines/{id}/`.
const RESPONSES: &[&str] = &[
    "isolate",
    "unisolate",
    "runAntiVirusScan",
    "collectInvestigationPackage",
    "restrictCodeExecution",
    "unrestrictCodeExecution",
    "StopAndQuarantineFile",
];

/// Every application role the routes ask for: what a token grants unless the configuration
/// narrows it.
pub(super) const ALL_ROLES: &[&str] = &[
    "Alert.Read.All",
    "Alert.ReadWrite.All",
    "File.Read.All",
    "Ip.Read.All",
    "URL.Read.All",
    "Machine.Read.All",
    "Machine.ReadWrite.All",
    "User.Read.All",
    "Ti.ReadWrite.All",
    "Machine.Isolate",
    "Machine.Scan",
    "Machine.CollectForensics",
    "Machine.RestrictExecution",
    "Machine.StopAndQuarantine",
];

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
            ["machines", call] if call.starts_with("findbyip(") => Self::MachinesByIp(id(1)),
            ["machines", "findbytag"] => Self::MachinesByTag,
            ["machines", _] => Self::Machine(id(1)),
            ["machines", _, "alerts"] => Self::MachineAlerts(id(1)),
            ["machines", _, "logonusers"] => Self::MachineLogonUsers(id(1)),
            ["machines", _, "tags"] => Self::MachineTags(id(1)),
            ["machines", _, action] if RESPONSES.contains(action) => Self::Respond(id(1), id(2)),
            ["machineactions"] => Self::ListActions,
            ["machineactions", _] => Self::Action(id(1)),
            ["machineactions", _, "cancel"] => Self::CancelAction(id(1)),
            ["machineactions", _, "getPackageUri"] => Self::PackageLink(id(1)),
            ["users", _] => Self::User(id(1)),
            ["users", _, "alerts"] => Self::UserAlerts(id(1)),
            ["users", _, "machines"] => Self::UserMachines(id(1)),
            ["files", _] => Self::File(id(1)),
            ["files", _, "stats"] => Self::FileStats(id(1)),
            ["files", _, "alerts"] => Self::FileAlerts(id(1)),
            ["files", _, "machines"] => Self::FileMachines(id(1)),
            ["ips", _, "alerts"] => Self::IpAlerts(id(1)),
            ["ips", _, "stats"] => Self::IpStats(id(1)),
            ["domains", _, "alerts"] => Self::DomainAlerts(id(1)),
            ["domains", _, "machines"] => Self::DomainMachines(id(1)),
            ["domains", _, "stats"] => Self::DomainStats(id(1)),
            ["indicators"] => Self::ListIndicators,
            ["indicators", _] => Self::Indicator(id(1)),
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
            Self::File(_) => "files/{id}",
            Self::FileStats(_) => "files/{id}/stats",
            Self::FileAlerts(_) => "files/{id}/alerts",
            Self::FileMachines(_) => "files/{id}/machines",
            Self::IpAlerts(_) => "ips/{id}/alerts",
            Self::IpStats(_) => "ips/{id}/stats",
            Self::DomainAlerts(_) => "domains/{id}/alerts",
            Self::DomainMachines(_) => "domains/{id}/machines",
            Self::DomainStats(_) => "domains/{id}/stats",
            Self::MachinesByIp(_) => "machines/findbyip",
            Self::ListIndicators if method == Method::POST => "POST indicators",
            Self::ListIndicators => "indicators",
            Self::Indicator(_) => "DELETE indicators/{id}",
            Self::Respond(_, action) => match action.as_str() {
                "isolate" => "POST machines/{id}/isolate",
                "unisolate" => "POST machines/{id}/unisolate",
                "runAntiVirusScan" => "POST machines/{id}/runAntiVirusScan",
                "collectInvestigationPackage" => "POST machines/{id}/collectInvestigationPackage",
                "restrictCodeExecution" => "POST machines/{id}/restrictCodeExecution",
                "unrestrictCodeExecution" => "POST machines/{id}/unrestrictCodeExecution",
                _ => "POST machines/{id}/StopAndQuarantineFile",
            },
            Self::MachineTags(_) => "POST machines/{id}/tags",
            Self::MachinesByTag => "machines/findbytag",
            Self::ListActions | Self::Action(_) => "machineactions",
            Self::CancelAction(_) => "POST machineactions/{id}/cancel",
            Self::PackageLink(_) => "machineactions/{id}/getPackageUri",
        }
    }

    /// The application roles that allow the call (any one of them): see [`ALL_ROLES`].
    pub(super) fn roles(&self, method: &Method) -> &'static [&'static str] {
        match self {
            Self::Alert(_) if method == Method::PATCH => &["Alert.ReadWrite.All"],
            Self::BatchUpdate => &["Alert.ReadWrite.All"],
            Self::ListAlerts
            | Self::CountAlerts
            | Self::Alert(_)
            | Self::MachineAlerts(_)
            | Self::UserAlerts(_)
            | Self::FileAlerts(_)
            | Self::IpAlerts(_)
            | Self::DomainAlerts(_) => &["Alert.Read.All", "Alert.ReadWrite.All"],
            Self::File(_) | Self::FileStats(_) => &["File.Read.All"],
            Self::IpStats(_) => &["Ip.Read.All"],
            Self::DomainStats(_) => &["URL.Read.All"],
            Self::FileMachines(_) | Self::DomainMachines(_) | Self::MachinesByIp(_) => {
                &["Machine.Read.All", "Machine.ReadWrite.All"]
            }
            Self::UserMachines(_) => &["Machine.ReadWrite.All", "Machine.Read.All"],
            Self::ListMachines | Self::CountMachines | Self::Machine(_) | Self::AlertMachine(_) => {
                &["Machine.Read.All", "Machine.ReadWrite.All"]
            }
            Self::User(_) | Self::AlertUser(_) | Self::MachineLogonUsers(_) => &["User.Read.All"],
            Self::ListIndicators | Self::Indicator(_) => &["Ti.ReadWrite.All", "Ti.ReadWrite"],
            Self::Respond(_, action) => match action.as_str() {
                "isolate" | "unisolate" => &["Machine.Isolate"],
                "runAntiVirusScan" => &["Machine.Scan"],
                "collectInvestigationPackage" => &["Machine.CollectForensics"],
                "restrictCodeExecution" | "unrestrictCodeExecution" => {
                    &["Machine.RestrictExecution"]
                }
                _ => &["Machine.StopAndQuarantine"],
            },
            Self::MachineTags(_) | Self::MachinesByTag => &["Machine.ReadWrite.All"],
            Self::ListActions | Self::Action(_) => &["Machine.Read.All", "Machine.ReadWrite.All"],
            Self::PackageLink(_) => &["Machine.ReadWrite.All", "Machine.CollectForensics"],
            Self::CancelAction(_) => &[
                "Machine.ReadWrite.All",
                "Machine.Isolate",
                "Machine.Scan",
                "Machine.CollectForensics",
                "Machine.RestrictExecution",
                "Machine.StopAndQuarantine",
            ],
        }
    }

    pub(super) fn allowed(&self) -> &'static str {
        match self {
            Self::Alert(_) => "GET, PATCH",
            Self::BatchUpdate => "POST",
            Self::ListIndicators => "GET, POST",
            Self::Indicator(_) => "DELETE",
            Self::Respond(..) | Self::MachineTags(_) | Self::CancelAction(_) => "POST",
            _ => "GET",
        }
    }
}
