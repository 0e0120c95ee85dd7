//! Machines: the list columns, the facts, the filter fields, and the machine view (its alerts
//! and logged-on users).

use super::column::{Column, SortKey, opt, text_key, time, time_cell, time_key};
use super::kind::{CopyWhat, Kind, Mentions, PivotTo, any, portal_url};
use super::registry::{Complete, Held, OneShot, Registration, Settled, Wire, Word, view_part};
use super::route::{PaneSpec, Route, View};
use crate::api::MachineId;
use crate::api::ids::path_segment as enc;
use crate::api::model::Machine;
use crate::engine::{Payload, Resource};

const COLUMNS: &[Column<Machine>] = &[
    Column::always("NAME", None, |m: &Machine| m.host().to_owned())
        .by(|m| text_key(Some(m.host()))),
    Column::wide("ID", Some(40), |m: &Machine| m.id.clone()),
    Column::always("OS", Some(17), |m: &Machine| opt(&m.os_platform))
        .by(|m| text_key(m.os_platform.as_deref())),
    Column::always("HEALTH", Some(12), |m: &Machine| opt(&m.health_status))
        .by(|m| text_key(m.health_status.as_ref().map(|h| h.as_str()))),
    Column::always("RISK", Some(8), |m: &Machine| opt(&m.risk_score))
        .by(|m| SortKey::Num(m.risk_rank().into())),
    Column::wide("EXPOSURE", Some(8), |m: &Machine| opt(&m.exposure_level))
        .by(|m| SortKey::Num(m.exposure_level.as_ref().map_or(0, |e| e.rank()).into())),
    Column::always("LAST SEEN UTC", Some(19), |m: &Machine| {
        time_cell(&m.last_seen)
    })
    .clock()
    .by(|x| time_key(&x.last_seen)),
];

impl Kind for Machine {
    const NAME: &'static str = "machine";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "LAST SEEN UTC";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "name, os, health, risk, exposure, tag, group, ip, id";

    fn id(&self) -> &str {
        &self.id
    }

    fn label(&self) -> String {
        self.host().to_owned()
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        let m = self;
        vec![
            ("name", opt(&m.computer_dns_name)),
            ("id", m.id.clone()),
            ("os", format!("{} {}", opt(&m.os_platform), opt(&m.version))),
            ("group", opt(&m.rbac_group_name)),
            ("health", opt(&m.health_status)),
            ("risk", opt(&m.risk_score)),
            ("exposure", opt(&m.exposure_level)),
            ("av", opt(&m.defender_av_status)),
            ("ips", {
                let ips: Vec<&str> = m
                    .ip_addresses
                    .iter()
                    .filter_map(|i| i.ip_address.as_deref())
                    .collect();
                if ips.is_empty() {
                    opt(&m.last_ip_address)
                } else {
                    ips.join(", ")
                }
            }),
            ("external ip", opt(&m.last_external_ip_address)),
            ("tags", m.machine_tags.join(", ")),
            ("first seen", time(&m.first_seen)),
            ("last seen", time(&m.last_seen)),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        Some(match field {
            None => {
                let seen = self.last_seen.as_ref().filter(|_| times).map(|t| t.short());
                any(
                    [
                        self.computer_dns_name.as_deref(),
                        Some(self.id.as_str()),
                        self.os_platform.as_deref(),
                        self.health_status.as_ref().map(|h| h.as_str()),
                        self.risk_score.as_ref().map(|r| r.as_str()),
                        seen.as_deref(),
                    ],
                    hit,
                )
            }
            Some("name" | "machine" | "host") => any([self.computer_dns_name.as_deref()], hit),
            Some("os") => any([self.os_platform.as_deref(), self.version.as_deref()], hit),
            Some("health") => any([self.health_status.as_ref().map(|h| h.as_str())], hit),
            Some("risk") => any([self.risk_score.as_ref().map(|r| r.as_str())], hit),
            Some("exposure") => any([self.exposure_level.as_ref().map(|r| r.as_str())], hit),
            Some("tag" | "tags") => any(self.machine_tags.iter().map(|t| Some(t.as_str())), hit),
            Some("group") => any([self.rbac_group_name.as_deref()], hit),
            Some("ip") => any(
                std::iter::once(self.last_ip_address.as_deref())
                    .chain(self.ip_addresses.iter().map(|i| i.ip_address.as_deref())),
                hit,
            ),
            Some("id") => any([Some(self.id.as_str())], hit),
            Some(_) => return None,
        })
    }

    fn rank(&self, field: &str) -> Option<i128> {
        match field {
            "risk" => self.risk_score.as_ref().map(|r| r.rank().into()),
            "exposure" => self.exposure_level.as_ref().map(|e| e.rank().into()),
            _ => None,
        }
    }

    fn rank_of(field: &str, text: &str) -> Option<i128> {
        use crate::api::model::RiskLevel;
        match (field, RiskLevel::from_wire(text)) {
            (_, RiskLevel::Other(_)) => None,
            ("risk" | "exposure", level) => Some(level.rank().into()),
            _ => None,
        }
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        match what {
            CopyWhat::Id => Some(self.id.clone()),
            CopyWhat::Host => self.computer_dns_name.clone(),
            CopyWhat::Ip => self.last_ip_address.clone(),
            CopyWhat::Account | CopyWhat::Sha256 | CopyWhat::Json => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        let path = format!("machines/{}/overview", enc(&self.id));
        portal_url(portal, &path, &[("tid", tenant)])
    }

    fn route(&self) -> Option<Route> {
        MachineId::parse(&self.id).ok().map(Route::Machine)
    }

    fn pivot(&self, to: PivotTo) -> Option<Route> {
        match to {
            PivotTo::Machine => self.route(),
            PivotTo::User | PivotTo::Incident => None,
        }
    }

    fn mentions(&self, out: &mut Mentions) {
        out.add("machine", self.host());
    }
}

/// The machine view: its facts, its alerts, the users logged on to it.
pub fn view(id: &MachineId) -> View {
    let mut panes = vec![
        PaneSpec::new(
            Resource::MachineAlerts(id.clone()),
            "alerts",
            "No alerts on this machine in retention.",
            "alerts",
        )
        .hiding(&["MACHINE"]),
        PaneSpec::new(
            Resource::MachineLogonUsers(id.clone()),
            "logged-on users",
            "No logged-on users reported.",
            "users",
        ),
    ];
    // Actions are asked by device id only: a machine opened by name shows them once it has
    // settled on its id.
    if is_device_id(id.as_str()) {
        panes.push(PaneSpec::new(
            Resource::MachineActions(id.clone()),
            "actions",
            "No response actions on this machine (R takes one).",
            "actions",
        ));
    }
    View {
        more: Vec::new(),
        aside: Vec::new(),
        facts: Some(Resource::Machine(id.clone())),
        panes,
    }
}

/// Machines open by `:machine ID-OR-NAME` and `mdetui machine ID [alerts|users]`.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "machine",
        short: Some("m"),
        needs: Some("a machine id or name"),
        open: |arg, _| open(arg),
        complete: Complete::Seen,
    }),
    one_shot: Some(OneShot {
        about: "A machine (device id or computer name), or its alerts or logged-on users",
        arg: "ID",
        arg_help: "The device id (40 hex digits) or the computer name",
        example: "wks-fin-042",
        parts: &[
            ("alerts", "The machine's alerts"),
            ("users", "The users logged on to it"),
            ("actions", "The response actions taken on it, newest first"),
        ],
        lookup: open,
        part,
        missing: "the machine's device id is not known",
    }),
    settle: Some(settle),
    writes: &[
        (
            "isolate",
            "Isolate it (--selective: Outlook, Teams, Skype still work)",
        ),
        ("release", "Release it from isolation"),
        ("scan", "Run an antivirus scan (--full: a full one)"),
        ("collect", "Collect an investigation package"),
        ("restrict", "Let only Microsoft-signed programs run"),
        ("unrestrict", "Lift the restriction on running programs"),
        (
            "quarantine",
            "Stop and quarantine a file: its SHA-1 follows",
        ),
        ("tag", "Add a tag: the tag follows"),
        ("untag", "Remove a tag: the tag follows"),
    ],
    ..Registration::shows(&[Wire::of::<Machine>()])
};

