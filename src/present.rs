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
    /// The column's sort key; `None` for columns that do not sort.
    pub key: Option<fn(&T) -> SortKey>,
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
    const fn by(mut self, key: fn(&T) -> SortKey) -> Self {
        self.key = Some(key);
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
        key: None,
    }
}

const fn wide<T>(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Column<T> {
    Column {
        title,
        width,
        show: Show::Wide,
        cell,
        key: None,
    }
}

pub const ALERT_COLUMNS: &[Column<Alert>] = &[
    Column {
        title: "ID",
        width: Some(34),
        show: Show::OneShotOnly,
        cell: |a: &Alert| a.id.clone(),
        key: None,
    },
    col("SEVERITY", Some(13), |a: &Alert| opt(&a.severity))
        .by(|a| SortKey::Num(a.severity_rank().into())),
    col("STATUS", Some(10), |a: &Alert| opt(&a.status)).by(|a| SortKey::Num(status_rank(a).into())),
    col("CREATED", Some(19), |a: &Alert| {
        time(&a.alert_creation_time)
    })
    .by(|a| time_key(&a.alert_creation_time)),
    col("MACHINE", Some(14), |a: &Alert| {
        a.host().unwrap_or("—").to_owned()
    })
    .by(|a| text_key(a.computer_dns_name.as_deref())),
    wide("CATEGORY", Some(17), |a: &Alert| opt(&a.category))
        .by(|a| text_key(a.category.as_deref())),
    col("TITLE", None, |a: &Alert| opt(&a.title)).by(|a| text_key(a.title.as_deref())),
];

pub const MACHINE_COLUMNS: &[Column<Machine>] = &[
    col("NAME", Some(16), |m: &Machine| m.host().to_owned()).by(|m| text_key(Some(m.host()))),
    col("ID", None, |m: &Machine| m.id.clone()),
    col("OS", Some(17), |m: &Machine| opt(&m.os_platform))
        .by(|m| text_key(m.os_platform.as_deref())),
    col("HEALTH", Some(12), |m: &Machine| opt(&m.health_status))
        .by(|m| text_key(m.health_status.as_ref().map(|h| h.as_str()))),
    col("RISK", Some(8), |m: &Machine| opt(&m.risk_score))
        .by(|m| SortKey::Num(m.risk_rank().into())),
    wide("EXPOSURE", Some(8), |m: &Machine| opt(&m.exposure_level))
        .by(|m| SortKey::Num(m.exposure_level.as_ref().map_or(0, |e| e.rank()).into())),
    col("LAST SEEN", Some(19), |m: &Machine| time(&m.last_seen)).by(|x| time_key(&x.last_seen)),
];

pub const USER_COLUMNS: &[Column<User>] = &[
    col("ACCOUNT", Some(16), |u: &User| u.account().to_owned()).by(|u| text_key(Some(u.account()))),
    col("DOMAIN", Some(12), |u: &User| {
        u.domain().unwrap_or("—").to_owned()
    })
    .by(|u| text_key(u.domain())),
    col("LOGON TYPES", None, |u: &User| opt(&u.logon_types)),
    col("LAST SEEN", Some(19), |u: &User| time(&u.last_seen)).by(|x| time_key(&x.last_seen)),
    col("ADMIN", Some(5), |u: &User| {
        u.is_domain_admin
            .map_or("—", |a| if a { "yes" } else { "no" })
            .to_owned()
    }),
];

/// What a column sorts by. Missing values come first, then numbers, then text; text ignores
/// case. Keys are computed once per row (`sort_by_cached_key`), not once per comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Missing,
    Num(i128),
    Text(String),
}

fn time_key(t: &Option<Timestamp>) -> SortKey {
    match t.as_ref().and_then(Timestamp::datetime) {
        Some(t) => SortKey::Num(t.unix_timestamp_nanos()),
        None => SortKey::Missing,
    }
}

