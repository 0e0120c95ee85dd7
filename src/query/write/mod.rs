//! One-shot writes: `mdetui alert ID set status=resolved …` and `mdetui alerts set … --ids
//! FILE`. The changes are parsed and checked before any call (by the same rules as the
//! explorer's form), confirmed on the terminal (unless `--yes`), the alerts read as they are
//! (for the audit log's before-values), sent through the engine's write path — which audits
//! each alert before and after — and printed per alert; the exit status says whether all
//! succeeded.

mod ask;
mod changes;
pub mod history;
pub mod indicators;
pub mod respond;
mod wait;

use crate::api::model::{AlertStatus, Classification, Determination};
use crate::api::{AlertId, AlertQuery, AlertUpdate};
use crate::engine::{
    EngineHandle, Event, Origin, Payload, Request, Resource, WriteId, WriteOutcome, WriteTarget,
};
use crate::sanitize;
pub use ask::{ask, confirm};

/// `alert ID set …` and `alerts set … --ids FILE`: checked, confirmed on a terminal (unless
/// `--yes`), sent, reported per alert (on stdout) and audited. True when every alert was
/// written; an error (nothing sent) is the one line to print.
pub async fn run(
    command: crate::cli::Command,
    me: Option<&str>,
    typed_at: usize,
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
) -> Result<bool, String> {
    let (ids, update, args) = prepare(command, me)?;
    if !args.yes {
        match confirm(&ids, &describe(&update), typed_at) {
            Ok(true) => {}
            Ok(false) => return Err("cancelled: nothing was sent".into()),
            Err(e) => return Err(format!("{e}; nothing was sent")),
        }
    }
    let targets = read_before(handle, events, &ids).await;
    let outcome = send(handle, events, targets, update)
        .await
        .ok_or("the fetch engine stopped before the write finished")?;
    print(&report(&outcome));
    Ok(outcome.failed.is_empty() && outcome.uncertain.is_empty())
}

/// Writes `text` to stdout; a closed pipe ends the printing, never the writes (they are
/// audited all the same).
fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Alerts read per call for their before-values (`id in (…)`, a URL of a few KB).
const READ_CHUNK: usize = 50;

/// `field=value` pairs (and a comment) as an update; `me` is who "me" names.
pub fn parse_changes(
    changes: &[String],
    comment: Option<&str>,
    me: Option<&str>,
) -> Result<AlertUpdate, String> {
    let mut update = AlertUpdate {
        comment: comment.map(str::to_owned).filter(|c| !c.trim().is_empty()),
        ..AlertUpdate::default()
    };
    for change in changes {
        let (field, value) = change
            .split_once('=')
            .ok_or_else(|| format!("“{change}”: write changes as field=value"))?;
        let value = value.trim();
        // The wire's names, in any case, without separators; never `Unknown` or retired ones.
        let settable = |names: &'static [&'static str]| -> Vec<&'static str> {
            names
                .iter()
                .copied()
                .filter(|n| !matches!(*n, "Unknown" | "Apt" | "SecurityPersonnel"))
                .collect()
        };
        let field_error = |e: String| format!("{field}={e}");
        match field.trim().to_ascii_lowercase().as_str() {
            "status" => {
                let allowed = settable(AlertStatus::WIRE);
                update.status = Some(AlertStatus::named(value, &allowed).map_err(field_error)?);
            }
            "assignedto" | "assign" => {
                update.assigned_to = Some(match value {
                    "me" => me
                        .ok_or("assignedto=me: set me = \"you@example.com\" in the config")?
                        .to_owned(),
                    name => name.to_owned(),
                });
            }
            "classification" => {
                let allowed = settable(Classification::WIRE);
                update.classification =
                    Some(Classification::named(value, &allowed).map_err(field_error)?);
            }
            "determination" => {
                let allowed = settable(Determination::WIRE);
                update.determination =
                    Some(Determination::named(value, &allowed).map_err(field_error)?);
            }
            other => {
                return Err(format!(
                    "no field “{other}” (status, assignedto, classification, determination)"
                ));
            }
        }
    }
    if update.is_empty() {
        return Err("nothing to change: give field=value pairs or --comment".into());
    }
    update.check().map_err(|invalid| invalid.0)?;
    Ok(update)
}

/// A write command's alerts, its update (checked) and its flags.
pub fn prepare(
    command: crate::cli::Command,
    me: Option<&str>,
) -> Result<(Vec<AlertId>, AlertUpdate, crate::cli::WriteArgs), String> {
    use crate::cli::Command;
    let (ids, changes, args) = match command {
        Command::Alert {
            id, changes, write, ..
        } => (
            vec![AlertId::parse(&id).map_err(|e| e.to_string())?],
            changes,
            write,
        ),
        Command::Alerts {
            ids,
            changes,
            write,
            ..
        } => match ids.as_deref().map(read_ids) {
            None => {
                return Err(
                    "alerts set: give the alerts with --ids FILE (or --ids - for standard input)"
                        .into(),
                );
            }
            Some(Ok(ids)) if !ids.is_empty() => (ids, changes, write),
            Some(Ok(_)) => return Err("no alert ids in the list".into()),
            Some(Err(e)) => return Err(e),
        },
        _ => return Err("not a write".into()),
    };
    let update = parse_changes(&changes, args.comment.as_deref(), me)?;
    Ok((ids, update, args))
}

