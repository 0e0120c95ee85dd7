//! Microsoft Graph's `POST /v1.0/security/runHuntingQuery` over the demo tenant (`mde-api.md`
//! §14): a token for Graph's audience with `ThreatHunting.Read.All`, Graph's own allowance
//! (45 a minute), a CPU quota that can be made to run out, and enough KQL for the shipped
//! hunts and the common operators — anything else answers 400 saying where, as Graph does.

// Handlers return a ready `Response` as their error, the usual axum idiom.
#![allow(clippy::result_large_err)]

mod eval;
mod evidence;
mod expr;
mod functions;
mod lex;
mod parse;
mod summarize;
mod tables;
mod value;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::reply::{api_error, throttled};
use super::state::SimState;

use super::routes::HUNT_FAMILY as FAMILY;
/// The most rows Graph returns.
const MAX_ROWS: usize = 100_000;

pub(super) async fn run(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let response = answer(&state, &headers, &body).await;
    state.record(FAMILY, "/v1.0/security/runHuntingQuery", response.status());
    response
}

async fn answer(state: &SimState, headers: &HeaderMap, body: &[u8]) -> Response {
    if let Err(response) = check_graph_bearer(state, headers) {
        return response;
    }
    let granted = state.config.graph_roles.as_ref().is_none_or(|r| {
        r.iter()
            .any(|g| g.eq_ignore_ascii_case("ThreatHunting.Read.All"))
    });
    if !granted {
        return api_error(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "Missing application permissions: ThreatHunting.Read.All.",
        );
    }
    if let Some(retry) = state.take_cpu_refusal() {
        let mut response = api_error(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            &format!(
                "Query execution has exceeded the allowed limits. The query has used 100% of the tenant's CPU resources for the current 15-minute cycle; the next cycle starts in {retry} seconds."
            ),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry));
        return response;
    }
    let admitted = state
        .budget
        .lock()
        .unwrap()
        .try_acquire(FAMILY, crate::engine::now());
    if let Err(free_at) = admitted {
        let wait = free_at.saturating_duration_since(crate::engine::now());
        return throttled(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
    }
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return bad("The request body is not valid JSON.");
    };
    let field = |k: &str| {
        request
            .as_object()
            .and_then(|o| o.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)))
            .and_then(|(_, v)| v.as_str())
    };
    let Some(query) = field("Query") else {
        return bad("The Query parameter is required.");
    };
    let since = field("Timespan")
        .and_then(days)
        .map(|d| time::OffsetDateTime::now_utc() - time::Duration::days(d));
    let tenant = state.tenant.read().unwrap();
    match execute(query, &tenant, since) {
        Ok(body) => axum::Json(body).into_response(),
        Err(e) => bad(&e.message),
    }
}

/// A bearer token issued for Graph: a Defender token is refused as Graph refuses it.
fn check_graph_bearer(state: &SimState, headers: &HeaderMap) -> Result<(), Response> {
    let token = state.valid_bearer(headers)?;
    if state.graph_tokens.lock().unwrap().contains(token) {
        Ok(())
    } else {
        Err(api_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token validation failure. Invalid audience.",
        ))
    }
}

fn bad(message: &str) -> Response {
    api_error(StatusCode::BAD_REQUEST, "BadRequest", message)
}

/// `P7D` → 7; `PT12H` → 1 (a part of a day is a day); anything else: no limit.
fn days(timespan: &str) -> Option<i64> {
    let span = timespan.split('/').next()?;
    if let Some(d) = span.strip_prefix('P').and_then(|d| d.strip_suffix('D')) {
        return d.parse().ok();
    }
    span.strip_prefix("PT")
        .and_then(|h| h.strip_suffix('H'))
        .and_then(|h| h.parse::<i64>().ok())
        .map(|h| (h + 23) / 24)
}

/// Runs `query` over the tenant's tables (rows older than `since` left out): Graph's answer.
fn execute(
    query: &str,
    tenant: &super::tenant::Tenant,
    since: Option<time::OffsetDateTime>,
) -> Result<Value, lex::KqlError> {
    let parsed = parse::parse(lex::tokens(query)?)?;
    let source = |name: &str| {
        let mut t = tables::build(name, tenant)?;
        if let (Some(since), Some(at)) = (since, t.columns.iter().position(|c| c == "Timestamp")) {
            t.rows.retain(|r| match &r[at] {
                value::Val::Time(when) => *when >= since,
                _ => true,
            });
        }
        Some(t)
    };
    let mut table = eval::run(&parsed, &source, time::OffsetDateTime::now_utc())?;
    table.rows.truncate(MAX_ROWS);
    let schema: Vec<Value> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let kind = table
                .rows
                .iter()
                .map(|r| &r[i])
                .find(|v| !matches!(v, value::Val::Null))
                .map_or("String", value::Val::type_name);
            json!({"name": name, "type": kind})
        })
        .collect();
    let results: Vec<Value> = table
        .rows
        .iter()
        .map(|row| {
            Value::Object(
                table
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| (c.clone(), v.json()))
                    .collect(),
            )
        })
        .collect();
    Ok(json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults",
        "schema": schema,
        "results": results,
    }))
}

#[cfg(test)]
mod tests;
