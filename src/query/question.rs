//! The question a one-shot command asks: the resource, checked before any call.

use crate::api::model::{AlertStatus, Severity};
use crate::api::{AlertId, AlertQuery, Domain, FileHash, Ip, MachineId, Sha1, UserName};
use crate::cli::{
    AlertPart, Command, DomainPart, FilePart, IncidentPart, IpPart, MachinePart, QueueArgs,
    UserPart,
};
use crate::engine::Resource;

/// What a query command asks: a resource, shown as it comes or as an incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub resource: Resource,
    pub incident: Option<(i64, Option<IncidentPart>)>,
    /// A file's alerts or machines asked by SHA-256: `resource` is the file, whose SHA-1
    /// then asks for the part.
    pub by_sha1: Option<FilePart>,
}

/// The question a query command asks, or why it cannot be asked. `me` is who `--assigned-to
/// me` names (the config's `me`).
pub fn question_for(command: &Command, me: Option<&str>) -> Result<Question, String> {
    let incident = match command {
        Command::Incident { id, related, .. } => Some((*id, *related)),
        _ => None,
    };
    let by_sha1 = match command {
        Command::File {
            hash,
            related: Some(part @ (FilePart::Alerts | FilePart::Machines)),
            ..
        } if file_hash(hash)?.sha1().is_none() => Some(*part),
        _ => None,
    };
    Ok(Question {
        resource: resource_for(command, me)?,
        incident: incident.filter(|(_, part)| *part != Some(IncidentPart::Alerts)),
        by_sha1,
    })
}

/// A file hash the API can look up: SHA-1 or SHA-256 (no endpoint takes an MD5).
fn file_hash(text: &str) -> Result<FileHash, String> {
    let hash = FileHash::parse(text).map_err(|e| e.to_string())?;
    if !hash.is_lookup() {
        return Err(format!(
            "{hash}: the API finds files by SHA-1 or SHA-256, not MD5"
        ));
    }
    Ok(hash)
}

/// The resource for a file's `part`, by its SHA-1.
pub(super) fn file_part(sha1: Sha1, part: FilePart) -> Resource {
    match part {
        FilePart::Alerts => Resource::FileAlerts(sha1),
        FilePart::Machines => Resource::FileMachines(sha1),
        FilePart::Stats => Resource::FileStats(FileHash::Sha1(sha1)),
    }
}

/// The alerts `mdetui alerts …` asks for.
pub fn alert_query(scope: &QueueArgs, me: Option<&str>) -> Result<AlertQuery, String> {
    let statuses = scope
        .status
        .iter()
        .map(|s| AlertStatus::named(s, &["New", "InProgress", "Resolved"]))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("--status {e}"))?;
    let levels = ["Informational", "Low", "Medium", "High"];
    let min_severity = match &scope.severity {
        Some(level) => {
            Some(Severity::named(level, &levels).map_err(|e| format!("--severity {e}"))?)
        }
        None => None,
    };
    let assigned_to = match scope.assigned_to.as_deref().map(str::trim) {
        None => None,
        Some("me") => Some(Some(
            me.ok_or("--assigned-to me: set me = \"you@example.com\" in the config")?
                .to_owned(),
        )),
        Some("nobody" | "none" | "") => Some(None),
        Some(who) => Some(Some(who.to_owned())),
    };
    Ok(AlertQuery {
        open: !scope.all && statuses.is_empty(),
        statuses,
        min_severity,
        assigned_to,
        incident: scope.incident,
        within: scope.since,
        updated_after: None,
        top: scope.top as usize,
        skip: scope.skip as usize,
        evidence: false,
        ids: Vec::new(),
    })
}

/// The resource a query command names, or why its id is unusable.
fn resource_for(command: &Command, me: Option<&str>) -> Result<Resource, String> {
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
                Some(AlertPart::Evidence) => Resource::AlertEvidence(id),
                Some(AlertPart::Set) => return Err("not a query".into()),
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
        Command::Alerts {
            action: None,
            changes,
            ids,
            scope,
            ..
        } => {
            if !changes.is_empty() || ids.is_some() {
                return Err("to change alerts: mdetui alerts set field=value… --ids FILE".into());
            }
            Resource::alerts(alert_query(scope, me)?)
        }
        Command::Incident { id, .. } => {
            Resource::alerts(crate::entity::incident::alerts_query(*id))
        }
        Command::File { hash, related, .. } => {
            let hash = file_hash(hash)?;
            match (related, hash.sha1()) {
                (None, _) => Resource::File(hash),
                (Some(FilePart::Stats), _) => Resource::FileStats(hash),
                (Some(part), Some(sha1)) => file_part(sha1.clone(), *part),
                // By SHA-256: the file first, for its SHA-1 (see `run`).
                (Some(_), None) => Resource::File(hash),
            }
        }
        Command::Ip {
            address, related, ..
        } => {
            let ip = Ip::parse(address).map_err(|e| e.to_string())?;
            match related {
                Some(IpPart::Alerts) => Resource::IpAlerts(ip),
                None | Some(IpPart::Stats) => Resource::IpStats(ip),
            }
        }
        Command::Domain { name, related, .. } => {
            let domain = Domain::parse(name)
                .or_else(|_| Domain::of_url(name))
                .map_err(|e| e.to_string())?;
            match related {
                Some(DomainPart::Alerts) => Resource::DomainAlerts(domain),
                Some(DomainPart::Machines) => Resource::DomainMachines(domain),
                None | Some(DomainPart::Stats) => Resource::DomainStats(domain),
            }
        }
        Command::Alerts { .. } | Command::Simulate(_) | Command::Audit(_) => {
            return Err("not a query".into());
        }
    })
}
