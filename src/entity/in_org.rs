//! What the organisation saw of an address or a domain (`/ips/{ip}/stats`,
//! `/domains/{domain}/stats`): the same four facts under two names, one kind of entity each
//! (see `ip` and `domain`, which say what differs).

use serde::Serialize;

use super::column::{Column, ORG_PREVALENCE, opt, prevalence, time};
use super::kind::{CopyWhat, Indicate, Kind, Mentions, PivotTo, any, portal_url};
use super::route::Route;
use crate::api::IndicatorType;
use crate::api::ids::path_segment as enc;
use crate::api::model::OrgStats;

/// The organisation's statistics of one thing: what it is, on how many machines, since when;
/// and what its kind calls it.
pub(super) trait InOrg: Serialize + Default + Send + Sync + 'static {
    /// `ip`, `domain`: the kind's name.
    const NAME: &'static str;
    /// The subject's column title and fact label: `ADDRESS`/`address`, `HOST`/`domain`.
    const TITLE: &'static str;
    const LABEL: &'static str;
    /// The filter field that names the subject (`ip`, `host`).
    const FIELD: &'static str;
    /// The portal's page: `ip`, `url`.
    const PORTAL: &'static str;
    /// What else copying the subject is (`y` copies it as the id too).
    const COPY: CopyWhat;
    /// The type of an indicator on the subject.
    const INDICATOR: IndicatorType;

    /// The statistics themselves, the same for both.
    fn stats(&self) -> &OrgStats;
    /// The view of a subject.
    fn route_of(subject: &str) -> Option<Route>;
}

impl<T: InOrg> Kind for T {
    const NAME: &'static str = T::NAME;
    const COLUMNS: &'static [Column<Self>] = &columns::<T>();
    const DEFAULT_SORT: &'static str = T::TITLE;
    const WHOLE_IN_LISTS: bool = true;
    const FIELDS: &'static str = T::FIELD;

    fn id(&self) -> &str {
        self.stats().subject().unwrap_or_default()
    }

    fn label(&self) -> String {
        Kind::id(self).to_owned()
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![
            (T::LABEL, subject(self)),
            (
                ORG_PREVALENCE,
                prevalence(self.stats().organization_prevalence),
            ),
            ("org first seen", first(self)),
            ("org last seen", last(self)),
        ]
    }

    fn any_value(
        &self,
        field: Option<&str>,
        _times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        (field.is_none() || field == Some(T::FIELD)).then(|| any([self.stats().subject()], hit))
    }

    fn indicate(&self) -> Option<Indicate> {
        Indicate::of([(T::INDICATOR, self.stats().subject().map(str::to_owned))])
    }

    fn copy(&self, what: CopyWhat) -> Option<String> {
        (what == CopyWhat::Id || what == T::COPY)
            .then(|| self.stats().subject().map(str::to_owned))
            .flatten()
    }

    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        let path = format!("{}/{}", T::PORTAL, enc(Kind::id(self)));
        portal_url(portal, &path, &[("tid", tenant)])
    }

    fn route(&self) -> Option<Route> {
        T::route_of(Kind::id(self))
    }

    fn pivot(&self, _to: PivotTo) -> Option<Route> {
        None
    }

    fn mentions(&self, out: &mut Mentions) {
        out.extend(T::NAME, self.stats().subject().map(str::to_owned));
    }
}

fn subject<T: InOrg>(s: &T) -> String {
    s.stats().subject().unwrap_or("—").to_owned()
}
fn machines<T: InOrg>(s: &T) -> String {
    opt(&s.stats().organization_prevalence)
}
fn first<T: InOrg>(s: &T) -> String {
    time(&s.stats().org_first_seen)
}
fn last<T: InOrg>(s: &T) -> String {
    time(&s.stats().org_last_seen)
}

/// The columns, the subject's first.
const fn columns<T: InOrg>() -> [Column<T>; 4] {
    [
        Column::always(T::TITLE, None, subject::<T>),
        Column::always("MACHINES", Some(8), machines::<T>),
        Column::always("FIRST SEEN", Some(23), first::<T>),
        Column::always("LAST SEEN", Some(23), last::<T>),
    ]
}
