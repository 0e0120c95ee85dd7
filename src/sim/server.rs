//! The HTTP side of the simulator: token endpoint, bearer checks, per-API rate limits, faults,
//! and every endpoint the client uses, answering as the real API does.

// Handlers return a ready `Response` as their error, the usual axum idiom; its size is moot.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Value, json};
use tokio::time::Instant;

use super::SimConfig;
use super::faults::Fault;
use super::odata;
use super::tenant::Tenant;
use crate::engine::budget::Budget;

const ODATA_CONTENT_TYPE: &str =
    "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
const ERROR_CONTENT_TYPE: &str = "application/json; charset=utf-8";
const MAX_TOP: usize = 10_000;

const ALERT_FILTERS: &[&str] = &[
    "alertCreationTime",
    "lastUpdateTime",
    "incidentId",
    "investigationId",
    "id",
    "assignedTo",
    "detectionSource",
    "lastEventTime",
    "status",
    "severity",
    "category",
];
const MACHINE_FILTERS: &[&str] = &[
    "computerDnsName",
    "id",
    "version",
    "deviceValue",
    "aadDeviceId",
    "machineTags",
    "lastSeen",
    "exposureLevel",
    "onboardingStatus",
    "lastIpAddress",
    "healthStatus",
    "osPlatform",
    "riskScore",
    "rbacGroupId",
];

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Calls per API family, then per status code.
    pub calls: BTreeMap<&'static str, BTreeMap<u16, u64>>,
    pub throttled: u64,
    pub tokens_issued: u64,
    pub total: u64,
    /// The paths of the first calls, in the order they arrived (for ordering tests).
    pub requests: Vec<String>,
}

const REQUEST_LOG_CAP: usize = 10_000;

pub struct SimState {
    pub config: SimConfig,
    pub tenant: RwLock<Tenant>,
    tokens: Mutex<HashMap<String, Option<Instant>>>,
    budget: Mutex<Budget<&'static str>>,
    stats: Mutex<Stats>,
    rng: Mutex<fastrand::Rng>,
}

impl SimState {
    pub fn new(config: SimConfig, tenant: Tenant) -> Self {
        let mut tokens = HashMap::new();
        if let Some(fixed) = &config.fixed_token {
            tokens.insert(fixed.clone(), None);
        }
        Self {
            budget: Mutex::new(Budget::new(config.limits)),
            rng: Mutex::new(fastrand::Rng::with_seed(config.seed)),
            config,
            tenant: RwLock::new(tenant),
            tokens: Mutex::new(tokens),
            stats: Mutex::new(Stats::default()),
        }
    }

    fn record(&self, family: &'static str, path: &str, status: StatusCode) {
        let mut stats = self.stats.lock().unwrap();
        if stats.requests.len() < REQUEST_LOG_CAP {
            stats.requests.push(path.to_owned());
        }
        *stats
            .calls
            .entry(family)
            .or_default()
            .entry(status.as_u16())
            .or_default() += 1;
        stats.total += 1;
        if status == StatusCode::TOO_MANY_REQUESTS {
            stats.throttled += 1;
        }
    }
}

pub fn router(state: Arc<SimState>) -> Router {
    Router::new()
        .route("/{tenant}/oauth2/v2.0/token", post(token))
        .route("/_sim/stats", get(stats))
        .fallback(api)
        .with_state(state)
}

async fn stats(State(state): State<Arc<SimState>>) -> Response {
    let body = serde_json::to_vec(&*state.stats.lock().unwrap()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Entra's error shape for the token endpoint.
fn entra_error(status: StatusCode, error: &str, description: &str) -> Response {
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

async fn token(
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
    if !scope.eq_ignore_ascii_case("https://api.securitycenter.microsoft.com/.default") {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!(
                "AADSTS1002012: The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier."
            ),
        );
    }
    let token = {
        let mut rng = state.rng.lock().unwrap();
        format!("sim.{:016x}{:016x}", rng.u64(..), rng.u64(..))
    };
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

/// The API's error body, with its own content type and a correlation id in `target`.
fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({"error": {"code": code, "message": message, "target": format!("|{:08x}-{:016x}.", fastrand::u32(..), fastrand::u64(..))}});
    (
        status,
        [(header::CONTENT_TYPE, ERROR_CONTENT_TYPE)],
        body.to_string(),
    )
        .into_response()
}

fn odata_json(body: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ODATA_CONTENT_TYPE),
    );
    headers.insert("OData-Version", HeaderValue::from_static("4.0"));
    response
}

