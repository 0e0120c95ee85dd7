//! Custom indicators: the tenant's list of what it alerts on, blocks or allows (files,
//! addresses, domains, URLs, certificates), by scope of type. Enter on one opens what it
//! covers: the file, the address or the domain (a URL's host).

use super::column::{Column, SortKey, opt, text_key, time, time_cell, time_key, typed_time};
use super::kind::{CopyWhat, Kind, Mentions, PivotTo, any, portal_url};
use super::registry::{Complete, OneShot, Registration, Wire, Word, view_part};
use super::route::{PaneSpec, Route, View};
use crate::api::model::{File, Severity};
use crate::api::{Domain, FileHash, Indicator, IndicatorScope, Ip};
use crate::engine::Resource;

/// The most active indicators a tenant may hold (not raisable).
pub const TENANT_CAP: usize = 15_000;

const COLUMNS: &[Column<Indicator>] = &[
    Column::always("VALUE", None, |i: &Indicator| opt(&i.indicator_value))
        .by(|i| text_key(i.indicator_value.as_deref())),
    Column::always("TYPE", Some(6), |i: &Indicator| type_word(i).to_owned())
        .by(|i| text_key(Some(type_word(i)))),
    Column::always("ACTION", Some(17), |i: &Indicator| opt(&i.action))
        .by(|i| text_key(i.action.as_deref())),
    Column::wide("SEVERITY", Some(8), |i: &Indicator| opt(&i.severity))
        .by(|i| SortKey::Num(severity_rank(i).into())),
    Column::wide("TITLE", Some(20), |i: &Indicator| opt(&i.title))
        .by(|i| text_key(i.title.as_deref())),
    Column::one_shot("CREATED BY", None, |i: &Indicator| opt(&i.created_by))
        .by(|i| text_key(i.created_by.as_deref())),
    Column::always("CREATED UTC", Some(19), |i: &Indicator| {
        time_cell(&i.creation_time_date_time_utc)
    })
    .clock()
    .by(|i| time_key(&i.creation_time_date_time_utc)),
    Column::wide("EXPIRES", Some(10), |i: &Indicator| expires(i))
        .by(|i| time_key(&i.expiration_time)),
];

/// The type as an analyst says it: `sha1`, `ip`, `domain`, `url`, `cert`.
fn type_word(i: &Indicator) -> &str {
    match i.indicator_type.as_deref().unwrap_or("") {
        t if t.eq_ignore_ascii_case("FileSha1") => "sha1",
        t if t.eq_ignore_ascii_case("FileSha256") => "sha256",
        t if t.eq_ignore_ascii_case("FileMd5") => "md5",
        t if t.eq_ignore_ascii_case("IpAddress") => "ip",
        t if t.eq_ignore_ascii_case("DomainName") => "domain",
        t if t.eq_ignore_ascii_case("Url") => "url",
        t if t.eq_ignore_ascii_case("CertificateThumbprint") => "cert",
        "" => "—",
        other => other,
    }
}

fn severity_rank(i: &Indicator) -> u8 {
    i.severity.as_ref().map_or(0, Severity::rank)
}

/// The day an indicator expires (UTC); one without an expiry stays until deleted.
fn expires(i: &Indicator) -> String {
    match &i.expiration_time {
        Some(t) => t.short().split(' ').next().unwrap_or_default().to_owned(),
        None => "never".to_owned(),
    }
}

impl Kind for Indicator {
    const NAME: &'static str = "indicator";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "CREATED UTC";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "value, type, action, sev, title, by, created, expires, id";

    fn id(&self) -> &str {
        &self.id
    }

