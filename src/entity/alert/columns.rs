//! An alert's columns in lists and one-shots: what a row shows and sorts by.

use super::super::column::{Column, SortKey, opt, text_key, time_cell, time_key};
use crate::api::model::{Alert, AlertStatus};

/// New, then in progress, then resolved: the order work flows.
pub(super) fn status_rank(a: &Alert) -> u8 {
    match a.status {
        Some(AlertStatus::New) => 1,
        Some(AlertStatus::InProgress) => 2,
        Some(AlertStatus::Resolved) => 3,
        _ => 0,
    }
}

pub(super) const COLUMNS: &[Column<Alert>] = &[
    Column::one_shot("ID", Some(34), |a: &Alert| a.id.clone()),
    Column::always("SEVERITY", Some(13), |a: &Alert| opt(&a.severity))
        .by(|a| SortKey::Num(a.severity_rank().into()))
        .narrow("SEV", 6, short_severity),
    Column::always("STATUS", Some(10), |a: &Alert| opt(&a.status))
        .by(|a| SortKey::Num(status_rank(a).into())),
    Column::always("CREATED UTC", Some(19), |a: &Alert| {
        time_cell(&a.alert_creation_time)
    })
    .clock()
    .by(|a| time_key(&a.alert_creation_time)),
    Column::always("MACHINE", Some(16), |a: &Alert| {
        a.host().unwrap_or("—").to_owned()
    })
    .by(|a| text_key(a.computer_dns_name.as_deref())),
    Column::always("USER", Some(16), |a: &Alert| {
        user_name(a).unwrap_or("—").to_owned()
    })
    .by(|a| text_key(user_name(a))),
    Column::wide("CATEGORY", Some(24), |a: &Alert| opt(&a.category))
        .by(|a| text_key(a.category.as_deref())),
    Column::wider("INCIDENT", Some(8), |a: &Alert| {
        a.incident_id
            .map_or_else(|| "—".to_owned(), |i| i.to_string())
    })
    .by(|a| {
        a.incident_id
            .map_or(SortKey::Missing, |i| SortKey::Num(i.into()))
    }),
    Column::wider("ASSIGNED TO", Some(22), |a: &Alert| {
        a.assigned_to
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("—")
            .to_owned()
    })
    .by(|a| text_key(a.assigned_to.as_deref())),
    Column::always("TITLE", None, |a: &Alert| opt(&a.title)).by(|a| text_key(a.title.as_deref())),
];

/// A severity in six cells: `Info` for `Informational`, `—` for `UnSpecified`.
fn short_severity(full: &str) -> String {
    match full {
        "Informational" => "Info".to_owned(),
        "UnSpecified" => "—".to_owned(),
        other => other.to_owned(),
    }
}

/// The user an alert's row shows: the one it names for sure (relatedUser), as its view does.
/// Logged-on users and user evidence are mentions, not its user: `u` offers them as a
/// choice and `user:` finds them, but the column does not present a guess as a fact.
fn user_name(alert: &Alert) -> Option<&str> {
    alert
        .related_user
        .as_ref()
        .and_then(|u| u.user_name.as_deref())
        .filter(|n| !n.is_empty())
}
