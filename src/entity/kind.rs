//! What every entity kind says about itself ([`Kind`]), and the kind-blind faces the rest
//! of the program uses: one entity ([`Entity`]) and a list of them ([`List`]).

use serde::Serialize;

use super::column::{self, Column, Head, Sort};
use super::route::Route;
use crate::api::model::Severity;
use crate::api::{IndicatorType, caution};

/// What the copy menu offers, in its order (`y` copies the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    Id,
    Account,
    Host,
    Ip,
    Sha256,
    Json,
}

impl CopyWhat {
    pub const ALL: [CopyWhat; 6] = [
        Self::Id,
        Self::Account,
        Self::Host,
        Self::Ip,
        Self::Sha256,
        Self::Json,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Account => "account / UPN",
            Self::Host => "host name",
            Self::Ip => "IP address",
            Self::Sha256 => "SHA-256",
            Self::Json => "JSON",
        }
    }
}

/// Where `u` and `m` go from an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PivotTo {
    User,
    Machine,
    Incident,
}

/// What an indicator made from an entity would match: each value it offers with its type
/// (the first is preferred: a file's SHA-1 before its SHA-256 and MD5), and what to weigh
/// before blocking it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Indicate {
    pub values: Vec<(IndicatorType, String)>,
    pub warning: Option<String>,
}

impl Indicate {
    /// The values present, typed; a warning when one of them deserves it.
    pub fn of(values: impl IntoIterator<Item = (IndicatorType, Option<String>)>) -> Option<Self> {
        let values: Vec<(IndicatorType, String)> = values
            .into_iter()
            .filter_map(|(kind, value)| Some((kind, value.filter(|v| !v.trim().is_empty())?)))
            .collect();
        let warning = values
            .iter()
            .find_map(|(kind, value)| caution(*kind, value));
        (!values.is_empty()).then_some(Self { values, warning })
    }
}

/// Names an entity mentions, by the command word of their kind (`user`, `machine`): offered
/// as completions and search suggestions.
#[derive(Debug, Default)]
pub struct Mentions {
    seen: std::collections::BTreeMap<&'static str, Vec<String>>,
}

impl Mentions {
    pub fn add(&mut self, kind: &'static str, name: impl Into<String>) {
        self.seen.entry(kind).or_default().push(name.into());
    }

    pub fn extend(&mut self, kind: &'static str, names: impl IntoIterator<Item = String>) {
        self.seen.entry(kind).or_default().extend(names);
    }

    /// The names of `kind` seen, as added (or sorted, after [`Mentions::tidy`]).
    pub fn of(&self, kind: &str) -> &[String] {
        self.seen.get(kind).map_or(&[], Vec::as_slice)
    }

    /// Each kind's names sorted and without repeats, ignoring case.
    pub fn tidy(&mut self) {
        for names in self.seen.values_mut() {
            names.sort_by_key(|s| s.to_lowercase());
            names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        }
    }
}

/// Everything one entity kind says about itself. Implemented once per kind module.
pub trait Kind: Serialize + Default + Sized + Send + Sync + 'static {
    /// `alert`, `machine`, `user`.
    const NAME: &'static str;
    const COLUMNS: &'static [Column<Self>];
    /// The column a list of this kind is sorted by at first, newest first.
    const DEFAULT_SORT: &'static str;
    /// The filter's field names, for the message that names them.
    const FIELDS: &'static str;
    /// Whether a list row carries everything the entity's own view shows (a machine in a
    /// user's machines does; an alert in a list lacks its evidence).
    const WHOLE_IN_LISTS: bool;

    fn id(&self) -> &str;
    /// A short name a person knows it by: the host name, the account, the title.
    fn label(&self) -> String;
    /// The facts an analyst reads first, label and value, in reading order.
    fn facts(&self) -> Vec<(&'static str, String)>;
    /// The facts of the one-shot output; the explorer's facts unless a kind says more.
    fn one_shot_facts(&self) -> Vec<(&'static str, String)> {
        self.facts()
    }
    /// Calls `hit` with each value of filter `field` (`None`: the visible columns, times among
    /// them only if `times`) until one returns true. `None` when the kind has no such field.
    fn any_value(
        &self,
        field: Option<&str>,
        times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool>;
    fn copy(&self, what: CopyWhat) -> Option<String>;
    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String;
    /// Where Enter on this entity leads.
    fn route(&self) -> Option<Route>;
    /// Where `u` or `m` lead from this entity, when it names the target itself.
    fn pivot(&self, to: PivotTo) -> Option<Route>;
    /// Every place `u` or `m` could lead when the entity does not name one for sure, each
    /// with what it is: the analyst picks.
    fn pivot_choices(&self, to: PivotTo) -> Vec<(String, Route)> {
        self.pivot(to)
            .map(|route| {
                let (kind, id) = route.kind_and_id();
                (format!("{kind} {id}"), route)
            })
            .into_iter()
            .collect()
    }
    fn mentions(&self, out: &mut Mentions);
    /// The severity its row is coloured by, if it has one.
    fn severity(&self) -> Option<&Severity> {
        None
    }
    /// An upper bound of the lines its detail view takes, so scrolling stops near the end.
    fn detail_lines(&self) -> usize {
        self.facts().len()
    }
    /// Its place in the order of filter `field` (severity, time…), for ranges like
    /// `sev:>=medium`; `None` where the field has no order or no value.
    fn rank(&self, _field: &str) -> Option<i128> {
        None
    }
    /// The place of `text` in the order of filter `field` (`medium` → its severity rank).
    fn rank_of(_field: &str, _text: &str) -> Option<i128> {
        None
    }
    /// What an indicator made from it would match, when it names a file, an address, a
    /// domain or a URL.
    fn indicate(&self) -> Option<Indicate> {
        None
    }
    /// The values filter `field` can hold when they are a closed list (a severity, a
    /// status), so that a value outside it is said to be wrong rather than matching nothing.
    fn vocabulary(_field: &str) -> Option<&'static [&'static str]> {
        None
    }
}

