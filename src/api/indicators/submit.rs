//! A new (or updated) custom indicator, checked before any call (`mde-api.md` §13): the value
//! must be what its type says, the action one the type takes, an address external, an
//! expiry in the future, an `Audit` one must raise alerts, and the text must be printable.
//! Submitting the same value, type and action again updates the existing indicator.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::Serialize;
use time::OffsetDateTime;

use super::super::client::Client;
use super::super::endpoint::Endpoint;
use super::super::error::ApiError;
use super::super::model::Severity;
use super::super::observable::Domain;
use super::super::update::rules::{Invalid, visible};
use super::wire::Indicator;

impl Endpoint {
    /// `POST indicators`: submit, or update the indicator with the same value.
    pub const SUBMIT_INDICATOR: Self = Self::new("POST indicators", "Ti.ReadWrite.All");
    /// `DELETE indicators/{id}`.
    pub const DELETE_INDICATOR: Self = Self::new("DELETE indicators/{id}", "Ti.ReadWrite.All");
}

/// The longest title mdetui sends; the API documents none.
pub const MAX_TITLE_CHARS: usize = 256;
/// The longest description or recommended action mdetui sends.
pub const MAX_TEXT_CHARS: usize = 4_000;

/// What an indicator is about, as the API names the types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IndicatorType {
    FileSha1,
    FileSha256,
    FileMd5,
    CertificateThumbprint,
    IpAddress,
    DomainName,
    Url,
}

/// What an indicator does where it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IndicatorAction {
    Allowed,
    Audit,
    Warn,
    Block,
    BlockAndRemediate,
}

impl IndicatorType {
    pub const ALL: [Self; 7] = [
        Self::FileSha1,
        Self::FileSha256,
        Self::FileMd5,
        Self::CertificateThumbprint,
        Self::IpAddress,
        Self::DomainName,
        Self::Url,
    ];

    /// The type a person typed: the API's name or a short one (`sha256`, `ip`, `domain`).
    pub fn named(typed: &str) -> Result<Self, Invalid> {
        Ok(match loose(typed).as_str() {
            "filesha1" | "sha1" => Self::FileSha1,
            "filesha256" | "sha256" => Self::FileSha256,
            "filemd5" | "md5" => Self::FileMd5,
            "certificatethumbprint" | "certificate" | "cert" => Self::CertificateThumbprint,
            "ipaddress" | "ip" => Self::IpAddress,
            "domainname" | "domain" => Self::DomainName,
            "url" => Self::Url,
            _ => {
                return Err(Invalid(format!(
                    "“{}” is not an indicator type (sha1, sha256, md5, certificate, ip, domain, url)",
                    visible(typed)
                )));
            }
        })
    }

    /// The actions the API takes for this type.
    pub fn actions(self) -> &'static [IndicatorAction] {
        use IndicatorAction::*;
        match self {
            Self::FileSha1 | Self::FileSha256 | Self::FileMd5 => {
                &[Allowed, Audit, Warn, Block, BlockAndRemediate]
            }
            Self::IpAddress | Self::DomainName | Self::Url => &[Allowed, Audit, Warn, Block],
            Self::CertificateThumbprint => &[Allowed, BlockAndRemediate],
        }
    }
}

impl IndicatorAction {
    /// The action a person typed: the API's name or a short one (`allow`, `remediate`).
    pub fn named(typed: &str) -> Result<Self, Invalid> {
        Ok(match loose(typed).as_str() {
            "allowed" | "allow" => Self::Allowed,
            "audit" => Self::Audit,
            "warn" => Self::Warn,
            "block" => Self::Block,
            "blockandremediate" | "remediate" => Self::BlockAndRemediate,
            _ => {
                return Err(Invalid(format!(
                    "“{}” is not an indicator action (allow, audit, warn, block, blockandremediate)",
                    visible(typed)
                )));
            }
        })
    }

    /// Whether the action stops what it matches (and so deserves a typed confirmation).
    pub fn blocks(self) -> bool {
        matches!(self, Self::Block | Self::BlockAndRemediate)
    }
}

