//! The audit log of writes, written ahead (`DESIGN.md` §9): an intent record for every alert
//! before the first call of a write, a result record for each once its outcome is known, one
//! JSON object a line, the same schema from the explorer and the one-shot CLI. Each group of
//! records reaches the disk before the next step; a log that cannot be written stops the write
//! before anything is sent. The file is 0600 in a 0700 folder, and every string in it is
//! cleaned as the log file's are (controls, bidi and zero-width characters as visible escapes).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema's version, written in every record. Version 1 named an alert (`alert`) where
/// version 2 names a target of any kind (`target`) and the action; both are read.
pub const SCHEMA: u32 = 2;

/// Where a write came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WriteOrigin {
    Explorer,
    OneShot,
}

/// Who writes, to which tenant, and where the log is: fixed for the process.
#[derive(Debug, Clone)]
pub struct AuditConfig {
    pub path: PathBuf,
    pub tenant: String,
    /// The app registration (client id), or the kind of credential.
    pub app: String,
    /// The signed-in principal: a user's UPN, or the app's id.
    pub principal: String,
    /// Who `me` names in the config, if anyone.
    pub me: Option<String>,
    pub origin: WriteOrigin,
}

/// Fields of a target as a record shows them, by the API's names: `null` where the target
/// has no value. Each kind of write says which it records (an alert's triage fields, an
/// indicator's value, type and action, a machine action's type and scope).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fields(pub BTreeMap<String, Option<String>>);

impl Fields {
    /// The fields named in `pairs`; an empty or blank value is recorded as `null`.
    pub fn of<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<String>)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(name, value)| {
                    let value = value.filter(|v| !v.trim().is_empty());
                    (name.to_owned(), value)
                })
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name)?.as_deref()
    }
}

/// What a record is about: an alert, an indicator (by its value), a machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub kind: String,
    pub id: String,
}

impl Target {
    pub fn new(kind: &str, id: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            id: id.into(),
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub schema: u32,
    /// `intent` before the write is sent, `result` once its outcome is known.
    pub record: RecordKind,
    /// Names the write across its records (unique across processes).
    pub write: String,
    /// RFC 3339, UTC, with the date.
    pub time: String,
    pub tenant: String,
    pub app: String,
    pub principal: String,
    pub me: Option<String>,
    pub origin: WriteOrigin,
    pub target: Target,
    /// What the write does to its target: `update` (an alert's triage), `submit` or
    /// `delete` (an indicator).
    pub action: String,
    /// Intent: the target's fields before (`null` when not known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Fields>,
    /// Intent: what the write sets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested: Option<Fields>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Result: `ok`, `failed` or `uncertain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Outcome>,
    /// Result: why it failed, or what to check when uncertain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Result: the target's fields as the API answered or read back, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Fields>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Intent,
    Result,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Failed,
    Uncertain,
}

/// A write's identity in the log: random, so two processes never share one.
pub fn new_write_id() -> String {
    format!("w-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

pub fn timestamp() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl AuditConfig {
    /// A record of `write`'s `action` on `target`, stamped now, its other fields empty.
    pub fn record(&self, kind: RecordKind, write: &str, target: Target, action: &str) -> Record {
        Record {
            schema: SCHEMA,
            record: kind,
            write: write.to_owned(),
            time: timestamp(),
            tenant: self.tenant.clone(),
            app: self.app.clone(),
            principal: self.principal.clone(),
            me: self.me.clone(),
            origin: self.origin,
            target,
            action: action.to_owned(),
            before: None,
            requested: None,
            comment: None,
            result: None,
            reason: None,
            after: None,
        }
    }

    /// Appends `records` and waits for them to reach the disk.
    pub fn append(&self, records: &[Record]) -> std::io::Result<()> {
        let mut text = String::new();
        for record in records {
            let mut value = serde_json::to_value(record).map_err(std::io::Error::other)?;
            clean(&mut value);
            text.push_str(&value.to_string());
            text.push('\n');
        }
        let mut file = crate::private::append(&self.path)?;
        file.write_all(text.as_bytes())?;
        file.sync_data()
    }
}

/// Every string escaped as the log file escapes it: nothing in the audit can act on a
/// terminal that shows it, or hide what it says.
fn clean(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(clean) = crate::sanitize::escaped(s) {
                *s = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean),
        Value::Object(map) => map.values_mut().for_each(clean),
        _ => {}
    }
}

/// Reads the log back: every record that parses, and how many lines did not.
pub fn read(path: &Path) -> std::io::Result<(Vec<Record>, usize)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e),
    };
    let mut records = Vec::new();
    let mut unreadable = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Record>(line) {
            Ok(record) => records.push(record),
            Err(_) => match serde_json::from_str::<RecordV1>(line) {
                Ok(old) => records.push(old.into()),
                Err(_) => unreadable += 1,
            },
        }
    }
    Ok((records, unreadable))
}