/// One entity of any kind, as the explorer handles it.
pub trait Entity {
    fn kind(&self) -> &'static str;
    fn id(&self) -> &str;
    fn label(&self) -> String;
    fn facts(&self) -> Vec<(&'static str, String)>;
    fn one_shot_facts(&self) -> Vec<(&'static str, String)>;
    fn any_value(
        &self,
        field: Option<&str>,
        times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool>;
    /// Appends the visible columns' text, lower-cased, each followed by a separator: one
    /// string a row, searched at once by plain text filter terms.
    fn search_text(&self, out: &mut String) {
        self.any_value(None, true, &mut |v| {
            out.push_str(&v.to_lowercase());
            out.push('\u{1f}');
            false
        });
    }
    fn copy(&self, what: CopyWhat) -> Option<String>;
    fn json(&self) -> String;
    /// Its kind's columns and its cell in each: a one-row table.
    fn heads(&self) -> Vec<Head>;
    fn cells(&self) -> Vec<String>;
    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String;
    fn route(&self) -> Option<Route>;
    fn pivot(&self, to: PivotTo) -> Option<Route>;
    fn pivot_choices(&self, to: PivotTo) -> Vec<(String, Route)>;
    fn mentions(&self, out: &mut Mentions);
    fn severity(&self) -> Option<&Severity>;
    fn detail_lines(&self) -> usize;
    fn rank(&self, field: &str) -> Option<i128>;
    fn indicate(&self) -> Option<Indicate>;
}

impl<K: Kind> Entity for K {
    fn kind(&self) -> &'static str {
        K::NAME
    }
    fn id(&self) -> &str {
        Kind::id(self)
    }
    fn label(&self) -> String {
        Kind::label(self)
    }
    fn facts(&self) -> Vec<(&'static str, String)> {
        Kind::facts(self)
    }
    fn one_shot_facts(&self) -> Vec<(&'static str, String)> {
        Kind::one_shot_facts(self)
    }
    fn any_value(
        &self,
        field: Option<&str>,
        times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        Kind::any_value(self, field, times, hit)
    }
    fn copy(&self, what: CopyWhat) -> Option<String> {
        match what {
            CopyWhat::Json => Some(Entity::json(self)),
            what => Kind::copy(self, what),
        }
    }
    fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("entities serialize")
    }
    fn heads(&self) -> Vec<Head> {
        K::COLUMNS.iter().map(|c| c.head).collect()
    }
    fn cells(&self) -> Vec<String> {
        K::COLUMNS.iter().map(|c| (c.cell)(self)).collect()
    }
    fn portal_link(&self, portal: &str, tenant: Option<&str>) -> String {
        Kind::portal_link(self, portal, tenant)
    }
    fn route(&self) -> Option<Route> {
        Kind::route(self)
    }
    fn pivot(&self, to: PivotTo) -> Option<Route> {
        Kind::pivot(self, to)
    }
    fn pivot_choices(&self, to: PivotTo) -> Vec<(String, Route)> {
        Kind::pivot_choices(self, to)
    }
    fn mentions(&self, out: &mut Mentions) {
        Kind::mentions(self, out)
    }
    fn severity(&self) -> Option<&Severity> {
        Kind::severity(self)
    }
    fn detail_lines(&self) -> usize {
        Kind::detail_lines(self)
    }
    fn rank(&self, field: &str) -> Option<i128> {
        Kind::rank(self, field)
    }
    fn indicate(&self) -> Option<Indicate> {
        Kind::indicate(self)
    }
}

/// A link into the Defender portal (`mde-api.md` §6): `path` is already encoded; each present
/// query value is encoded here.
pub(super) fn portal_url(portal: &str, path: &str, query: &[(&str, Option<&str>)]) -> String {
    let mut url = format!("{}/{path}", portal.trim_end_matches('/'));
    let mut separator = '?';
    for (key, value) in query {
        if let Some(value) = value {
            url.push(separator);
            url.push_str(&format!("{key}={}", crate::api::ids::path_segment(value)));
            separator = '&';
        }
    }
    url
}

/// Offers each present value to a filter's `hit`, stopping at the first match.
pub(super) fn any<'a>(
    values: impl IntoIterator<Item = Option<&'a str>>,
    hit: &mut dyn FnMut(&str) -> bool,
) -> bool {
    values.into_iter().flatten().any(hit)
}

/// A kind's first order: its default column, descending (newest first).
pub fn default_sort<K: Kind>() -> Sort {
    Sort {
        column: column::position(K::COLUMNS, K::DEFAULT_SORT),
        descending: true,
    }
}
