//! A machine action as the API answers and lists it (`mde-api.md` §12).

use serde::{Deserialize, Serialize};

use super::super::error::ApiError;
use super::super::model::Timestamp;
use super::super::update::rules::visible;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MachineAction {
    #[serde(default)]
    pub id: String,
    /// `Isolate`, `Unisolate`, `RunAntiVirusScan`, `CollectInvestigationPackage`,
    /// `StopAndQuarantineFile`, `RestrictCodeExecution`, `UnrestrictCodeExecution`, …
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// `Full`/`Selective` (isolation), `Quick`/`Full` (scan), else none.
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub requestor: Option<String>,
    #[serde(default)]
    pub requestor_comment: Option<String>,
    #[serde(default)]
    pub request_source: Option<String>,
    /// `Pending`, `InProgress`, `Succeeded`, `Failed`, `TimeOut`, `Cancelled`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub machine_id: Option<String>,
    #[serde(default)]
    pub computer_dns_name: Option<String>,
    #[serde(default)]
    pub creation_date_time_utc: Option<Timestamp>,
    /// The list page's examples spell it `lastUpdateTimeUtc`: both are read.
    #[serde(default, alias = "lastUpdateTimeUtc")]
    pub last_update_date_time_utc: Option<Timestamp>,
    #[serde(default)]
    pub cancellation_requestor: Option<String>,
    #[serde(default)]
    pub cancellation_comment: Option<String>,
    #[serde(default)]
    pub cancellation_date_time_utc: Option<Timestamp>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub error_h_result: Option<i64>,
}

impl MachineAction {
    /// Whether it may still change: `Pending` or `InProgress`.
    pub fn in_flight(&self) -> bool {
        matches!(self.status.as_deref(), Some("Pending" | "InProgress"))
    }
}

/// A machine action's id is a GUID: anything else is refused unsent.
pub(super) fn action_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(ApiError::NotSent(format!(
            "“{}” is not a machine action id",
            visible(id)
        )));
    }
    Ok(())
}
