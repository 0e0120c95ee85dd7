//! Saved hunts on an entity's view: the parameters a view fills (`{{machine}}` on a machine,
//! `{{user}}` on a user, `{{sha1}}` on a file, `{{ip}}`, `{{domain}}`, `{{alert}}`), and the
//! saved hunts it can run — those whose every parameter it fills.

use std::collections::BTreeMap;

use super::super::route::Route;
use crate::api::{FileHash, HuntQuery, Template};

/// What the view at `route` fills in a saved hunt; `name` is the entity's own name where the
/// route holds only an id (a machine opened by its device id).
pub fn params(route: &Route, name: Option<&str>) -> BTreeMap<String, String> {
    let (key, value) = match route {
        Route::Machine(m) => (
            "machine",
            name.filter(|n| !n.is_empty())
                .unwrap_or(m.as_str())
                .to_owned(),
        ),
        Route::User(u) => {
            let text = u.to_string();
            let account = text.rsplit_once('\\').map_or(text.as_str(), |(_, a)| a);
            ("user", account.to_owned())
        }
        Route::File(FileHash::Sha1(h)) => ("sha1", h.to_string()),
        Route::File(_) => match name {
            Some(sha1) => ("sha1", sha1.to_owned()),
            None => return BTreeMap::new(),
        },
        Route::Ip(ip, _) => ("ip", ip.to_string()),
        Route::Domain(d) => ("domain", d.to_string()),
        Route::Alert(a) => ("alert", a.to_string()),
        _ => return BTreeMap::new(),
    };
    BTreeMap::from([(key.to_owned(), value)])
}

/// The saved hunts `params` fill whole, each as the route that runs it.
pub fn runnable(
    hunts: &[Template],
    params: &BTreeMap<String, String>,
    timespan: Option<&str>,
) -> Vec<(String, Route)> {
    hunts
        .iter()
        .filter(|h| h.params.iter().all(|p| params.contains_key(p)))
        .filter_map(|h| {
            let query = HuntQuery::new(&h.fill(params).ok()?, timespan).ok()?;
            let label = if h.description.is_empty() {
                h.name.clone()
            } else {
                format!("{} — {}", h.name, h.description)
            };
            Some((label, Route::Hunt(Box::new(query))))
        })
        .collect()
}
