//! Navigation: the views on the back/forward stack and the state each gets back on return
//! (selection, focus, filter, sort, scroll).

use std::sync::Arc;

use crate::engine::Origin;
pub use crate::entity::Route;
use crate::entity::Sort;

/// What a pane's rows were derived from: the data's generation, the filter, the sort and its
/// second key, the grouping.
/// What a pane's rows were derived from: the data's generation, the filter, the sort and its
/// second key, the grouping, and the timeline's zone offset (`None`: no timeline).
pub type Derived = (u64, String, Option<Sort>, Option<Sort>, bool, Option<i64>);

/// One list pane's view of its data: what is selected, filtered and sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pane {
    /// Index into `rows`, not into the data.
    pub selected: usize,
    /// The id of the selected entity, so the selection follows it through a new sort, filter
    /// or refresh.
    pub selected_id: Option<String>,
    /// The ids of the rows after the selected one (a few): when the selected row leaves the
    /// list (resolved out of an open queue, say), the selection moves to the next that stays.
    pub next_ids: Vec<String>,
    /// The `/` filter as typed.
    pub filter: String,
    /// `None`: the list's default order.
    pub sort: Option<Sort>,
    /// The second key once `S` chose a column: the list's own order (newest first), which rows
    /// equal in `sort` keep.
    pub then: Option<Sort>,
    /// Indices into the data, filtered and sorted; derived, kept by `panes::sync`.
    pub rows: Vec<usize>,
    /// What `rows` was derived from (data generation, filter, sort), to know when to redo it.
    pub derived_from: Option<Derived>,
    /// Alerts grouped by incident: one row each (its first in the order), `group_sizes`
    /// saying how many alerts it stands for.
    pub grouped: bool,
    /// With `grouped`, how many alerts each row of `rows` stands for.
    pub group_sizes: Vec<usize>,
    /// Why the filter could not be used, shown in the pane title.
    pub filter_error: Option<String>,
    /// The column cursor of a hunt's results: the cell Enter opens.
    pub column: usize,
    /// Ids of the marked rows: what a triage acts on.
    pub marked: std::collections::BTreeSet<String>,
    /// The row the last mark was toggled on, where a range starts.
    pub mark_anchor: Option<usize>,
    /// Each row's searchable text, built once per data generation the first time a text
    /// filter needs it, so each further key typed costs one substring search a row.
    pub text_index: Option<(u64, Arc<[String]>)>,
    /// The timeline of the rows (alerts over time), derived with them while it is on.
    pub timeline: Option<super::timeline::Timeline>,
    /// Each row's time and severity, built once per data generation for the timeline.
    pub stamps: Option<(u64, super::timeline::Stamps)>,
    /// The timeline's chosen bar (`<` `>`), which `W` keeps.
    pub bar: Option<usize>,
}

/// The most list panes a view has (a machine: its alerts, logged-on users and actions).
pub const MAX_PANES: usize = 3;

/// One view on the navigation stack, with the state it gets back on return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub route: Route,
    pub origin: Origin,
    pub focus: usize,
    pub panes: [Pane; MAX_PANES],
    /// Scroll of the detail text (alert view).
    pub scroll: u16,
    /// Where a session starts: whether the queue has the keys rather than the search box.
    pub list_focus: bool,
}

impl Entry {
    pub fn new(route: Route, origin: Origin) -> Self {
        Self {
            route,
            origin,
            focus: 0,
            panes: Default::default(),
            scroll: 0,
            list_focus: false,
        }
    }

    pub fn pane(&self) -> &Pane {
        &self.panes[self.focus.min(MAX_PANES - 1)]
    }

    pub fn pane_mut(&mut self) -> &mut Pane {
        &mut self.panes[self.focus.min(MAX_PANES - 1)]
    }
}

/// Back and forward, like a browser.
#[derive(Debug, Clone)]
pub struct NavStack {
    pub back: Vec<Entry>,
    pub current: Entry,
    pub forward: Vec<Entry>,
}

impl NavStack {
    /// Takes `ids` out of the marks of every list on hand (back, here and forward): once in
    /// a write, a row is no longer marked for the next one.
    pub fn unmark(&mut self, ids: &[String]) {
        for entry in self
            .back
            .iter_mut()
            .chain(std::iter::once(&mut self.current))
            .chain(self.forward.iter_mut())
        {
            for pane in &mut entry.panes {
                for id in ids {
                    pane.marked.remove(id);
                }
            }
        }
    }

    pub fn new(root: Entry) -> Self {
        Self {
            back: Vec::new(),
            current: root,
            forward: Vec::new(),
        }
    }

    /// Goes to a new view; what was ahead is forgotten. Returns the view left behind.
    pub fn push(&mut self, entry: Entry) -> &Entry {
        let left = std::mem::replace(&mut self.current, entry);
        self.back.push(left);
        self.forward.clear();
        self.back.last().expect("just pushed")
    }

    pub fn go_back(&mut self) -> bool {
        match self.back.pop() {
            Some(previous) => {
                let left = std::mem::replace(&mut self.current, previous);
                self.forward.push(left);
                true
            }
            None => false,
        }
    }

    pub fn go_forward(&mut self) -> bool {
        match self.forward.pop() {
            Some(next) => {
                let left = std::mem::replace(&mut self.current, next);
                self.back.push(left);
                true
            }
            None => false,
        }
    }

    /// The path from the first view to this one, for the breadcrumbs.
    pub fn path(&self) -> impl Iterator<Item = &Entry> {
        self.back.iter().chain(std::iter::once(&self.current))
    }
}
