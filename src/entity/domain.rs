//! Domains: the organisation's statistics of one host name, and the domain view (its alerts
//! and the machines that reached it, at most 500 by the API's cap).

use super::column::{Column, opt, time};
use super::ip::prevalence;
use super::kind::{CopyWhat, Kind, Mentions, PivotTo, any, portal_url};
use super::route::{PaneSpec, Route, View};
use crate::api::Domain;
use crate::api::ids::path_segment as enc;
use crate::api::model::DomainStats;
use crate::engine::Resource;

/// The most machines `/domains/{domain}/machines` returns.
pub const MACHINES_CAP: usize = 500;

const COLUMNS: &[Column<DomainStats>] = &[
    Column::always("HOST", None, |s: &DomainStats| opt(&s.host)),
    Column::always("MACHINES", Some(8), |s: &DomainStats| {
        opt(&s.organization_prevalence)
    }),
    Column::always("FIRST SEEN", Some(23), |s: &DomainStats| {
        time(&s.org_first_seen)
    }),
    Column::always("LAST SEEN", Some(23), |s: &DomainStats| {
        time(&s.org_last_seen)
    }),
];

impl Kind for DomainStats {
    const NAME: &'static str = "domain";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "HOST";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "host";

    fn id(&self) -> &str {
        self.host.as_deref().unwrap_or_default()
    }

    fn label(&self) -> String {
        Kind::id(self).to_owned()
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("domain", opt(&self.host)),
            (
                "in the organisation",
                prevalence(self.organization_prevalence),
            ),
            ("org first seen", time(&self.org_first_seen)),
            ("org last seen", time(&self.org_last_seen)),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        _times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        match field {
            None | Some("host" | "domain") => Some(any([self.host.as_deref()], hit)),
            Some(_) => None,
        }
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        match what {
            CopyWhat::Id | CopyWhat::Host => self.host.clone(),
            _ => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        portal_url(
            portal,
            &format!("url/{}", enc(Kind::id(self))),
            &[("tid", tenant)],
        )
    }

    fn route(&self) -> Option<Route> {
        Domain::parse(Kind::id(self)).ok().map(Route::Domain)
    }

    fn pivot(&self, _to: PivotTo) -> Option<Route> {
        None
    }

    fn mentions(&self, out: &mut Mentions) {
        out.domains.extend(self.host.clone());
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
