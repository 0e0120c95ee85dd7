//! The shapes of the noise vocabulary (`assets/demo/noise.json`) and of the wire the noise
//! is written in.

use serde::Deserialize;
use serde_json::{Map, Value};

/// The API's timestamps up to the seconds; the fraction and `Z` are added by hand.
pub(super) const WIRE_SECONDS: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

/// Every key an evidence object carries on the wire (null when not applicable).
pub(super) const EVIDENCE_KEYS: [&str; 26] = [
    "entityType",
    "evidenceCreationTime",
    "sha1",
    "sha256",
    "fileName",
    "filePath",
    "processId",
    "processCommandLine",
    "processCreationTime",
    "parentProcessId",
    "parentProcessCreationTime",
    "parentProcessFileName",
    "parentProcessFilePath",
    "ipAddress",
    "url",
    "registryKey",
    "registryHive",
    "registryValueType",
    "registryValue",
    "registryValueName",
    "accountName",
    "domainName",
    "userSid",
    "aadUserId",
    "userPrincipalName",
    "detectionStatus",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Vocabulary {
    pub(super) first_names: Vec<String>,
    pub(super) last_names: Vec<String>,
    pub(super) departments: Vec<Department>,
    pub(super) servers: Vec<String>,
    pub(super) workstation_os: Vec<(String, String, Option<i64>)>,
    pub(super) server_os: Vec<(String, String, Option<i64>)>,
    pub(super) alert_templates: Vec<AlertTemplate>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Department {
    pub(super) code: String,
    pub(super) group: String,
    pub(super) group_id: i64,
    pub(super) subnet: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AlertTemplate {
    pub(super) title: String,
    pub(super) category: String,
    pub(super) severity: String,
    pub(super) detection_source: String,
    pub(super) mitre_techniques: Vec<String>,
    #[serde(default)]
    pub(super) threat_family_name: Option<String>,
    pub(super) description: String,
    pub(super) resolution: (String, String),
    pub(super) evidence: Vec<Map<String, Value>>,
}
