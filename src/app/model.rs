//! The explorer's state: where the analyst is, what was fetched, what the budget says.
//! Pure data; `update` changes it and `ui` draws it.

use std::collections::HashMap;

use tokio::time::Instant;
use tui_input::Input;

use crate::api::{AlertId, ApiError, MachineId, UserName};
use crate::engine::{BudgetStatus, Origin, Payload, Pending, Resource};
use crate::present::Sort;

/// A place in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Search,
    User(UserName),
    Alert(AlertId),
    Machine(MachineId),
}

impl Route {
    /// The resources the view shows, in its pane order (facts first).
    pub fn resources(&self) -> Vec<Resource> {
        match self {
            Self::Search => Vec::new(),
            Self::User(u) => vec![
                Resource::User(u.clone()),
                Resource::UserAlerts(u.clone()),
                Resource::UserMachines(u.clone()),
            ],
            Self::Alert(a) => vec![Resource::Alert(a.clone())],
            Self::Machine(m) => vec![
                Resource::Machine(m.clone()),
                Resource::MachineAlerts(m.clone()),
                Resource::MachineLogonUsers(m.clone()),
            ],
        }
    }

    /// How many list panes Tab moves between.
    pub fn panes(&self) -> usize {
        match self {
            Self::Search => 0,
            Self::Alert(_) => 1,
            Self::User(_) | Self::Machine(_) => 2,
        }
    }
}

/// One list pane's view of its data: what is selected, filtered and sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pane {
    /// Index into `rows`, not into the data.
    pub selected: usize,
    /// The `/` filter as typed.
    pub filter: String,
    /// `None`: the list's default order.
    pub sort: Option<Sort>,
    /// Indices into the data, filtered and sorted; derived, kept by `panes::sync`.
    pub rows: Vec<usize>,
    /// What `rows` was derived from (data identity, filter, sort), to know when to redo it.
    pub derived_from: Option<(usize, String, Option<Sort>)>,
    /// Why the filter could not be used, shown in the pane title.
    pub filter_error: Option<String>,
    /// Each row's searchable text, built once per data the first time a text filter needs it
    /// (keyed by data identity), so each further key typed costs one substring search a row.
    pub text_index: Option<(usize, std::sync::Arc<[String]>)>,
}

/// One view on the navigation stack, with the state it gets back on return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub route: Route,
    pub origin: Origin,
    pub focus: usize,
    pub panes: [Pane; 2],
    /// Scroll of the detail text (alert view).
    pub scroll: u16,
}

impl Entry {
    pub fn new(route: Route, origin: Origin) -> Self {
        Self {
            route,
            origin,
            focus: 0,
            panes: Default::default(),
            scroll: 0,
        }
    }

    pub fn pane(&self) -> &Pane {
        &self.panes[self.focus.min(1)]
    }

    pub fn pane_mut(&mut self) -> &mut Pane {
        &mut self.panes[self.focus.min(1)]
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

/// What the explorer knows of one resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Pending(Pending),
    Loaded { payload: Payload, at: Instant },
    Failed(ApiError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Typing in the search box: every printable key is text.
    Search,
    Normal,
    /// Typing a `/` filter into the prompt; the list narrows as you type.
    Filter,
    /// Typing a `:` command into the prompt.
    Command,
    /// Typing the path to export to.
    Export,
    /// Asking yes or no (overwrite an export).
    Confirm,
}

/// A screen shown over the view until the next key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Log,
    /// What to copy of the selected entity, by number.
    CopyMenu,
}

#[derive(Debug)]
pub struct Model {
    pub nav: NavStack,
    pub mode: Mode,
    pub search: Input,
    /// The one-line prompt of the filter, command and export modes.
    pub prompt: Input,
    /// Commands typed before, newest last (Up/Down walk them).
    pub command_history: Vec<String>,
    /// Where Up/Down stand in `command_history`.
    pub command_cursor: Option<usize>,
    /// An export waiting for the analyst to confirm overwriting its file.
    pub pending_export: Option<super::export::Export>,
    pub store: HashMap<Resource, Slot>,
    pub budget: Option<BudgetStatus>,
    /// "DEMO", or the tenant / credential in use.
    pub label: String,
    pub message: Option<(String, Instant)>,
    pub log: Vec<String>,
    /// Users met in this session, offered as search suggestions.
    pub seen_users: Vec<String>,
    /// Recent searches, newest first, kept across runs.
    pub history: Vec<String>,
    pub overlay: Option<Overlay>,
    /// A pivot waiting for the API to name its target: the asking view and the resource.
    pub pending_pivot: Option<(Origin, Resource)>,
    pub keymap: super::keymap::Keymap,
    /// The cloud's portal host, for `o`.
    pub portal: String,
    /// The tenant, for portal links (`tid=`).
    pub tenant_id: Option<String>,
    pub theme: crate::ui::theme::ThemeName,
    /// Whether the shell captures the mouse (config `mouse = true`).
    pub mouse: bool,
    pub now: Instant,
    pub spinner: usize,
    next_origin: u64,
    pub quit: bool,
}

impl Model {
    pub fn new(label: impl Into<String>, now: Instant) -> Self {
        Self {
            nav: NavStack::new(Entry::new(Route::Search, Origin(1))),
            mode: Mode::Search,
            search: Input::default(),
            prompt: Input::default(),
            command_history: Vec::new(),
            command_cursor: None,
            pending_export: None,
            store: HashMap::new(),
            budget: None,
            label: label.into(),
            message: None,
            log: Vec::new(),
            seen_users: Vec::new(),
            history: Vec::new(),
            overlay: None,
            pending_pivot: None,
            keymap: super::keymap::Keymap::default(),
            portal: "https://security.microsoft.com".to_owned(),
            tenant_id: None,
            theme: crate::ui::theme::ThemeName::Dark,
            mouse: false,
            now,
            spinner: 0,
            next_origin: 2,
            quit: false,
        }
    }

    pub fn next_origin(&mut self) -> Origin {
        self.next_origin += 1;
        Origin(self.next_origin)
    }

    pub fn slot(&self, resource: &Resource) -> Option<&Slot> {
        self.store.get(resource)
    }

    pub fn loaded(&self, resource: &Resource) -> Option<&Payload> {
        match self.store.get(resource) {
            Some(Slot::Loaded { payload, .. }) => Some(payload),
            _ => None,
        }
    }

    /// True while anything the current view shows is still on its way.
    pub fn loading(&self) -> bool {
        self.nav
            .current
            .route
            .resources()
            .iter()
            .any(|r| matches!(self.store.get(r), Some(Slot::Pending(_)) | None))
    }

    pub fn flash(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.log.push(text.clone());
        self.message = Some((text, self.now));
    }
}
