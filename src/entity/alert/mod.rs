//! Alerts: the list columns, the triage facts, the filter fields, and where an alert leads
//! (its user, its machine).

mod columns;
mod open;
mod users;

pub use open::KIND;

use columns::{COLUMNS, status_rank};

use super::column::{Column, SortKey, opt, time, time_key, typed_time};
use super::kind::{CopyWhat, Kind, Mentions, PivotTo, any, portal_url};
use super::route::{PaneSpec, Route, View};
use crate::api::ids::path_segment as enc;
use crate::api::model::{Alert, AlertStatus, Severity};
use crate::api::{AlertId, MachineId, UserName};
use crate::engine::Resource;

fn first<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    values
        .into_iter()
        .flatten()
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}

impl Kind for Alert {
    const NAME: &'static str = "alert";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "CREATED UTC";
    const WHOLE_IN_LISTS: bool = false;
    const FIELDS: &'static str = "sev, status, machine, user, assigned, tech, cat, title, source, class, id, incident, created";

    fn id(&self) -> &str {
        &self.id
    }

    fn label(&self) -> String {
        opt(&self.title)
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        let a = self;
        vec![
            ("id", a.id.clone()),
            ("title", opt(&a.title)),
            ("severity", opt(&a.severity)),
            ("status", opt(&a.status)),
            (
                "classification",
                format!("{} / {}", opt(&a.classification), opt(&a.determination)),
            ),
            ("category", opt(&a.category)),
            ("detection source", opt(&a.detection_source)),
            ("investigation", opt(&a.investigation_state)),
            ("created", time(&a.alert_creation_time)),
            (
                "first/last event",
                format!(
                    "{} / {}",
                    time(&a.first_event_time),
                    time(&a.last_event_time)
                ),
            ),
            ("machine", opt(&a.computer_dns_name)),
            (
                "user",
                a.related_user.as_ref().map_or_else(
                    || "—".to_owned(),
                    |u| format!("{}\\{}", opt(&u.domain_name), opt(&u.user_name)),
                ),
            ),
            ("assigned to", opt(&a.assigned_to)),
            ("incident", opt(&a.incident_id)),
            ("MITRE", a.mitre_techniques.join(", ")),
        ]
    }

    fn one_shot_facts(&self) -> Vec<(&'static str, String)> {
        let mut facts = self.facts();
        facts.push(("evidence", self.evidence.len().to_string()));
        facts
    }