/// An indicator to submit. `value` is normalised by [`NewIndicator::check`] (hashes lower
/// case, an IPv6 address written in full) before it is shown or sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewIndicator {
    #[serde(rename = "indicatorValue")]
    pub value: String,
    #[serde(rename = "indicatorType")]
    pub kind: IndicatorType,
    pub action: IndicatorAction,
    pub title: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// `None`: it never expires.
    #[serde(
        rename = "expirationTime",
        serialize_with = "rfc3339",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires: Option<OffsetDateTime>,
    pub generate_alert: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended_actions: Option<String>,
    /// The device groups it applies to; empty: all devices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rbac_group_names: Vec<String>,
}

impl NewIndicator {
    /// The indicator as it will be sent, or why it cannot be: its value normalised and
    /// every rule of §13 checked at `now`.
    pub fn check(mut self, now: OffsetDateTime) -> Result<Self, Invalid> {
        self.value = normal_value(self.kind, &self.value)?;
        if !self.kind.actions().contains(&self.action) {
            return Err(Invalid(format!(
                "a {:?} indicator cannot {:?}: its actions are {}",
                self.kind,
                self.action,
                names(self.kind.actions())
            )));
        }
        if self.action == IndicatorAction::Audit && !self.generate_alert {
            return Err(Invalid(
                "an Audit indicator must raise alerts (generateAlert)".into(),
            ));
        }
        if let Some(at) = self.expires
            && at <= now
        {
            return Err(Invalid("the expiry is in the past".into()));
        }
        // The API reads whole seconds: what is shown is what is sent.
        self.expires = self.expires.and_then(|at| at.replace_nanosecond(0).ok());
        text("the title", &self.title, MAX_TITLE_CHARS, false)?;
        text("the description", &self.description, MAX_TEXT_CHARS, true)?;
        if let Some(actions) = &self.recommended_actions {
            text("the recommended actions", actions, MAX_TEXT_CHARS, true)?;
        }
        for group in &self.rbac_group_names {
            text("a device group", group, MAX_TITLE_CHARS, false)?;
        }
        if let Some(severity @ (Severity::Other(_) | Severity::UnSpecified)) = &self.severity {
            return Err(Invalid(format!(
                "“{}” is not a severity (Informational, Low, Medium, High)",
                visible(severity.as_str())
            )));
        }
        Ok(self)
    }
}

/// An expiry as the API reads it: RFC 3339, UTC, to the second.
fn rfc3339<S: serde::Serializer>(at: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
    let text = at.and_then(|at| {
        at.to_offset(time::UtcOffset::UTC)
            .replace_nanosecond(0)
            .ok()?
            .format(&time::format_description::well_known::Rfc3339)
            .ok()
    });
    match text {
        Some(text) => s.serialize_str(&text),
        None => s.serialize_none(),
    }
}

/// What was typed, as the names are compared: lower case, without `-`, `_` or spaces.
fn loose(typed: &str) -> String {
    typed
        .trim()
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "")
}

