//! `mdetui audit`: the audit log of writes read back, as a table (a record a line, newest
//! last) or as the file's own JSON records, filtered by age and alert.

use std::path::Path;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::cli::AuditArgs;
use crate::engine::writes::audit::{self, Fields, Record, RecordKind};
use crate::sanitize;

/// The records `args` ask for, as text for stdout.
pub fn show(path: &Path, args: &AuditArgs) -> Result<String, String> {
    let (records, unreadable) =
        audit::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let since = args.since.map(|span| OffsetDateTime::now_utc() - span);
    let chosen: Vec<&Record> = records
        .iter()
        .filter(|r| args.alert.as_deref().is_none_or(|a| r.alert == a))
        .filter(|r| {
            since.is_none_or(|since| {
                OffsetDateTime::parse(&r.time, &Rfc3339).is_ok_and(|t| t >= since)
            })
        })
        .collect();
    if unreadable > 0 {
        eprintln!(
            "mdetui: {unreadable} line(s) of {} are not audit records and were skipped",
            path.display()
        );
    }
    if args.json {
        return serde_json::to_string_pretty(&chosen).map_err(|e| e.to_string());
    }
    if chosen.is_empty() {
        return Ok(format!("no audit records in {}", path.display()));
    }
    let mut out = String::from(
        "TIME                  RECORD  WRITE       ALERT                             RESULT     WHAT\n",
    );
    for r in chosen {
        let (kind, result, what) = match r.record {
            RecordKind::Intent => (
                "intent",
                String::new(),
                change(
                    r.before.as_ref(),
                    r.requested.as_ref(),
                    r.comment.as_deref(),
                ),
            ),
            RecordKind::Result => (
                "result",
                r.result
                    .map(|o| format!("{o:?}").to_lowercase())
                    .unwrap_or_default(),
                r.reason.clone().unwrap_or_default(),
            ),
        };
        let time = r.time.get(..19).unwrap_or(&r.time).replace('T', " ");
        let write: String = r.write.chars().take(10).collect();
        out.push_str(&format!(
            "{time:<21} {kind:<7} {write:<11} {:<33} {result:<10} {}\n",
            sanitize::line(&r.alert),
            sanitize::line(&what)
        ));
    }
    Ok(out)
}

/// `status New → Resolved, comment “…”`: what an intent asks to change.
fn change(before: Option<&Fields>, requested: Option<&Fields>, comment: Option<&str>) -> String {
    let Some(requested) = requested else {
        return String::new();
    };
    let was = |f: fn(&Fields) -> &Option<String>| {
        before
            .and_then(|b| f(b).clone())
            .unwrap_or_else(|| "—".into())
    };
    let mut parts = Vec::new();
    type Field = fn(&Fields) -> &Option<String>;
    let fields: [(&str, Field); 4] = [
        ("status", |f| &f.status),
        ("assigned to", |f| &f.assigned_to),
        ("classification", |f| &f.classification),
        ("determination", |f| &f.determination),
    ];
    for (name, field) in fields {
        if let Some(new) = field(requested) {
            parts.push(format!("{name} {} → {new}", was(field)));
        }
    }
    if let Some(comment) = comment {
        parts.push(format!("comment “{comment}”"));
    }
    parts.join(", ")
}