    fn any_value(
        &self,
        field: Option<&str>,
        times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        let user = self
            .related_user
            .as_ref()
            .and_then(|u| u.user_name.as_deref());
        Some(match field {
            None => {
                let created = self
                    .alert_creation_time
                    .as_ref()
                    .filter(|_| times)
                    .map(|t| t.short());
                any(
                    [
                        self.severity.as_ref().map(|s| s.as_str()),
                        self.status.as_ref().map(|s| s.as_str()),
                        self.computer_dns_name.as_deref(),
                        self.category.as_deref(),
                        self.title.as_deref(),
                        created.as_deref(),
                    ],
                    hit,
                )
            }
            Some("sev" | "severity") => any([self.severity.as_ref().map(|s| s.as_str())], hit),
            Some("status") => any([self.status.as_ref().map(|s| s.as_str())], hit),
            Some("machine" | "host" | "computer") => any([self.computer_dns_name.as_deref()], hit),
            Some("user") => any(
                std::iter::once(user).chain(
                    self.logged_on_users
                        .iter()
                        .map(|u| u.account_name.as_deref()),
                ),
                hit,
            ),
            Some("assigned" | "assignee") => any([self.assigned_to.as_deref()], hit),
            Some("tech" | "mitre" | "technique") => {
                any(self.mitre_techniques.iter().map(Some), hit)
            }
            Some("cat" | "category") => any([self.category.as_deref()], hit),
            Some("title") => any([self.title.as_deref()], hit),
            Some("source" | "detection") => any([self.detection_source.as_deref()], hit),
            Some("class" | "classification") => {
                any([self.classification.as_ref().map(|c| c.as_str())], hit)
            }
            Some("id") => any([Some(self.id.as_str())], hit),
            Some("created") => {
                let created = self.alert_creation_time.as_ref().map(|t| t.short());
                any([created.as_deref()], hit)
            }
            Some("incident") => {
                let incident = self.incident_id.map(|i| i.to_string());
                any([incident.as_deref()], hit)
            }
            Some(_) => return None,
        })
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        let a = self;
        match what {
            CopyWhat::Id => Some(a.id.clone()),
            CopyWhat::Account => first(
                a.evidence
                    .iter()
                    .map(|e| e.user_principal_name.as_deref())
                    .chain([a.related_user.as_ref().and_then(|u| u.user_name.as_deref())]),
            ),
            CopyWhat::Host => a.computer_dns_name.as_deref().map(str::to_owned),
            CopyWhat::Ip => first(a.evidence.iter().map(|e| e.ip_address.as_deref())),
            CopyWhat::Sha256 => first(a.evidence.iter().map(|e| e.sha256.as_deref())),
            CopyWhat::Json => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        let tid = self.aad_tenant_id.as_deref().or(tenant);
        portal_url(
            portal,
            &format!("alerts/{}", enc(&self.id)),
            &[("tid", tid)],
        )
    }

    fn route(&self) -> Option<Route> {
        AlertId::parse(&self.id).ok().map(Route::Alert)
    }

    fn pivot(&self, to: PivotTo) -> Option<Route> {
        match to {
            // Only the user the alert names for sure; the others are a choice.
            PivotTo::User => self
                .related_user
                .as_ref()
                .and_then(|u| u.user_name.as_deref())
                .and_then(|n| UserName::parse(n).ok())
                .map(Route::User),
            PivotTo::Machine => self
                .machine_id
                .as_deref()
                .and_then(|m| MachineId::parse(m).ok())
                .map(Route::Machine),
            PivotTo::Incident => self.incident_id.map(Route::Incident),
        }
    }

    /// With no related user, `u` offers the logged-on users and the user evidence rather
    /// than picking the first.
    fn pivot_choices(&self, to: PivotTo) -> Vec<(String, Route)> {
        if let Some(route) = Kind::pivot(self, to) {
            let (kind, id) = route.kind_and_id();
            return vec![(format!("{kind} {id}"), route)];
        }
        match to {
            PivotTo::User => users::choices(self),
            PivotTo::Machine | PivotTo::Incident => Vec::new(),
        }
    }

    fn mentions(&self, out: &mut Mentions) {
        out.add("alert", self.id.clone());
        out.extend("machine", self.host().map(str::to_owned));
        out.extend(
            "user",
            self.related_user
                .as_ref()
                .and_then(|u| u.user_name.as_deref().map(str::to_owned))
                .filter(|n| !n.is_empty()),
        );
    }

    fn severity(&self) -> Option<&Severity> {
        self.severity.as_ref()
    }

    fn rank(&self, field: &str) -> Option<i128> {
        match field {
            "sev" | "severity" => self.severity.as_ref().map(|s| s.rank().into()),
            "status" => Some(status_rank(self).into()).filter(|&r| r > 0),
            "created" => match time_key(&self.alert_creation_time) {
                SortKey::Num(n) => Some(n),
                _ => None,
            },
            _ => None,
        }
    }

    fn rank_of(field: &str, text: &str) -> Option<i128> {
        match field {
            "sev" | "severity" => match Severity::from_wire(text) {
                Severity::Other(_) => None,
                s => Some(s.rank().into()),
            },
            "status" => {
                let probe = Alert {
                    status: Some(AlertStatus::from_wire(text)),
                    ..Alert::default()
                };
                Some(status_rank(&probe).into()).filter(|&r| r > 0)
            }
            "created" => typed_time(text),
            _ => None,
        }
    }

    fn vocabulary(field: &str) -> Option<&'static [&'static str]> {
        match field {
            "sev" | "severity" => Some(Severity::WIRE),
            "status" => Some(AlertStatus::WIRE),
            _ => None,
        }
    }

