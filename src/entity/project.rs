//! Panes that list what another list's rows name: the machines and users an incident's (or an
//! address's) alerts name, as rows to open — built from the alerts already held, no call.
//! The incident's summary names them from the same two functions.

use std::sync::Arc;

use super::list::List;
pub use super::route::Project;
use crate::api::model::{Alert, EntityType, Machine, User};
use crate::engine::Payload;

/// Each user the alerts name, once (case aside), in order: the related user, then the
/// accounts the evidence names (the related user is often missing: quirk 3). Name, then
/// domain.
pub fn users<'a>(alerts: impl IntoIterator<Item = &'a Alert>) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for alert in alerts {
        let related = alert
            .related_user
            .as_ref()
            .map(|u| (u.user_name.as_deref(), u.domain_name.as_deref()));
        let evidence = alert
            .evidence
            .iter()
            .filter(|e| e.entity_type == Some(EntityType::User))
            .map(|e| (e.account_name.as_deref(), e.domain_name.as_deref()));
        for (name, domain) in related.into_iter().chain(evidence) {
            let Some(name) = name.filter(|n| !n.is_empty()) else {
                continue;
            };
            let domain = domain.filter(|d| !d.is_empty()).map(str::to_owned);
            let same = |(n, d): &(String, Option<String>)| {
                n.eq_ignore_ascii_case(name)
                    && d.as_deref().map(str::to_lowercase)
                        == domain.as_deref().map(str::to_lowercase)
            };
            if !out.iter().any(same) {
                out.push((name.to_owned(), domain));
            }
        }
    }
    out
}

/// Each machine the alerts name, once, by id, in order: its computer name when an alert
/// says it. (No time: a machine's "last seen" is its own, which the alerts do not tell.)
pub fn machines<'a>(alerts: impl IntoIterator<Item = &'a Alert>) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for alert in alerts {
        let Some(id) = alert.machine_id.as_deref().filter(|m| !m.is_empty()) else {
            continue;
        };
        match out.iter_mut().find(|(m, _)| m == id) {
            Some((_, name)) if name.is_none() => {
                *name = alert.computer_dns_name.as_deref().map(str::to_owned)
            }
            Some(_) => {}
            None => out.push((
                id.to_owned(),
                alert.computer_dns_name.as_deref().map(str::to_owned),
            )),
        }
    }
    out
}

/// The list `project` makes of `payload` (a list of alerts); `None` for any other payload.
pub fn project(project: Project, payload: &Payload) -> Option<Arc<dyn List>> {
    let Payload::Alerts(alerts) = payload else {
        return None;
    };
    Some(match project {
        Project::Machines => {
            let rows: Arc<[Machine]> = machines(alerts.iter())
                .into_iter()
                .map(|(id, computer_dns_name)| Machine {
                    id,
                    computer_dns_name,
                    ..Machine::default()
                })
                .collect();
            Arc::new(rows)
        }
        Project::Users => {
            let rows: Arc<[User]> = users(alerts.iter())
                .into_iter()
                .map(|(name, domain)| User {
                    id: match &domain {
                        Some(d) => format!("{d}\\{name}"),
                        None => name.clone(),
                    },
                    account_name: Some(name),
                    account_domain: domain,
                    ..User::default()
                })
                .collect();
            Arc::new(rows)
        }
    })
}
