//! Incidents: the API has no incident resource behind the alert endpoints, so an incident is
//! what its alerts (`$filter=incidentId eq N`) say — its severity is the worst of theirs, it is
//! resolved when all of them are, its activity spans theirs, and the users and machines it
//! touches are the ones they name. Derived here, with no extra call.

use std::collections::BTreeMap;

use super::registry::{Complete, Registration, Word};
use super::route::{PaneSpec, Project, Route, View};
use crate::api::AlertQuery;
use crate::api::model::{Alert, AlertStatus, Severity, Timestamp, short_host};
use crate::engine::Resource;

/// The question that fetches an incident's alerts: all of them, resolved too, in one call.
pub fn alerts_query(id: i64) -> AlertQuery {
    AlertQuery {
        incident: Some(id),
        top: 10_000,
        evidence: true,
        ..AlertQuery::default()
    }
}

/// An incident's page: its summary on top (from its alerts), its alerts below.
pub fn view(id: i64) -> View {
    View {
        more: Vec::new(),
        aside: Vec::new(),
        facts: None,
        panes: vec![
            PaneSpec::new(
                Resource::alerts(alerts_query(id)),
                "alerts",
                "No alert belongs to this incident: is the number right?",
                "alerts",
            ),
            // What its alerts name, as rows Enter opens (no call: from the alerts above).
            PaneSpec::projecting(
                Resource::alerts(alerts_query(id)),
                Project::Machines,
                "machines its alerts name",
                "Its alerts name no machine.",
                "machines",
            ),
            PaneSpec::projecting(
                Resource::alerts(alerts_query(id)),
                Project::Users,
                "users its alerts name",
                "Its alerts name no user.",
                "users",
            ),
        ],
    }
}

/// One incident, summarised from its alerts.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: i64,
    pub alerts: usize,
    pub severity: Option<Severity>,
    pub status: IncidentStatus,
    pub first_activity: Option<Timestamp>,
    pub last_activity: Option<Timestamp>,
    /// `DOMAIN\name` (or the bare name) of each user an alert names, once, in order.
    pub users: Vec<String>,
    /// Each machine an alert names: its id and, when known, its computer name.
    pub machines: Vec<(String, Option<String>)>,
    /// What the alerts' evidence names, by kind (`File`, `Ip`, `Url`…), each once.
    pub evidence: BTreeMap<String, std::collections::BTreeSet<String>>,
}

/// Where an incident stands, from its alerts' statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentStatus {
    /// No alert is resolved and none is being worked on.
    New,
    /// Some alerts are in progress or resolved, some not.
    Active,
    Resolved,
}

impl IncidentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Active => "Active",
            Self::Resolved => "Resolved",
        }
    }
}

impl Incident {
    /// The incident `id` as `alerts` show it (the alerts of other incidents are ignored).
    pub fn from_alerts(id: i64, alerts: &[Alert]) -> Self {
        let mine: Vec<&Alert> = alerts
            .iter()
            .filter(|a| a.incident_id == Some(id))
            .collect();
        let severity = mine
            .iter()
            .filter_map(|a| a.severity.clone())
            .max_by_key(Severity::rank);
        let status = |s: AlertStatus| mine.iter().filter(|a| a.status == Some(s.clone())).count();
        let status = if !mine.is_empty() && status(AlertStatus::Resolved) == mine.len() {
            IncidentStatus::Resolved
        } else if status(AlertStatus::Resolved) + status(AlertStatus::InProgress) > 0 {
            IncidentStatus::Active
        } else {
            IncidentStatus::New
        };
        let first_activity = mine
            .iter()
            .filter_map(|a| a.first_event_time.clone().or(a.alert_creation_time.clone()))
            .min_by_key(Timestamp::sort_key);
        let last_activity = mine
            .iter()
            .filter_map(|a| a.last_event_time.clone().or(a.alert_creation_time.clone()))
            .max_by_key(Timestamp::sort_key);
        let users = super::project::users(mine.iter().copied())
            .into_iter()
            .map(|(name, domain)| match domain {
                Some(domain) => format!("{domain}\\{name}"),
                None => name,
            })
            .collect();
        let machines = super::project::machines(mine.iter().copied());
        let mut evidence: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        for item in mine.iter().flat_map(|a| &a.evidence) {
            let named = [
                item.file_name.as_deref(),
                item.ip_address.as_deref(),
                item.url.as_deref(),
                item.registry_key.as_deref(),
                item.account_name.as_deref(),
            ]
            .into_iter()
            .flatten()
            .find(|n| !n.is_empty());
            if let (Some(kind), Some(named)) = (&item.entity_type, named) {
                evidence
                    .entry(kind.as_str().to_owned())
                    .or_default()
                    .insert(named.to_owned());
            }
        }
        Self {
            evidence,
            id,
            alerts: mine.len(),
            severity,
            status,
            first_activity,
            last_activity,
            users,
            machines,
        }
    }

