//! What a file view says beyond the file's own record: the organisation's prevalence, the
//! paths the alerts' evidence shows it at, and what can be said when the SHA-1 is missing.

use super::super::kind::Kind;
use crate::api::FileHash;
use crate::engine::{Payload, Resource};

/// The organisation's view of the file, after its own facts; paths from the evidence of the
/// alerts already read, and what can be said when the SHA-1 is missing.
pub fn complete<'a>(
    hash: &FileHash,
    facts: &mut Vec<(&'static str, String)>,
    loaded: &impl Fn(&Resource) -> Option<&'a Payload>,
) {
    let file = match loaded(&Resource::File(hash.clone())) {
        Some(Payload::File(f)) => Some(&**f),
        _ => None,
    };
    let stats = match loaded(&Resource::FileStats(hash.clone())) {
        Some(Payload::FileStats(s)) => Some(&**s),
        _ => None,
    };
    let paths = paths_seen(hash, loaded);
    if let Some(stats) = stats {
        // What the file's own record does not say already, right after its verdict.
        let known = ["sha1", "global prevalence", "global first/last"];
        let at = facts.len().min(1);
        let org: Vec<_> = Kind::facts(stats)
            .into_iter()
            .filter(|(label, _)| !known.contains(label))
            .collect();
        facts.splice(at..at, org);
    }
    if !paths.is_empty() {
        facts.push(("paths seen", paths.join(", ")));
    }
    if hash.sha1().is_none() {
        let note = match (hash, file) {
            (FileHash::Md5(_), _) => {
                "the API finds files by SHA-1 or SHA-256 only; an MD5 cannot be looked up"
            }
            (_, Some(f)) if f.sha1.as_deref().is_none_or(str::is_empty) => {
                "no SHA-1 known for this file: the API relates alerts and machines by SHA-1 only"
            }
            _ => "alerts and machines follow once the file's SHA-1 is known",
        };
        facts.push(("related", note.to_owned()));
    }
}

/// Where the alerts of a file's view that have been read whole saw it: `folder\\name`.
fn paths_seen<'a>(
    hash: &FileHash,
    loaded: &impl Fn(&Resource) -> Option<&'a Payload>,
) -> Vec<String> {
    let Some(sha1) = hash.sha1() else {
        return Vec::new();
    };
    let Some(Payload::Alerts(alerts)) = loaded(&Resource::FileAlerts(sha1.clone())) else {
        return Vec::new();
    };
    let mut paths: Vec<String> = Vec::new();
    for alert in alerts.iter() {
        let Ok(id) = crate::api::AlertId::parse(&alert.id) else {
            continue;
        };
        let Some(Payload::Alert(whole)) = loaded(&Resource::Alert(id)) else {
            continue;
        };
        for e in &whole.evidence {
            if e.sha1
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(sha1.as_str()))
            {
                let path = format!(
                    "{}\\{}",
                    e.file_path.as_deref().unwrap_or("?"),
                    e.file_name.as_deref().unwrap_or("?")
                );
                if !paths.contains(&path) {
                    paths.push(path);
                }
            }
        }
    }
    paths
}
