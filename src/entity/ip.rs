//! IP addresses: the organisation's statistics of one address (an entity through `in_org`),
//! and the IP view (its alerts and, reached from an alert, the machines that used it around
//! the alert's time).

use super::in_org::InOrg;
use super::kind::CopyWhat;
use super::registry::{Complete, OneShot, Registration, Wire, Word, view_part};
use super::route::{PaneSpec, Project, Route, View};
use crate::api::model::{IpStats, OrgStats};
use crate::api::{IndicatorScope, IndicatorType, Ip};
use crate::engine::Resource;

impl InOrg for IpStats {
    const NAME: &'static str = "ip";
    const TITLE: &'static str = "ADDRESS";
    const LABEL: &'static str = "address";
    const FIELD: &'static str = "ip";
    const PORTAL: &'static str = "ip";
    const COPY: CopyWhat = CopyWhat::Ip;
    const INDICATOR: IndicatorType = IndicatorType::IpAddress;

    fn stats(&self) -> &OrgStats {
        self
    }
    fn route_of(subject: &str) -> Option<Route> {
        Ip::parse(subject).ok().map(|ip| Route::Ip(ip, None))
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
    match around {
        Some(at) => panes.push(PaneSpec::new(
            Resource::MachinesByIp(*ip, at),
            "machines that used it then (±15 min)",
            "No machine of the organisation held this address then.",
            "machines",
        )),
        // Without a time (`:ip ADDR`), the machines its alerts name: a C2 address's victims
        // (no call: from the alerts above; `H` hunts every machine that reached it).
        None => panes.push(PaneSpec::projecting(
            Resource::IpAlerts(*ip),
            Project::Machines,
            "machines its alerts name",
            "No alert names a machine with this address (H: hunt the machines that reached it).",
            "machines",
        )),
    }
    View {
        facts: Some(Resource::IpStats(*ip)),
        more: Vec::new(),
        aside: vec![Resource::Indicators(IndicatorScope::Addresses)],
        panes,
    }
}

/// Addresses open by `:ip ADDR` and `mdetui ip ADDR [alerts|stats]`.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "ip",
        short: None,
        needs: Some("an IP address"),
        open: |arg, _| open(arg),
        complete: Complete::Seen,
    }),
    one_shot: Some(OneShot {
        about: "An IP address: its organisation statistics (the default) or its alerts",
        arg: "ADDRESS",
        arg_help: "An IPv4 or IPv6 address",
        example: "185.225.19.40",
        parts: &[
            ("alerts", "The alerts that name the address"),
            ("stats", "The organisation's statistics (the default)"),
        ],
        lookup: open,
        part: stats_first,
        missing: "",
    }),
    ..Registration::shows(&[Wire::of::<IpStats>()])
};

fn open(arg: &str) -> Result<Route, String> {
    Ip::parse(arg)
        .map(|ip| Route::Ip(ip, None))
        .map_err(|e| e.to_string())
}

/// An address's or a domain's facts are its statistics: `stats` is the default part.
pub(super) fn stats_first(route: &Route, part: Option<&str>) -> Option<Resource> {
    view_part(route, part.filter(|p| *p != "stats"))
}
