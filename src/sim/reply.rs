//! Responses as the real API shapes them: content types, error bodies, 429s, and the faults
//! that break a response on purpose.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub(super) const ODATA_CONTENT_TYPE: &str =
    "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
pub(super) const ERROR_CONTENT_TYPE: &str = "application/json; charset=utf-8";
pub(super) const MAX_TOP: usize = 10_000;

/// The API's error body, with its own content type and a correlation id in `target`.
pub(super) fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({"error": {"code": code, "message": message, "target": format!("|{:08x}-{:016x}.", fastrand::u32(..), fastrand::u64(..))}});
    (
        status,
        [(header::CONTENT_TYPE, ERROR_CONTENT_TYPE)],
        body.to_string(),
    )
        .into_response()
}

pub(super) fn odata_json(body: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ODATA_CONTENT_TYPE),
    );
    headers.insert("OData-Version", HeaderValue::from_static("4.0"));
    response
}

pub(super) fn throttled(secs: u64) -> Response {
    let secs = secs.max(1);
    let mut response = api_error(
        StatusCode::TOO_MANY_REQUESTS,
        "TooManyRequests",
        &format!("Rate limit is exceeded. Try again in {secs} seconds."),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

pub(super) async fn truncate(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    let mut response = Response::from_parts(parts, Body::from(cut));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// Headers, a little of the body, then the connection drops.
pub(super) fn reset() -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"value\": [")),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated reset",
        )),
    ];
    let mut response = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ODATA_CONTENT_TYPE),
    );
    response
}
