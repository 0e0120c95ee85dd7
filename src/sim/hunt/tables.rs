//! The demo tenant as advanced hunting tables, built when a query names one: machines as
//! `DeviceInfo`, logged-on users as `DeviceLogonEvents`, evidence and sightings as
//! `DeviceProcessEvents` and `DeviceNetworkEvents`, alerts as `AlertInfo` and `AlertEvidence`
//! — so the story's hunts (who logged on to the laptop, which machines reached the C2 address)
//! answer with its rows.

use serde_json::Value;

use super::super::tenant::Tenant;
use super::evidence::service_source;
use super::expr::Table;
use super::value::Val;

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn text(v: &Value, key: &str) -> Val {
    Val::str(s(v, key))
}

fn table(columns: &[&str], rows: Vec<Vec<Val>>) -> Table {
    Table {
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }
}

/// `t` moved back by `minutes`.
fn before(t: &str, minutes: i64) -> Val {
    match Val::time(t) {
        Val::Time(at) => Val::Time(at - time::Duration::minutes(minutes)),
        other => other,
    }
}

pub(super) fn build(name: &str, tenant: &Tenant) -> Option<Table> {
    Some(match name {
        "DeviceInfo" => device_info(tenant),
        "DeviceLogonEvents" => logons(tenant),
        "DeviceProcessEvents" => processes(tenant),
        "DeviceNetworkEvents" => network(tenant),
        "AlertInfo" => alert_info(tenant),
        "AlertEvidence" => super::evidence::alert_evidence(tenant),
        _ => return None,
    })
}

fn device_info(tenant: &Tenant) -> Table {
    let rows = tenant
        .machines()
        .iter()
        .map(|m| {
            vec![
                Val::time(s(m, "lastSeen")),
                text(m, "id"),
                text(m, "computerDnsName"),
                text(m, "osPlatform"),
                text(m, "version"),
                text(m, "lastIpAddress"),
                text(m, "lastExternalIpAddress"),
                text(m, "rbacGroupName"),
                text(m, "healthStatus"),
                text(m, "exposureLevel"),
                Val::from_json(m.get("machineTags").unwrap_or(&Value::Null)),
            ]
        })
        .collect();
    table(
        &[
            "Timestamp",
            "DeviceId",
            "DeviceName",
            "OSPlatform",
            "OSVersion",
            "LocalIP",
            "PublicIP",
            "MachineGroup",
            "SensorHealthState",
            "ExposureLevel",
            "DeviceTags",
        ],
        rows,
    )
}

/// Each user logged on to a machine, by each of its logon types, on three recent days.
fn logons(tenant: &Tenant) -> Table {
    let mut rows = Vec::new();
    for m in tenant.machines() {
        let id = s(m, "id");
        let users = tenant.machine_logon_users(id).unwrap_or_default();
        for (u, user) in users.iter().enumerate() {
            let last = if s(user, "lastSeen") < s(m, "lastSeen") {
                s(user, "lastSeen")
            } else {
                s(m, "lastSeen")
            };
            for (k, kind) in s(user, "logonTypes").split(", ").enumerate() {
                for day in 0..3 {
                    let back = day * 26 * 60 + (k as i64) * 7 + u as i64 * 3;
                    rows.push(vec![
                        before(last, back),
                        text(m, "id"),
                        text(m, "computerDnsName"),
                        Val::str("LogonSuccess"),
                        Val::str(kind),
                        text(user, "accountName"),
                        text(user, "accountDomain"),
                        text(user, "accountSid"),
                        Val::str(if kind == "Interactive" {
                            ""
                        } else {
                            "10.20.0.15"
                        }),
                        Val::Bool(user.get("isDomainAdmin") == Some(&Value::Bool(true))),
                    ]);
                }
            }
        }
    }
    table(
        &[
            "Timestamp",
            "DeviceId",
            "DeviceName",
            "ActionType",
            "LogonType",
            "AccountName",
            "AccountDomain",
            "AccountSid",
            "RemoteIP",
            "IsLocalAdmin",
        ],
        rows,
    )
}

