//! Response actions as the API takes them (`mde-api.md` §12): `POST machines/{id}/<action>`
//! with its documented body (a comment always; the isolation or scan type; a SHA-1), 201 with
//! a machine action whose status moves over time — `Pending` for a stage, `InProgress` for
//! another, then `Succeeded` (an inactive machine's stays `Pending`) — a 400 for the same
//! action already pending on the machine, `machineactions` listed and filtered, cancelled,
//! and a machine's tags added, removed and found.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::lists::{entity, list};
use super::reply::api_error;
use super::routes::Route;
use super::state::{SimAction, SimState};

impl SimAction {
    /// The action as the API shows it `now`.
    fn shown(&self, stage: Duration, now: Instant) -> Value {
        let age = now.saturating_duration_since(self.created);
        let status = match () {
            () if self.cancelled => "Cancelled",
            () if self.waits || age < stage => "Pending",
            () if age < stage * 2 => "InProgress",
            () => "Succeeded",
        };
        let mut value = self.value.clone();
        value["status"] = json!(status);
        value
    }
}

/// What `machines/{id}/<action>` asks for: its `type`, the body keys it requires, and the
/// body key that carries its scope.
fn action_of(path: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match path {
        "isolate" => ("Isolate", Some("IsolationType")),
        "unisolate" => ("Unisolate", None),
        "runAntiVirusScan" => ("RunAntiVirusScan", Some("ScanType")),
        "collectInvestigationPackage" => ("CollectInvestigationPackage", None),
        "restrictCodeExecution" => ("RestrictCodeExecution", None),
        "unrestrictCodeExecution" => ("UnrestrictCodeExecution", None),
        "StopAndQuarantineFile" => ("StopAndQuarantineFile", None),
        _ => return None,
    })
}

/// Answers the action routes; `None` for every other route.
pub(super) fn respond(
    state: &SimState,
    route: &Route,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> Option<Response> {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok());
    let base = &format!("http://{}", host.unwrap_or("127.0.0.1"));
    let query =
        axum::extract::Query::<std::collections::HashMap<String, String>>::try_from_uri(uri)
            .map(|q| q.0)
            .unwrap_or_default();
    Some(match (route, method) {
        (Route::Respond(machine, path), _) => act(state, machine, path, body, base),
        (Route::ListActions, _) => {
            let now = crate::engine::now();
            let stage = state.config.action_stage;
            let actions = state.actions.lock().unwrap();
            let mut shown: Vec<Value> = actions.iter().map(|a| a.shown(stage, now)).collect();
            shown.reverse();
            let items = shown.iter().collect();
            list(
                state,
                base,
                uri,
                &query,
                "MachineActions",
                items,
                ACTION_FILTERS,
            )
        }
        (Route::Action(id), _) => match find(state, id) {
            Some(action) => entity(base, "MachineActions", &action),
            None => not_found(&format!("Machine action {id} was not found")),
        },
        (Route::CancelAction(id), _) => cancel(state, id, body, base),
        (Route::PackageLink(id), _) => match find(state, id) {
            Some(a) if a["type"] == "CollectInvestigationPackage" && a["status"] == "Succeeded" => {
                axum::Json(json!({"value": format!("{base}/_sim/package/{id}?sig=sim-signature")}))
                    .into_response()
            }
            _ => not_found(&format!("No package for action {id} (yet)")),
        },
        (Route::MachineTags(machine), _) => tag(state, machine, body, base),
        (Route::MachinesByTag, _) => {
            let tag = query.get("tag").cloned().unwrap_or_default();
            let tenant = state.tenant.read().unwrap();
            let carrying: Vec<&Value> = tenant
                .machines()
                .iter()
                .filter(|m| {
                    m["machineTags"]
                        .as_array()
                        .is_some_and(|t| t.iter().any(|t| t == &json!(tag)))
                })
                .collect();
            list(
                state,
                base,
                uri,
                &std::collections::HashMap::new(),
                "Machines",
                carrying,
                &[],
            )
        }
        _ => return None,
    })
}

/// A package as the simulator serves it: a small zip (one file, stored), for any action.
pub(super) const PACKAGE: &[u8] = b"PK\x03\x04\x0a\0\0\0\0\0\0\0\0\0\0\0\0\0\x06\0\0\0\x06\0\0\0\x0a\0\0\0readme.txtmdetuiPK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

/// What `GET machineactions` filters on.
const ACTION_FILTERS: &[&str] = &[
    "id",
    "status",
    "machineId",
    "type",
    "requestor",
    "creationDateTimeUtc",
];

fn not_found(what: &str) -> Response {
    api_error(StatusCode::NOT_FOUND, "ResourceNotFound", what)
}

fn bad(what: &str) -> Response {
    api_error(StatusCode::BAD_REQUEST, "InvalidRequestBody", what)
}

