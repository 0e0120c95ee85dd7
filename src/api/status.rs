//! HTTP answers that are not the data: error statuses and bodies as typed errors,
//! `Retry-After`, and transport failures.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

use super::endpoint::Endpoint;
use super::error::ApiError;
use super::model::ErrorBody;
use super::transport::describe_transport;

/// Maps an error status and its body to the typed error.
pub fn status_error(
    endpoint: Endpoint,
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
) -> ApiError {
    let detail = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .and_then(|b| b.error)
        .unwrap_or_default();
    let message = detail
        .message
        .as_deref()
        .map(|m| m.chars().take(300).collect::<String>())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("no message").to_owned());
    match status.as_u16() {
        404 => ApiError::NotFound { message },
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden {
            permission: endpoint.permission().to_owned(),
            message,
        },
        429 => ApiError::Throttled {
            retry_after,
            message,
        },
        s if s >= 500 => ApiError::Server { status: s, message },
        s => ApiError::BadRequest {
            code: detail.code.unwrap_or_else(|| format!("HTTP {s}")),
            message,
        },
    }
}

/// `Retry-After` is seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

pub fn transport_error(e: reqwest::Error) -> ApiError {
    if e.is_timeout() {
        ApiError::Timeout
    } else {
        ApiError::Network(describe_transport(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        let later = SystemTime::now() + Duration::from_secs(90);
        let parsed = parse_retry_after(&httpdate::fmt_http_date(later)).unwrap();
        assert!(parsed <= Duration::from_secs(90) && parsed >= Duration::from_secs(85));
        let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn statuses_map_to_typed_errors() {
        let body = br#"{"error":{"code":"Forbidden","message":"The application does not have any of the required application roles","target":"|x."}}"#;
        let e = status_error(Endpoint::USER_ALERTS, StatusCode::FORBIDDEN, None, body);
        assert!(
            matches!(&e, ApiError::Forbidden { permission, .. } if permission == "Alert.Read.All")
        );
        let e = status_error(
            Endpoint::GET_ALERT,
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(2)),
            b"",
        );
        assert_eq!(
            e.to_string(),
            "throttled by the API (429), retry in 2 s: Too Many Requests"
        );
        let e = status_error(
            Endpoint::GET_ALERT,
            StatusCode::BAD_GATEWAY,
            None,
            b"<html>",
        );
        assert!(matches!(e, ApiError::Server { status: 502, .. }));
        let e = status_error(
            Endpoint::GET_ALERT,
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            b"",
        );
        assert!(matches!(e, ApiError::BadRequest { code, .. } if code == "HTTP 405"));
    }
}
