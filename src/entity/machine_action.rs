//! Machine actions (`mde-api.md` §12): the response actions taken on a machine, newest
//! first — type, scope, status, who asked and why, when — as the machine view's `actions`
//! pane lists them while they move from `Pending` to a final status.

use super::column::{Column, SortKey, opt, text_key, time, time_cell, time_key};
use super::kind::{CopyWhat, Kind, Mentions, PivotTo, any, portal_url};
use super::registry::{Registration, Wire};
use super::route::Route;
use crate::api::{MachineAction, MachineId};

const COLUMNS: &[Column<MachineAction>] = &[
    Column::always("TYPE", Some(27), |a: &MachineAction| opt(&a.kind))
        .by(|a| text_key(a.kind.as_deref())),
    Column::always("SCOPE", Some(9), |a: &MachineAction| opt(&a.scope))
        .by(|a| text_key(a.scope.as_deref())),
    Column::always("STATUS", Some(10), |a: &MachineAction| opt(&a.status))
        .by(|a| text_key(a.status.as_deref())),
    Column::wide("REQUESTOR", Some(24), |a: &MachineAction| opt(&a.requestor))
        .by(|a| text_key(a.requestor.as_deref())),
    Column::always("COMMENT", None, |a: &MachineAction| {
        opt(&a.requestor_comment)
    })
    .by(|a| text_key(a.requestor_comment.as_deref())),
    Column::always("CREATED UTC", Some(19), |a: &MachineAction| {
        time_cell(&a.creation_date_time_utc)
    })
    .clock()
    .by(|a| time_key(&a.creation_date_time_utc)),
    Column::wide("UPDATED UTC", Some(19), |a: &MachineAction| {
        time_cell(&a.last_update_date_time_utc)
    })
    .clock()
    .by(|a| time_key(&a.last_update_date_time_utc)),
    Column::one_shot("ID", None, |a: &MachineAction| a.id.clone()).by(|a| text_key(Some(&a.id))),
];

/// The statuses an action moves through.
const STATUSES: &[&str] = &[
    "Pending",
    "InProgress",
    "Succeeded",
    "Failed",
    "TimeOut",
    "Cancelled",
];

impl Kind for MachineAction {
    const NAME: &'static str = "action";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "CREATED UTC";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "type, scope, status, by, comment, created, id";

    fn id(&self) -> &str {
        &self.id
    }

    fn label(&self) -> String {
        format!("{} {}", opt(&self.kind), opt(&self.computer_dns_name))
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        let a = self;
        let mut facts = vec![
            ("type", opt(&a.kind)),
            ("scope", opt(&a.scope)),
            ("status", opt(&a.status)),
            ("machine", opt(&a.computer_dns_name)),
            ("requestor", opt(&a.requestor)),
            ("comment", opt(&a.requestor_comment)),
            ("created", time(&a.creation_date_time_utc)),
            ("updated", time(&a.last_update_date_time_utc)),
            ("id", a.id.clone()),
        ];
        if a.cancellation_requestor.is_some() {
            facts.push(("cancelled by", opt(&a.cancellation_requestor)));
            facts.push(("cancel reason", opt(&a.cancellation_comment)));
        }
        facts
    }

    fn any_value(
        &self,
        field: Option<&str>,
        times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        let created = time_cell(&self.creation_date_time_utc);
        Some(match field {
            None => any(
                [
                    self.kind.as_deref(),
                    self.scope.as_deref(),
                    self.status.as_deref(),
                    self.requestor.as_deref(),
                    self.requestor_comment.as_deref(),
                    times.then_some(created.as_str()),
                ],
                hit,
            ),
            Some("type") => any([self.kind.as_deref()], hit),
            Some("scope") => any([self.scope.as_deref()], hit),
            Some("status") => any([self.status.as_deref()], hit),
            Some("by" | "requestor") => any([self.requestor.as_deref()], hit),
            Some("comment") => any([self.requestor_comment.as_deref()], hit),
            Some("created") => any([Some(created.as_str())], hit),
            Some("id") => any([Some(self.id.as_str())], hit),
            Some(_) => return None,
        })
    }

    fn rank(&self, field: &str) -> Option<i128> {
        match (field, time_key(&self.creation_date_time_utc)) {
            ("created", SortKey::Num(n)) => Some(n),
            _ => None,
        }
    }

    fn vocabulary(field: &str) -> Option<&'static [&'static str]> {
        (field == "status").then_some(STATUSES)
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        (what == CopyWhat::Id).then(|| self.id.clone())
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        let machine = self.machine_id.as_deref().unwrap_or_default();
        let path = format!(
            "machines/{}/timeline",
            crate::api::ids::path_segment(machine)
        );
        portal_url(portal, &path, &[("tid", tenant)])
    }

    /// The machine it acts on.
    fn route(&self) -> Option<Route> {
        MachineId::parse(self.machine_id.as_deref()?)
            .ok()
            .map(Route::Machine)
    }

    fn pivot(&self, to: PivotTo) -> Option<Route> {
        match to {
            PivotTo::Machine => self.route(),
            _ => None,
        }
    }

    fn mentions(&self, out: &mut Mentions) {
        out.extend("machine", self.computer_dns_name.clone());
    }
}

/// Machine actions are shown (in a machine's `actions` pane), not opened by a word.
pub const KIND: Registration = Registration::shows(&[Wire::of::<MachineAction>()]);
