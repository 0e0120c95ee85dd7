//! `AlertEvidence`: a row for each alert's machine and user (impacted) and each piece of its
//! evidence (related), with the account's UPN where any evidence of the tenant names it.

use std::collections::HashMap;

use serde_json::Value;

use super::super::tenant::Tenant;
use super::expr::Table;
use super::value::Val;

const COLUMNS: &[&str] = &[
    "Timestamp",
    "AlertId",
    "Title",
    "ServiceSource",
    "EntityType",
    "EvidenceRole",
    "DeviceId",
    "DeviceName",
    "AccountName",
    "AccountDomain",
    "AccountUpn",
    "AccountSid",
    "SHA1",
    "SHA256",
    "FileName",
    "FolderPath",
    "ProcessCommandLine",
    "RemoteIP",
    "RemoteUrl",
];

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// One row's cells by column name; the rest empty.
fn row(cells: &[(&str, Val)]) -> Vec<Val> {
    COLUMNS
        .iter()
        .map(|c| {
            cells
                .iter()
                .find(|(name, _)| name == c)
                .map_or(Val::str(""), |(_, v)| v.clone())
        })
        .collect()
}

pub(super) fn alert_evidence(tenant: &Tenant) -> Table {
    // Accounts' UPNs, as any evidence gives them.
    let mut upns: HashMap<String, String> = HashMap::new();
    let evidence = |a: &Value| -> Vec<Value> {
        a.get("evidence")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for a in tenant.alerts() {
        for e in evidence(a) {
            if !s(&e, "userPrincipalName").is_empty() {
                upns.insert(
                    s(&e, "accountName").to_lowercase(),
                    s(&e, "userPrincipalName").to_owned(),
                );
            }
        }
    }
    let mut rows = Vec::new();
    for a in tenant.alerts() {
        let common = |entity: &str, role: &str| {
            vec![
                ("Timestamp", Val::time(s(a, "alertCreationTime"))),
                ("AlertId", Val::str(s(a, "id"))),
                ("Title", Val::str(s(a, "title"))),
                ("ServiceSource", Val::str(service_source(a))),
                ("EntityType", Val::str(entity)),
                ("EvidenceRole", Val::str(role)),
                ("DeviceId", Val::str(s(a, "machineId"))),
                ("DeviceName", Val::str(s(a, "computerDnsName"))),
            ]
        };
        if !s(a, "machineId").is_empty() {
            rows.push(row(&common("Machine", "Impacted")));
        }
        if let Some(user) = a.get("relatedUser").filter(|u| !u.is_null()) {
            let name = s(user, "userName");
            let mut cells = common("User", "Impacted");
            cells.extend([
                ("AccountName", Val::str(name)),
                ("AccountDomain", Val::str(s(user, "domainName"))),
                (
                    "AccountUpn",
                    Val::str(upns.get(&name.to_lowercase()).cloned().unwrap_or_default()),
                ),
            ]);
            rows.push(row(&cells));
        }
        for e in evidence(a) {
            let kind = match s(&e, "entityType") {
                "Ip" => "Ip",
                "Url" => "Url",
                "User" => continue,
                other => other,
            };
            let mut cells = common(kind, "Related");
            cells.extend([
                ("AccountName", Val::str(s(&e, "accountName"))),
                ("AccountDomain", Val::str(s(&e, "domainName"))),
                ("AccountUpn", Val::str(s(&e, "userPrincipalName"))),
                ("AccountSid", Val::str(s(&e, "userSid"))),
                ("SHA1", Val::str(s(&e, "sha1"))),
                ("SHA256", Val::str(s(&e, "sha256"))),
                ("FileName", Val::str(s(&e, "fileName"))),
                ("FolderPath", Val::str(s(&e, "filePath"))),
                ("ProcessCommandLine", Val::str(s(&e, "processCommandLine"))),
                ("RemoteIP", Val::str(s(&e, "ipAddress"))),
                ("RemoteUrl", Val::str(s(&e, "url"))),
            ]);
            rows.push(row(&cells));
        }
    }
    Table {
        columns: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }
}

/// The Defender product an alert came from, as `ServiceSource` names it.
pub(super) fn service_source(alert: &Value) -> &'static str {
    match s(alert, "detectionSource") {
        "OfficeATP" => "Microsoft Defender for Office 365",
        "AzureATP" => "Microsoft Defender for Identity",
        "MCAS" => "Microsoft Defender for Cloud Apps",
        _ => "Microsoft Defender for Endpoint",
    }
}