    fn detail_lines(&self) -> usize {
        20 + self.evidence.len()
            + self.comments.len()
            + self.description.as_deref().map_or(0, |d| d.lines().count())
    }
}

/// The alert view: the alert's text, which scrolls, over its evidence (Tab gives the
/// evidence the keys; Enter follows a row).
pub fn view(id: &AlertId) -> View {
    View {
        facts: Some(Resource::Alert(id.clone())),
        more: Vec::new(),
        aside: Vec::new(),
        panes: vec![PaneSpec::new(
            Resource::AlertEvidence(id.clone()),
            "evidence",
            "This alert carries no evidence.",
            "evidence",
        )],
    }
}

/// When the alert names no user or machine, the API can be asked.
pub fn ask(id: &AlertId, to: PivotTo) -> Option<Resource> {
    match to {
        PivotTo::User => Some(Resource::AlertUser(id.clone())),
        PivotTo::Machine => Some(Resource::AlertMachine(id.clone())),
        // The alert's own record names its incident: there is nothing else to ask.
        PivotTo::Incident => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Sort;
    use crate::entity::column::sort_rows;

    fn alerts() -> Vec<Alert> {
        serde_json::from_value(serde_json::json!([
            {"id": "1", "severity": "Low", "status": "Resolved", "title": "beta", "alertCreationTime": "2026-11-19T10:00:00Z", "computerDnsName": "B"},
            {"id": "2", "severity": "High", "status": "New", "title": "Alpha", "alertCreationTime": "2026-11-19T09:00:00Z", "computerDnsName": "a"},
            {"id": "3", "severity": "Medium", "status": "InProgress", "title": "gamma", "alertCreationTime": "2026-11-19T11:00:00.5Z"},
            {"id": "4", "severity": "Critical", "title": "delta"}
        ]))
        .unwrap()
    }

    fn order(column: &str, descending: bool) -> Vec<String> {
        let items = alerts();
        let column = crate::entity::column::position(COLUMNS, column);
        let mut rows: Vec<usize> = (0..items.len()).collect();
        sort_rows(&items, COLUMNS, Sort { column, descending }, &mut rows);
        rows.iter().map(|&i| items[i].id.clone()).collect()
    }

    #[test]
    fn every_sortable_alert_column_orders_as_an_analyst_expects() {
        // Severity by rank, unknown values lowest.
        assert_eq!(order("SEVERITY", true), ["2", "3", "1", "4"]);
        // Newest first; no time sorts last.
        assert_eq!(order("CREATED UTC", true), ["3", "1", "2", "4"]);
        assert_eq!(order("CREATED UTC", false), ["4", "2", "1", "3"]);
        // New, in progress, resolved.
        assert_eq!(order("STATUS", false), ["4", "2", "3", "1"]);
        // Text ignores case.
        assert_eq!(order("TITLE", false), ["2", "1", "4", "3"]);
        assert_eq!(order("MACHINE", false), ["3", "4", "2", "1"]);
        // An unsortable column leaves the order alone.
        let items = alerts();
        let mut rows = vec![3, 1, 2, 0];
        sort_rows(
            &items,
            COLUMNS,
            Sort {
                column: 0,
                descending: false,
            },
            &mut rows,
        );
        assert_eq!(rows, [3, 1, 2, 0]);
    }

    #[test]
    fn portal_links_carry_the_tenant_and_encode_the_id() {
        let a: Alert =
            serde_json::from_value(serde_json::json!({"id": "da638_-12", "aadTenantId": "t-1"}))
                .unwrap();
        assert_eq!(
            a.portal_link("https://security.microsoft.com", Some("other")),
            "https://security.microsoft.com/alerts/da638_-12?tid=t-1"
        );
        let hostile: Alert =
            serde_json::from_value(serde_json::json!({"id": "x/../y?z#w"})).unwrap();
        assert!(
            hostile
                .portal_link("https://p", None)
                .ends_with("/alerts/x%2F..%2Fy%3Fz%23w")
        );
    }
}
