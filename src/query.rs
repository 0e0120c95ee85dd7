//! One-shot queries (`mdetui user jdoe alerts`): one resource through the engine, printed as a
//! table or JSON, with one clear line and a non-zero exit on failure.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use crate::api::model::{Alert, Machine, User};
use crate::api::{AlertId, ApiError, MachineId, UserName};
use crate::cli::{AlertPart, Command, MachinePart, UserPart};
use crate::engine::{self, EngineHandle, Event, Payload, Resource};
use crate::ui::sanitize;

/// The resource a query command names, or why its id is unusable.
pub fn resource_for(command: &Command) -> Result<Resource, String> {
    Ok(match command {
        Command::User { name, related, .. } => {
            let user = UserName::parse(name).map_err(|e| e.to_string())?;
            match related {
                None => Resource::User(user),
                Some(UserPart::Alerts) => Resource::UserAlerts(user),
                Some(UserPart::Machines) => Resource::UserMachines(user),
            }
        }
        Command::Alert { id, related, .. } => {
            let id = AlertId::parse(id).map_err(|e| e.to_string())?;
            match related {
                None => Resource::Alert(id),
                Some(AlertPart::User) => Resource::AlertUser(id),
                Some(AlertPart::Machine) => Resource::AlertMachine(id),
            }
        }
        Command::Machine { id, related, .. } => {
            let id = MachineId::parse(id).map_err(|e| e.to_string())?;
            match related {
                None => Resource::Machine(id),
                Some(MachinePart::Alerts) => Resource::MachineAlerts(id),
                Some(MachinePart::Users) => Resource::MachineLogonUsers(id),
            }
        }
        Command::Simulate(_) => return Err("not a query".into()),
    })
}

pub async fn run(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    resource: Resource,
    json: bool,
) -> Result<String, ApiError> {
    let payload = engine::fetch_once(handle, events, resource, |wait| {
        eprintln!(
            "waiting {} s for the API rate budget…",
            wait.as_secs().max(1)
        );
    })
    .await?;
    Ok(if json {
        to_json(&payload)
    } else {
        to_table(&payload)
    })
}

fn to_json(payload: &Payload) -> String {
    let value = match payload {
        Payload::User(u) => serde_json::to_string_pretty(&**u),
        Payload::Alert(a) => serde_json::to_string_pretty(&**a),
        Payload::Machine(m) => serde_json::to_string_pretty(&**m),
        Payload::Alerts(v) => serde_json::to_string_pretty(&**v),
        Payload::Machines(v) => serde_json::to_string_pretty(&**v),
        Payload::Users(v) => serde_json::to_string_pretty(&**v),
    };
    value.expect("entities always serialize")
}

/// A cell for an optional value: the value, or an em dash.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "—".to_owned(), ToString::to_string)
}

/// A cell for an optional timestamp, in UTC to the second.
pub fn time(v: &Option<crate::api::model::Timestamp>) -> String {
    v.as_ref().map_or_else(|| "—".to_owned(), |t| t.short())
}

pub fn alert_row(a: &Alert) -> Vec<String> {
    vec![
        a.id.clone(),
        opt(&a.severity),
        opt(&a.status),
        time(&a.alert_creation_time),
        a.host().unwrap_or("—").to_owned(),
        opt(&a.title),
    ]
}

pub fn machine_row(m: &Machine) -> Vec<String> {
    vec![
        m.host().to_owned(),
        m.id.clone(),
        opt(&m.os_platform),
        opt(&m.health_status),
        opt(&m.risk_score),
        time(&m.last_seen),
    ]
}

pub fn user_row(u: &User) -> Vec<String> {
    vec![
        u.account().to_owned(),
        u.domain().unwrap_or("—").to_owned(),
        opt(&u.logon_types),
        time(&u.last_seen),
        u.is_domain_admin
            .map_or("—", |a| if a { "yes" } else { "no" })
            .to_owned(),
    ]
}

fn to_table(payload: &Payload) -> String {
    let (header, rows): (&[&str], Vec<Vec<String>>) = match payload {
        Payload::Alerts(v) => (
            &["ID", "SEVERITY", "STATUS", "CREATED", "MACHINE", "TITLE"],
            v.iter().map(alert_row).collect(),
        ),
        Payload::Machines(v) => (
            &["NAME", "ID", "OS", "HEALTH", "RISK", "LAST SEEN"],
            v.iter().map(machine_row).collect(),
        ),
        Payload::Users(v) => (
            &["ACCOUNT", "DOMAIN", "LOGON TYPES", "LAST SEEN", "ADMIN"],
            v.iter().map(user_row).collect(),
        ),
        Payload::Alert(a) => {
            return facts(&[
                ("id", a.id.clone()),
                ("title", opt(&a.title)),
                ("severity", opt(&a.severity)),
                ("status", opt(&a.status)),
                ("classification", opt(&a.classification)),
                ("determination", opt(&a.determination)),
                ("category", opt(&a.category)),
                ("detection source", opt(&a.detection_source)),
                ("created", time(&a.alert_creation_time)),
                ("machine", opt(&a.computer_dns_name)),
                (
                    "user",
                    a.related_user
                        .as_ref()
                        .and_then(|u| u.user_name.clone())
                        .unwrap_or_else(|| "—".into()),
                ),
                ("incident", opt(&a.incident_id)),
                ("assigned to", opt(&a.assigned_to)),
                ("MITRE", a.mitre_techniques.join(", ")),
                ("evidence", a.evidence.len().to_string()),
            ]);
        }
        Payload::Machine(m) => {
            return facts(&[
                ("name", opt(&m.computer_dns_name)),
                ("id", m.id.clone()),
                ("os", format!("{} {}", opt(&m.os_platform), opt(&m.version))),
                ("health", opt(&m.health_status)),
                ("risk", opt(&m.risk_score)),
                ("exposure", opt(&m.exposure_level)),
                ("last ip", opt(&m.last_ip_address)),
                ("group", opt(&m.rbac_group_name)),
                ("tags", m.machine_tags.join(", ")),
                ("last seen", time(&m.last_seen)),
            ]);
        }
        Payload::User(u) => {
            return facts(&[
                ("account", u.account().to_owned()),
                ("domain", u.domain().unwrap_or("—").to_owned()),
                ("sid", opt(&u.account_sid)),
                ("first seen", time(&u.first_seen)),
                ("last seen", time(&u.last_seen)),
                ("logon types", opt(&u.logon_types)),
                ("machines", opt(&u.log_on_machines_count)),
                ("domain admin", opt(&u.is_domain_admin)),
            ]);
        }
    };
    table(header, &rows)
}

fn facts(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        out.push_str(&format!("{k:<17} {}\n", sanitize::line(v)));
    }
    out
}

/// Columns padded by display width; every cell sanitized.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize::line(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = Vec::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let parts: Vec<String> = cells
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.width()))))
            .collect();
        let _ = writeln!(out, "{}", parts.join("  ").trim_end());
    };
    line(&mut header.iter().copied());
    for row in &rows {
        line(&mut row.iter().map(String::as_str));
    }
    if rows.is_empty() {
        let _ = writeln!(out, "(none)");
    }
    String::from_utf8(out).expect("cells are strings")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_display_width_and_sanitize() {
        let out = table(
            &["A", "B"],
            &[
                vec!["漢字".into(), "x\u{1b}[31my".into()],
                vec!["ab".into(), "z".into()],
            ],
        );
        assert_eq!(out, "A     B\n漢字  xy\nab    z\n");
        assert!(table(&["A"], &[]).ends_with("(none)\n"));
    }
}
