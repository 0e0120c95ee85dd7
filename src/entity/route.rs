//! Routes: the places of the explorer — the search screen or one entity's page — and the view
//! each shows: a resource of facts and up to two list panes. Kinds say where they lead in
//! terms of routes, so a route is known below the explorer.

use crate::api::{AlertId, MachineId, UserName};
use crate::engine::Resource;

/// A place in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Search,
    User(UserName),
    Alert(AlertId),
    Machine(MachineId),
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
}

/// What a route shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// The entity whose facts head the view.
    pub facts: Option<Resource>,
    pub panes: Vec<PaneSpec>,
}

impl Route {
    pub fn view(&self) -> View {
        match self {
            Self::Search => View::default(),
            Self::User(u) => super::user::view(u),
            Self::Alert(a) => super::alert::view(a),
            Self::Machine(m) => super::machine::view(m),
        }
    }

    /// The resources the view shows, facts first, then its panes in order.
    pub fn resources(&self) -> Vec<Resource> {
        let view = self.view();
        view.facts
            .into_iter()
            .chain(view.panes.into_iter().map(|p| p.resource))
            .collect()
    }

    /// How many list panes Tab moves between.
    pub fn panes(&self) -> usize {
        self.view().panes.len()
    }

    /// The resource behind pane `pane` of this view.
    pub fn pane(&self, pane: usize) -> Option<PaneSpec> {
        self.view().panes.into_iter().nth(pane)
    }

    /// What to ask the API when the view's own entity does not name a pivot's target
    /// (`GET /alerts/{id}/user`).
    pub fn ask(&self, to: super::PivotTo) -> Option<Resource> {
        match self {
            Self::Alert(a) => Some(super::alert::ask(a, to)),
            _ => None,
        }
    }

    /// `alert`, `user`, `machine` (and `search`), and the id for file names and crumbs.
    pub fn kind_and_id(&self) -> (&'static str, String) {
        match self {
            Self::Search => ("search", String::new()),
            Self::User(u) => ("user", u.to_string()),
            Self::Alert(a) => ("alert", a.to_string()),
            Self::Machine(m) => (
                "machine",
                crate::api::model::short_host(m.as_str()).to_owned(),
            ),
        }
    }
}