/// What a request asks for, once the path is understood.
enum Route {
    ListAlerts,
    CountAlerts,
    Alert(String),
    AlertUser(String),
    AlertMachine(String),
    ListMachines,
    CountMachines,
    Machine(String),
    MachineAlerts(String),
    MachineLogonUsers(String),
    User(String),
    UserAlerts(String),
    UserMachines(String),
}

impl Route {
    fn parse(path: &str) -> Option<Self> {
        let rest = path
            .strip_prefix("/api/v1.0/")
            .or_else(|| path.strip_prefix("/api/"))?;
        let segs: Vec<String> = rest
            .split('/')
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let id = |i: usize| segs[i].clone();
        Some(match s.as_slice() {
            ["alerts"] => Self::ListAlerts,
            ["alerts", "$count"] => Self::CountAlerts,
            ["alerts", _] => Self::Alert(id(1)),
            ["alerts", _, "user"] => Self::AlertUser(id(1)),
            ["alerts", _, "machine"] => Self::AlertMachine(id(1)),
            ["machines"] => Self::ListMachines,
            ["machines", "$count"] => Self::CountMachines,
            ["machines", _] => Self::Machine(id(1)),
            ["machines", _, "alerts"] => Self::MachineAlerts(id(1)),
            ["machines", _, "logonusers"] => Self::MachineLogonUsers(id(1)),
            ["users", _] => Self::User(id(1)),
            ["users", _, "alerts"] => Self::UserAlerts(id(1)),
            ["users", _, "machines"] => Self::UserMachines(id(1)),
            _ => return None,
        })
    }

    /// The rate-limit family: each documented API has its own budget.
    fn family(&self, method: &Method) -> &'static str {
        match self {
            Self::ListAlerts | Self::CountAlerts => "alerts",
            Self::Alert(_) if method == Method::PATCH => "PATCH alerts/{id}",
            Self::Alert(_) => "alerts/{id}",
            Self::AlertUser(_) => "alerts/{id}/user",
            Self::AlertMachine(_) => "alerts/{id}/machine",
            Self::ListMachines | Self::CountMachines => "machines",
            Self::Machine(_) => "machines/{id}",
            Self::MachineAlerts(_) => "machines/{id}/alerts",
            Self::MachineLogonUsers(_) => "machines/{id}/logonusers",
            Self::User(_) => "users/{id}",
            Self::UserAlerts(_) => "users/{id}/alerts",
            Self::UserMachines(_) => "users/{id}/machines",
        }
    }

    /// The application roles that allow the call (any one of them).
    fn roles(&self, method: &Method) -> &'static [&'static str] {
        match self {
            Self::Alert(_) if method == Method::PATCH => &["Alert.ReadWrite.All"],
            Self::ListAlerts
            | Self::CountAlerts
            | Self::Alert(_)
            | Self::MachineAlerts(_)
            | Self::UserAlerts(_) => &["Alert.Read.All", "Alert.ReadWrite.All"],
            Self::UserMachines(_) => &["Machine.ReadWrite.All", "Machine.Read.All"],
            Self::ListMachines | Self::CountMachines | Self::Machine(_) | Self::AlertMachine(_) => {
                &["Machine.Read.All", "Machine.ReadWrite.All"]
            }
            Self::User(_) | Self::AlertUser(_) | Self::MachineLogonUsers(_) => &["User.Read.All"],
        }
    }

    fn allowed(&self) -> &'static str {
        match self {
            Self::Alert(_) => "GET, PATCH",
            _ => "GET",
        }
    }
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
    let response = handle(&state, &route, family, &method, &uri, &headers, &body).await;
    state.record(family, uri.path(), response.status());
    response
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
        _ => respond(state, route, method, uri, headers, body),
    };
    match fault {
        Some(Fault::Truncate) if response.status().is_success() => truncate(response).await,
        Some(Fault::Reset) => reset(),
        _ => response,
    }
}

