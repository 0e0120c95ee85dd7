//! Who an alert is about: the user it names for sure, and the others it mentions (logged-on
//! users, user evidence) that `u` offers as a choice rather than picking one silently.

use super::super::route::Route;
use crate::api::UserName;
use crate::api::model::{Alert, EntityType};

/// The users an alert mentions without naming one for sure, each once, with why.
pub(super) fn choices(alert: &Alert) -> Vec<(String, Route)> {
    let logged_on = alert.logged_on_users.iter().map(|u| {
        (
            "logged on",
            u.domain_name.as_deref(),
            u.account_name.as_deref(),
        )
    });
    let evidence = alert
        .evidence
        .iter()
        .filter(|e| e.entity_type == Some(EntityType::User))
        .map(|e| {
            (
                "evidence",
                e.domain_name.as_deref(),
                e.account_name.as_deref(),
            )
        });
    let mut out: Vec<(String, Route)> = Vec::new();
    for (why, domain, name) in logged_on.chain(evidence) {
        let Some(user) = name.and_then(|n| UserName::parse(n).ok()) else {
            continue;
        };
        if out.iter().any(|(_, r)| r == &Route::User(user.clone())) {
            continue;
        }
        let shown = match domain {
            Some(d) => format!("user {d}\\{user} ({why})"),
            None => format!("user {user} ({why})"),
        };
        out.push((shown, Route::User(user)));
    }
    out
}
