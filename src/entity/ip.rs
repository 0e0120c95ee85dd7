//! IP addresses: the organisation's statistics of one address, and the IP view (its alerts
//! and, reached from an alert, the machines that used it around the alert's time).

use super::column::{Column, opt, time};
use super::kind::{CopyWhat, Kind, Mentions, PivotTo, any, portal_url};
use super::route::{PaneSpec, Route, View};
use crate::api::Ip;
use crate::api::ids::path_segment as enc;
use crate::api::model::IpStats;
use crate::engine::Resource;

const COLUMNS: &[Column<IpStats>] = &[
    Column::always("ADDRESS", Some(39), |s: &IpStats| opt(&s.ip_address)),
    Column::always("MACHINES", Some(8), |s: &IpStats| {
        opt(&s.organization_prevalence)
    }),
    Column::always("FIRST SEEN", Some(23), |s: &IpStats| {
        time(&s.org_first_seen)
    }),
    Column::always("LAST SEEN", Some(23), |s: &IpStats| time(&s.org_last_seen)),
];

/// How many of the organisation's machines saw it; a 0 is "no data", said as such.
pub fn prevalence(count: Option<i64>) -> String {
    match count {
        Some(0) => "no data: no machine in the organisation (prevalence 0)".to_owned(),
        Some(1) => "1 machine".to_owned(),
        Some(n) => format!("{n} machines"),
        None => "—".to_owned(),
    }
}

impl Kind for IpStats {
    const NAME: &'static str = "ip";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "ADDRESS";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "ip";

    fn id(&self) -> &str {
        self.ip_address.as_deref().unwrap_or_default()
    }

    fn label(&self) -> String {
        Kind::id(self).to_owned()
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("address", opt(&self.ip_address)),
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
            None | Some("ip") => Some(any([self.ip_address.as_deref()], hit)),
            Some(_) => None,
        }
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        match what {
            CopyWhat::Id | CopyWhat::Ip => self.ip_address.clone(),
            _ => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        portal_url(
            portal,
            &format!("ip/{}", enc(Kind::id(self))),
            &[("tid", tenant)],
        )
    }

    fn route(&self) -> Option<Route> {
        Ip::parse(Kind::id(self)).ok().map(|ip| Route::Ip(ip, None))
    }

    fn pivot(&self, _to: PivotTo) -> Option<Route> {
        None
    }

    fn mentions(&self, out: &mut Mentions) {
        out.ips.extend(self.ip_address.clone());
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