fn find(state: &SimState, id: &str) -> Option<Value> {
    let now = crate::engine::now();
    let actions = state.actions.lock().unwrap();
    actions
        .iter()
        .find(|a| a.value["id"] == id)
        .map(|a| a.shown(state.config.action_stage, now))
}

fn act(state: &SimState, machine: &str, path: &str, body: &[u8], base: &str) -> Response {
    let Some((kind, scope_key)) = action_of(path) else {
        return not_found(&format!("No action {path}"));
    };
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return bad("The request body is not JSON.");
    };
    let Some(comment) = body["Comment"].as_str().filter(|c| !c.trim().is_empty()) else {
        return bad("Comment is required.");
    };
    let scope = match scope_key {
        Some(key) => {
            let allowed: &[&str] = if key == "IsolationType" {
                &["Full", "Selective"]
            } else {
                &["Quick", "Full"]
            };
            match body[key].as_str() {
                Some(s) if allowed.contains(&s) => Some(s.to_owned()),
                _ => return bad(&format!("{key} must be one of {}.", allowed.join(", "))),
            }
        }
        None => None,
    };
    if kind == "StopAndQuarantineFile"
        && !body["Sha1"]
            .as_str()
            .is_some_and(|h| h.len() == 40 && h.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return bad("Sha1 is required: a SHA-1 of 40 hex digits.");
    }
    let (machine_id, name, active) = {
        let tenant = state.tenant.read().unwrap();
        let Some(m) = tenant.machine(machine) else {
            return not_found(&format!("Machine {machine} was not found"));
        };
        (
            m["id"].as_str().unwrap_or_default().to_owned(),
            m["computerDnsName"].clone(),
            m["healthStatus"] == "Active",
        )
    };
    let now = crate::engine::now();
    let stage = state.config.action_stage;
    let mut actions = state.actions.lock().unwrap();
    let pending = actions.iter().any(|a| {
        a.value["machineId"] == machine_id.as_str()
            && a.value["type"] == kind
            && matches!(
                a.shown(stage, now)["status"].as_str(),
                Some("Pending" | "InProgress")
            )
    });
    if pending {
        return bad("Action is already in progress");
    }
    let id = format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        fastrand::u32(..),
        fastrand::u16(..),
        fastrand::u16(..0xfff),
        fastrand::u16(..0xfff),
        fastrand::u64(..0xffff_ffff_ffff)
    );
    let time = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let value = json!({
        "id": id,
        "type": kind,
        "scope": scope,
        "requestor": state.config.credentials.client_id,
        "requestorComment": comment,
        "requestSource": "PublicApi",
        "machineId": machine_id,
        "computerDnsName": name,
        "creationDateTimeUtc": time,
        "lastUpdateDateTimeUtc": time,
        "title": null,
        "relatedFileInfo": body["Sha1"].as_str().map(|h| json!({"fileIdentifier": h, "fileIdentifierType": "Sha1"})),
    });
    actions.push(SimAction {
        value,
        created: now,
        waits: !active,
        cancelled: false,
    });
    let shown = actions.last().expect("pushed").shown(stage, now);
    let mut response = entity(base, "MachineActions", &shown);
    *response.status_mut() = StatusCode::CREATED;
    response
}

fn cancel(state: &SimState, id: &str, body: &[u8], base: &str) -> Response {
    let comment = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|b| b["Comment"].as_str().map(str::to_owned));
    let Some(comment) = comment.filter(|c| !c.trim().is_empty()) else {
        return bad("Comment is required.");
    };
    let now = crate::engine::now();
    let stage = state.config.action_stage;
    let mut actions = state.actions.lock().unwrap();
    let Some(action) = actions.iter_mut().find(|a| a.value["id"] == id) else {
        return not_found(&format!("Machine action {id} was not found"));
    };
    if !matches!(
        action.shown(stage, now)["status"].as_str(),
        Some("Pending" | "InProgress")
    ) {
        return bad("The action already reached a final status.");
    }
    action.cancelled = true;
    action.value["cancellationRequestor"] = json!(state.config.credentials.client_id);
    action.value["cancellationComment"] = json!(comment);
    entity(base, "MachineActions", &action.shown(stage, now)).into_response()
}

fn tag(state: &SimState, machine: &str, body: &[u8], base: &str) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return bad("The request body is not JSON.");
    };
    let Some(value) = body["Value"].as_str().filter(|v| !v.trim().is_empty()) else {
        return bad("Value is required.");
    };
    let add = match body["Action"].as_str() {
        Some("Add") => true,
        Some("Remove") => false,
        _ => return bad("Action must be Add or Remove."),
    };
    let mut tenant = state.tenant.write().unwrap();
    let Some(m) = tenant.machine_mut(machine) else {
        return not_found(&format!("Machine {machine} was not found"));
    };
    let mut tags: Vec<Value> = m["machineTags"].as_array().cloned().unwrap_or_default();
    tags.retain(|t| t != value);
    if add {
        tags.push(json!(value));
    }
    m["machineTags"] = Value::Array(tags);
    entity(base, "Machines", m)
}
