//! A server that misbehaves on purpose, one way per user name under
//! `/api/users/{name}/alerts`, and counts every request it gets by path.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

/// Text an attacker would love to reach a terminal, a clipboard or a log: an OSC 52 clipboard
/// write, an OSC 0 title, a CSI, C1 controls, a bidi override and a forged log line.
pub const HOSTILE: &str = "owned\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;title\u{7}\u{1b}[2J\u{9b}31m\u{85}\u{202e}gnp.exe\r\nFAKE LOG LINE";

#[derive(Default)]
pub struct Seen {
    pub paths: Mutex<BTreeMap<String, u64>>,
}

impl Seen {
    pub fn count(&self, path: &str) -> u64 {
        self.paths.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.paths.lock().unwrap().values().sum()
    }
}

pub struct Hostile {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Hostile {
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

fn page(base: &str, next: Option<String>) -> Response {
    let mut body = json!({
        "@odata.context": format!("{base}/api/$metadata#Alerts"),
        "value": [{"id": "da1", "title": "an alert", "severity": "High"}],
    });
    if let Some(next) = next {
        body["@odata.nextLink"] = json!(next);
    }
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn alerts(
    State((seen, base)): State<(Arc<Seen>, String)>,
    Path(user): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let path = format!("/api/users/{user}/alerts");
    *seen.paths.lock().unwrap().entry(path.clone()).or_default() += 1;
    let skip: u64 = query.get("$skip").and_then(|s| s.parse().ok()).unwrap_or(0);
    match user.as_str() {
        "redirect-here" => (
            StatusCode::FOUND,
            [(header::LOCATION, "/api/users/victim/alerts")],
        )
            .into_response(),
        "redirect-away" => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, "http://127.0.0.2:9/steal")],
        )
            .into_response(),
        "hostile-title" => {
            let body = json!({"value": [{"id": "da1", "title": HOSTILE, "severity": "High"}]});
            (
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        "self-link" => page(&base, Some(format!("{base}{path}?$skip={skip}"))),
        "elsewhere" => page(&base, Some(format!("{base}/api/machines?$skip=1"))),
        "endless" => page(&base, Some(format!("{base}{path}?$skip={}", skip + 1))),
        // Four pages of one alert; each page after the first fails the first time it is asked.
        "stumbling" => {
            let mut paths = seen.paths.lock().unwrap();
            let asked = paths.entry(format!("{path}?$skip={skip}")).or_default();
            *asked += 1;
            if skip >= 1 && *asked == 1 {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            page(
                &base,
                (skip < 3).then(|| format!("{base}{path}?$skip={}", skip + 1)),
            )
        }
        "hostile-error" => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"error": {"code": "BadRequest", "message": HOSTILE}}).to_string(),
        )
            .into_response(),
        "retry-forever" => throttle("999999999"),
        "retry-negative" => throttle("-5"),
        "silent" => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            page(&base, None)
        }
        _ => page(&base, None),
    }
}

fn throttle(retry_after: &'static str) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, retry_after)],
        json!({"error": {"code": "TooManyRequests", "message": "slow down"}}).to_string(),
    )
        .into_response()
}

/// Starts the server on a free loopback port.
pub async fn start() -> Hostile {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let app = Router::new()
        .route("/api/users/{user}/alerts", get(alerts))
        .with_state((seen.clone(), format!("http://{addr}")));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Hostile { addr, seen, task }
}

/// A client for the hostile server with a static token (no sign-in) and `timeout`.
pub fn client(server: &Hostile, timeout: Duration) -> mdetui::api::Client {
    let endpoints = mdetui::api::Endpoints::for_cloud(mdetui::api::Cloud::Commercial, None)
        .and_then(|e| e.with_api_url(&server.base()))
        .unwrap();
    mdetui::api::Client::new(
        &endpoints,
        mdetui::api::Credentials::StaticToken(mdetui::api::Secret::new("hostile-test-token")),
        &mdetui::api::ClientOptions {
            timeout,
            ..mdetui::api::ClientOptions::default()
        },
    )
}