    /// Label and value of each fact, for a one-shot answer and a view's header.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let time = |t: &Option<Timestamp>| t.as_ref().map_or("-".to_owned(), Timestamp::short);
        vec![
            ("incident", self.id.to_string()),
            ("status", self.status.as_str().to_owned()),
            (
                "severity",
                self.severity
                    .as_ref()
                    .map_or("-".to_owned(), |s| s.as_str().to_owned()),
            ),
            ("alerts", self.alerts.to_string()),
            ("first activity", time(&self.first_activity)),
            ("last activity", time(&self.last_activity)),
            ("users", or_dash(self.users.join(", "))),
            (
                "machines",
                or_dash(
                    self.machines
                        .iter()
                        .map(|(id, name)| name.as_deref().map_or(id.as_str(), short_host))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ),
            ("evidence", or_dash(self.evidence_text())),
        ]
    }

    /// The summary as typed JSON, named as the API names things: numbers as numbers, times
    /// in RFC 3339 with their zone, users and machines as lists, evidence by kind.
    pub fn json(&self) -> serde_json::Value {
        let machines: Vec<serde_json::Value> = self
            .machines
            .iter()
            .map(|(id, name)| serde_json::json!({"machineId": id, "computerDnsName": name}))
            .collect();
        serde_json::json!({
            "incidentId": self.id,
            "status": self.status.as_str(),
            "severity": self.severity.as_ref().map(|s| s.as_str()),
            "alerts": self.alerts,
            "firstActivity": self.first_activity.as_ref().map(ToString::to_string),
            "lastActivity": self.last_activity.as_ref().map(ToString::to_string),
            "users": self.users,
            "machines": machines,
            "evidence": self.evidence,
        })
    }

    /// `File: a.exe, b.dll · Ip: 10.0.0.5`.
    fn evidence_text(&self) -> String {
        self.evidence
            .iter()
            .map(|(kind, names)| {
                format!(
                    "{kind}: {}",
                    names.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "-".to_owned()
    } else {
        text
    }
}

/// Incidents open by `:incident N`; `mdetui incident N` is the CLI's own (its summary and
/// parts are read from its alerts).
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "incident",
        short: Some("i"),
        needs: Some("an incident number"),
        open: |arg, _| {
            arg.parse()
                .ok()
                .filter(|n: &i64| *n > 0)
                .map(Route::Incident)
                .ok_or_else(|| format!("“{arg}” is not an incident number"))
        },
        complete: Complete::Nothing,
    }),
    ..Registration::shows(&[])
};

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(json: serde_json::Value) -> Alert {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn an_incident_is_what_its_alerts_say() {
        let alerts = [
            alert(serde_json::json!({
                "id": "da1", "incidentId": 7, "severity": "Low", "status": "Resolved",
                "firstEventTime": "2026-11-20T10:00:00Z", "lastEventTime": "2026-11-20T11:00:00Z",
                "machineId": "m1", "computerDnsName": "ws1.contoso.com",
                "relatedUser": {"userName": "jdoe", "domainName": "CONTOSO"}
            })),
            alert(serde_json::json!({
                "id": "da2", "incidentId": 7, "severity": "High", "status": "New",
                "alertCreationTime": "2026-11-21T09:00:00Z", "machineId": "m2",
                "relatedUser": {"userName": "JDOE", "domainName": "contoso"}
            })),
            alert(serde_json::json!({"id": "da3", "incidentId": 8, "severity": "High"})),
        ];
        let incident = Incident::from_alerts(7, &alerts);
        // An alert with no related user still names the accounts in its evidence.
        let unnamed = alert(serde_json::json!({
            "id": "da4", "incidentId": 9, "relatedUser": null,
            "evidence": [{"entityType": "User", "accountName": "svc_backup", "domainName": "CONTOSO"}],
            "loggedOnUsers": [{"accountName": "jdoe", "domainName": "CONTOSO"}]
        }));
        assert_eq!(
            Incident::from_alerts(9, &[unnamed]).users,
            ["CONTOSO\\svc_backup"],
            "the evidence's account, not the logged-on user"
        );
        assert_eq!(incident.alerts, 2);
        assert_eq!(incident.severity, Some(Severity::High));
        assert_eq!(incident.status, IncidentStatus::Active);
        assert_eq!(incident.users, ["CONTOSO\\jdoe"]);
        assert_eq!(
            incident.machines,
            [
                ("m1".to_owned(), Some("ws1.contoso.com".to_owned())),
                ("m2".to_owned(), None)
            ]
        );
        let facts = incident.facts();
        assert!(
            facts.contains(&("evidence", "-".into())),
            "lists without evidence say none"
        );
        assert!(facts.contains(&("first activity", "2026-11-20 10:00:00".into())));
        assert!(facts.contains(&("last activity", "2026-11-21 09:00:00".into())));

        let resolved = Incident::from_alerts(7, &alerts[..1]);
        assert_eq!(resolved.status, IncidentStatus::Resolved);
        let unknown = Incident::from_alerts(99, &alerts);
        assert_eq!((unknown.alerts, unknown.status), (0, IncidentStatus::New));
    }
}
