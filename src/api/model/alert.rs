//! Alerts, their users, comments and evidence.

use serde::{Deserialize, Serialize};

use super::decode::{Timestamp, lenient_i64, null_as_default, string_or_list};
use super::enums::{
    AlertStatus, Classification, Determination, EntityType, InvestigationState, Severity,
};
use super::machine::short_host;
use super::shared::{Shared, SharedList, shared};

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub id: String,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub incident_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub investigation_id: Option<i64>,
    #[serde(default, deserialize_with = "shared")]
    pub assigned_to: Option<Shared>,
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
    #[serde(default, deserialize_with = "shared")]
    pub detection_source: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub detector_id: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub category: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub threat_family_name: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub threat_name: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub title: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub description: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub recommended_action: Option<Shared>,
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
    #[serde(default, deserialize_with = "shared")]
    pub machine_id: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub computer_dns_name: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub rbac_group_name: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub aad_tenant_id: Option<Shared>,
    #[serde(default, deserialize_with = "string_or_list")]
    pub mitre_techniques: SharedList,
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

    /// The evidence as rows to follow: each piece of evidence, then each logged-on user the
    /// evidence does not already name (as a `User` row whose status says `logged on`).
    /// Rows without a time of their own take the alert's: it is when the IP view asks which
    /// machines used an address.
    pub fn evidence_rows(&self) -> Vec<Evidence> {
        let mut rows = self.evidence.clone();
        for row in &mut rows {
            if row.evidence_creation_time.is_none() {
                row.evidence_creation_time = self.alert_creation_time.clone();
            }
        }
        for user in &self.logged_on_users {
            let Some(name) = user.account_name.as_deref() else {
                continue;
            };
            let named = rows.iter().any(|e| {
                e.entity_type == Some(EntityType::User)
                    && e.account_name
                        .as_deref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(name))
            });
            if !named {
                rows.push(Evidence {
                    entity_type: Some(EntityType::User),
                    account_name: Some(name.to_owned()),
                    domain_name: user.domain_name.as_deref().map(str::to_owned),
                    detection_status: Some(LOGGED_ON.to_owned()),
                    ..Evidence::default()
                });
            }
        }
        rows
    }

    /// The short host name (`lt-ops-117` of `lt-ops-117.ad.fabrikam.com`).
    pub fn host(&self) -> Option<&str> {
        self.computer_dns_name.as_deref().map(short_host)
    }
}

/// The status of an evidence row made from a logged-on user.
pub const LOGGED_ON: &str = "logged on";

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedUser {
    #[serde(default, deserialize_with = "shared")]
    pub user_name: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub domain_name: Option<Shared>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedOnUser {
    #[serde(default, deserialize_with = "shared")]
    pub account_name: Option<Shared>,
    #[serde(default, deserialize_with = "shared")]
    pub domain_name: Option<Shared>,
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
