//! Answers from the tenant: entities, lists with `$filter`, `$top`, `$skip`, `$expand` and
//! `/$count`, and paging by next link.

// Handlers return a ready `Response` as their error, the usual axum idiom; its size is moot.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use axum::extract::Query;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Value, json};

use super::odata;
use super::reply::{MAX_TOP, api_error, odata_json};
use super::routes::Route;
use super::state::SimState;

pub(super) const ALERT_FILTERS: &[&str] = &[
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
/// What `GET /indicators` filters on (§13).
const INDICATOR_FILTERS: &[&str] = &[
    "indicatorValue",
    "indicatorType",
    "action",
    "title",
    "severity",
    "createdBy",
    "expirationTime",
    "creationTimeDateTimeUtc",
];
pub(super) const MACHINE_FILTERS: &[&str] = &[
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

/// An item in a list: as stored, but an alert's `evidence` is `[]` unless it was expanded.
pub(super) struct ListItem<'a>(&'a Value, bool);

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

pub(super) fn respond(
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
    let writer = super::patch::Writer {
        client_id: &state.config.credentials.client_id,
        refused: &state.config.refused_spellings,
    };
    if let Route::BatchUpdate = route {
        let mut tenant = state.tenant.write().unwrap();
        return match super::patch::apply_batch(&mut tenant, body, &writer) {
            Ok(()) => StatusCode::OK.into_response(),
            Err((status, code, message)) => api_error(status, code, &message),
        };
    }
    if method == Method::PATCH {
        let Route::Alert(id) = route else {
            unreachable!("only alerts/{{id}} allows PATCH")
        };
        let mut tenant = state.tenant.write().unwrap();
        return match super::patch::apply(&mut tenant, id, body, &writer) {
            Ok(alert) => entity(&base, "Alerts", &alert),
            Err((status, code, message)) => api_error(status, code, &message),
        };
    }
    match (route, method) {
        (Route::ListIndicators, &Method::POST) => {
            let mut tenant = state.tenant.write().unwrap();
            let by = &state.config.credentials.client_id;
            let now = time::OffsetDateTime::now_utc();
            return match super::indicators::submit(&mut tenant, body, by, now) {
                Ok(stored) => entity(&base, "Indicators", &stored),
                Err((status, code, message)) => api_error(status, code, &message),
            };
        }
        (Route::Indicator(id), _) => {
            let mut tenant = state.tenant.write().unwrap();
            return match super::indicators::delete(&mut tenant, id) {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err((status, code, message)) => api_error(status, code, &message),
            };
        }
        _ => {}
    }
    let tenant = state.tenant.read().unwrap();
    let not_found = |what: &str| api_error(StatusCode::NOT_FOUND, "ResourceNotFound", what);
    let page_of = |kind: &str, items: Vec<&Value>, filters: &[&str]| {
        list(state, &base, uri, &query, kind, items, filters)
    };
    match route {
        Route::BatchUpdate => unreachable!("answered above"),
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
        Route::ListIndicators => page_of(
            "Indicators",
            tenant.indicators().iter().collect(),
            INDICATOR_FILTERS,
        ),
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
        _ => {
            use super::evidence::{self as ind, Answer};
            let answer = match route {
                Route::File(id) => ind::file(&tenant, id),
                Route::FileStats(id) => ind::file_stats(&tenant, id),
                Route::FileAlerts(id) => ind::file_related(&tenant, id, false),
                Route::FileMachines(id) => ind::file_related(&tenant, id, true),
                Route::IpAlerts(ip) => ind::ip_alerts(&tenant, ip),
                Route::IpStats(ip) => ind::ip_stats(&tenant, ip),
                Route::DomainAlerts(d) => ind::domain_alerts(&tenant, d),
                Route::DomainMachines(d) => ind::domain_machines(&tenant, d),
                Route::DomainStats(d) => ind::domain_stats(&tenant, d),
                Route::MachinesByIp(call) => {
                    ind::machines_by_ip(&tenant, call, time::OffsetDateTime::now_utc())
                }
                _ => unreachable!("every other route is answered above"),
            };
            match answer {
                Answer::One(set, value) => entity(&base, set, &value),
                Answer::List("Alerts", items) => page_of("Alerts", items, ALERT_FILTERS),
                Answer::List(set, items) => page_of(set, items, MACHINE_FILTERS),
                Answer::Refused(response) => response,
            }
        }
    }
}

/// `GET /api/users/{id}` still answers in the legacy shape: bare id, no account fields.
pub(super) fn legacy_user(user: &Value) -> Value {
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

pub(super) fn entity(base: &str, set: &str, value: &Value) -> Response {
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

pub(super) fn filtered<'a>(
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

pub(super) fn count(
    query: &HashMap<String, String>,
    items: Vec<&Value>,
    filters: &[&str],
) -> Response {
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

pub(super) fn number(
    query: &HashMap<String, String>,
    key: &str,
) -> Result<Option<usize>, Response> {
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

pub(super) fn list(
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