fn names(actions: &[IndicatorAction]) -> String {
    actions
        .iter()
        .map(|a| format!("{a:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Required, printable (line breaks allowed where `lines`), and not too long.
fn text(what: &str, value: &str, max: usize, lines: bool) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        return Err(Invalid(format!("{what} is required")));
    }
    if value.chars().count() > max {
        return Err(Invalid(format!("{what} is longer than {max} characters")));
    }
    let allowed = |c: char| lines && matches!(c, '\n' | '\t');
    if value
        .chars()
        .any(|c| !allowed(c) && crate::sanitize::is_unsafe(c))
    {
        return Err(Invalid(format!(
            "{what} holds control characters: “{}”",
            visible(value)
        )));
    }
    Ok(())
}

/// The value as the API takes it for `kind`, or why it is not one.
fn normal_value(kind: IndicatorType, value: &str) -> Result<String, Invalid> {
    let value = value.trim();
    let wrong = |what: &str| {
        Invalid(format!(
            "“{}” is not {what} (a {kind:?} indicator's value)",
            visible(value)
        ))
    };
    let hex = |len: usize, what: &str| {
        if value.len() == len && value.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(value.to_ascii_lowercase())
        } else {
            Err(wrong(what))
        }
    };
    match kind {
        IndicatorType::FileSha1 => hex(40, "a SHA-1 (40 hex digits)"),
        IndicatorType::FileSha256 => hex(64, "a SHA-256 (64 hex digits)"),
        IndicatorType::FileMd5 => hex(32, "an MD5 (32 hex digits)"),
        IndicatorType::CertificateThumbprint => {
            hex(40, "a certificate thumbprint (40 hex digits)").map(|t| t.to_ascii_uppercase())
        }
        IndicatorType::IpAddress => {
            if value.contains('/') {
                return Err(Invalid(
                    "an IP indicator takes one address, not a range (no CIDR)".into(),
                ));
            }
            let ip: IpAddr = value
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse()
                .map_err(|_| wrong("an IP address"))?;
            if let Some(why) = internal(ip) {
                return Err(Invalid(format!(
                    "{ip} is {why}: the API takes external addresses only"
                )));
            }
            Ok(match ip {
                IpAddr::V4(v4) => v4.to_string(),
                IpAddr::V6(v6) => full_v6(v6),
            })
        }
        IndicatorType::DomainName => Domain::parse(value)
            .map(|d| d.to_string())
            .map_err(|_| wrong("a domain name")),
        IndicatorType::Url => {
            let url = url::Url::parse(value).map_err(|_| wrong("a URL"))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(wrong("an http or https URL"));
            }
            if value.chars().any(crate::sanitize::is_unsafe) {
                return Err(wrong("a URL without control characters"));
            }
            Ok(value.to_owned())
        }
    }
}

/// An IPv6 address in its full eight-group form, as the API takes it.
fn full_v6(ip: Ipv6Addr) -> String {
    ip.segments()
        .iter()
        .map(|s| format!("{s:04x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Why an address is not external, if it is not.
fn internal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return internal_v4(v4);
            }
            let first = v6.segments()[0];
            if v6.is_loopback() || v6.is_unspecified() {
                Some("a loopback or unspecified address")
            } else if first & 0xfe00 == 0xfc00 {
                Some("a unique local (private) address")
            } else if first & 0xffc0 == 0xfe80 {
                Some("a link-local address")
            } else if v6.is_multicast() {
                Some("a multicast address")
            } else if first == 0x2001 && v6.segments()[1] == 0x0db8 {
                Some("a documentation address")
            } else {
                None
            }
        }
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_private() {
        Some("a private address")
    } else if ip.is_loopback() || ip.is_unspecified() {
        Some("a loopback or unspecified address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a shared (carrier-grade NAT) address")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("a multicast, broadcast or reserved address")
    } else if ip.is_documentation() {
        Some("a documentation address")
    } else {
        None
    }
}

impl Client {
    /// `POST indicators`: submits `indicator` (checked first; nothing is sent when it fails)
    /// and returns it as the API stored it.
    pub async fn submit_indicator(&self, indicator: &NewIndicator) -> Result<Indicator, ApiError> {
        let checked = indicator
            .clone()
            .check(OffsetDateTime::now_utc())
            .map_err(ApiError::from)?;
        let url = self.url(&["indicators"]);
        let body = serde_json::to_value(&checked).expect("indicators serialize");
        self.send_json(
            reqwest::Method::POST,
            Endpoint::SUBMIT_INDICATOR,
            url,
            &body,
        )
        .await
    }

    /// `DELETE indicators/{id}`: ids are numbers, so anything else is refused unsent.
    pub async fn delete_indicator(&self, id: &str) -> Result<(), ApiError> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(ApiError::NotSent(format!(
                "“{}” is not an indicator id (a number)",
                visible(id)
            )));
        }
        let url = self.url(&["indicators", id]);
        self.send(
            reqwest::Method::DELETE,
            Endpoint::DELETE_INDICATOR,
            url,
            None,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
#[path = "submit_tests.rs"]
mod tests;