    fn label(&self) -> String {
        opt(&self.indicator_value)
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        let i = self;
        vec![
            ("value", opt(&i.indicator_value)),
            ("type", opt(&i.indicator_type)),
            ("action", opt(&i.action)),
            ("severity", opt(&i.severity)),
            ("title", opt(&i.title)),
            ("description", opt(&i.description)),
            ("recommended", opt(&i.recommended_actions)),
            ("alerts", opt(&i.generate_alert)),
            ("devices", {
                if i.rbac_group_names.is_empty() {
                    "all".to_owned()
                } else {
                    i.rbac_group_names.join(", ")
                }
            }),
            ("created by", opt(&i.created_by)),
            ("created", time(&i.creation_time_date_time_utc)),
            ("updated", time(&i.last_update_time)),
            (
                "expires",
                match &i.expiration_time {
                    Some(_) => time(&i.expiration_time),
                    None => "never".to_owned(),
                },
            ),
            ("id", i.id.clone()),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        let severity = self.severity.as_ref().map(|s| s.as_str());
        Some(match field {
            None => {
                let created = (times)
                    .then(|| time_cell(&self.creation_time_date_time_utc))
                    .filter(|t| t != "—");
                any(
                    [
                        self.indicator_value.as_deref(),
                        Some(type_word(self)),
                        self.action.as_deref(),
                        severity,
                        self.title.as_deref(),
                        self.created_by.as_deref(),
                        created.as_deref(),
                    ],
                    hit,
                )
            }
            Some("value") => any([self.indicator_value.as_deref()], hit),
            Some("type") => any([Some(type_word(self)), self.indicator_type.as_deref()], hit),
            Some("action") => any([self.action.as_deref()], hit),
            Some("sev" | "severity") => any([severity], hit),
            Some("title") => any([self.title.as_deref(), self.description.as_deref()], hit),
            Some("by" | "creator") => any([self.created_by.as_deref()], hit),
            Some("expires") => any([Some(expires(self).as_str())], hit),
            Some("created") => any(
                [Some(time_cell(&self.creation_time_date_time_utc).as_str())],
                hit,
            ),
            Some("id") => any([Some(self.id.as_str())], hit),
            Some(_) => return None,
        })
    }

    fn rank(&self, field: &str) -> Option<i128> {
        let at = |t| match time_key(t) {
            SortKey::Num(n) => Some(n),
            _ => None,
        };
        match field {
            "sev" | "severity" => self.severity.as_ref().map(|s| s.rank().into()),
            "created" => at(&self.creation_time_date_time_utc),
            "expires" => at(&self.expiration_time),
            _ => None,
        }
    }

    fn rank_of(field: &str, text: &str) -> Option<i128> {
        match field {
            "sev" | "severity" => match Severity::from_wire(text) {
                Severity::Other(_) => None,
                s => Some(s.rank().into()),
            },
            "created" | "expires" => typed_time(text),
            _ => None,
        }
    }

    fn vocabulary(field: &str) -> Option<&'static [&'static str]> {
        match field {
            "sev" | "severity" => Some(Severity::WIRE),
            "action" => Some(&[
                "Allowed",
                "Audit",
                "Warn",
                "Block",
                "BlockAndRemediate",
                "Alert",
                "AlertAndBlock",
            ]),
            _ => None,
        }
    }

