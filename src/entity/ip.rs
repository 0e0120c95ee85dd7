//! IP addresses: the organisation's statistics of one address (an entity through `in_org`),
//! and the IP view (its alerts and, reached from an alert, the machines that used it around
//! the alert's time).

use super::in_org::InOrg;
use super::kind::{CopyWhat, Mentions};
use super::route::{PaneSpec, Route, View};
use crate::api::Ip;
use crate::api::model::{IpStats, OrgStats};
use crate::engine::Resource;

impl InOrg for IpStats {
    const NAME: &'static str = "ip";
    const TITLE: &'static str = "ADDRESS";
    const LABEL: &'static str = "address";
    const FIELD: &'static str = "ip";
    const PORTAL: &'static str = "ip";
    const COPY: CopyWhat = CopyWhat::Ip;

    fn stats(&self) -> &OrgStats {
        self
    }
    fn route_of(subject: &str) -> Option<Route> {
        Ip::parse(subject).ok().map(|ip| Route::Ip(ip, None))
    }
    fn mentioned(out: &mut Mentions) -> &mut Vec<String> {
        &mut out.ips
    }
}

/// How far back `machines/findbyip` looks: an older time is refused with a 400.
pub const FIND_BY_IP_LOOK_BACK: time::Duration = time::Duration::days(30);

/// The IP view `route` names, without the time to ask which machines used the address when
/// the API cannot look back that far from `now` — and why, to say so before any call.
pub fn within_reach(route: Route, now: time::OffsetDateTime) -> (Route, Option<&'static str>) {
    match route {
        Route::Ip(ip, Some(at)) if now - at > FIND_BY_IP_LOOK_BACK => (
            Route::Ip(ip, None),
            Some("older than 30 days: the API cannot tell which machines used the address then"),
        ),
        route => (route, None),
    }
}

/// The IP view: its statistics, its alerts, and with `around` (an alert's time) the machines
/// that used the address within 15 minutes of it.
pub fn view(ip: &Ip, around: Option<time::OffsetDateTime>) -> View {
    let mut panes = vec![PaneSpec::new(
        Resource::IpAlerts(*ip),
        "alerts",
        "No alerts name this address (no data: the API answered an empty list).",
        "alerts",
    )];
    if let Some(at) = around {
        panes.push(PaneSpec::new(
            Resource::MachinesByIp(*ip, at),
            "machines that used it then (±15 min)",
            "No machine of the organisation held this address then.",
            "machines",
        ));
    }
    View {
        facts: Some(Resource::IpStats(*ip)),
        more: Vec::new(),
        panes,
    }
}
