//! Machines (devices).

use serde::{Deserialize, Serialize};

use super::decode::{Timestamp, lenient_i64, null_as_default};
use super::enums::*;

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

/// Whether `name` names the machine with device id `device` and DNS name `dns`: a machine's
/// resources are keyed by what opened it — its id, its full name or its short name.
pub fn names_machine(name: &str, device: &str, dns: Option<&str>) -> bool {
    let dns = dns.unwrap_or_default();
    [device, dns, short_host(dns)]
        .iter()
        .any(|n| !n.is_empty() && n.eq_ignore_ascii_case(name))
}

/// `lt-ops-117.ad.fabrikam.com` → `lt-ops-117`.
pub fn short_host(dns: &str) -> &str {
    dns.split('.')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(dns)
}
