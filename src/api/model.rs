//! The API's entities as they arrive on the wire.
//!
//! Real responses carry undocumented fields, miss documented ones and are full of nulls, so almost
//! every field is optional, unknown keys are ignored, enums keep values they do not know
//! (`Other`), numbers the docs call strings are accepted either way, and timestamps keep their
//! raw text when they do not parse. Nothing in a response decodes into an error that a human
//! would not also call broken.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Declares an API enum that compares case-insensitively on decode and keeps unknown values.
macro_rules! api_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this build does not know, kept as sent.
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(s) => s,
                }
            }

            pub fn from_wire(s: &str) -> Self {
                $(if s.eq_ignore_ascii_case($wire) { return Self::$variant; })+
                Self::Other(s.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from_wire(&s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

api_enum!(Severity {
    UnSpecified = "UnSpecified",
    Informational = "Informational",
    Low = "Low",
    Medium = "Medium",
    High = "High",
});

impl Severity {
    /// Orders severities for sorting: High first when descending.
    pub fn rank(&self) -> u8 {
        match self {
            Self::High => 4,
            Self::Medium => 3,
            Self::Low => 2,
            Self::Informational => 1,
            Self::UnSpecified | Self::Other(_) => 0,
        }
    }
}

api_enum!(AlertStatus {
    Unknown = "Unknown",
    New = "New",
    InProgress = "InProgress",
    Resolved = "Resolved",
});

api_enum!(Classification {
    TruePositive = "TruePositive",
    InformationalExpectedActivity = "InformationalExpectedActivity",
    FalsePositive = "FalsePositive",
    Unknown = "Unknown",
});

api_enum!(
    /// Both documented vocabularies are known (`ConfirmedActivity`/`ConfirmedUserActivity`,
    /// `NotMalicious`/`Clean`), plus the retired `Apt` and `SecurityPersonnel`.
    Determination {
        MultiStagedAttack = "MultiStagedAttack",
        MaliciousUserActivity = "MaliciousUserActivity",
        CompromisedUser = "CompromisedUser",
        Malware = "Malware",
        Phishing = "Phishing",
        UnwantedSoftware = "UnwantedSoftware",
        SecurityTesting = "SecurityTesting",
        LineOfBusinessApplication = "LineOfBusinessApplication",
        ConfirmedUserActivity = "ConfirmedUserActivity",
        ConfirmedActivity = "ConfirmedActivity",
        Clean = "Clean",
        NotMalicious = "NotMalicious",
        InsufficientData = "InsufficientData",
        Apt = "Apt",
        SecurityPersonnel = "SecurityPersonnel",
        NotAvailable = "NotAvailable",
        OtherDetermination = "Other",
    }
);

api_enum!(InvestigationState {
    Unknown = "Unknown",
    Terminated = "Terminated",
    SuccessfullyRemediated = "SuccessfullyRemediated",
    Benign = "Benign",
    Failed = "Failed",
    PartiallyRemediated = "PartiallyRemediated",
    Running = "Running",
    PendingApproval = "PendingApproval",
    PendingResource = "PendingResource",
    PartiallyInvestigated = "PartiallyInvestigated",
    TerminatedByUser = "TerminatedByUser",
    TerminatedBySystem = "TerminatedBySystem",
    Queued = "Queued",
    InnerFailure = "InnerFailure",
    PreexistingAlert = "PreexistingAlert",
    UnsupportedOs = "UnsupportedOs",
    UnsupportedAlertType = "UnsupportedAlertType",
    SuppressedAlert = "SuppressedAlert",
});

api_enum!(HealthStatus {
    Active = "Active",
    Inactive = "Inactive",
    ImpairedCommunication = "ImpairedCommunication",
    NoSensorData = "NoSensorData",
    NoSensorDataImpairedCommunication = "NoSensorDataImpairedCommunication",
    Unknown = "Unknown",
});

api_enum!(
    /// The docs say `onboarded`, real responses `Onboarded`: decoding ignores case.
    OnboardingStatus {
        Onboarded = "Onboarded",
        CanBeOnboarded = "CanBeOnboarded",
        Unsupported = "Unsupported",
        InsufficientInfo = "InsufficientInfo",
    }
);

api_enum!(
    /// Shared by `riskScore` and `exposureLevel`.
    RiskLevel {
        None = "None",
        Informational = "Informational",
        Low = "Low",
        Medium = "Medium",
        High = "High",
    }
);

impl RiskLevel {
    pub fn rank(&self) -> u8 {
        match self {
            Self::High => 4,
            Self::Medium => 3,
            Self::Low => 2,
            Self::Informational => 1,
            Self::None | Self::Other(_) => 0,
        }
    }
}

api_enum!(DeviceValue {
    Normal = "Normal",
    Low = "Low",
    High = "High",
});

api_enum!(EntityType {
    User = "User",
    Process = "Process",
    File = "File",
    Ip = "Ip",
    Url = "Url",
    RegistryKey = "RegistryKey",
    RegistryValue = "RegistryValue",
    MailMessage = "MailMessage",
    MailBox = "MailBox",
});

const SHORT_FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

/// A point in time as the API sends it: UTC with 0 to 7 fractional digits. Text that does not
/// parse is kept rather than failing the whole response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timestamp {
    Parsed(OffsetDateTime),
    Unparsed(String),
}

impl Timestamp {
    pub fn parse(raw: &str) -> Self {
        OffsetDateTime::parse(raw, &Rfc3339)
            .map(Self::Parsed)
            .unwrap_or_else(|_| Self::Unparsed(raw.to_owned()))
    }

    pub fn datetime(&self) -> Option<OffsetDateTime> {
        match self {
            Self::Parsed(t) => Some(*t),
            Self::Unparsed(_) => None,
        }
    }

    /// `2024-05-21 14:05:12` in UTC: what a table cell shows.
    pub fn short(&self) -> String {
        match self {
            Self::Parsed(t) => t
                .to_offset(time::UtcOffset::UTC)
                .format(SHORT_FORMAT)
                .unwrap_or_default(),
            Self::Unparsed(s) => s.clone(),
        }
    }

    /// Seconds since the Unix epoch, for sorting; unparsed text sorts first.
    pub fn sort_key(&self) -> i128 {
        self.datetime()
            .map_or(i128::MIN, |t| t.unix_timestamp_nanos())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parsed(t) => f.write_str(&t.format(&Rfc3339).map_err(|_| fmt::Error)?),
            Self::Unparsed(s) => f.write_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::parse(&String::deserialize(d)?))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `null` and a missing key both mean the default (an empty list, usually).
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A number the docs call a string (`rbacGroupId`, ids in old data): accept both, and keep
/// `None` for text that is not a number rather than failing.
fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumOrText {
        Num(i64),
        Float(f64),
        Text(String),
    }
    Ok(match Option::<NumOrText>::deserialize(d)? {
        Some(NumOrText::Num(n)) => Some(n),
        Some(NumOrText::Float(f)) if f.fract() == 0.0 => Some(f as i64),
        Some(NumOrText::Text(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// `mitreTechniques` is an array in responses but a String in the docs table: accept both,
/// splitting a comma list.
fn string_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Option<String>>),
        One(String),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::Many(v)) => v.into_iter().flatten().collect(),
        Some(OneOrMany::One(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub id: String,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub incident_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub investigation_id: Option<i64>,
    #[serde(default)]
    pub assigned_to: Option<String>,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub status: Option<AlertStatus>,
    #[serde(default)]
    pub classification: Option<Classification>,
    #[serde(default)]
    pub determination: Option<Determination>,
    #[serde(default)]
    pub investigation_state: Option<InvestigationState>,
    #[serde(default)]
    pub detection_source: Option<String>,
    #[serde(default)]
    pub detector_id: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub threat_family_name: Option<String>,
    #[serde(default)]
    pub threat_name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub recommended_action: Option<String>,
    #[serde(default)]
    pub alert_creation_time: Option<Timestamp>,
    #[serde(default)]
    pub first_event_time: Option<Timestamp>,
    #[serde(default)]
    pub last_event_time: Option<Timestamp>,
    #[serde(default)]
    pub last_update_time: Option<Timestamp>,
    #[serde(default)]
    pub resolved_time: Option<Timestamp>,
    #[serde(default)]
    pub machine_id: Option<String>,
    #[serde(default)]
    pub computer_dns_name: Option<String>,
    #[serde(default)]
    pub rbac_group_name: Option<String>,
    #[serde(default)]
    pub aad_tenant_id: Option<String>,
    #[serde(default, deserialize_with = "string_or_list")]
    pub mitre_techniques: Vec<String>,
    #[serde(default)]
    pub related_user: Option<RelatedUser>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub logged_on_users: Vec<LoggedOnUser>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub comments: Vec<Comment>,
    /// Empty in list responses unless `$expand=evidence` was asked for: empty is not "none".
    #[serde(default, deserialize_with = "null_as_default")]
    pub evidence: Vec<Evidence>,
}

impl Alert {
    pub fn severity_rank(&self) -> u8 {
        self.severity.as_ref().map_or(0, Severity::rank)
    }

    /// The short host name (`lt-ops-117` of `lt-ops-117.ad.fabrikam.com`).
    pub fn host(&self) -> Option<&str> {
        self.computer_dns_name.as_deref().map(short_host)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedUser {
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub domain_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedOnUser {
    #[serde(default)]
    pub account_name: Option<String>,
    #[serde(default)]
    pub domain_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub created_time: Option<Timestamp>,
}

/// One piece of evidence. The wire sends every key, null where it does not apply.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    #[serde(default)]
    pub entity_type: Option<EntityType>,
    #[serde(default)]
    pub evidence_creation_time: Option<Timestamp>,
    #[serde(default)]
    pub sha1: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub file_name: Option<String>,
    /// The folder only; the file name is separate.
    #[serde(default)]
    pub file_path: Option<String>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub process_id: Option<i64>,
    #[serde(default)]
    pub process_command_line: Option<String>,
    #[serde(default)]
    pub process_creation_time: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub parent_process_id: Option<i64>,
    #[serde(default)]
    pub parent_process_creation_time: Option<Timestamp>,
    #[serde(default)]
    pub parent_process_file_name: Option<String>,
    #[serde(default)]
    pub parent_process_file_path: Option<String>,
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub registry_key: Option<String>,
    #[serde(default)]
    pub registry_hive: Option<String>,
    #[serde(default)]
    pub registry_value_type: Option<String>,
    #[serde(default)]
    pub registry_value: Option<String>,
    #[serde(default)]
    pub registry_value_name: Option<String>,
    #[serde(default)]
    pub account_name: Option<String>,
    #[serde(default)]
    pub domain_name: Option<String>,
    #[serde(default)]
    pub user_sid: Option<String>,
    #[serde(default)]
    pub aad_user_id: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub detection_status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Machine {
    pub id: String,
    #[serde(default)]
    pub computer_dns_name: Option<String>,
    #[serde(default)]
    pub first_seen: Option<Timestamp>,
    #[serde(default)]
    pub last_seen: Option<Timestamp>,
    #[serde(default)]
    pub os_platform: Option<String>,
    #[serde(default)]
    pub os_version: Option<String>,
    #[serde(default)]
    pub os_processor: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub os_build: Option<i64>,
    #[serde(default)]
    pub os_architecture: Option<String>,
    #[serde(default)]
    pub last_ip_address: Option<String>,
    #[serde(default)]
    pub last_external_ip_address: Option<String>,
    #[serde(default)]
    pub agent_version: Option<String>,
    #[serde(default)]
    pub health_status: Option<HealthStatus>,
    #[serde(default)]
    pub onboarding_status: Option<OnboardingStatus>,
    #[serde(default)]
    pub device_value: Option<DeviceValue>,
    /// Numeric on the wire although the docs say String; `0` means no group.
    #[serde(default, deserialize_with = "lenient_i64")]
    pub rbac_group_id: Option<i64>,
    #[serde(default)]
    pub rbac_group_name: Option<String>,
    #[serde(default)]
    pub risk_score: Option<RiskLevel>,
    #[serde(default)]
    pub exposure_level: Option<RiskLevel>,
    #[serde(default)]
    pub is_aad_joined: Option<bool>,
    #[serde(default)]
    pub aad_device_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub machine_tags: Vec<String>,
    #[serde(default)]
    pub defender_av_status: Option<String>,
    #[serde(default)]
    pub managed_by: Option<String>,
    #[serde(default)]
    pub managed_by_status: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub ip_addresses: Vec<IpAddress>,
    #[serde(default)]
    pub vm_metadata: Option<VmMetadata>,
    #[serde(default)]
    pub merged_into_machine_id: Option<String>,
    #[serde(default)]
    pub is_potential_duplication: Option<bool>,
    #[serde(default)]
    pub is_excluded: Option<bool>,
    #[serde(default)]
    pub exclusion_reason: Option<String>,
}

impl Machine {
    pub fn host(&self) -> &str {
        self.computer_dns_name
            .as_deref()
            .map_or(&self.id, short_host)
    }

    pub fn risk_rank(&self) -> u8 {
        self.risk_score.as_ref().map_or(0, RiskLevel::rank)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IpAddress {
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub mac_address: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub operational_status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VmMetadata {
    #[serde(default)]
    pub vm_id: Option<String>,
    #[serde(default)]
    pub cloud_provider: Option<String>,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub subscription_id: Option<String>,
}

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

/// The list envelope: `{"value": [...], "@odata.nextLink": "..."}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Collection<T> {
    #[serde(default = "Vec::new", deserialize_with = "null_as_default")]
    pub value: Vec<T>,
    #[serde(default, rename = "@odata.nextLink")]
    pub next_link: Option<String>,
}

/// `{"error": {"code", "message", "target"}}`; every part optional, since proxies and gateways
/// answer with other shapes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: Option<ErrorDetail>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorDetail {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
}

/// `lt-ops-117.ad.fabrikam.com` → `lt-ops-117`.
pub fn short_host(dns: &str) -> &str {
    dns.split('.')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(dns)
}

#[cfg(test)]
mod tests;
