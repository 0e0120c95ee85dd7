//! The evidence endpoints (`mde-api.md` §10): files, IP addresses, domains and the machines
//! that used an address. Ids are typed, so what the API would refuse is refused here first.

use super::client::{Client, Page};
use super::endpoint::Endpoint;
use super::error::ApiError;
use super::model::{Alert, DomainStats, File, FileStats, IpStats, Machine};
use super::observable::{Domain, FileHash, Ip, Sha1};

impl Client {
    /// `files/{sha1 or sha256}`. An MD5 is refused before any call: no endpoint takes one.
    pub async fn file(&self, hash: &FileHash) -> Result<File, ApiError> {
        lookup_hash(hash)?;
        let url = self.url(&["files", &hash.segment()]);
        self.get(Endpoint::GET_FILE, url).await
    }

    /// `files/{id}/stats` over the default look-back (30 days).
    pub async fn file_stats(&self, hash: &FileHash) -> Result<FileStats, ApiError> {
        lookup_hash(hash)?;
        let url = self.url(&["files", &hash.segment(), "stats"]);
        self.get(Endpoint::FILE_STATS, url).await
    }

    /// `files/{sha1}/alerts`: SHA-1 only, so the type asks for one.
    pub async fn file_alerts(&self, sha1: &Sha1) -> Result<Page<Alert>, ApiError> {
        let url = self.url(&["files", sha1.as_str(), "alerts"]);
        self.get_page(Endpoint::FILE_ALERTS, url).await
    }

    pub async fn file_machines(&self, sha1: &Sha1) -> Result<Page<Machine>, ApiError> {
        let url = self.url(&["files", sha1.as_str(), "machines"]);
        self.get_page(Endpoint::FILE_MACHINES, url).await
    }

    pub async fn ip_alerts(&self, ip: &Ip) -> Result<Page<Alert>, ApiError> {
        let url = self.url(&["ips", &ip.segment(), "alerts"]);
        self.get_page(Endpoint::IP_ALERTS, url).await
    }

    pub async fn ip_stats(&self, ip: &Ip) -> Result<IpStats, ApiError> {
        let url = self.url(&["ips", &ip.segment(), "stats"]);
        self.get(Endpoint::IP_STATS, url).await
    }

    pub async fn domain_alerts(&self, domain: &Domain) -> Result<Page<Alert>, ApiError> {
        let url = self.url(&["domains", &domain.segment(), "alerts"]);
        self.get_page(Endpoint::DOMAIN_ALERTS, url).await
    }

    /// At most 500 machines: the API's cap, with no next page behind it.
    pub async fn domain_machines(&self, domain: &Domain) -> Result<Page<Machine>, ApiError> {
        let url = self.url(&["domains", &domain.segment(), "machines"]);
        self.get_page(Endpoint::DOMAIN_MACHINES, url).await
    }

    pub async fn domain_stats(&self, domain: &Domain) -> Result<DomainStats, ApiError> {
        let url = self.url(&["domains", &domain.segment(), "stats"]);
        self.get(Endpoint::DOMAIN_STATS, url).await
    }

    /// The machines that used `ip` within 15 minutes of `at`; the API looks back 30 days.
    pub async fn machines_by_ip(
        &self,
        ip: &Ip,
        at: time::OffsetDateTime,
    ) -> Result<Page<Machine>, ApiError> {
        // Both parts are ours to write (a parsed address, a formatted UTC time): nothing in
        // the function call can be taken for path syntax.
        let at = at
            .to_offset(time::UtcOffset::UTC)
            .replace_nanosecond(0)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .ok_or_else(|| ApiError::BadRequest {
                code: "InvalidTimestamp".into(),
                message: "the time cannot be written for the API".into(),
            })?;
        let call = format!("findbyip(ip='{ip}',timestamp={at})");
        let url = self.url(&["machines", &call]);
        self.get_page(Endpoint::MACHINES_BY_IP, url).await
    }
}

/// `/files/{id}` takes a SHA-1 or a SHA-256: an MD5 is bad input, said without a call.
fn lookup_hash(hash: &FileHash) -> Result<(), ApiError> {
    if hash.is_lookup() {
        Ok(())
    } else {
        Err(ApiError::BadRequest {
            code: "InvalidHash".into(),
            message: format!(
                "the API finds files by SHA-1 or SHA-256, not {} ({hash})",
                hash.algorithm()
            ),
        })
    }
}
