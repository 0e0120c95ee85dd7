//! `PATCH /api/alerts/{id}`: status, assignee, classification, determination and comments.
//! Keys are case-sensitive, as on the real API; both determination vocabularies are accepted.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::tenant::Tenant;

type PatchError = (StatusCode, &'static str, String);

const STATUSES: &[&str] = &["New", "InProgress", "Resolved"];
const CLASSIFICATIONS: &[&str] = &[
    "TruePositive",
    "InformationalExpectedActivity",
    "FalsePositive",
];
const DETERMINATIONS: &[&str] = &[
    "MultiStagedAttack",
    "MaliciousUserActivity",
    "CompromisedUser",
    "Malware",
    "Phishing",
    "UnwantedSoftware",
    "SecurityTesting",
    "LineOfBusinessApplication",
    "ConfirmedUserActivity",
    "ConfirmedActivity",
    "Clean",
    "NotMalicious",
    "InsufficientData",
    "Other",
];

fn bad(code: &'static str, message: String) -> PatchError {
    (StatusCode::BAD_REQUEST, code, message)
}

fn one_of(key: &str, value: &Value, allowed: &[&str]) -> Result<String, PatchError> {
    let text = value
        .as_str()
        .ok_or_else(|| bad("InvalidRequestBody", format!("'{key}' must be a string")))?;
    allowed
        .iter()
        .find(|a| **a == text)
        .map(|a| (*a).to_owned())
        .ok_or_else(|| {
            bad(
                "InvalidRequestBody",
                format!("'{text}' is not a valid value for '{key}'"),
            )
        })
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Who writes, and which spellings the API refuses.
pub struct Writer<'a> {
    pub client_id: &'a str,
    pub refused: &'a [String],
}

/// `POST alerts/batchUpdate`: checks every id and the changes first, then applies them to all
/// (all or nothing).
pub fn apply_batch(
    tenant: &mut Tenant,
    body: &[u8],
    writer: &Writer<'_>,
) -> Result<(), PatchError> {
    let mut changes: Map<String, Value> = serde_json::from_slice(body).map_err(|e| {
        bad(
            "InvalidRequestBody",
            format!("Request body is not a JSON object: {e}"),
        )
    })?;
    let ids: Vec<String> = match changes.remove("alertIds") {
        Some(Value::Array(ids)) if !ids.is_empty() => ids
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("InvalidRequestBody", "'alertIds' must be strings".into()))?,
        _ => {
            return Err(bad(
                "MissingRequiredParameter",
                "'alertIds' is required and must not be empty".into(),
            ));
        }
    };
    if let Some(missing) = ids.iter().find(|id| tenant.alert(id).is_none()) {
        return Err((
            StatusCode::NOT_FOUND,
            "NotFound",
            format!("Alert {missing} was not found"),
        ));
    }
    let body = serde_json::to_vec(&changes).expect("a map serializes");
    // Check the changes once against a copy of the first alert, then write them all.
    let first = tenant.alert(&ids[0]).cloned().expect("checked above");
    let mut probe = Tenant::from_file(super::tenant::TenantFile {
        tenant_id: String::new(),
        alerts: vec![first],
        ..super::tenant::TenantFile::default()
    });
    apply(&mut probe, &ids[0], &body, writer)?;
    for id in &ids {
        apply(tenant, id, &body, writer)?;
    }
    Ok(())
}