fn throttled(secs: u64) -> Response {
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

async fn truncate(response: Response) -> Response {
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
fn reset() -> Response {
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

fn check_bearer(state: &SimState, headers: &HeaderMap) -> Result<(), Response> {
    let unauthorized = |msg: &str| api_error(StatusCode::UNAUTHORIZED, "Unauthorized", msg);
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .ok_or_else(|| unauthorized("Authorization header is missing or is not a bearer token."))?;
    match state.tokens.lock().unwrap().get(token.trim()) {
        None => Err(unauthorized("The access token is invalid.")),
        Some(Some(expiry)) if Instant::now() >= *expiry => {
            Err(unauthorized("The access token has expired."))
        }
        Some(_) => Ok(()),
    }
}

/// An item in a list: as stored, but an alert's `evidence` is `[]` unless it was expanded.
struct ListItem<'a>(&'a Value, bool);

impl Serialize for ListItem<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(map) = self.0.as_object() else {
            return self.0.serialize(s);
        };
        let mut out = s.serialize_map(Some(map.len()))?;
        for (k, v) in map {
            if k == "evidence" && !self.1 {
                out.serialize_entry(k, &[] as &[Value])?;
            } else {
                out.serialize_entry(k, v)?;
            }
        }
        out.end()
    }
}

fn respond(
    state: &SimState,
    route: &Route,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let base = format!(
        "http://{}",
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1")
    );
    let query: HashMap<String, String> = Query::try_from_uri(uri).map(|q| q.0).unwrap_or_default();
    if method == Method::PATCH {
        let Route::Alert(id) = route else {
            unreachable!("only alerts/{{id}} allows PATCH")
        };
        let mut tenant = state.tenant.write().unwrap();
        return match super::patch::apply(&mut tenant, id, body, &state.config.credentials.client_id)
        {
            Ok(alert) => entity(&base, "Alerts", &alert),
            Err((status, code, message)) => api_error(status, code, &message),
        };
    }
    let tenant = state.tenant.read().unwrap();
    let not_found = |what: &str| api_error(StatusCode::NOT_FOUND, "ResourceNotFound", what);
    let page_of = |kind: &str, items: Vec<&Value>, filters: &[&str]| {
        list(state, &base, uri, &query, kind, items, filters)
    };
    match route {
        Route::ListAlerts => page_of("Alerts", tenant.alerts().iter().collect(), ALERT_FILTERS),
        Route::CountAlerts => count(&query, tenant.alerts().iter().collect(), ALERT_FILTERS),
        Route::ListMachines => {
            if tenant.machines().is_empty() {
                // Quirk 4: no recent machines answers 404.
                return not_found("No machines found.");
            }
            page_of(
                "Machines",
                tenant.machines().iter().collect(),
                MACHINE_FILTERS,
            )
        }
        Route::CountMachines => count(&query, tenant.machines().iter().collect(), MACHINE_FILTERS),
        Route::Alert(id) => match tenant.alert(id) {
            Some(alert) => entity(&base, "Alerts", alert),
            None => not_found(&format!("Alert {id} was not found")),
        },
        Route::AlertUser(id) => {
            let Some(alert) = tenant.alert(id) else {
                return not_found(&format!("Alert {id} was not found"));
            };
            let user = alert
                .pointer("/relatedUser/userName")
                .and_then(Value::as_str)
                .and_then(|name| tenant.user(name));
            match user {
                Some(user) => entity(&base, "Users", user),
                None => not_found(&format!("There is no User related to alert {id}")),
            }
        }
        Route::AlertMachine(id) => {
            let Some(alert) = tenant.alert(id) else {
                return not_found(&format!("Alert {id} was not found"));
            };
            match alert
                .get("machineId")
                .and_then(Value::as_str)
                .and_then(|m| tenant.machine(m))
            {
                Some(machine) => entity(&base, "Machines", machine),
                None => not_found(&format!("There is no Machine related to alert {id}")),
            }
        }
        Route::Machine(id) => match tenant.machine(id) {
            Some(machine) => entity(&base, "Machines", machine),
            None => not_found(&format!("Machine {id} was not found")),
        },
        Route::MachineAlerts(id) => match tenant.machine_alerts(id) {
            Some(alerts) => page_of("Alerts", alerts, ALERT_FILTERS),
            None => not_found(&format!("Machine {id} was not found")),
        },
        Route::MachineLogonUsers(id) => match tenant.machine_logon_users(id) {
            Some(users) => page_of("Users", users, &[]),
            None => not_found(&format!("Machine {id} was not found")),
        },
        Route::User(name) => match tenant.user(name) {
            Some(user) => entity(&base, "Users", &legacy_user(user)),
            None => not_found(&format!("User {name} was not found")),
        },
        // Quirk 2: an unknown user answers 200 with an empty list.
        Route::UserAlerts(name) => page_of("Alerts", tenant.user_alerts(name), ALERT_FILTERS),
        Route::UserMachines(name) => {
            page_of("Machines", tenant.user_machines(name), MACHINE_FILTERS)
        }
    }
}

