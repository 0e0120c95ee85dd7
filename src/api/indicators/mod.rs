//! Custom indicators (`mde-api.md` §13): the file hashes, addresses, domains, URLs and
//! certificates the tenant alerts on, blocks or allows — listed, as a scope of types; and
//! submitted or deleted (`submit`), checked before any call.

mod caution;
mod submit;
mod wire;

use std::fmt;

pub use caution::{caution, signed_caution};
pub use submit::{IndicatorAction, IndicatorType, NewIndicator};
pub use wire::Indicator;

use super::client::{Client, Page};
use super::endpoint::Endpoint;
use super::error::ApiError;

impl Endpoint {
    /// `GET indicators`: the tenant's active indicators (an app without `Ti.ReadWrite.All`
    /// sees only its own).
    pub const LIST_INDICATORS: Self = Self::new("indicators", "Ti.ReadWrite.All");
}

/// Which of the tenant's indicators a list asks for: all, or those of one family of types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IndicatorScope {
    #[default]
    All,
    Files,
    Addresses,
    Domains,
    Urls,
    Certificates,
}

impl IndicatorScope {
    /// The words that name a scope, as `:indicators WORD` completes them.
    pub const WORDS: [&'static str; 6] = ["all", "files", "ips", "domains", "urls", "certificates"];

    /// The scope a person typed (`file`, `ips`, `addresses`, `url`, `certs`); empty is all.
    pub fn named(word: &str) -> Result<Self, String> {
        Ok(match word.trim().to_ascii_lowercase().as_str() {
            "" | "all" => Self::All,
            "file" | "files" | "hash" | "hashes" => Self::Files,
            "ip" | "ips" | "address" | "addresses" => Self::Addresses,
            "domain" | "domains" => Self::Domains,
            "url" | "urls" => Self::Urls,
            "cert" | "certs" | "certificate" | "certificates" => Self::Certificates,
            other => {
                return Err(format!(
                    "“{other}” is not a kind of indicator ({})",
                    Self::WORDS.join(", ")
                ));
            }
        })
    }

    /// The scope that lists indicators of `kind`.
    pub fn of(kind: IndicatorType) -> Self {
        match kind {
            IndicatorType::FileSha1 | IndicatorType::FileSha256 | IndicatorType::FileMd5 => {
                Self::Files
            }
            IndicatorType::IpAddress => Self::Addresses,
            IndicatorType::DomainName => Self::Domains,
            IndicatorType::Url => Self::Urls,
            IndicatorType::CertificateThumbprint => Self::Certificates,
        }
    }

    /// The indicator types the scope covers, as the wire spells them.
    pub fn types(self) -> &'static [&'static str] {
        match self {
            Self::All => &[],
            Self::Files => &["FileSha1", "FileSha256", "FileMd5"],
            Self::Addresses => &["IpAddress"],
            Self::Domains => &["DomainName"],
            Self::Urls => &["Url"],
            Self::Certificates => &["CertificateThumbprint"],
        }
    }

    /// The `$filter` of the scope, if it is not all.
    pub fn filter(self) -> Option<String> {
        let clauses: Vec<String> = self
            .types()
            .iter()
            .map(|t| format!("indicatorType eq '{t}'"))
            .collect();
        (!clauses.is_empty()).then(|| clauses.join(" or "))
    }
}

impl fmt::Display for IndicatorScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self {
            Self::All => "all",
            Self::Files => "files",
            Self::Addresses => "ips",
            Self::Domains => "domains",
            Self::Urls => "urls",
            Self::Certificates => "certificates",
        };
        f.write_str(word)
    }
}

impl Client {
    /// `GET indicators`, of the scope's types, page by page.
    pub async fn indicators(&self, scope: IndicatorScope) -> Result<Page<Indicator>, ApiError> {
        let mut url = self.url(&["indicators"]);
        if let Some(filter) = scope.filter() {
            url.query_pairs_mut().append_pair("$filter", &filter);
        }
        self.get_page(Endpoint::LIST_INDICATORS, url).await
    }

    /// `GET indicators` of one value (of any type): how a change is read back. A value has
    /// a handful of indicators at most, so the first page is all of them.
    pub async fn indicators_of(&self, value: &str) -> Result<Vec<Indicator>, ApiError> {
        let mut url = self.url(&["indicators"]);
        url.query_pairs_mut().append_pair(
            "$filter",
            &format!("indicatorValue eq {}", super::query::quoted(value)),
        );
        Ok(self.get_page(Endpoint::LIST_INDICATORS, url).await?.items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::Severity;

    #[test]
    fn scopes_read_as_typed_and_filter_by_type() {
        assert_eq!(IndicatorScope::named(""), Ok(IndicatorScope::All));
        assert_eq!(
            IndicatorScope::named(" IPs "),
            Ok(IndicatorScope::Addresses)
        );
        assert_eq!(
            IndicatorScope::named("cert"),
            Ok(IndicatorScope::Certificates)
        );
        assert!(
            IndicatorScope::named("beacons")
                .unwrap_err()
                .contains("files, ips")
        );
        assert_eq!(IndicatorScope::All.filter(), None);
        assert_eq!(
            IndicatorScope::Files.filter().unwrap(),
            "indicatorType eq 'FileSha1' or indicatorType eq 'FileSha256' or indicatorType eq 'FileMd5'"
        );
        for word in IndicatorScope::WORDS {
            let scope = IndicatorScope::named(word).unwrap();
            assert_eq!(scope.to_string(), word);
        }
    }

    #[test]
    fn an_indicator_reads_with_a_numeric_id_and_nulls() {
        let text = r#"{"id": 995, "indicatorValue": "1.2.3.4", "indicatorType": "IpAddress",
            "action": "Block", "severity": "high", "rbacGroupNames": null,
            "expirationTime": null, "someNewField": 1}"#;
        let i: Indicator = serde_json::from_str(text).unwrap();
        assert_eq!(i.id, "995");
        assert_eq!(i.severity, Some(Severity::High));
        assert!(i.rbac_group_names.is_empty());
        let i: Indicator = serde_json::from_str(r#"{"id": "17"}"#).unwrap();
        assert_eq!(i.id, "17");
    }
}
