//! Users: the list columns, the facts, the filter fields, and the user view (their alerts and
//! machines).

use super::column::{Column, opt, text_key, time, time_cell, time_key};
use super::kind::{CopyWhat, Kind, Mentions, PivotTo, any, portal_url};
use super::registry::{Complete, OneShot, Registration, Wire, Word, view_part};
use super::route::{PaneSpec, Route, View};
use crate::api::UserName;
use crate::api::model::User;
use crate::engine::Resource;

const COLUMNS: &[Column<User>] = &[
    Column::always("ACCOUNT", Some(16), |u: &User| u.account().to_owned())
        .by(|u| text_key(Some(u.account()))),
    Column::always("DOMAIN", Some(12), |u: &User| {
        u.domain().unwrap_or("—").to_owned()
    })
    .by(|u| text_key(u.domain())),
    Column::always("LOGON TYPES", None, |u: &User| opt(&u.logon_types)),
    Column::always("LAST SEEN UTC", Some(19), |u: &User| {
        time_cell(&u.last_seen)
    })
    .clock()
    .by(|x| time_key(&x.last_seen)),
    Column::always("ADMIN", Some(5), |u: &User| {
        u.is_domain_admin
            .map_or("—", |a| if a { "yes" } else { "no" })
            .to_owned()
    }),
];

impl Kind for User {
    const NAME: &'static str = "user";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "LAST SEEN UTC";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "account, domain, logon, admin";

    fn id(&self) -> &str {
        &self.id
    }

    fn label(&self) -> String {
        self.account().to_owned()
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        let u = self;
        vec![
            ("account", u.account().to_owned()),
            ("domain", u.domain().unwrap_or("—").to_owned()),
            ("sid", opt(&u.account_sid)),
            ("first seen", time(&u.first_seen)),
            ("last seen", time(&u.last_seen)),
            ("logon types", opt(&u.logon_types)),
            ("machines", opt(&u.log_on_machines_count)),
            ("domain admin", opt(&u.is_domain_admin)),
            ("most used machine", opt(&u.most_prevalent_machine_id)),
            ("least used machine", opt(&u.least_prevalent_machine_id)),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        _times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        let admin = self.is_domain_admin.map(|a| if a { "yes" } else { "no" });
        Some(match field {
            None => any(
                [
                    Some(self.account()),
                    self.domain(),
                    self.logon_types.as_deref(),
                ],
                hit,
            ),
            Some("account" | "user" | "name") => any([Some(self.account())], hit),
            Some("domain") => any([self.domain()], hit),
            Some("logon") => any([self.logon_types.as_deref()], hit),
            Some("admin") => any([admin], hit),
            Some(_) => return None,
        })
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        match what {
            CopyWhat::Id => Some(self.id.clone()),
            CopyWhat::Account => Some(match self.domain() {
                Some(d) => format!("{d}\\{}", self.account()),
                None => self.account().to_owned(),
            }),
            CopyWhat::Host | CopyWhat::Ip | CopyWhat::Sha256 | CopyWhat::Json => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        let query = [
            ("sid", self.account_sid.as_deref()),
            ("accountName", Some(self.account())),
            ("accountDomain", self.domain()),
            ("tid", tenant),
        ];
        portal_url(portal, "user", &query)
    }

    fn route(&self) -> Option<Route> {
        UserName::parse(self.account()).ok().map(Route::User)
    }

    fn pivot(&self, to: PivotTo) -> Option<Route> {
        match to {
            PivotTo::User => self.route(),
            PivotTo::Machine | PivotTo::Incident => None,
        }
    }

    fn mentions(&self, out: &mut Mentions) {
        if !self.account().is_empty() {
            out.add("user", self.account());
        }
    }
}

/// Fills what a bare user record lacks from the user's alerts (the domain from their related
/// user, the SID from user evidence) and counts the machines as the machines pane does.
/// How many of a user's alerts [`complete`] reads for the domain and SID.
const SCAN: usize = 1_000;

pub fn complete(
    facts: &mut [(&'static str, String)],
    alerts: Option<&[crate::api::model::Alert]>,
    machines: Option<usize>,
) {
    let account = facts
        .iter()
        .find(|(label, _)| *label == "account")
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    // The first alerts say it if any do; looking no further keeps a frame of a user with
    // 100,000 alerts cheap (this runs on every frame).
    let alerts = &alerts.unwrap_or_default()[..alerts.map_or(0, |a| a.len().min(SCAN))];
    let domain = alerts
        .iter()
        .filter_map(|a| a.related_user.as_ref())
        .filter(|r| {
            r.user_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&account))
        })
        .find_map(|r| r.domain_name.as_deref().map(str::to_owned));
    let sid = alerts
        .iter()
        .flat_map(|a| &a.evidence)
        .filter(|e| {
            e.account_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&account))
        })
        .find_map(|e| e.user_sid.clone());
    for (label, value) in facts.iter_mut() {
        let missing = value.as_str() == "—";
        match *label {
            "domain" if missing => value.clone_from(&domain.clone().unwrap_or_else(|| "—".into())),
            "sid" if missing => value.clone_from(&sid.clone().unwrap_or_else(|| "—".into())),
            "machines" => {
                if let Some(n) = machines {
                    *value = n.to_string();
                }
            }
            _ => {}
        }
    }
}

