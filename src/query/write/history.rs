//! `mdetui audit`: the audit log of writes read back, as a table (a record a line, newest
//! last) or as the file's own JSON records, filtered by age and target (an alert's id, an
//! indicator's value).

use std::path::Path;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::cli::AuditArgs;
use crate::engine::writes::audit::{self, Record, RecordKind};
use crate::sanitize;

/// The records `args` ask for, as text for stdout.
pub fn show(path: &Path, args: &AuditArgs) -> Result<String, String> {
    let (records, unreadable) =
        audit::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let since = args.since.map(|span| OffsetDateTime::now_utc() - span);
    let chosen: Vec<&Record> = records
        .iter()
        .filter(|r| args.target.as_deref().is_none_or(|t| r.target.id == t))
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
        "TIME                  RECORD  WRITE       TARGET                                     RESULT     WHAT\n",
    );
    for r in chosen {
        let (kind, result, what) = match r.record {
            RecordKind::Intent => ("intent", String::new(), change(r)),
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
            "{time:<21} {kind:<7} {write:<11} {:<42} {result:<10} {}\n",
            sanitize::line(&format!("{} {}", r.target.kind, r.target.id)),
            sanitize::line(&what)
        ));
    }
    Ok(out)
}

/// `update: status New → Resolved, comment “…”`: what an intent asks to change, field by
/// field, old → new (`—` where there was nothing); a delete names what it removes.
fn change(record: &Record) -> String {
    let before = record.before.as_ref();
    let was = |name: &str| before.and_then(|b| b.get(name)).unwrap_or("—").to_owned();
    let mut parts = Vec::new();
    match &record.requested {
        Some(requested) => {
            for (name, new) in &requested.0 {
                let new = new.as_deref().unwrap_or("—");
                match before {
                    // Nothing before (a new indicator, an alert not read): what it sets.
                    None => parts.push(format!("{name} {new}")),
                    Some(_) if was(name) != new => {
                        parts.push(format!("{name} {} → {new}", was(name)));
                    }
                    Some(_) => {}
                }
            }
        }
        None => {
            if let Some(before) = before {
                parts.extend(
                    ["id", "indicatorType", "action", "title"]
                        .iter()
                        .filter_map(|name| Some(format!("{name} {}", before.get(name)?))),
                );
            }
        }
    }
    if let Some(comment) = &record.comment {
        parts.push(format!("comment “{comment}”"));
    }
    format!("{}: {}", record.action, parts.join(", "))
}
