//! One-shot queries (`mdetui user jdoe alerts`): one resource through the engine, printed as a
//! table or JSON, with one clear line and a non-zero exit on failure.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use crate::api::{AlertId, ApiError, MachineId, UserName};
use crate::cli::{AlertPart, Command, MachinePart, UserPart};
use crate::engine::{self, EngineHandle, Event, Payload, Resource};
use crate::entity::{self, List};
use crate::sanitize;

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
    match (entity::one(payload), entity::list(payload)) {
        (Some(one), _) => one.json(),
        (None, Some(list)) => list.json(&(0..list.len()).collect::<Vec<_>>()),
        (None, None) => unreachable!("a payload is one entity or a list"),
    }
}

fn to_table(payload: &Payload) -> String {
    match (entity::one(payload), entity::list(payload)) {
        (Some(one), _) => facts(&one.one_shot_facts()),
        (None, Some(l)) => list(l),
        (None, None) => unreachable!("a payload is one entity or a list"),
    }
}

/// A list in the explorer's default order (newest first), with every column.
fn list(list: &dyn List) -> String {
    let heads = list.heads();
    let header: Vec<&str> = heads.iter().map(|h| h.title).collect();
    let mut order: Vec<usize> = (0..list.len()).collect();
    list.sort(&mut order, list.default_sort());
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|&i| (0..heads.len()).map(|c| list.cell(i, c)).collect())
        .collect();
    table(&header, &rows)
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
