//! The entity registry: one module per kind (alert, machine, user, file, ip and domain — the
//! last two through `in_org` — an alert's evidence rows, the queue, an incident and the
//! tenant's custom indicators) says everything about it — its columns and default order, its facts, its filter fields, what can
//! be copied, its portal link, where Enter and the pivots lead, and the view that shows it.
//! Everything above this module (the explorer, the help, the one-shot CLI, export) works on
//! [`Entity`] and [`List`] and never names a kind.
//!
//! Adding a kind: a module here implementing [`Kind`] and declaring its [`Registration`] (its
//! payload types, `:` word, one-shot, search shape and settling), one line in [`KINDS`], a
//! [`Route`] variant with its view in [`Route::view`] (here) and its name in
//! [`Route::kind_and_id`] (`route.rs`), and the API method and resource row behind it; the
//! README's "Adding an entity kind" lists every file.

pub mod alert;
pub mod column;
pub mod domain;
pub mod evidence;
pub mod file;
pub mod hunt;
mod in_org;
pub mod incident;
pub mod indicator;
pub mod ip;
mod kind;
mod list;
pub mod machine;
mod machine_action;
pub mod project;
pub mod queue;
mod registry;
mod route;
pub mod scope;
pub mod shape;
mod tag;
pub mod user;

use crate::engine::{Payload, Resource};
pub use column::{
    Column, Head, Sort, SortKey, WIDE, age, in_zone, share_bar, short_size, zone_name,
};
pub use kind::{CopyWhat, Entity, Kind, Mentions, PivotTo, default_sort};
pub use list::List;
pub use registry::{Complete, Held, OneShot, Registration, Settled, Wire, Word, view_part};
pub use route::{PaneSpec, Project, Route, View};

/// Every kind, in the order commands are listed and words are tried.
pub const KINDS: &[&Registration] = &[
    &user::KIND,
    &alert::KIND,
    &machine::KIND,
    &machine_action::KIND,
    &queue::KIND,
    &incident::KIND,
    &file::KIND,
    &ip::KIND,
    &domain::KIND,
    &evidence::KIND,
    &indicator::KIND,
    &tag::KIND,
    &hunt::KIND,
];

impl Route {
    pub fn view(&self) -> View {
        match self {
            Self::Search => View::default(),
            Self::User(u) => user::view(u),
            Self::Alert(a) => alert::view(a),
            Self::Machine(m) => machine::view(m),
            Self::Queue(scope) | Self::Start(scope) => queue::view(scope),
            Self::Incident(id) => incident::view(*id),
            Self::File(hash) => file::view(hash),
            Self::Ip(ip, around) => ip::view(ip, *around),
            Self::Domain(d) => domain::view(d),
            Self::Indicators(scope) => indicator::view(*scope),
            Self::Tag(tag) => tag::view(tag),
            Self::Hunt(q) => hunt::view(q),
        }
    }

    /// The resources the view asks for, facts first, then its panes in order; a pane read
    /// from another resource (an alert's evidence) asks for that one, once.
    pub fn resources(&self) -> Vec<Resource> {
        let view = self.view();
        let mut out: Vec<Resource> = Vec::new();
        let all = view
            .facts
            .into_iter()
            .chain(view.more.into_iter().map(|(_, r)| r))
            .chain(view.panes.into_iter().map(|p| p.resource));
        for resource in all {
            let asked = resource.source().unwrap_or(resource);
            if !out.contains(&asked) {
                out.push(asked);
            }
        }
        out
    }

    /// How many list panes Tab moves between.
    pub fn panes(&self) -> usize {
        self.view().panes.len()
    }

    /// Pane `pane` of this view.
    pub fn pane(&self, pane: usize) -> Option<PaneSpec> {
        self.view().panes.into_iter().nth(pane)
    }

    /// What to ask the API when the view's own entity does not name a pivot's target
    /// (`GET /alerts/{id}/user`).
    pub fn ask(&self, to: PivotTo) -> Option<Resource> {
        match self {
            Self::Alert(a) => alert::ask(a, to),
            _ => None,
        }
    }
}

/// The one entity a payload holds, whatever its kind.
pub fn one(payload: &Payload) -> Option<&dyn Entity> {
    let any = payload.entity()?;
    wires().find_map(|w| (w.one)(any))
}

/// The list a payload holds, whatever its kind.
pub fn list(payload: &Payload) -> Option<&dyn List> {
    let any = payload.entities()?;
    wires().find_map(|w| (w.list)(any))
}

/// A list owned apart from what holds it — a payload's, or one made from it — so it can be
/// read on another thread (an export written in the background) while the explorer goes on.
#[derive(Clone)]
pub enum OwnedList {
    /// A payload known to hold a list (see [`OwnedList::of`]).
    Payload(Payload),
    Made(std::sync::Arc<dyn List>),
}

impl OwnedList {
    /// The list `payload` holds, owned; `None` when it holds none.
    pub fn of(payload: &Payload) -> Option<Self> {
        list(payload).map(|_| Self::Payload(payload.clone()))
    }

    pub fn list(&self) -> &dyn List {
        match self {
            Self::Payload(payload) => list(payload).expect("made only from a payload with a list"),
            Self::Made(list) => list.as_ref(),
        }
    }
}

impl PartialEq for OwnedList {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Payload(a), Self::Payload(b)) => a == b,
            (Self::Made(a), Self::Made(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for OwnedList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = self.list();
        write!(f, "OwnedList({} × {})", list.len(), list.kind())
    }
}

fn wires() -> impl Iterator<Item = &'static Wire> {
    KINDS.iter().flat_map(|k| k.wires)
}

