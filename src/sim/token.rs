//! The token endpoint, answering as Entra does (client credentials only).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::time::Instant;

use super::state::SimState;

/// Entra's error shape for the token endpoint.
pub(super) fn entra_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({
        "error": error,
        "error_description": format!("{description}\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nTimestamp: 2026-11-19 12:00:00Z"),
        "error_codes": [description.split(':').next().unwrap_or_default().trim_start_matches("AADSTS").parse::<u64>().unwrap_or(0)],
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

pub(super) async fn token(
    State(state): State<Arc<SimState>>,
    Path(tenant): Path<String>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    let creds = &state.config.credentials;
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    if !tenant.eq_ignore_ascii_case(&creds.tenant_id) {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("AADSTS90002: Tenant '{tenant}' not found."),
        );
    }
    if field("grant_type") != "client_credentials" {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "AADSTS70003: The app requested an unsupported grant type.",
        );
    }
    if field("client_id") != creds.client_id {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            &format!(
                "AADSTS700016: Application with identifier '{}' was not found in the directory.",
                field("client_id")
            ),
        );
    }
    if field("client_secret") != creds.client_secret {
        return entra_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            &format!(
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.",
                creds.client_id
            ),
        );
    }
    let scope = field("scope");
    let graph = scope.eq_ignore_ascii_case("https://graph.microsoft.com/.default");
    if !graph && !scope.eq_ignore_ascii_case("https://api.securitycenter.microsoft.com/.default") {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!(
                "AADSTS1002012: The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier."
            ),
        );
    }
    let nonce = {
        let mut rng = state.rng.lock().unwrap();
        format!("{:016x}{:016x}", rng.u64(..), rng.u64(..))
    };
    let token = access_token(&state, &nonce, graph);
    if graph {
        state.graph_tokens.lock().unwrap().insert(token.clone());
    }
    let lifetime = state.config.token_lifetime;
    state
        .tokens
        .lock()
        .unwrap()
        .insert(token.clone(), Some(Instant::now() + lifetime));
    state.stats.lock().unwrap().tokens_issued += 1;
    axum::Json(json!({
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs(),
        "ext_expires_in": lifetime.as_secs(),
        "access_token": token,
    }))
    .into_response()
}

/// A token shaped as Entra's: a JWT (unsigned: the simulator checks its own list, not a
/// signature) naming the tenant, the app and the roles granted — every role the routes know
/// unless the configuration narrows them — so a client reads what it may do as from a real
/// one.
fn access_token(state: &SimState, nonce: &str, graph: bool) -> String {
    use base64::Engine;
    let creds = &state.config.credentials;
    let roles: Vec<&str> = match (graph, &state.config.roles, &state.config.graph_roles) {
        (false, Some(granted), _) | (true, _, Some(granted)) => {
            granted.iter().map(String::as_str).collect()
        }
        (false, None, _) => super::routes::ALL_ROLES.to_vec(),
        (true, _, None) => vec!["ThreatHunting.Read.All"],
    };
    let claims = json!({
        "aud": if graph { "https://graph.microsoft.com" } else { "https://api.securitycenter.microsoft.com" },
        "iss": format!("https://sts.windows.net/{}/", creds.tenant_id),
        "tid": creds.tenant_id,
        "appid": creds.client_id,
        "roles": roles,
        "uti": nonce,
    });
    let encode = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    format!(
        "{}.{}.sim-unsigned",
        encode(&json!({"alg": "none", "typ": "JWT"})),
        encode(&claims)
    )
}
