//! Domains: the organisation's statistics of one host name (an entity through `in_org`), and
//! the domain view (its alerts and the machines that reached it, at most 500 by the API's cap).

use super::in_org::InOrg;
use super::kind::{CopyWhat, Mentions};
use super::route::{PaneSpec, Route, View};
use crate::api::Domain;
use crate::api::model::{DomainStats, OrgStats};
use crate::engine::Resource;

/// The most machines `/domains/{domain}/machines` returns.
pub const MACHINES_CAP: usize = 500;

impl InOrg for DomainStats {
    const NAME: &'static str = "domain";
    const TITLE: &'static str = "HOST";
    const LABEL: &'static str = "domain";
    const FIELD: &'static str = "host";
    const PORTAL: &'static str = "url";
    const COPY: CopyWhat = CopyWhat::Host;

    fn stats(&self) -> &OrgStats {
        self
    }
    fn route_of(subject: &str) -> Option<Route> {
        Domain::parse(subject).ok().map(Route::Domain)
    }
    fn mentioned(out: &mut Mentions) -> &mut Vec<String> {
        &mut out.domains
    }
}

/// The domain view: its statistics, its alerts, the machines that reached it.
pub fn view(domain: &Domain) -> View {
    View {
        facts: Some(Resource::DomainStats(domain.clone())),
        more: Vec::new(),
        panes: vec![
            PaneSpec::new(
                Resource::DomainAlerts(domain.clone()),
                "alerts",
                "No alerts name this domain (no data: the API answered an empty list).",
                "alerts",
            ),
            PaneSpec::new(
                Resource::DomainMachines(domain.clone()),
                "machines",
                "No machine of the organisation reached this domain.",
                "machines",
            )
            .capped(MACHINES_CAP),
        ],
    }
}
