//! The question a one-shot command asks: the resource, checked before any call.

use crate::api::model::{AlertStatus, Severity};
use crate::api::{AlertId, AlertQuery};
use crate::cli::{AlertPart, Command, IncidentPart, KindCommand, QueueArgs};
use crate::engine::Resource;
use crate::entity::{OneShot, Route};

/// What a query command asks: a resource, shown as it comes or as an incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub resource: Resource,
    pub incident: Option<(i64, Option<IncidentPart>)>,
    /// A part the route's view has only once it settles (a file's alerts asked by SHA-256):
    /// `resource` is the route's own entity, whose answer settles the route, which then
    /// names the part's resource.
    pub after: Option<Unsettled>,
}

/// A part asked of a route that must settle first.
#[derive(Debug, Clone)]
pub struct Unsettled {
    pub route: Route,
    pub part: String,
    pub shot: &'static OneShot,
}

impl PartialEq for Unsettled {
    fn eq(&self, other: &Self) -> bool {
        self.route == other.route && self.part == other.part
    }
}

/// The question a query command asks, or why it cannot be asked. `me` is who `--assigned-to
/// me` names (the config's `me`).
/// `saved` are the saved hunts `mdetui hunt --saved` picks from.
pub fn question_for(
    command: &Command,
    me: Option<&str>,
    saved: &[crate::api::Template],
) -> Result<Question, String> {
    let incident = match command {
        Command::Incident { id, related, .. } => Some((*id, *related)),
        _ => None,
    };
    if let Command::Kind(kind) = command {
        return kind_question(kind);
    }
    if let Command::Hunt(args) = command {
        return Ok(Question {
            resource: super::hunt::resource(args, saved)?,
            incident: None,
            after: None,
        });
    }
    Ok(Question {
        resource: resource_for(command, me)?,
        incident: incident.filter(|(_, part)| *part != Some(IncidentPart::Alerts)),
        after: None,
    })
}

/// A registry kind's one-shot: the part of its route's view, or its own entity first when
/// the part shows only once the route settles.
fn kind_question(kind: &KindCommand) -> Result<Question, String> {
    let shot = crate::entity::one_shot(kind.word).expect("the CLI offers registered words only");
    let route = (shot.lookup)(&kind.arg)?;
    let part = kind.part.as_deref();
    if let Some(resource) = (shot.part)(&route, part) {
        return Ok(Question {
            resource,
            incident: None,
            after: None,
        });
    }
    let (Some(facts), Some(part)) = (route.view().facts, part) else {
        return Err(format!("{} {}: {}", kind.word, kind.arg, shot.missing));
    };
    Ok(Question {
        resource: facts,
        incident: None,
        after: Some(Unsettled {
            route,
            part: part.to_owned(),
            shot,
        }),
    })
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
        Command::Action {
            id, cancel: None, ..
        } => Resource::MachineAction(id.trim().to_owned()),
        Command::Kind(_)
        | Command::Alerts { .. }
        | Command::Simulate(_)
        | Command::Audit(_)
        | Command::Hunt(_)
        | Command::Indicator { .. }
        | Command::Action { .. } => {
            return Err("not a query".into());
        }
    })
}