/// The ids in a file (or standard input for `-`), one a line.
pub fn read_ids(path: &std::path::Path) -> Result<Vec<AlertId>, String> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| format!("standard input: {e}"))?
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| AlertId::parse(l).map_err(|e| e.to_string()))
        .collect()
}

/// What the update does, in words: `status → Resolved, classification → TruePositive`.
pub fn describe(update: &AlertUpdate) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &update.status {
        parts.push(format!("status → {}", s.as_str()));
    }
    if let Some(a) = &update.assigned_to {
        parts.push(format!("assigned to → {a}"));
    }
    if let Some(c) = &update.classification {
        parts.push(format!("classification → {}", c.as_str()));
    }
    if let Some(d) = &update.determination {
        parts.push(format!("determination → {}", d.as_str()));
    }
    if let Some(c) = &update.comment {
        parts.push(format!("comment “{c}”"));
    }
    sanitize::line(&parts.join(", ")).into_owned()
}

/// Who writes, to which tenant, and where the audit log is: the signed-in principal is the
/// app for client credentials, else the user a delegated token names (read with the token,
/// which the first call needs anyway; a slow `az` is not waited on for long).
pub async fn audit_config(
    client: &crate::api::Client,
    path: std::path::PathBuf,
    tenant: &str,
    app: &str,
    me: Option<String>,
    one_shot: bool,
) -> crate::engine::AuditConfig {
    let tokens = client.tokens();
    let principal = match tokens.credentials() {
        crate::api::Credentials::ClientSecret { client_id, .. } => format!("app {client_id}"),
        other => tokio::time::timeout(std::time::Duration::from_secs(4), tokens.token())
            .await
            .ok()
            .and_then(Result::ok)
            .and_then(|t| t.user_claim())
            .unwrap_or_else(|| other.describe()),
    };
    crate::engine::AuditConfig {
        path,
        tenant: tenant.to_owned(),
        app: app.to_owned(),
        principal,
        me,
        origin: if one_shot {
            crate::engine::WriteOrigin::OneShot
        } else {
            crate::engine::WriteOrigin::Explorer
        },
    }
}

/// The alerts as they are now, read through the engine (budgeted), `READ_CHUNK` a call; an
/// alert that could not be read is written with its before-values unknown.
pub async fn read_before(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    ids: &[AlertId],
) -> Vec<WriteTarget> {
    let mut found = std::collections::HashMap::new();
    for chunk in ids.chunks(READ_CHUNK) {
        let query = AlertQuery {
            ids: chunk.iter().map(|id| id.as_str().to_owned()).collect(),
            top: chunk.len(),
            ..AlertQuery::default()
        };
        let resource = Resource::alerts(query);
        if let Ok(Payload::Alerts(alerts)) =
            crate::engine::fetch_once(handle, events, resource, |_| {}).await
        {
            for alert in alerts.iter() {
                found.insert(alert.id.clone(), alert.clone());
            }
        }
    }
    ids.iter()
        .map(|id| WriteTarget {
            alert: id.clone(),
            before: found.remove(id.as_str()),
        })
        .collect()
}

/// Sends the write through the engine and waits for it (a stop signal sends nothing more,
/// but waits for what is in flight).
pub async fn send(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    targets: Vec<WriteTarget>,
    update: AlertUpdate,
) -> Option<WriteOutcome> {
    handle.send(Request::Write {
        id: WriteId(1),
        targets,
        update,
        origin: Origin(0),
    });
    wait::until_done(handle, events, |event| match event {
        Event::Written(outcome) => Some(outcome),
        _ => None,
    })
    .await
}

/// A line an alert, then the notes; the text for stdout.
pub fn report(outcome: &WriteOutcome) -> String {
    let mut out = String::new();
    for id in &outcome.done {
        out.push_str(&format!("{id}  {}\n", describe(&outcome.update)));
    }
    for (id, error) in &outcome.failed {
        out.push_str(&format!(
            "{id}  FAILED: {}\n",
            sanitize::line(&error.short())
        ));
    }
    for (id, check) in &outcome.uncertain {
        out.push_str(&format!("{id}  UNCERTAIN: {}\n", sanitize::line(check)));
    }
    for note in &outcome.notes {
        out.push_str(&format!("note: {}\n", sanitize::line(note)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_parse_as_an_analyst_types_them() {
        let update = parse_changes(
            &[
                "status=resolved".into(),
                "assignedto=me".into(),
                "classification=truepositive".into(),
                "determination=malware".into(),
            ],
            Some("done"),
            Some("me@contoso.com"),
        )
        .unwrap();
        assert_eq!(update.status, Some(AlertStatus::Resolved));
        assert_eq!(update.assigned_to.as_deref(), Some("me@contoso.com"));
        assert_eq!(update.classification, Some(Classification::TruePositive));
        assert_eq!(update.determination, Some(Determination::Malware));
        assert!(parse_changes(&["status=in-progress".into()], None, None).is_ok());
        for bad in ["status=done", "colour=red", "status", "assignedto=me"] {
            assert!(parse_changes(&[bad.into()], None, None).is_err(), "{bad}");
        }
        assert!(parse_changes(&[], None, None).is_err());
        assert!(parse_changes(&[], Some("just a note"), None).is_ok());
    }
}
