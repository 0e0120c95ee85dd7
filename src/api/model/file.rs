//! Files and the organisation statistics of files, IP addresses and domains (`mde-api.md` §10).

use serde::{Deserialize, Serialize};

use super::decode::{Timestamp, lenient_i64, null_as_default};

/// `GET /files/{sha1 or sha256}`: what Microsoft knows of a file worldwide.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct File {
    #[serde(default)]
    pub sha1: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
    /// Only in `/alerts/{id}/files`.
    #[serde(default)]
    pub md5: Option<String>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub global_prevalence: Option<i64>,
    #[serde(default)]
    pub global_first_observed: Option<Timestamp>,
    #[serde(default)]
    pub global_last_observed: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub size: Option<i64>,
    #[serde(default)]
    pub file_type: Option<String>,
    #[serde(default)]
    pub is_pe_file: Option<bool>,
    #[serde(default)]
    pub file_publisher: Option<String>,
    #[serde(default)]
    pub file_product_name: Option<String>,
    #[serde(default)]
    pub signer: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub signer_hash: Option<String>,
    #[serde(default)]
    pub is_valid_certificate: Option<bool>,
    #[serde(default)]
    pub determination_type: Option<String>,
    #[serde(default)]
    pub determination_value: Option<String>,
}

impl File {
    /// The hash it is known by: SHA-1 when the API gave one.
    pub fn key(&self) -> &str {
        self.sha1
            .as_deref()
            .filter(|h| !h.is_empty())
            .or(self.sha256.as_deref())
            .unwrap_or_default()
    }
}

/// `GET /files/{id}/stats`: the file in this organisation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileStats {
    #[serde(default)]
    pub sha1: Option<String>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub organization_prevalence: Option<i64>,
    #[serde(default)]
    pub org_first_seen: Option<Timestamp>,
    #[serde(default)]
    pub org_last_seen: Option<Timestamp>,
    /// Sic: the API spells it so.
    #[serde(default, deserialize_with = "lenient_i64")]
    pub globally_prevalence: Option<i64>,
    #[serde(default)]
    pub global_first_observed: Option<Timestamp>,
    #[serde(default)]
    pub global_last_observed: Option<Timestamp>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub top_file_names: Vec<String>,
}

/// What `/ips/{ip}/stats` and `/domains/{domain}/stats` answer: how many of the
/// organisation's devices used or reached the address or domain, first and last. The subject
/// is `ipAddress` in the one and `host` in the other.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgStats {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub organization_prevalence: Option<i64>,
    #[serde(default)]
    pub org_first_seen: Option<Timestamp>,
    #[serde(default)]
    pub org_last_seen: Option<Timestamp>,
}

impl OrgStats {
    /// The address or the host name.
    pub fn subject(&self) -> Option<&str> {
        self.ip_address.as_deref().or(self.host.as_deref())
    }
}

/// `GET /ips/{ip}/stats`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct IpStats(pub OrgStats);

/// `GET /domains/{domain}/stats`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct DomainStats(pub OrgStats);

impl std::ops::Deref for IpStats {
    type Target = OrgStats;
    fn deref(&self) -> &OrgStats {
        &self.0
    }
}

impl std::ops::Deref for DomainStats {
    type Target = OrgStats;
    fn deref(&self) -> &OrgStats {
        &self.0
    }
}
