//! Files: the facts of `/files/{id}` and `/files/{id}/stats`, and the file view (the file's
//! alerts and machines, which the API relates by SHA-1 only).

mod complete;
mod open;

pub use complete::complete;

pub use open::KIND;

use super::column::{Column, ORG_PREVALENCE, SortKey, opt, prevalence, text_key, time};
use super::kind::{CopyWhat, Indicate, Kind, Mentions, PivotTo, any, portal_url};
use super::route::{PaneSpec, Route, View};
use crate::api::ids::path_segment as enc;
use crate::api::model::{File, FileStats};
use crate::api::{FileHash, IndicatorScope, IndicatorType, Sha1, signed_caution};
use crate::engine::Resource;

const COLUMNS: &[Column<File>] = &[
    Column::always("SHA1", Some(40), |f: &File| opt(&f.sha1)),
    Column::wide("SHA256", Some(64), |f: &File| opt(&f.sha256)),
    Column::always("TYPE", Some(18), |f: &File| opt(&f.file_type))
        .by(|f| text_key(f.file_type.as_deref())),
    Column::always("SIGNER", Some(20), |f: &File| opt(&f.signer))
        .by(|f| text_key(f.signer.as_deref())),
    Column::always("DETERMINATION", None, |f: &File| determination(f))
        .by(|f| text_key(f.determination_type.as_deref())),
    Column::always("PREVALENCE", Some(10), |f: &File| opt(&f.global_prevalence))
        .by(|f| SortKey::Num(f.global_prevalence.unwrap_or(-1).into())),
];

fn determination(f: &File) -> String {
    match (
        f.determination_type.as_deref(),
        f.determination_value.as_deref(),
    ) {
        (Some(t), Some(v)) if !v.is_empty() => format!("{t}: {v}"),
        (Some(t), _) => t.to_owned(),
        (None, _) => "—".to_owned(),
    }
}

/// A size as people read it: `294.5 KiB (301568 bytes)`.
fn size(bytes: Option<i64>) -> String {
    let Some(bytes) = bytes else {
        return "—".to_owned();
    };
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    format!(
        "{} ({bytes} bytes)",
        super::column::short_size(bytes as u64)
    )
}

fn certificate(f: &File) -> String {
    let valid = match f.is_valid_certificate {
        Some(true) => "valid",
        Some(false) if f.signer.is_none() => "unsigned",
        Some(false) => "NOT valid",
        None => "unknown",
    };
    match &f.issuer {
        Some(issuer) => format!("{valid}, issued by {issuer}"),
        None => valid.to_owned(),
    }
}

impl Kind for File {
    const NAME: &'static str = "file";
    const COLUMNS: &'static [Column<Self>] = COLUMNS;
    const DEFAULT_SORT: &'static str = "PREVALENCE";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "sha1, sha256, md5, type, signer, publisher, determination";

    fn id(&self) -> &str {
        self.key()
    }

    fn label(&self) -> String {
        self.key().to_owned()
    }

