//! Evidence rows: each piece of an alert's evidence (and each logged-on user), as a list the
//! alert view shows under its text. Enter follows a row to its entity: a file or a process's
//! image to the file view, an address to the IP view, a URL to its domain, a user or mailbox
//! to the user view.

use super::column::{Column, opt, text_key};
use super::kind::{CopyWhat, Indicate, Kind, Mentions, PivotTo, any, portal_url};
use super::registry::{Registration, Wire};
use super::route::Route;
use crate::api::ids::path_segment as enc;
use crate::api::model::{EntityType, Evidence};
use crate::api::{Domain, FileHash, IndicatorType, Ip, UserName};

const COLUMNS: &[Column<Evidence>] = &[
    Column::always("TYPE", Some(13), |e: &Evidence| opt(&e.entity_type))
        .by(|e| text_key(e.entity_type.as_ref().map(|t| t.as_str()))),
    Column::always("NAME", Some(28), name).by(|e| text_key(Some(&name(e)))),
    Column::always("DETAIL", None, detail),
    Column::wide("STATUS", Some(11), |e: &Evidence| opt(&e.detection_status)),
];

fn is(e: &Evidence, t: EntityType) -> bool {
    e.entity_type.as_ref() == Some(&t)
}

/// What a row is called: the file, the address, the URL, the account.
fn name(e: &Evidence) -> String {
    let account = || match (&e.domain_name, &e.account_name) {
        (Some(d), Some(a)) => format!("{d}\\{a}"),
        (None, Some(a)) => a.clone(),
        _ => opt(&e.user_principal_name),
    };
    match e.entity_type {
        Some(EntityType::Ip) => opt(&e.ip_address),
        Some(EntityType::Url) => opt(&e.url),
        Some(EntityType::User | EntityType::MailBox) => account(),
        Some(EntityType::RegistryKey | EntityType::RegistryValue) => {
            opt(&e.registry_value_name.clone().or(e.registry_key.clone()))
        }
        _ => opt(&e.file_name.clone().or(e.url.clone())),
    }
}

/// The rest of what the row says: where, which hash, which command line, which UPN.
fn detail(e: &Evidence) -> String {
    let hash = || {
        e.sha1
            .as_deref()
            .map(|h| format!("sha1 {h}"))
            .or_else(|| e.sha256.as_deref().map(|h| format!("sha256 {h}")))
            .unwrap_or_else(|| "no hash".to_owned())
    };
    match e.entity_type {
        Some(EntityType::Process) => format!(
            "pid {} ← {} · {} · {}",
            opt(&e.process_id),
            opt(&e.parent_process_file_name),
            opt(&e.process_command_line),
            hash()
        ),
        Some(EntityType::File | EntityType::MailMessage) => {
            format!("{} · {}", opt(&e.file_path), hash())
        }
        Some(EntityType::User | EntityType::MailBox) => opt(&e.user_principal_name),
        Some(EntityType::Url) => e
            .url
            .as_deref()
            .and_then(Domain::misleading_url)
            .unwrap_or_default(),
        Some(EntityType::RegistryKey | EntityType::RegistryValue) => format!(
            "{}\\{} = {}",
            opt(&e.registry_hive),
            opt(&e.registry_key),
            opt(&e.registry_value)
        ),
        _ => String::new(),
    }
}

/// The file a row names: its SHA-1, else its SHA-256.
fn file_hash(e: &Evidence) -> Option<FileHash> {
    [&e.sha1, &e.sha256]
        .into_iter()
        .flatten()
        .find_map(|h| FileHash::parse(h).ok())
}

fn user(e: &Evidence) -> Option<UserName> {
    [&e.account_name, &e.user_principal_name]
        .into_iter()
        .flatten()
        .find_map(|n| UserName::parse(n).ok())
}

impl Kind for Evidence {
    const NAME: &'static str = "evidence";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    /// TYPE sorts on demand; at first the rows keep the alert's order.
    const DEFAULT_SORT: &'static str = "DETAIL";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "type, name, sha1, sha256, ip, url, user, status";