/// The `:` command named `word` (or its short form).
pub fn word(word: &str) -> Option<&'static Word> {
    KINDS
        .iter()
        .filter_map(|k| k.word.as_ref())
        .find(|w| w.word == word || w.short == Some(word))
}

/// Every `:` command word, in the registry's order.
pub fn words() -> impl Iterator<Item = &'static Word> {
    KINDS.iter().filter_map(|k| k.word.as_ref())
}

/// The one-shot subcommand named `word`.
pub fn one_shot(word: &str) -> Option<&'static OneShot> {
    one_shots().find(|(w, _)| w.word == word).map(|(_, o)| o)
}

/// Every one-shot subcommand with its kind's word (whose `needs` says whether its argument
/// may be left out), in the registry's order.
pub fn one_shots() -> impl Iterator<Item = (&'static Word, &'static OneShot)> {
    KINDS
        .iter()
        .filter_map(|k| Some((k.word.as_ref()?, k.one_shot.as_ref()?)))
}

/// The writes the one-shot of kind `word` takes (`isolate`, `tag`…), each with its help.
pub fn writes(word: &str) -> &'static [(&'static str, &'static str)] {
    KINDS
        .iter()
        .find(|k| k.word.as_ref().is_some_and(|w| w.word == word))
        .map_or(&[], |k| k.writes)
}

/// Where `route` moves now that `held` says more, if anywhere (see [`Registration::settle`]).
pub fn settle(route: &Route, held: &dyn Held) -> Option<Settled> {
    KINDS
        .iter()
        .filter_map(|k| k.settle)
        .find_map(|settle| settle(route, held))
}

/// A search-box entry one kind alone claims, before the shared shapes are read.
pub fn claimed(text: &str) -> Option<(String, Route)> {
    KINDS
        .iter()
        .filter_map(|k| k.claims)
        .find_map(|claims| claims(text))
}

/// What else an answer holds that a view shows as a resource of its own: an alert's
/// evidence rows.
pub fn derived(resource: &Resource, payload: &Payload) -> Option<(Resource, Payload)> {
    match (resource, payload) {
        (Resource::Alert(id), Payload::Alert(alert)) => Some((
            Resource::AlertEvidence(id.clone()),
            Payload::Evidence(alert.evidence_rows().into()),
        )),
        _ => None,
    }
}

/// A view's facts, completed from the lists the view holds: ids of machines that a list names
/// are shown by name, and a user's record (legacy, often bare) gets its domain, SID and machine
/// count from their alerts and machines.
pub fn complete_facts<'a>(
    route: &Route,
    facts: &mut Vec<(&'static str, String)>,
    loaded: impl Fn(&Resource) -> Option<&'a Payload>,
) {
    let View { panes, aside, .. } = route.view();
    for spec in panes {
        let Some(list) = loaded(&spec.resource).and_then(list) else {
            continue;
        };
        if list.kind() != <crate::api::model::Machine as Kind>::NAME {
            continue;
        }
        for (_, value) in facts.iter_mut() {
            if let Some(m) = (0..list.len())
                .map(|i| list.get(i))
                .find(|m| m.id().eq_ignore_ascii_case(value))
            {
                *value = m.label();
            }
        }
    }
    if let Route::File(hash) = route {
        file::complete(hash, facts, &loaded);
    }
    let indicators: Vec<&[crate::api::Indicator]> = aside
        .iter()
        .filter_map(|r| match loaded(r) {
            Some(Payload::Indicators(list)) => Some(&list[..]),
            _ => None,
        })
        .collect();
    let file = match route {
        Route::File(hash) => match loaded(&Resource::File(hash.clone())) {
            Some(Payload::File(f)) => Some(&**f),
            _ => None,
        },
        _ => None,
    };
    // Whether the tenant already blocks or allows it is read first, after what it is.
    if let Some(covered) = indicator::coverage(route, &indicators, file) {
        facts.insert(facts.len().min(1), ("indicator", covered));
    }
    if let Route::User(u) = route {
        let alerts = match loaded(&Resource::UserAlerts(u.clone())) {
            Some(Payload::Alerts(alerts)) => Some(&alerts[..]),
            _ => None,
        };
        let machines = loaded(&Resource::UserMachines(u.clone()))
            .and_then(list)
            .map(|l| l.len());
        user::complete(facts, alerts, machines);
    }
}

/// The header of a view that has no entity of its own (the queue, an incident), from what
/// its lists hold; `None` for the views whose facts are an entity's.
pub fn summary<'a>(
    route: &Route,
    loaded: impl Fn(&Resource) -> Option<&'a Payload>,
) -> Option<Vec<(&'static str, String)>> {
    match route {
        Route::Queue(scope) => Some(queue::facts(scope)),
        Route::File(hash @ crate::api::FileHash::Md5(_)) => {
            let mut facts = vec![("md5", hash.to_string())];
            file::complete(hash, &mut facts, &loaded);
            Some(facts)
        }
        Route::Incident(id) => Some(
            match loaded(&Resource::alerts(incident::alerts_query(*id))) {
                Some(Payload::Alerts(alerts)) => {
                    incident::Incident::from_alerts(*id, alerts).facts()
                }
                _ => vec![("incident", id.to_string())],
            },
        ),
        Route::Hunt(q) => Some(hunt::facts(q)),
        Route::Search | Route::Start(_) => None,
        // Any other view of lists alone says what it is.
        _ => {
            let (kind, id) = route.kind_and_id();
            Some(vec![(kind, id)])
        }
    }
}

/// Every name a payload mentions.
pub fn mentions(payload: &Payload, out: &mut Mentions) {
    if let Some(e) = one(payload) {
        e.mentions(out);
    }
    if let Some(l) = list(payload) {
        for i in 0..l.len() {
            l.get(i).mentions(out);
        }
    }
}