    fn severity(&self) -> Option<&Severity> {
        self.severity.as_ref()
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        let value = self.indicator_value.clone();
        match (what, type_word(self)) {
            (CopyWhat::Id, _) => Some(self.id.clone()),
            (CopyWhat::Ip, "ip") | (CopyWhat::Sha256, "sha256") | (CopyWhat::Host, "domain") => {
                value
            }
            _ => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        // The portal lists indicators by family: file hashes, addresses and URLs/domains,
        // certificates.
        let tab = match type_word(self) {
            "sha1" | "sha256" | "md5" => "file",
            "ip" => "ip",
            "cert" => "certificate",
            _ => "url",
        };
        let path = format!("securitysettings/endpoints/custom_ti_indicators/{tab}");
        portal_url(portal, &path, &[("tid", tenant)])
    }

    /// What the indicator covers: the file, the address, the domain (a URL's host); a
    /// certificate has no view.
    fn route(&self) -> Option<Route> {
        let value = self.indicator_value.as_deref()?;
        match type_word(self) {
            "sha1" | "sha256" | "md5" => FileHash::parse(value).ok().map(Route::File),
            "ip" => Ip::parse(value).ok().map(|ip| Route::Ip(ip, None)),
            "domain" => Domain::parse(value).ok().map(Route::Domain),
            "url" => Domain::of_url(value).ok().map(Route::Domain),
            _ => None,
        }
    }

    fn pivot(&self, _to: PivotTo) -> Option<Route> {
        None
    }

    fn mentions(&self, out: &mut Mentions) {
        let value = self.indicator_value.clone();
        match type_word(self) {
            "sha1" | "sha256" | "md5" => out.extend("file", value),
            "ip" => out.extend("ip", value),
            "domain" => out.extend("domain", value),
            _ => {}
        }
    }
}

/// The fact a file, address or domain view shows once its indicator lists are in: the
/// indicator that covers it (and how many more do), or `none`. `None` while they are not.
pub fn coverage(route: &Route, lists: &[&[Indicator]], file: Option<&File>) -> Option<String> {
    if lists.is_empty() {
        return None;
    }
    let covers = |i: &&Indicator| {
        let value = i.indicator_value.as_deref().unwrap_or("");
        match (route, type_word(i)) {
            (Route::File(hash), "sha1" | "sha256" | "md5") => {
                let held = file.map(|f| [&f.sha1, &f.sha256, &f.md5]);
                value.eq_ignore_ascii_case(&hash.to_string())
                    || held
                        .into_iter()
                        .flatten()
                        .flatten()
                        .any(|h| h.eq_ignore_ascii_case(value))
            }
            (Route::Ip(ip, _), "ip") => Ip::parse(value).is_ok_and(|v| v == *ip),
            (Route::Domain(domain), "domain") => {
                let (d, v) = (domain.to_string(), value.to_ascii_lowercase());
                d == v || d.ends_with(&format!(".{v}"))
            }
            (Route::Domain(domain), "url") => {
                Domain::of_url(value).is_ok_and(|host| host == *domain)
            }
            _ => false,
        }
    };
    let found: Vec<&Indicator> = lists.iter().flat_map(|l| l.iter()).filter(covers).collect();
    let Some(first) = found.first() else {
        return Some("none".to_owned());
    };
    let mut text = format!(
        "{} · {} · “{}” · {} (id {})",
        opt(&first.action),
        opt(&first.severity),
        opt(&first.title),
        match &first.expiration_time {
            Some(_) => format!("until {}", expires(first)),
            None => "never expires".to_owned(),
        },
        first.id
    );
    if found.len() > 1 {
        text.push_str(&format!(" (+{} more)", found.len() - 1));
    }
    Some(text)
}

/// The indicators view: one list, of a scope of types.
pub fn view(scope: IndicatorScope) -> View {
    View {
        facts: None,
        more: Vec::new(),
        aside: Vec::new(),
        panes: vec![PaneSpec::new(
            Resource::Indicators(scope),
            "indicators",
            "No custom indicators of this kind. :indicators files|ips|domains|urls|certificates|all changes it.",
            "indicators",
        )],
    }
}

/// Indicators open by `:indicators [SCOPE]` and `mdetui indicators [SCOPE]`.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "indicators",
        short: None,
        needs: None,
        open: |arg, _| open(arg),
        complete: Complete::Words(&IndicatorScope::WORDS),
    }),
    one_shot: Some(OneShot {
        about: "The tenant's custom indicators: all, or files, ips, domains, urls or certificates",
        arg: "SCOPE",
        arg_help: "all (the default), files, ips, domains, urls or certificates",
        example: "files",
        parts: &[],
        lookup: open,
        part: view_part,
        missing: "",
    }),
    ..Registration::shows(&[Wire::of::<Indicator>()])
};

fn open(arg: &str) -> Result<Route, String> {
    IndicatorScope::named(arg).map(Route::Indicators)
}

#[cfg(test)]
#[path = "indicator_tests.rs"]
mod tests;
