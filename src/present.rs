//! What an entity shows, wherever it is shown: the columns of each entity list and the facts
//! of each entity. The one-shot tables and the explorer both read these, so the two can never
//! disagree on what a list holds. Cells are raw API text: callers sanitize.

use std::cmp::Ordering;

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
    /// How the column sorts, ascending; `None` for columns that do not sort.
    pub order: Option<fn(&T, &T) -> Ordering>,
}

/// A list's order: a column (index into its column list) and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// Newest first, for every list.
pub const ALERT_SORT: Sort = Sort {
    column: 3,
    descending: true,
};
pub const MACHINE_SORT: Sort = Sort {
    column: 6,
    descending: true,
};
pub const USER_SORT: Sort = Sort {
    column: 3,
    descending: true,
};

impl<T> Column<T> {
    const fn by(mut self, order: fn(&T, &T) -> Ordering) -> Self {
        self.order = Some(order);
        self
    }

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
        order: None,
    }
}

const fn wide<T>(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Column<T> {
    Column {
        title,
        width,
        show: Show::Wide,
        cell,
        order: None,
    }
}

pub const ALERT_COLUMNS: &[Column<Alert>] = &[
    Column {
        title: "ID",
        width: Some(34),
        show: Show::OneShotOnly,
        cell: |a: &Alert| a.id.clone(),
        order: None,
    },
    col("SEVERITY", Some(13), |a: &Alert| opt(&a.severity))
        .by(|a, b| a.severity_rank().cmp(&b.severity_rank())),
    col("STATUS", Some(10), |a: &Alert| opt(&a.status))
        .by(|a, b| status_rank(a).cmp(&status_rank(b))),
    col("CREATED", Some(19), |a: &Alert| {
        time(&a.alert_creation_time)
    })
    .by(|a, b| time_key(&a.alert_creation_time).cmp(&time_key(&b.alert_creation_time))),
    col("MACHINE", Some(14), |a: &Alert| {
        a.host().unwrap_or("—").to_owned()
    })
    .by(|a, b| {
        text_order(
            a.computer_dns_name.as_deref(),
            b.computer_dns_name.as_deref(),
        )
    }),
    wide("CATEGORY", Some(17), |a: &Alert| opt(&a.category))
        .by(|a, b| text_order(a.category.as_deref(), b.category.as_deref())),
    col("TITLE", None, |a: &Alert| opt(&a.title))
        .by(|a, b| text_order(a.title.as_deref(), b.title.as_deref())),
];

pub const MACHINE_COLUMNS: &[Column<Machine>] = &[
    col("NAME", Some(16), |m: &Machine| m.host().to_owned())
        .by(|a, b| text_order(Some(a.host()), Some(b.host()))),
    col("ID", None, |m: &Machine| m.id.clone()),
    col("OS", Some(17), |m: &Machine| opt(&m.os_platform))
        .by(|a, b| text_order(a.os_platform.as_deref(), b.os_platform.as_deref())),
    col("HEALTH", Some(12), |m: &Machine| opt(&m.health_status)).by(|a, b| {
        text_order(
            a.health_status.as_ref().map(|h| h.as_str()),
            b.health_status.as_ref().map(|h| h.as_str()),
        )
    }),
    col("RISK", Some(8), |m: &Machine| opt(&m.risk_score))
        .by(|a, b| a.risk_rank().cmp(&b.risk_rank())),
    wide("EXPOSURE", Some(8), |m: &Machine| opt(&m.exposure_level)).by(|a, b| {
        let rank = |m: &Machine| m.exposure_level.as_ref().map_or(0, |e| e.rank());
        rank(a).cmp(&rank(b))
    }),
    col("LAST SEEN", Some(19), |m: &Machine| time(&m.last_seen))
        .by(|a, b| time_key(&a.last_seen).cmp(&time_key(&b.last_seen))),
];

pub const USER_COLUMNS: &[Column<User>] = &[
    col("ACCOUNT", Some(16), |u: &User| u.account().to_owned())
        .by(|a, b| text_order(Some(a.account()), Some(b.account()))),
    col("DOMAIN", Some(12), |u: &User| {
        u.domain().unwrap_or("—").to_owned()
    })
    .by(|a, b| text_order(a.domain(), b.domain())),
    col("LOGON TYPES", None, |u: &User| opt(&u.logon_types)),
    col("LAST SEEN", Some(19), |u: &User| time(&u.last_seen))
        .by(|a, b| time_key(&a.last_seen).cmp(&time_key(&b.last_seen))),
    col("ADMIN", Some(5), |u: &User| {
        u.is_domain_admin
            .map_or("—", |a| if a { "yes" } else { "no" })
            .to_owned()
    }),
];

fn time_key(t: &Option<Timestamp>) -> i128 {
    t.as_ref().map_or(i128::MIN, Timestamp::sort_key)
}

/// Case-insensitive, missing values first.
fn text_order(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

/// New, then in progress, then resolved: the order work flows.
fn status_rank(a: &Alert) -> u8 {
    use crate::api::model::AlertStatus;
    match a.status {
        Some(AlertStatus::New) => 1,
        Some(AlertStatus::InProgress) => 2,
        Some(AlertStatus::Resolved) => 3,
        _ => 0,
    }
}

/// Sorts `rows` (indices into `items`) by `sort`; unsortable columns leave the order alone.
/// Stable, so equal keys keep the API's order.
pub fn sort_rows<T>(items: &[T], columns: &[Column<T>], sort: Sort, rows: &mut [usize]) {
    let Some(order) = columns.get(sort.column).and_then(|c| c.order) else {
        return;
    };
    rows.sort_by(|&a, &b| {
        let o = order(&items[a], &items[b]);
        if sort.descending { o.reverse() } else { o }
    });
}

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
