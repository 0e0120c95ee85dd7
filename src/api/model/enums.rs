//! The API's enumerations: decoded case-insensitively, unknown values kept.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
            /// Every value this build knows, as the wire spells it.
            pub const WIRE: &'static [&'static str] = &[$($wire),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(s) => s,
                }
            }

            /// The value a person typed (`in-progress`, `inprogress`, `In Progress`), among
            /// `allowed` wire names; the error lists them.
            pub fn named(typed: &str, allowed: &[&str]) -> Result<Self, String> {
                let loose = typed.trim().replace(['-', '_', ' '], "");
                allowed
                    .iter()
                    .find(|n| n.eq_ignore_ascii_case(&loose))
                    .map(|n| Self::from_wire(n))
                    .ok_or_else(|| format!("“{typed}”: one of {}", allowed.join(", ")))
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