/// A part of a machine's view; its actions are asked by device id only, so a machine named
/// otherwise has its record read first (and settles on its id).
fn part(route: &Route, part: Option<&str>) -> Option<Resource> {
    match route {
        Route::Machine(m) if part == Some("actions") && !is_device_id(m.as_str()) => None,
        _ => view_part(route, part),
    }
}

/// A device id: 40 hex digits.
fn is_device_id(id: &str) -> bool {
    id.len() == 40 && id.chars().all(|c| c.is_ascii_hexdigit())
}

/// A machine opened by its name becomes the view of its device id once its record is held:
/// its actions can be asked for by id only. What was read under the name is kept under the
/// id, so nothing is asked twice.
fn settle(route: &Route, held: &dyn Held) -> Option<Settled> {
    let Route::Machine(named) = route else {
        return None;
    };
    let Some(Payload::Machine(machine)) = held.loaded(&Resource::Machine(named.clone())) else {
        return None;
    };
    let id = MachineId::parse(&machine.id).ok()?;
    if id.as_str().eq_ignore_ascii_case(named.as_str()) {
        return None;
    }
    let mut keep = vec![(
        Resource::Machine(id.clone()),
        Payload::Machine(machine.clone()),
    )];
    let moved = [
        (
            Resource::MachineAlerts(named.clone()),
            Resource::MachineAlerts(id.clone()),
        ),
        (
            Resource::MachineLogonUsers(named.clone()),
            Resource::MachineLogonUsers(id.clone()),
        ),
    ];
    for (from, to) in moved {
        if let Some(payload) = held.loaded(&from) {
            keep.push((to, payload.clone()));
        }
    }
    Some(Settled {
        route: Route::Machine(id),
        keep,
    })
}

fn open(arg: &str) -> Result<Route, String> {
    MachineId::parse(arg)
        .map(Route::Machine)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::{List, Sort};

    #[test]
    fn machines_sort_by_last_seen_then_risk() {
        let machines: Vec<Machine> = serde_json::from_value(serde_json::json!([
            {"id": "m1", "computerDnsName": "b.corp", "riskScore": "Low", "lastSeen": "2026-01-01T00:00:00Z"},
            {"id": "m2", "computerDnsName": "A.corp", "riskScore": "High", "lastSeen": "2026-02-01T00:00:00Z"}
        ]))
        .unwrap();
        let machines: std::sync::Arc<[Machine]> = machines.into();
        let list: &dyn List = &machines;
        let mut rows = vec![0, 1];
        list.sort(&mut rows, list.default_sort());
        assert_eq!(rows, [1, 0], "last seen, newest first");
        let risk = crate::entity::column::position(COLUMNS, "RISK");
        list.sort(
            &mut rows,
            Sort {
                column: risk,
                descending: false,
            },
        );
        assert_eq!(rows, [0, 1]);
    }

    #[test]
    fn portal_link_opens_the_overview() {
        let m: Machine = serde_json::from_value(serde_json::json!({"id": "9c2d"})).unwrap();
        assert_eq!(
            m.portal_link("https://security.microsoft.us/", Some("t")),
            "https://security.microsoft.us/machines/9c2d/overview?tid=t"
        );
    }
}
