//! A custom indicator as the API lists and answers it.

use serde::{Deserialize, Deserializer, Serialize};

use super::super::model::{Severity, Timestamp, null_as_default};

/// One custom indicator, as `GET indicators` lists it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Indicator {
    /// A numeric string on the wire; a number is read too.
    #[serde(default, deserialize_with = "text_or_number")]
    pub id: String,
    #[serde(default)]
    pub indicator_value: Option<String>,
    /// `FileSha1`, `FileSha256`, `FileMd5`, `CertificateThumbprint`, `IpAddress`,
    /// `DomainName`, `Url`.
    #[serde(default)]
    pub indicator_type: Option<String>,
    /// `Allowed`, `Audit`, `Warn`, `Block`, `BlockAndRemediate` (legacy `Alert`,
    /// `AlertAndBlock`).
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub application: Option<String>,
    #[serde(default)]
    pub recommended_actions: Option<String>,
    #[serde(default)]
    pub expiration_time: Option<Timestamp>,
    #[serde(default)]
    pub creation_time_date_time_utc: Option<Timestamp>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub created_by_source: Option<String>,
    #[serde(default)]
    pub last_update_time: Option<Timestamp>,
    #[serde(default)]
    pub last_updated_by: Option<String>,
    #[serde(default)]
    pub generate_alert: Option<bool>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub rbac_group_names: Vec<String>,
}

fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(i64),
    }
    Ok(match Option::<Id>::deserialize(d)? {
        Some(Id::Text(s)) => s,
        Some(Id::Number(n)) => n.to_string(),
        None => String::new(),
    })
}
