//! The HTTP side of the simulator: token endpoint, bearer checks, per-API rate limits, faults,
//! and every endpoint the client uses, answering as the real API does.

// Handlers return a ready `Response` as their error, the usual axum idiom; its size is moot.
#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::config::WriteFault;
use super::faults::Fault;
use super::lists::respond;
use super::reply::{api_error, reset, throttled, truncate};
use super::routes::Route;
use super::state::SimState;
use super::token::token;

pub fn router(state: Arc<SimState>) -> Router {
    Router::new()
        .route("/{tenant}/oauth2/v2.0/token", post(token))
        .route("/_sim/stats", get(stats))
        .route("/v1.0/security/runHuntingQuery", post(super::hunt::run))
        .route(
            "/_sim/package/{id}",
            get(|| async { super::actions::PACKAGE.to_vec() }),
        )
        .fallback(api)
        .with_state(state)
}

async fn stats(State(state): State<Arc<SimState>>) -> Response {
    let body = serde_json::to_vec(&*state.stats.lock().unwrap()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn api(
    State(state): State<Arc<SimState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(route) = Route::parse(uri.path()) else {
        return api_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            "The requested resource does not exist.",
        );
    };
    if !route.allowed().split(", ").any(|m| m == method.as_str()) {
        // Seen in real responses: 405 with an empty body and an Allow header.
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, route.allowed())],
        )
            .into_response();
    }
    let family = route.family(&method);
    let write = method == Method::PATCH || matches!(route, Route::BatchUpdate);
    match state.config.write_fault.filter(|_| write) {
        Some(WriteFault::FailUnapplied) => {
            let response = api_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "An unexpected error occurred.",
            );
            state.record(family, uri.path(), response.status());
            response
        }
        Some(WriteFault::Throttle(seconds)) => {
            let response = throttled(seconds);
            state.record(family, uri.path(), response.status());
            response
        }
        Some(WriteFault::CommitLate(after)) => {
            // The write lands after `after`, whether or not the caller still waits: a task
            // of its own, which a dropped connection does not cancel.
            let task = tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let response = handle(&state, &route, family, &method, &uri, &headers, &body).await;
                state.record(family, uri.path(), response.status());
                response
            });
            task.await.unwrap_or_else(|_| reset())
        }
        None => {
            let response = handle(&state, &route, family, &method, &uri, &headers, &body).await;
            state.record(family, uri.path(), response.status());
            response
        }
    }
}

async fn handle(
    state: &SimState,
    route: &Route,
    family: &'static str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    if let Err(response) = check_bearer(state, headers) {
        return response;
    }
    let roles = route.roles(method);
    if let Some(granted) = &state.config.roles
        && !roles
            .iter()
            .any(|r| granted.iter().any(|g| g.eq_ignore_ascii_case(r)))
    {
        return api_error(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &format!(
                "The application does not have any of the required application roles ({}) to access the resource.",
                roles.join(", ")
            ),
        );
    }
    let (delay, fault) = {
        let mut rng = state.rng.lock().unwrap();
        let jitter = state.config.jitter.as_millis() as u64;
        let delay = state.config.latency
            + Duration::from_millis(if jitter > 0 { rng.u64(0..=jitter) } else { 0 });
        (delay, state.config.faults.pick(rng.f64()))
    };
    if fault == Some(Fault::Throttle) {
        return throttled(2);
    }
    let admitted = state
        .budget
        .lock()
        .unwrap()
        .try_acquire(family, crate::engine::now());
    if let Err(free_at) = admitted {
        let wait = free_at.saturating_duration_since(crate::engine::now());
        return throttled(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
    }
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let response = match fault {
        Some(Fault::ServerError) => {
            return api_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "An unexpected error occurred.",
            );
        }
        Some(Fault::Hang) => {
            tokio::time::sleep(state.config.hang_for).await;
            return api_error(StatusCode::GATEWAY_TIMEOUT, "GatewayTimeout", "hung");
        }
        Some(Fault::Malformed) => {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body><h1>Service Unavailable</h1></body></html>",
            )
                .into_response();
        }
        _ => super::actions::respond(state, route, method, uri, headers, body)
            .unwrap_or_else(|| respond(state, route, method, uri, headers, body)),
    };
    match fault {
        Some(Fault::Truncate) if response.status().is_success() => truncate(response).await,
        Some(Fault::Reset) => reset(),
        _ => response,
    }
}

/// A bearer token the simulator issued and that has not expired, for this API's audience.
fn check_bearer(state: &SimState, headers: &HeaderMap) -> Result<(), Response> {
    let token = state.valid_bearer(headers)?;
    // A token for Graph's audience is not one for this API.
    if state.graph_tokens.lock().unwrap().contains(token) {
        return Err(api_error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "The access token has an invalid audience.",
        ));
    }
    Ok(())
}