    /// The verdict first, the hashes last (the crumbs and `y` have the id): on a small screen
    /// the header keeps what an analyst reads first.
    fn facts(&self) -> Vec<(&'static str, String)> {
        let f = self;
        vec![
            ("determination", determination(f)),
            ("signer", opt(&f.signer)),
            ("certificate", certificate(f)),
            (
                "publisher",
                format!("{} / {}", opt(&f.file_publisher), opt(&f.file_product_name)),
            ),
            ("type", opt(&f.file_type)),
            ("size", size(f.size)),
            ("global prevalence", opt(&f.global_prevalence)),
            (
                "global first/last",
                format!(
                    "{} / {}",
                    time(&f.global_first_observed),
                    time(&f.global_last_observed)
                ),
            ),
            ("sha1", opt(&f.sha1)),
            ("sha256", opt(&f.sha256)),
            ("md5", opt(&f.md5)),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        _times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        let f = self;
        Some(match field {
            None => any(
                [
                    f.sha1.as_deref(),
                    f.sha256.as_deref(),
                    f.file_type.as_deref(),
                    f.signer.as_deref(),
                    f.determination_type.as_deref(),
                ],
                hit,
            ),
            Some("sha1") => any([f.sha1.as_deref()], hit),
            Some("sha256") => any([f.sha256.as_deref()], hit),
            Some("md5") => any([f.md5.as_deref()], hit),
            Some("type") => any([f.file_type.as_deref()], hit),
            Some("signer") => any([f.signer.as_deref(), f.issuer.as_deref()], hit),
            Some("publisher") => any([f.file_publisher.as_deref()], hit),
            Some("determination") => any(
                [
                    f.determination_type.as_deref(),
                    f.determination_value.as_deref(),
                ],
                hit,
            ),
            Some(_) => return None,
        })
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        match what {
            CopyWhat::Id => Some(self.key().to_owned()).filter(|k| !k.is_empty()),
            CopyWhat::Sha256 => self.sha256.clone(),
            CopyWhat::Account | CopyWhat::Host | CopyWhat::Ip | CopyWhat::Json => None,
        }
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        portal_url(
            portal,
            &format!("file/{}", enc(self.key())),
            &[("tid", tenant)],
        )
    }

    fn indicate(&self) -> Option<Indicate> {
        let mut indicate = Indicate::of([
            (IndicatorType::FileSha1, self.sha1.clone()),
            (IndicatorType::FileSha256, self.sha256.clone()),
            (IndicatorType::FileMd5, self.md5.clone()),
        ])?;
        indicate.warning = self
            .signer
            .as_deref()
            .and_then(|s| signed_caution(s, self.is_valid_certificate == Some(true)));
        Some(indicate)
    }

    fn route(&self) -> Option<Route> {
        FileHash::parse(self.key()).ok().map(Route::File)
    }

    fn pivot(&self, _to: PivotTo) -> Option<Route> {
        None
    }

    fn mentions(&self, out: &mut Mentions) {
        out.extend(
            "file",
            [&self.sha1, &self.sha256]
                .into_iter()
                .flatten()
                .filter(|h| !h.is_empty())
                .cloned(),
        );
    }
}

const STATS_COLUMNS: &[Column<FileStats>] = &[
    Column::always("SHA1", Some(40), |s: &FileStats| opt(&s.sha1)),
    Column::always("MACHINES", Some(8), |s: &FileStats| {
        opt(&s.organization_prevalence)
    }),
    Column::always("NAMES", None, |s: &FileStats| s.top_file_names.join(", ")),
];

/// A file's statistics in the organisation (`/files/{id}/stats`), as the one-shot prints them;
/// the explorer shows them among the file's facts.
impl Kind for FileStats {
    const NAME: &'static str = "file statistics";
    const COLUMNS: &'static [Column<Self>] = STATS_COLUMNS;
    const DEFAULT_SORT: &'static str = "SHA1";
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = "sha1, name";

    fn id(&self) -> &str {
        self.sha1.as_deref().unwrap_or_default()
    }

    fn label(&self) -> String {
        Kind::id(self).to_owned()
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("sha1", opt(&self.sha1)),
            (ORG_PREVALENCE, prevalence(self.organization_prevalence)),
            (
                "org first/last",
                format!(
                    "{} / {}",
                    time(&self.org_first_seen),
                    time(&self.org_last_seen)
                ),
            ),
            ("global prevalence", opt(&self.globally_prevalence)),
            (
                "global first/last",
                format!(
                    "{} / {}",
                    time(&self.global_first_observed),
                    time(&self.global_last_observed)
                ),
            ),
            (
                "names",
                if self.top_file_names.is_empty() {
                    "—".to_owned()
                } else {
                    self.top_file_names.join(", ")
                },
            ),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        _times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        match field {
            None | Some("sha1") => Some(any([self.sha1.as_deref()], hit)),
            Some("name") => Some(any(
                self.top_file_names.iter().map(|n| Some(n.as_str())),
                hit,
            )),
            Some(_) => None,
        }
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        (what == CopyWhat::Id).then(|| self.sha1.clone()).flatten()
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        portal_url(
            portal,
            &format!("file/{}", enc(Kind::id(self))),
            &[("tid", tenant)],
        )
    }

    fn route(&self) -> Option<Route> {
        FileHash::parse(Kind::id(self)).ok().map(Route::File)
    }

    fn pivot(&self, _to: PivotTo) -> Option<Route> {
        None
    }

    fn mentions(&self, out: &mut Mentions) {
        out.extend("file", self.sha1.clone());
    }
}

/// The file view. The API relates files by SHA-1 only: a file reached by another hash shows
/// its facts until its SHA-1 is known (the explorer then moves to the SHA-1's view).
pub fn view(hash: &FileHash) -> View {
    let Some(sha1) = hash.sha1() else {
        // An MD5 cannot be looked up at all: the view says so (see `summary`), with no call.
        let facts = hash.is_lookup().then(|| Resource::File(hash.clone()));
        return View {
            facts,
            ..View::default()
        };
    };
    View {
        facts: Some(Resource::File(hash.clone())),
        more: vec![("stats", Resource::FileStats(hash.clone()))],
        aside: vec![Resource::Indicators(IndicatorScope::Files)],
        panes: panes(sha1),
    }
}

fn panes(sha1: &Sha1) -> Vec<PaneSpec> {
    vec![
        PaneSpec::new(
            Resource::FileAlerts(sha1.clone()),
            "alerts",
            "No alerts name this file.",
            "alerts",
        ),
        PaneSpec::new(
            Resource::FileMachines(sha1.clone()),
            "machines",
            "No machines in the organisation have this file (the API answered an empty list).",
            "machines",
        ),
    ]
}
