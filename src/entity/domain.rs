//! Domains: the organisation's statistics of one host name (an entity through `in_org`), and
//! the domain view (its alerts and the machines that reached it, at most 500 by the API's cap).

use super::in_org::InOrg;
use super::kind::CopyWhat;
use super::registry::{Complete, OneShot, Registration, Wire, Word};
use super::route::{PaneSpec, Route, View};
use crate::api::model::{DomainStats, OrgStats};
use crate::api::{Domain, IndicatorScope, IndicatorType};
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
    const INDICATOR: IndicatorType = IndicatorType::DomainName;

    fn stats(&self) -> &OrgStats {
        self
    }
    fn route_of(subject: &str) -> Option<Route> {
        Domain::parse(subject).ok().map(Route::Domain)
    }
}

/// The domain view: its statistics, its alerts, the machines that reached it.
pub fn view(domain: &Domain) -> View {
    View {
        facts: Some(Resource::DomainStats(domain.clone())),
        more: Vec::new(),
        // A domain indicator covers the domain and its subdomains; a URL one, its host.
        aside: vec![
            Resource::Indicators(IndicatorScope::Domains),
            Resource::Indicators(IndicatorScope::Urls),
        ],
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

/// Domains open by `:domain NAME-OR-URL` and `mdetui domain NAME [alerts|machines|stats]`.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "domain",
        short: Some("d"),
        needs: Some("a domain or URL"),
        open: |arg, _| open(arg),
        complete: Complete::Seen,
    }),
    one_shot: Some(OneShot {
        about: "A domain (or a URL's): its organisation statistics (the default), alerts or machines",
        arg: "NAME",
        arg_help: "A domain name, or a URL (its host is taken)",
        example: "g.api.mega.co.nz",
        parts: &[
            ("alerts", "The alerts that name the domain"),
            (
                "machines",
                "The machines that reached it (at most 500, the API's cap)",
            ),
            ("stats", "The organisation's statistics (the default)"),
        ],
        lookup: open,
        part: super::ip::stats_first,
        missing: "",
    }),
    ..Registration::shows(&[Wire::of::<DomainStats>()])
};

fn open(arg: &str) -> Result<Route, String> {
    Domain::parse(arg)
        .or_else(|_| Domain::of_url(arg))
        .map(Route::Domain)
        .map_err(|e| e.to_string())
}
