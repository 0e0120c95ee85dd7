//! What an entity shows, wherever it is shown: the columns of each entity list and the facts
//! of each entity. The one-shot tables and the explorer both read these, so the two can never
//! disagree on what a list holds. Cells are raw API text: callers sanitize.

use crate::api::model::{Alert, Machine, Timestamp, User};

/// A cell for an optional value: the value, or an em dash.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "—".to_owned(), ToString::to_string)
}

/// A cell for an optional timestamp, in UTC to the second.
pub fn time(v: &Option<Timestamp>) -> String {
    v.as_ref().map_or_else(|| "—".to_owned(), Timestamp::short)
}

/// Where a column appears. One-shot output shows every column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Always,
    /// In the explorer only when the table is at least [`WIDE`] cells wide.
    Wide,
    /// Not in the explorer (long ids that would crowd out the title).
    OneShotOnly,
}

/// The table width from which `Show::Wide` columns appear.
pub const WIDE: u16 = 120;

/// One column of an entity list.
pub struct Column<T> {
    pub title: &'static str,
    /// Fixed width in the explorer; `None` takes the remaining space.
    pub width: Option<u16>,
    pub show: Show,
    pub cell: fn(&T) -> String,
}

impl<T> Column<T> {
    pub fn shown_at(&self, table_width: u16) -> bool {
        match self.show {
            Show::Always => true,
            Show::Wide => table_width >= WIDE,
            Show::OneShotOnly => false,
        }
    }
}

const fn col<T>(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Column<T> {
    Column {
        title,
        width,
        show: Show::Always,
        cell,
    }
}

const fn wide<T>(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Column<T> {
    Column {
        title,
        width,
        show: Show::Wide,
        cell,
    }
}

pub const ALERT_COLUMNS: &[Column<Alert>] = &[
    Column {
        title: "ID",
        width: Some(34),
        show: Show::OneShotOnly,
        cell: |a| a.id.clone(),
    },
    col("SEVERITY", Some(13), |a| opt(&a.severity)),
    col("STATUS", Some(10), |a| opt(&a.status)),
    col("CREATED", Some(19), |a| time(&a.alert_creation_time)),
    col("MACHINE", Some(14), |a| a.host().unwrap_or("—").to_owned()),
    wide("CATEGORY", Some(17), |a| opt(&a.category)),
    col("TITLE", None, |a| opt(&a.title)),
];

pub const MACHINE_COLUMNS: &[Column<Machine>] = &[
    col("NAME", Some(16), |m| m.host().to_owned()),
    col("ID", None, |m| m.id.clone()),
    col("OS", Some(17), |m| opt(&m.os_platform)),
    col("HEALTH", Some(12), |m| opt(&m.health_status)),
    col("RISK", Some(8), |m| opt(&m.risk_score)),
    wide("EXPOSURE", Some(8), |m| opt(&m.exposure_level)),
    col("LAST SEEN", Some(19), |m| time(&m.last_seen)),
];

pub const USER_COLUMNS: &[Column<User>] = &[
    col("ACCOUNT", Some(16), |u| u.account().to_owned()),
    col("DOMAIN", Some(12), |u| u.domain().unwrap_or("—").to_owned()),
    col("LOGON TYPES", None, |u| opt(&u.logon_types)),
    col("LAST SEEN", Some(19), |u| time(&u.last_seen)),
    col("ADMIN", Some(5), |u| {
        u.is_domain_admin
            .map_or("—", |a| if a { "yes" } else { "no" })
            .to_owned()
    }),
];

/// The facts an analyst triages an alert on, in reading order.
pub fn alert_facts(a: &Alert) -> Vec<(&'static str, String)> {
    vec![
        ("id", a.id.clone()),
        ("title", opt(&a.title)),
        ("severity", opt(&a.severity)),
        ("status", opt(&a.status)),
        (
            "classification",
            format!("{} / {}", opt(&a.classification), opt(&a.determination)),
        ),
        ("category", opt(&a.category)),
        ("detection source", opt(&a.detection_source)),
        ("investigation", opt(&a.investigation_state)),
        ("created", time(&a.alert_creation_time)),
        (
            "first/last event",
            format!(
                "{} / {}",
                time(&a.first_event_time),
                time(&a.last_event_time)
            ),
        ),
        ("machine", opt(&a.computer_dns_name)),
        (
            "user",
            a.related_user.as_ref().map_or_else(
                || "—".to_owned(),
                |u| format!("{}\\{}", opt(&u.domain_name), opt(&u.user_name)),
            ),
        ),
        ("assigned to", opt(&a.assigned_to)),
        ("incident", opt(&a.incident_id)),
        ("MITRE", a.mitre_techniques.join(", ")),
    ]
}

pub fn machine_facts(m: &Machine) -> Vec<(&'static str, String)> {
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

pub fn user_facts(u: &User) -> Vec<(&'static str, String)> {
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
