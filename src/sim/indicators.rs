//! Custom indicators as the API keeps them (`mde-api.md` §13): `POST /indicators` submits one
//! (or updates the one with the same value and type), `DELETE /indicators/{id}` removes one,
//! and the API's validation answers 400 — written apart from the client's rules, so a rule
//! the client forgot shows up here as a refusal.

use std::net::IpAddr;

use axum::http::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::tenant::Tenant;

type Refusal = (StatusCode, &'static str, String);

/// The most active indicators a tenant may hold.
pub const TENANT_CAP: usize = 15_000;

const FILE_ACTIONS: &[&str] = &["Allowed", "Audit", "Warn", "Block", "BlockAndRemediate"];
const NETWORK_ACTIONS: &[&str] = &["Allowed", "Audit", "Warn", "Block"];
const CERTIFICATE_ACTIONS: &[&str] = &["Allowed", "BlockAndRemediate"];

fn bad(message: impl Into<String>) -> Refusal {
    (
        StatusCode::BAD_REQUEST,
        "InvalidRequestBody",
        message.into(),
    )
}

fn hex(value: &str, len: usize) -> bool {
    value.len() == len && value.chars().all(|c| c.is_ascii_hexdigit())
}

/// An external address in the form the API takes (IPv6 written in full).
fn external(value: &str) -> bool {
    let Ok(ip) = value.parse::<IpAddr>() else {
        return false;
    };
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || (a == 100 && (64..128).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            value.split(':').count() == 8
                && !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || first & 0xfe00 == 0xfc00
                    || first & 0xffc0 == 0xfe80)
        }
    }
}

/// Whether `value` is a `kind`, and the actions that type takes.
fn kind_rules(kind: &str, value: &str) -> Result<&'static [&'static str], Refusal> {
    let (fits, actions) = match kind {
        "FileSha1" => (hex(value, 40), FILE_ACTIONS),
        "FileSha256" => (hex(value, 64), FILE_ACTIONS),
        "FileMd5" => (hex(value, 32), FILE_ACTIONS),
        "CertificateThumbprint" => (hex(value, 40), CERTIFICATE_ACTIONS),
        "IpAddress" => (external(value), NETWORK_ACTIONS),
        "DomainName" => (
            value.contains('.') && !value.contains(['/', ' ', ':']),
            NETWORK_ACTIONS,
        ),
        "Url" => (
            value.starts_with("http://") || value.starts_with("https://"),
            NETWORK_ACTIONS,
        ),
        other => {
            return Err(bad(format!(
                "The indicator type '{other}' is not supported"
            )));
        }
    };
    if fits {
        Ok(actions)
    } else {
        Err(bad(format!(
            "The indicator value '{value}' is not a valid {kind}"
        )))
    }
}

fn text<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key).and_then(Value::as_str)
}

/// `POST /indicators`: the stored indicator, new or updated.
pub(super) fn submit(
    tenant: &mut Tenant,
    body: &[u8],
    by: &str,
    now: OffsetDateTime,
) -> Result<Value, Refusal> {
    let body: Value = serde_json::from_slice(body).map_err(|e| bad(format!("{e}")))?;
    let required = |key: &'static str| {
        text(&body, key)
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| bad(format!("The field '{key}' is required")))
    };
    let (value, kind, action) = (
        required("indicatorValue")?,
        required("indicatorType")?,
        required("action")?,
    );
    required("title")?;
    required("description")?;
    let actions = kind_rules(kind, value)?;
    if !actions.contains(&action) {
        return Err(bad(format!(
            "The action '{action}' is not allowed for indicator type '{kind}'"
        )));
    }
    if action == "Audit" && body.get("generateAlert") != Some(&Value::Bool(true)) {
        return Err(bad("generateAlert must be true for the Audit action"));
    }
    if let Some(at) = text(&body, "expirationTime") {
        let at = OffsetDateTime::parse(at, &Rfc3339)
            .map_err(|_| bad("expirationTime is not a valid date"))?;
        if at <= now {
            return Err(bad("expirationTime must be in the future"));
        }
    }
    let stamp = now.format(&Rfc3339).unwrap_or_default();
    let existing = tenant.indicators().iter().position(|i| {
        text(i, "indicatorType") == Some(kind)
            && text(i, "indicatorValue").is_some_and(|v| v.eq_ignore_ascii_case(value))
    });
    if existing.is_none() && tenant.indicators().len() >= TENANT_CAP {
        return Err(bad(format!(
            "The tenant has reached its limit of {TENANT_CAP} indicators"
        )));
    }
    let mut stored = match existing {
        Some(at) => tenant.indicators()[at].clone(),
        None => json!({
            "id": tenant.next_indicator_id().to_string(),
            "creationTimeDateTimeUtc": stamp,
            "createdBy": by,
            "createdBySource": "PublicApi",
            "sourceType": "AadApp",
        }),
    };
    for key in [
        "indicatorValue",
        "indicatorType",
        "action",
        "title",
        "description",
        "severity",
        "expirationTime",
        "generateAlert",
        "recommendedActions",
        "rbacGroupNames",
        "application",
    ] {
        stored[key] = body.get(key).cloned().unwrap_or(Value::Null);
    }
    stored["lastUpdateTime"] = json!(stamp);
    stored["lastUpdatedBy"] = json!(by);
    tenant.put_indicator(existing, stored.clone());
    Ok(stored)
}

/// `DELETE /indicators/{id}`.
pub(super) fn delete(tenant: &mut Tenant, id: &str) -> Result<(), Refusal> {
    if tenant.remove_indicator(id) {
        Ok(())
    } else {
        Err((
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            format!("Indicator {id} was not found"),
        ))
    }
}
