//! One-shot writes: `mdetui alert ID set status=resolved …` and `mdetui alerts set … --ids
//! FILE`. The changes are parsed and checked before any call, shown and confirmed on a
//! terminal (unless `--yes`), sent through the engine's write path, printed per alert,
//! appended to the audit log, and the exit status says whether all succeeded.

use std::io::{BufRead, IsTerminal, Write};

use crate::api::model::{AlertStatus, Classification, Determination};
use crate::api::{AlertId, AlertUpdate};
use crate::engine::{Command, EngineHandle, Event, Origin, WriteId, WriteOutcome};
use crate::sanitize;

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
    Ok(update)
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

/// Asks on the terminal; anything but yes is no.
pub fn confirm(ids: &[AlertId], update: &AlertUpdate) -> bool {
    if !std::io::stdin().is_terminal() {
        return true;
    }
    eprintln!("mdetui: {} alert(s): {}", ids.len(), describe(update));
    eprint!("apply? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes")
}

/// Sends the write through the engine and waits for it.
pub async fn send(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    ids: Vec<AlertId>,
    update: AlertUpdate,
) -> Option<WriteOutcome> {
    handle.send(Command::Write {
        id: WriteId(1),
        alerts: ids,
        update,
        origin: Origin(0),
    });
    while let Some(event) = events.recv().await {
        if let Event::Written(outcome) = event {
            return Some(outcome);
        }
    }
    None
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
    for note in &outcome.notes {
        out.push_str(&format!("note: {}\n", sanitize::line(note)));
    }
    out
}

/// One audit record a line, for each alert of the write.
pub fn audit_records(outcome: &WriteOutcome, tenant: &str) -> Vec<String> {
    let when = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let result = |id: &AlertId| match outcome.failed.iter().find(|(f, _)| f == id) {
        Some((_, e)) => format!("failed: {e}"),
        None => "ok".to_owned(),
    };
    outcome
        .done
        .iter()
        .chain(outcome.failed.iter().map(|(id, _)| id))
        .map(|id| {
            serde_json::json!({
                "time": when,
                "tenant": tenant,
                "alert": id.as_str(),
                "change": describe(&outcome.update),
                "comment": outcome.update.comment,
                "result": result(id),
                "notes": outcome.notes,
                "via": "one-shot",
            })
            .to_string()
        })
        .collect()
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