/// Applies a PATCH body to the alert and returns the updated alert.
pub fn apply(
    tenant: &mut Tenant,
    id: &str,
    body: &[u8],
    writer: &Writer<'_>,
) -> Result<Value, PatchError> {
    let client_id = writer.client_id;
    let changes: Map<String, Value> = serde_json::from_slice(body).map_err(|e| {
        bad(
            "InvalidRequestBody",
            format!("Request body is not a JSON object: {e}"),
        )
    })?;
    if changes.is_empty() {
        return Err(bad(
            "MissingRequiredParameter",
            "Request body has no properties to update".into(),
        ));
    }
    let mut updates: Vec<(&str, Value)> = Vec::new();
    let mut comment = None;
    for (key, value) in &changes {
        match key.as_str() {
            "status" => updates.push(("status", json!(one_of(key, value, STATUSES)?))),
            "classification" => updates.push((
                "classification",
                json!(one_of(key, value, CLASSIFICATIONS)?),
            )),
            "determination" => {
                let value = one_of(key, value, DETERMINATIONS)?;
                if writer.refused.contains(&value) {
                    return Err(bad(
                        "InvalidRequestBody",
                        format!("'{value}' is not a valid value for 'determination'"),
                    ));
                }
                updates.push(("determination", json!(value)))
            }
            "assignedTo" => updates.push((
                "assignedTo",
                json!(value.as_str().ok_or_else(|| bad(
                    "InvalidRequestBody",
                    "'assignedTo' must be a string".into()
                ))?),
            )),
            "comment" => {
                comment = Some(
                    value
                        .as_str()
                        .ok_or_else(|| {
                            bad("InvalidRequestBody", "'comment' must be a string".into())
                        })?
                        .to_owned(),
                )
            }
            other => {
                return Err(bad(
                    "InvalidRequestBody",
                    format!("Unknown property '{other}' (property names are case-sensitive)"),
                ));
            }
        }
    }
    let alert = tenant.alert_mut(id).ok_or_else(|| {
        (
            StatusCode::NOT_FOUND,
            "NotFound",
            format!("Alert {id} was not found"),
        )
    })?;
    let map = alert.as_object_mut().expect("alerts are objects");
    let stamp = now();
    for (key, value) in updates {
        if key == "status" {
            let resolved = value == "Resolved";
            map.insert(
                "resolvedTime".into(),
                if resolved { json!(stamp) } else { Value::Null },
            );
        }
        map.insert(key.into(), value);
    }
    if let Some(text) = comment {
        let entry = json!({"comment": text, "createdBy": format!("API-App:{client_id}"), "createdTime": stamp});
        match map.get_mut("comments").and_then(Value::as_array_mut) {
            Some(list) => list.push(entry),
            None => {
                map.insert("comments".into(), json!([entry]));
            }
        }
    }
    map.insert("lastUpdateTime".into(), json!(stamp));
    Ok(alert.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tenant::TenantFile;

    const APP: Writer<'static> = Writer {
        client_id: "app",
        refused: &[],
    };

    fn tenant() -> Tenant {
        Tenant::from_file(TenantFile {
            tenant_id: "t".into(),
            alerts: vec![
                json!({"id": "a1", "status": "New", "comments": [], "resolvedTime": null}),
            ],
            ..TenantFile::default()
        })
    }

    #[test]
    fn resolves_with_both_vocabularies_and_appends_comments() {
        let mut t = tenant();
        let body = br#"{"status":"Resolved","classification":"FalsePositive","determination":"NotMalicious","comment":"fine"}"#;
        let alert = apply(&mut t, "a1", body, &APP).unwrap();
        assert_eq!(alert["status"], "Resolved");
        assert!(alert["resolvedTime"].is_string());
        assert_eq!(alert["comments"][0]["comment"], "fine");
        apply(
            &mut t,
            "a1",
            br#"{"determination":"Clean","comment":"again"}"#,
            &APP,
        )
        .unwrap();
        let alert = apply(&mut t, "a1", br#"{"status":"InProgress"}"#, &APP).unwrap();
        assert_eq!(alert["comments"].as_array().unwrap().len(), 2);
        assert!(alert["resolvedTime"].is_null());
    }

    #[test]
    fn keys_are_case_sensitive_and_values_checked() {
        let mut t = tenant();
        assert_eq!(
            apply(&mut t, "a1", br#"{"Status":"Resolved"}"#, &APP)
                .unwrap_err()
                .1,
            "InvalidRequestBody"
        );
        assert_eq!(
            apply(&mut t, "a1", br#"{"status":"Done"}"#, &APP)
                .unwrap_err()
                .1,
            "InvalidRequestBody"
        );
        assert_eq!(
            apply(&mut t, "a1", br#"{}"#, &APP).unwrap_err().1,
            "MissingRequiredParameter"
        );
        assert_eq!(
            apply(&mut t, "a1", b"nope", &APP).unwrap_err().1,
            "InvalidRequestBody"
        );
        assert_eq!(
            apply(&mut t, "zz", br#"{"status":"New"}"#, &APP)
                .unwrap_err()
                .0,
            StatusCode::NOT_FOUND
        );
    }
}