    fn id(&self) -> &str {
        [
            &self.sha1,
            &self.sha256,
            &self.ip_address,
            &self.url,
            &self.account_name,
            &self.file_name,
            &self.registry_key,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .find(|v| !v.is_empty())
        .unwrap_or_default()
    }

    fn label(&self) -> String {
        name(self)
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("type", opt(&self.entity_type)),
            ("name", name(self)),
            ("detail", detail(self)),
            ("status", opt(&self.detection_status)),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        _times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        let e = self;
        let (kind, name, detail) = (opt(&e.entity_type), name(e), detail(e));
        Some(match field {
            None => any(
                [
                    Some(kind.as_str()),
                    Some(name.as_str()),
                    Some(detail.as_str()),
                ],
                hit,
            ),
            Some("type") => any([Some(kind.as_str())], hit),
            Some("name") => any([Some(name.as_str())], hit),
            Some("sha1") => any([e.sha1.as_deref()], hit),
            Some("sha256") => any([e.sha256.as_deref()], hit),
            Some("ip") => any([e.ip_address.as_deref()], hit),
            Some("url") => any([e.url.as_deref()], hit),
            Some("user") => any(
                [e.account_name.as_deref(), e.user_principal_name.as_deref()],
                hit,
            ),
            Some("status") => any([e.detection_status.as_deref()], hit),
            Some(_) => return None,
        })
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        let e = self;
        match what {
            CopyWhat::Id => Some(Kind::id(e).to_owned()).filter(|v| !v.is_empty()),
            CopyWhat::Account => e.user_principal_name.clone().or(e.account_name.clone()),
            CopyWhat::Host => e
                .url
                .as_deref()
                .and_then(|u| Domain::of_url(u).ok())
                .map(|d| d.to_string()),
            CopyWhat::Ip => e.ip_address.clone(),
            CopyWhat::Sha256 => e.sha256.clone(),
            CopyWhat::Json => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        let path = match self.route() {
            Some(Route::File(h)) => format!("file/{}", enc(h.as_str())),
            Some(Route::Ip(ip, _)) => format!("ip/{}", enc(&ip.to_string())),
            Some(Route::Domain(d)) => format!("url/{}", enc(d.as_str())),
            _ => "alerts".to_owned(),
        };
        portal_url(portal, &path, &[("tid", tenant)])
    }

    fn indicate(&self) -> Option<Indicate> {
        let e = self;
        match e.entity_type.as_ref()? {
            EntityType::File | EntityType::Process | EntityType::MailMessage => Indicate::of([
                (IndicatorType::FileSha1, e.sha1.clone()),
                (IndicatorType::FileSha256, e.sha256.clone()),
            ]),
            EntityType::Ip => Indicate::of([(IndicatorType::IpAddress, e.ip_address.clone())]),
            EntityType::Url => {
                let domain = e.url.as_deref().and_then(|u| Domain::of_url(u).ok());
                Indicate::of([
                    (IndicatorType::Url, e.url.clone()),
                    (IndicatorType::DomainName, domain.map(|d| d.to_string())),
                ])
            }
            _ => None,
        }
    }

    fn route(&self) -> Option<Route> {
        let e = self;
        match e.entity_type.as_ref()? {
            EntityType::File | EntityType::Process | EntityType::MailMessage => {
                file_hash(e).map(Route::File)
            }
            EntityType::Ip => {
                let ip = Ip::parse(e.ip_address.as_deref()?).ok()?;
                let at = e.evidence_creation_time.as_ref().and_then(|t| t.datetime());
                Some(Route::Ip(ip, at))
            }
            EntityType::Url => Domain::of_url(e.url.as_deref()?).ok().map(Route::Domain),
            EntityType::User | EntityType::MailBox => user(e).map(Route::User),
            _ => None,
        }
    }

    fn pivot(&self, to: PivotTo) -> Option<Route> {
        match to {
            PivotTo::User => user(self).map(Route::User),
            PivotTo::Machine | PivotTo::Incident => None,
        }
    }

    fn mentions(&self, out: &mut Mentions) {
        let e = self;
        out.extend("file", [&e.sha1, &e.sha256].into_iter().flatten().cloned());
        out.extend("ip", e.ip_address.clone());
        out.extend(
            "domain",
            e.url
                .as_deref()
                .and_then(|u| Domain::of_url(u).ok())
                .map(|d| d.to_string()),
        );
        if is(e, EntityType::User) {
            out.extend("user", e.account_name.clone());
        }
    }
}

/// What Enter on row `index` offers: one way (the row's entity), or for a process whose
/// parent is in the same evidence, its image file and its parent's.
pub fn choices(rows: &[Evidence], index: usize) -> Vec<(String, Route)> {
    let Some(row) = rows.get(index) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Route)> = row
        .route()
        .map(|r| (format!("{} {}", opt(&row.entity_type), name(row)), r))
        .into_iter()
        .collect();
    if !is(row, EntityType::Process) {
        return out;
    }
    if let Some(first) = out.first_mut() {
        first.0 = format!("image file {}", name(row));
    }
    let parent = rows.iter().find(|p| {
        is(p, EntityType::Process)
            && p.process_id.is_some()
            && p.process_id == row.parent_process_id
            && file_hash(p).is_some()
    });
    if let Some(parent) = parent.and_then(|p| Some((p, p.route()?))) {
        out.push((
            format!(
                "parent process {} (pid {})",
                name(parent.0),
                opt(&parent.0.process_id)
            ),
            parent.1,
        ));
    }
    out
}

/// Evidence rows show in the alert view; they open nothing by name.
pub const KIND: Registration = Registration::shows(&[Wire::of::<Evidence>()]);