/// The user view: the user's facts, alerts and machines.
pub fn view(name: &UserName) -> View {
    View {
        more: Vec::new(),
        aside: Vec::new(),
        facts: Some(Resource::User(name.clone())),
        panes: vec![
            PaneSpec::new(
                Resource::UserAlerts(name.clone()),
                "alerts",
                "No alerts. The API answers the same for a user with no alerts in retention and for a user it does not know.",
                "alerts",
            )
            .hiding(&["USER"]),
            PaneSpec::new(
                Resource::UserMachines(name.clone()),
                "machines",
                "No machines reported for this user.",
                "machines",
            ),
        ],
    }
}

/// Users open by `:user NAME` and `mdetui user NAME [alerts|machines]`.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "user",
        short: Some("u"),
        needs: Some("a user name"),
        open: |arg, _| open(arg),
        complete: Complete::Seen,
    }),
    one_shot: Some(OneShot {
        about: "A user's facts, related alerts or machines (the bare account name, UPN or DOMAIN\\name)",
        arg: "NAME",
        arg_help: "The account: bare (jdoe), a UPN or DOMAIN\\name",
        example: "jdoe",
        parts: &[
            ("alerts", "The alerts related to the user"),
            ("machines", "The machines the user logged on to"),
        ],
        lookup: open,
        part: view_part,
        missing: "",
    }),
    ..Registration::shows(&[Wire::of::<User>()])
};

fn open(arg: &str) -> Result<Route, String> {
    UserName::parse(arg)
        .map(Route::User)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::{List, Sort};

    #[test]
    fn users_sort_by_account_ignoring_case() {
        let users: Vec<User> = serde_json::from_value(serde_json::json!([
            {"id": "contoso\\zed"}, {"id": "contoso\\Amy"}
        ]))
        .unwrap();
        let users: std::sync::Arc<[User]> = users.into();
        let list: &dyn List = &users;
        let mut rows = vec![0, 1];
        list.sort(
            &mut rows,
            Sort {
                column: 0,
                descending: false,
            },
        );
        assert_eq!(rows, [1, 0]);
    }

    #[test]
    fn a_bare_record_is_completed_from_alerts_and_machines() {
        let bare: User = serde_json::from_value(serde_json::json!({"id": "jdoe"})).unwrap();
        let alerts: Vec<crate::api::model::Alert> = serde_json::from_value(serde_json::json!([
            {"id": "a1", "relatedUser": {"userName": "JDOE", "domainName": "CONTOSO"},
             "evidence": [{"entityType": "User", "accountName": "jdoe", "userSid": "S-1-5-21-9"}]}
        ]))
        .unwrap();
        let mut facts = Kind::facts(&bare);
        complete(&mut facts, Some(&alerts), Some(2));
        let get = |l: &str| facts.iter().find(|(k, _)| *k == l).unwrap().1.clone();
        assert_eq!(get("domain"), "CONTOSO");
        assert_eq!(get("sid"), "S-1-5-21-9");
        assert_eq!(get("machines"), "2");
    }

    #[test]
    fn portal_link_names_the_account() {
        let u: User = serde_json::from_value(
            serde_json::json!({"id": "contoso\\pkumar", "accountName": "pkumar",
            "accountDomain": "contoso", "accountSid": "S-1-5-21-1"}),
        )
        .unwrap();
        assert_eq!(
            u.portal_link("https://security.microsoft.com", Some("t")),
            "https://security.microsoft.com/user?sid=S-1-5-21-1&accountName=pkumar&accountDomain=contoso&tid=t"
        );
    }
}