/// `GET /api/users/{id}` still answers in the legacy shape: bare id, no account fields.
fn legacy_user(user: &Value) -> Value {
    let mut legacy = user.clone();
    if let Some(map) = legacy.as_object_mut() {
        let bare = map
            .get("accountName")
            .cloned()
            .unwrap_or_else(|| map.get("id").cloned().unwrap_or(Value::Null));
        map.insert("id".into(), bare);
        for key in ["accountName", "accountDomain", "accountSid", "displayName"] {
            map.remove(key);
        }
    }
    legacy
}

fn entity(base: &str, set: &str, value: &Value) -> Response {
    let mut out = serde_json::Map::new();
    out.insert(
        "@odata.context".into(),
        json!(format!("{base}/api/$metadata#{set}/$entity")),
    );
    if let Some(map) = value.as_object() {
        out.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    odata_json(serde_json::to_vec(&out).unwrap_or_default())
}

fn filtered<'a>(
    query: &HashMap<String, String>,
    items: Vec<&'a Value>,
    filters: &[&str],
) -> Result<Vec<&'a Value>, Response> {
    let Some(expr) = query.get("$filter") else {
        return Ok(items);
    };
    let filter = odata::parse(expr, filters).map_err(|e| {
        api_error(
            StatusCode::BAD_REQUEST,
            "ODataError",
            &format!("Invalid filter clause: {e}"),
        )
    })?;
    Ok(items.into_iter().filter(|v| filter.matches(v)).collect())
}

fn count(query: &HashMap<String, String>, items: Vec<&Value>, filters: &[&str]) -> Response {
    match filtered(query, items, filters) {
        Ok(items) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            items.len().to_string(),
        )
            .into_response(),
        Err(response) => response,
    }
}

fn number(query: &HashMap<String, String>, key: &str) -> Result<Option<usize>, Response> {
    query
        .get(key)
        .map(|v| v.trim().parse::<usize>())
        .transpose()
        .map_err(|_| {
            api_error(
                StatusCode::BAD_REQUEST,
                "ODataError",
                &format!("Invalid value for {key}"),
            )
        })
}

fn list(
    state: &SimState,
    base: &str,
    uri: &Uri,
    query: &HashMap<String, String>,
    set: &str,
    items: Vec<&Value>,
    filters: &[&str],
) -> Response {
    let items = match filtered(query, items, filters) {
        Ok(items) => items,
        Err(response) => return response,
    };
    let (top, skip) = match (number(query, "$top"), number(query, "$skip")) {
        (Ok(top), Ok(skip)) => (top, skip.unwrap_or(0)),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if top.is_some_and(|t| t > MAX_TOP) {
        return api_error(
            StatusCode::BAD_REQUEST,
            "ODataError",
            &format!("The limit of '{MAX_TOP}' for Top query has been exceeded."),
        );
    }
    let expand = match query.get("$expand").map(|e| e.trim()) {
        None => false,
        Some(e) if e.eq_ignore_ascii_case("evidence") => true,
        Some(e) => {
            return api_error(
                StatusCode::BAD_REQUEST,
                "ODataError",
                &format!("Could not find a property named '{e}' to expand."),
            );
        }
    };
    let page_size = top.unwrap_or(state.config.page_size).min(MAX_TOP);
    let page: Vec<ListItem> = items
        .iter()
        .skip(skip)
        .take(page_size)
        .map(|v| ListItem(v, expand))
        .collect();
    // No nextLink when $top is given (quirk 6); otherwise the request URL plus $skip.
    let next = (top.is_none() && skip + page.len() < items.len()).then(|| {
        let mut params: Vec<String> = uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("$skip=") && !p.starts_with("%24skip="))
            .map(str::to_owned)
            .collect();
        params.push(format!("$skip={}", skip + page.len()));
        format!("{base}{}?{}", uri.path(), params.join("&"))
    });
    #[derive(Serialize)]
    struct Envelope<'a> {
        #[serde(rename = "@odata.context")]
        context: String,
        value: Vec<ListItem<'a>>,
        #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
        next: Option<String>,
    }
    let envelope = Envelope {
        context: format!("{base}/api/$metadata#{set}"),
        value: page,
        next,
    };
    odata_json(serde_json::to_vec(&envelope).unwrap_or_default())
}
