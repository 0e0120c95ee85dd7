//! Routes: the places of the explorer — the search screen or one entity's page — and the view
//! each shows: a resource of facts and up to two list panes. Kinds say where they lead in
//! terms of routes, so a route is known below the explorer.

use super::scope::Scope;
use crate::api::{AlertId, Domain, FileHash, HuntQuery, IndicatorScope, Ip, MachineId, UserName};
use crate::engine::Resource;

/// A place in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Search,
    /// Where a session starts: the search box over the alert queue in a scope.
    Start(Scope),
    User(UserName),
    Alert(AlertId),
    Machine(MachineId),
    /// The tenant's alert queue in one scope.
    Queue(Scope),
    /// An incident: its alerts, and what they say about it.
    Incident(i64),
    /// A file by any of its hashes (the view moves to its SHA-1 once known).
    File(FileHash),
    /// An address; reached from an alert, with the alert's time to ask which machines used it.
    Ip(Ip, Option<time::OffsetDateTime>),
    Domain(Domain),
    /// The tenant's custom indicators of a scope of types.
    Indicators(IndicatorScope),
    /// The machines that carry a tag.
    Tag(String),
    /// A hunting query's results.
    Hunt(Box<HuntQuery>),
}

/// One list pane of a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneSpec {
    pub resource: Resource,
    /// The pane's title: `alerts`, `machines`, `logged-on users`.
    pub name: &'static str,
    /// What the pane says when the list is empty, honest about what the API can tell.
    pub empty: &'static str,
    /// The export file's last word: `alerts`, `machines`, `users`.
    pub export_part: &'static str,
    /// Columns this pane leaves out, by title: what every row would repeat (the machine in
    /// a machine's alerts).
    pub hide: &'static [&'static str],
    /// The most rows the API returns for this list, when it caps it (a domain's machines):
    /// a full list says there may be more.
    pub cap: Option<usize>,
    /// The pane lists what its resource's alerts name (their machines, their users) rather
    /// than the alerts themselves.
    pub project: Option<Project>,
}

impl PaneSpec {
    pub fn new(
        resource: Resource,
        name: &'static str,
        empty: &'static str,
        export_part: &'static str,
    ) -> Self {
        Self {
            resource,
            name,
            empty,
            export_part,
            hide: &[],
            cap: None,
            project: None,
        }
    }

    /// A pane of what `resource`'s alerts name (`project`), as rows to open.
    pub fn projecting(
        resource: Resource,
        project: Project,
        name: &'static str,
        empty: &'static str,
        export_part: &'static str,
    ) -> Self {
        Self {
            project: Some(project),
            ..Self::new(resource, name, empty, export_part)
        }
    }

    /// The same pane, whose list the API cuts at `cap` rows.
    pub fn capped(mut self, cap: usize) -> Self {
        self.cap = Some(cap);
        self
    }

    /// The same pane without the columns titled `hide`.
    pub fn hiding(mut self, hide: &'static [&'static str]) -> Self {
        self.hide = hide;
        self
    }
}

/// What a projected pane lists of its source's alerts (see `entity::project`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Project {
    Machines,
    Users,
}

/// What a route shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// The entity whose facts head the view.
    pub facts: Option<Resource>,
    /// More facts about it, from other calls, each with the name a one-shot asks it by (a
    /// file's organisation statistics: `stats`).
    pub more: Vec<(&'static str, Resource)>,
    pub panes: Vec<PaneSpec>,
    /// What is asked about the entity at background priority, after the view's own calls
    /// and within the budget's headroom: whether a custom indicator covers it.
    pub aside: Vec<Resource>,
}

impl Route {
    /// Whether the view is the search box (alone, or over the queue where a session starts).
    pub fn has_search_box(&self) -> bool {
        matches!(self, Self::Search | Self::Start(_))
    }

    /// Whether the view is a queue: the queue itself, or the search box over it where a
    /// session starts.
    pub fn is_queue(&self) -> bool {
        matches!(self, Self::Queue(_) | Self::Start(_))
    }

    /// Whether the view is an entity's text with its list below (the alert and its evidence)
    /// rather than facts over lists: motion keys scroll the text until Tab gives the list
    /// the keys.
    pub fn is_detail(&self) -> bool {
        matches!(self, Self::Alert(_))
    }

    /// Whether a row of pane `pane` opens onto its own alerts, so that `a` on it opens the
    /// row (a user's machine, a machine's logged-on user) rather than the view's alerts.
    pub fn rows_have_alerts(&self, pane: usize) -> bool {
        pane > 0 && matches!(self, Self::User(_) | Self::Machine(_))
    }

    /// `alert`, `user`, `machine` (and `search`), and the id for file names and crumbs.
    pub fn kind_and_id(&self) -> (&'static str, String) {
        match self {
            Self::Search => ("search", String::new()),
            Self::Start(scope) => ("queue", scope.name().to_owned()),
            Self::User(u) => ("user", u.to_string()),
            Self::Alert(a) => ("alert", a.to_string()),
            Self::Machine(m) => (
                "machine",
                crate::api::model::short_host(m.as_str()).to_owned(),
            ),
            Self::Queue(scope) => ("queue", scope.name().to_owned()),
            Self::Incident(id) => ("incident", id.to_string()),
            Self::File(h) => ("file", h.to_string()),
            Self::Ip(ip, _) => ("ip", ip.to_string()),
            Self::Domain(d) => ("domain", d.to_string()),
            Self::Indicators(scope) => ("indicators", scope.to_string()),
            Self::Tag(tag) => ("tag", tag.clone()),
            Self::Hunt(q) => {
                // The table it starts from, and the time it covers: `DeviceLogonEvents P30D`.
                let first = q
                    .query
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty() && !l.starts_with("//"))
                    .unwrap_or_default();
                let table: String = first.chars().take(40).collect();
                ("hunt", format!("{} {}", table.trim(), q.timespan))
            }
        }
    }
}
