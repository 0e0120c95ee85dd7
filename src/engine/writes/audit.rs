//! The audit log of writes, written ahead (`DESIGN.md` §9): an intent record for every alert
//! before the first call of a write, a result record for each once its outcome is known, one
//! JSON object a line, the same schema from the explorer and the one-shot CLI. Each group of
//! records reaches the disk before the next step; a log that cannot be written stops the write
//! before anything is sent. The file is 0600 in a 0700 folder, and every string in it is
//! cleaned as the log file's are (controls, bidi and zero-width characters as visible escapes).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::AlertUpdate;
use crate::api::model::Alert;

/// The schema's version, written in every record.
pub const SCHEMA: u32 = 1;

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

/// The fields a write sets, as a record shows them: `null` where the alert has no value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fields {
    pub status: Option<String>,
    pub assigned_to: Option<String>,
    pub classification: Option<String>,
    pub determination: Option<String>,
}

impl Fields {
    pub fn of(alert: &Alert) -> Self {
        let text = |s: Option<&str>| s.filter(|s| !s.trim().is_empty()).map(str::to_owned);
        Self {
            status: text(alert.status.as_ref().map(|s| s.as_str())),
            assigned_to: text(alert.assigned_to.as_deref()),
            classification: text(alert.classification.as_ref().map(|c| c.as_str())),
            determination: text(alert.determination.as_ref().map(|d| d.as_str())),
        }
    }

    pub fn requested(update: &AlertUpdate) -> Self {
        Self {
            status: update.status.as_ref().map(|s| s.as_str().to_owned()),
            assigned_to: update.assigned_to.clone(),
            classification: update
                .classification
                .as_ref()
                .map(|c| c.as_str().to_owned()),
            determination: update.determination.as_ref().map(|d| d.as_str().to_owned()),
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
    pub alert: String,
    /// Intent: the alert's fields before (`null` when not known).
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
    /// Result: the alert's fields as the API answered or read back, when known.
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
    /// A record of `write` for `alert`, stamped now, its other fields empty.
    pub fn record(&self, kind: RecordKind, write: &str, alert: &str) -> Record {
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
            alert: alert.to_owned(),
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
        match serde_json::from_str(line) {
            Ok(record) => records.push(record),
            Err(_) => unreadable += 1,
        }
    }
    Ok((records, unreadable))
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
        let mut record = config.record(RecordKind::Intent, "w-1", "da1");
        record.comment = Some("evil \u{9b}31m \u{202e}txt\u{200b}".into());
        record.before = Some(Fields::default());
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
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&config.path), 0o600);
        assert_eq!(mode(config.path.parent().unwrap()), 0o700);
    }
}