/// A record as schema 1 wrote it: alert triage only, the alert named in `alert`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordV1 {
    schema: u32,
    record: RecordKind,
    write: String,
    time: String,
    tenant: String,
    app: String,
    principal: String,
    me: Option<String>,
    origin: WriteOrigin,
    alert: String,
    #[serde(default)]
    before: Option<Fields>,
    #[serde(default)]
    requested: Option<Fields>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    result: Option<Outcome>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    after: Option<Fields>,
}

impl From<RecordV1> for Record {
    fn from(old: RecordV1) -> Self {
        // Version 1 wrote every requested field, `null` where the write left it alone.
        let requested = old
            .requested
            .map(|f| Fields(f.0.into_iter().filter(|(_, v)| v.is_some()).collect()));
        Self {
            schema: old.schema,
            record: old.record,
            write: old.write,
            time: old.time,
            tenant: old.tenant,
            app: old.app,
            principal: old.principal,
            me: old.me,
            origin: old.origin,
            target: Target::new("alert", old.alert),
            action: "update".into(),
            before: old.before,
            requested,
            comment: old.comment,
            result: old.result,
            reason: old.reason,
            after: old.after,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_clean_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let config = AuditConfig {
            path: dir.path().join("state/audit.jsonl"),
            tenant: "t".into(),
            app: "a".into(),
            principal: "p@x.com".into(),
            me: None,
            origin: WriteOrigin::Explorer,
        };
        let mut record = config.record(
            RecordKind::Intent,
            "w-1",
            Target::new("alert", "da1"),
            "update",
        );
        record.comment = Some("evil \u{9b}31m \u{202e}txt\u{200b}".into());
        record.before = Some(Fields::of([("status", None)]));
        config.append(&[record]).unwrap();
        let raw = std::fs::read_to_string(&config.path).unwrap();
        assert!(
            !raw.trim_end().chars().any(crate::sanitize::is_unsafe),
            "{raw:?}"
        );
        assert!(raw.contains("\"status\":null"), "{raw}");
        let (records, unreadable) = read(&config.path).unwrap();
        assert_eq!((records.len(), unreadable), (1, 0));
        assert!(records[0].time.contains('T') && records[0].time.ends_with('Z'));
        assert_eq!(records[0].target, Target::new("alert", "da1"));
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&config.path), 0o600);
        assert_eq!(mode(config.path.parent().unwrap()), 0o700);
    }
}

#[cfg(test)]
mod v1_tests {
    use super::*;

    #[test]
    fn a_version_1_record_reads_as_an_alert_update() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let v1 = r#"{"schema":1,"record":"intent","write":"w-1","time":"2026-11-30T10:00:00Z","tenant":"t","app":"a","principal":"p","me":null,"origin":"one-shot","alert":"da1","before":{"status":"New","assignedTo":null,"classification":null,"determination":null},"requested":{"status":"Resolved","assignedTo":null,"classification":null,"determination":null},"comment":"done"}"#;
        std::fs::write(&path, format!("{v1}\nnot json\n")).unwrap();
        let (records, unreadable) = read(&path).unwrap();
        assert_eq!(unreadable, 1);
        let r = &records[0];
        assert_eq!(
            (r.target.kind.as_str(), r.target.id.as_str()),
            ("alert", "da1")
        );
        assert_eq!(r.action, "update");
        assert_eq!(r.requested.as_ref().unwrap().0.len(), 1, "only what it set");
        assert_eq!(r.before.as_ref().unwrap().get("status"), Some("New"));
    }
}