fn text_key(v: Option<&str>) -> SortKey {
    v.map_or(SortKey::Missing, |v| SortKey::Text(v.to_lowercase()))
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
    let Some(key) = columns.get(sort.column).and_then(|c| c.key) else {
        return;
    };
    if sort.descending {
        rows.sort_by_cached_key(|&i| std::cmp::Reverse(key(&items[i])));
    } else {
        rows.sort_by_cached_key(|&i| key(&items[i]));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn alerts() -> Vec<Alert> {
        serde_json::from_value(serde_json::json!([
            {"id": "1", "severity": "Low", "status": "Resolved", "title": "beta", "alertCreationTime": "2026-11-19T10:00:00Z", "computerDnsName": "B"},
            {"id": "2", "severity": "High", "status": "New", "title": "Alpha", "alertCreationTime": "2026-11-19T09:00:00Z", "computerDnsName": "a"},
            {"id": "3", "severity": "Medium", "status": "InProgress", "title": "gamma", "alertCreationTime": "2026-11-19T11:00:00.5Z"},
            {"id": "4", "severity": "Critical", "title": "delta"}
        ]))
        .unwrap()
    }

    fn order(column: &str, descending: bool) -> Vec<String> {
        let items = alerts();
        let column = ALERT_COLUMNS
            .iter()
            .position(|c| c.title == column)
            .unwrap();
        let mut rows: Vec<usize> = (0..items.len()).collect();
        sort_rows(
            &items,
            ALERT_COLUMNS,
            Sort { column, descending },
            &mut rows,
        );
        rows.iter().map(|&i| items[i].id.clone()).collect()
    }

    #[test]
    fn every_sortable_alert_column_orders_as_an_analyst_expects() {
        // Severity by rank, unknown values lowest.
        assert_eq!(order("SEVERITY", true), ["2", "3", "1", "4"]);
        // Newest first; no time sorts last.
        assert_eq!(order("CREATED", true), ["3", "1", "2", "4"]);
        assert_eq!(order("CREATED", false), ["4", "2", "1", "3"]);
        // New, in progress, resolved.
        assert_eq!(order("STATUS", false), ["4", "2", "3", "1"]);
        // Text ignores case.
        assert_eq!(order("TITLE", false), ["2", "1", "4", "3"]);
        assert_eq!(order("MACHINE", false), ["3", "4", "2", "1"]);
        // An unsortable column leaves the order alone.
        let items = alerts();
        let mut rows = vec![3, 1, 2, 0];
        sort_rows(
            &items,
            ALERT_COLUMNS,
            Sort {
                column: 0,
                descending: false,
            },
            &mut rows,
        );
        assert_eq!(rows, [3, 1, 2, 0]);
    }

    #[test]
    fn machines_and_users_sort_too() {
        let machines: Vec<Machine> = serde_json::from_value(serde_json::json!([
            {"id": "m1", "computerDnsName": "b.corp", "riskScore": "Low", "lastSeen": "2026-01-01T00:00:00Z"},
            {"id": "m2", "computerDnsName": "A.corp", "riskScore": "High", "lastSeen": "2026-02-01T00:00:00Z"}
        ]))
        .unwrap();
        let mut rows = vec![0, 1];
        sort_rows(&machines, MACHINE_COLUMNS, MACHINE_SORT, &mut rows);
        assert_eq!(rows, [1, 0], "last seen, newest first");
        let risk = MACHINE_COLUMNS
            .iter()
            .position(|c| c.title == "RISK")
            .unwrap();
        sort_rows(
            &machines,
            MACHINE_COLUMNS,
            Sort {
                column: risk,
                descending: false,
            },
            &mut rows,
        );
        assert_eq!(rows, [0, 1]);
        let users: Vec<User> = serde_json::from_value(serde_json::json!([
            {"id": "contoso\\zed"}, {"id": "contoso\\Amy"}
        ]))
        .unwrap();
        let mut rows = vec![0, 1];
        sort_rows(
            &users,
            USER_COLUMNS,
            Sort {
                column: 0,
                descending: false,
            },
            &mut rows,
        );
        assert_eq!(rows, [1, 0]);
    }
}
