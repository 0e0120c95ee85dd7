//! The API's endpoints: their names, rate-limit families and the permission each needs.

/// The API's endpoints. Each is its own rate-limit family: the docs give every endpoint
/// ("this API") its own 100/minute and 1,500/hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    GetUser,
    UserAlerts,
    UserMachines,
    GetAlert,
    AlertUser,
    AlertMachine,
    GetMachine,
    MachineAlerts,
    MachineLogonUsers,
    /// `GET alerts` with `$filter`: the queue and an incident's alerts.
    ListAlerts,
    GetFile,
    FileStats,
    FileAlerts,
    FileMachines,
    IpAlerts,
    IpStats,
    DomainAlerts,
    DomainMachines,
    DomainStats,
    /// `machines/findbyip(ip=…,timestamp=…)`: the machines that used an address then.
    MachinesByIp,
    /// `PATCH alerts/{id}`: a write, with its own allowance.
    UpdateAlert,
    /// `POST alerts/batchUpdate`: many alerts in one call, 10 a minute and 500 an hour.
    BatchUpdate,
}

impl Endpoint {
    /// The path pattern, as the docs and the status bar name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::GetUser => "users/{id}",
            Self::UserAlerts => "users/{id}/alerts",
            Self::UserMachines => "users/{id}/machines",
            Self::GetAlert => "alerts/{id}",
            Self::AlertUser => "alerts/{id}/user",
            Self::AlertMachine => "alerts/{id}/machine",
            Self::GetMachine => "machines/{id}",
            Self::MachineAlerts => "machines/{id}/alerts",
            Self::MachineLogonUsers => "machines/{id}/logonusers",
            Self::ListAlerts => "alerts",
            Self::GetFile => "files/{id}",
            Self::FileStats => "files/{id}/stats",
            Self::FileAlerts => "files/{id}/alerts",
            Self::FileMachines => "files/{id}/machines",
            Self::IpAlerts => "ips/{id}/alerts",
            Self::IpStats => "ips/{id}/stats",
            Self::DomainAlerts => "domains/{id}/alerts",
            Self::DomainMachines => "domains/{id}/machines",
            Self::DomainStats => "domains/{id}/stats",
            Self::MachinesByIp => "machines/findbyip",
            Self::UpdateAlert => "PATCH alerts/{id}",
            Self::BatchUpdate => "alerts/batchUpdate",
        }
    }

    /// The application permission the endpoint needs, for the 403 message.
    pub fn permission(self) -> &'static str {
        match self {
            Self::UserAlerts
            | Self::GetAlert
            | Self::MachineAlerts
            | Self::ListAlerts
            | Self::FileAlerts
            | Self::IpAlerts => "Alert.Read.All",
            // The newest pages list only the ReadWrite permission for these (§10).
            Self::DomainAlerts => "Alert.ReadWrite.All",
            Self::UserMachines | Self::DomainMachines | Self::MachinesByIp => {
                "Machine.ReadWrite.All"
            }
            Self::AlertMachine | Self::GetMachine | Self::FileMachines => "Machine.Read.All",
            Self::GetFile | Self::FileStats => "File.Read.All",
            Self::IpStats => "Ip.Read.All",
            Self::DomainStats => "URL.Read.All",
            Self::GetUser | Self::AlertUser | Self::MachineLogonUsers => "User.Read.All",
            Self::UpdateAlert | Self::BatchUpdate => "Alert.ReadWrite.All",
        }
    }
}