const PROCESS_COLUMNS: &[&str] = &[
    "Timestamp",
    "DeviceId",
    "DeviceName",
    "ActionType",
    "FileName",
    "FolderPath",
    "SHA1",
    "SHA256",
    "ProcessCommandLine",
    "AccountName",
    "InitiatingProcessFileName",
];

/// The processes alerts saw, and every sighting of a file on a machine (run by rundll32, as
/// the story's beacon was).
fn processes(tenant: &Tenant) -> Table {
    let mut rows = Vec::new();
    for a in tenant.alerts() {
        let user = a.pointer("/relatedUser/userName").and_then(Value::as_str);
        for e in a
            .get("evidence")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if s(e, "entityType") != "Process" {
                continue;
            }
            let at = match s(e, "processCreationTime") {
                "" => s(e, "evidenceCreationTime"),
                t => t,
            };
            rows.push(vec![
                Val::time(at),
                text(a, "machineId"),
                text(a, "computerDnsName"),
                Val::str("ProcessCreated"),
                text(e, "fileName"),
                text(e, "filePath"),
                text(e, "sha1"),
                text(e, "sha256"),
                text(e, "processCommandLine"),
                Val::str(user.unwrap_or_default()),
                text(e, "parentProcessFileName"),
            ]);
        }
    }
    for f in &tenant.sightings().files {
        let name = f
            .pointer("/fileNames/0")
            .and_then(Value::as_str)
            .unwrap_or_default();
        for (i, id) in seen_on(f).enumerate() {
            let Some(m) = tenant.machine(id) else {
                continue;
            };
            rows.push(vec![
                before(s(f, "orgLastSeen"), i as i64 * 11),
                Val::str(id),
                text(m, "computerDnsName"),
                Val::str("ProcessCreated"),
                Val::str(name),
                Val::str("C:\\ProgramData\\Microsoft\\Update"),
                text(f, "sha1"),
                text(f, "sha256"),
                Val::str(format!(
                    "rundll32.exe C:\\ProgramData\\Microsoft\\Update\\{name},DllRegisterServer"
                )),
                Val::str(""),
                Val::str("rundll32.exe"),
            ]);
        }
    }
    table(PROCESS_COLUMNS, rows)
}

fn seen_on(v: &Value) -> impl Iterator<Item = &str> {
    v.get("seenOn")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Every sighting of an address or a domain: a connection from the machine that saw it.
fn network(tenant: &Tenant) -> Table {
    let mut rows = Vec::new();
    let sightings = tenant.sightings();
    let targets = sightings
        .ips
        .iter()
        .map(|ip| (ip, s(ip, "ipAddress"), ""))
        .chain(sightings.domains.iter().map(|d| (d, "", s(d, "host"))));
    for (seen, ip, host) in targets {
        for (i, id) in seen_on(seen).enumerate() {
            let Some(m) = tenant.machine(id) else {
                continue;
            };
            rows.push(vec![
                before(s(seen, "orgLastSeen"), i as i64 * 13),
                Val::str(id),
                text(m, "computerDnsName"),
                Val::str("ConnectionSuccess"),
                text(m, "lastIpAddress"),
                Val::str(ip),
                Val::Long(443),
                Val::str(host),
                Val::str("rundll32.exe"),
            ]);
        }
    }
    table(
        &[
            "Timestamp",
            "DeviceId",
            "DeviceName",
            "ActionType",
            "LocalIP",
            "RemoteIP",
            "RemotePort",
            "RemoteUrl",
            "InitiatingProcessFileName",
        ],
        rows,
    )
}

fn alert_info(tenant: &Tenant) -> Table {
    let rows = tenant
        .alerts()
        .iter()
        .map(|a| {
            vec![
                Val::time(s(a, "alertCreationTime")),
                text(a, "id"),
                text(a, "title"),
                text(a, "category"),
                text(a, "severity"),
                Val::str(service_source(a)),
                text(a, "detectionSource"),
                Val::from_json(a.get("mitreTechniques").unwrap_or(&Value::Null)),
            ]
        })
        .collect();
    table(
        &[
            "Timestamp",
            "AlertId",
            "Title",
            "Category",
            "Severity",
            "ServiceSource",
            "DetectionSource",
            "AttackTechniques",
        ],
        rows,
    )
}
