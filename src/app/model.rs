//! The explorer's state: where the analyst is, what was fetched, what is being typed. Pure
//! data; `update` changes it and `ui` draws it. What is fixed for the run is in [`Session`].

use std::collections::BTreeSet;
use std::time::Instant;

use tui_input::Input;

use super::history::{History, Searched};
use super::keymap::KeyMode;
use super::msg::Export;
use super::nav::{Entry, NavStack, Route};
use super::session::Session;
use super::store::{Slot, Store};
use crate::engine::{Origin, Resource, WriteId};

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
    /// Typing the folder to save an investigation package in.
    Package,
    /// Writing or choosing a hunt.
    Hunt,
    /// Filling in the triage form, or confirming it.
    Triage,
    /// Filling in the indicator form, or confirming it (or a deletion).
    Indicator,
    /// Choosing a response action for machines, or confirming it.
    Respond,
}

/// A screen shown over the view until the next key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Log,
    /// What to copy of the selected entity, by number.
    CopyMenu,
    /// Where to go, among several ways (`Model::choice`).
    Choose,
}

/// Ways offered to go (see `choose`), and the one picked so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub title: String,
    /// The search-box entry the choice reads two ways: the pick is what it turned out to be.
    pub typed: Option<String>,
    pub options: Vec<(String, Route)>,
    pub selected: usize,
}

/// The text boxes: the search box and the one-line prompt (filter, command, export).
#[derive(Debug, Default)]
pub struct Inputs {
    pub search: Input,
    pub prompt: Input,
    /// Commands typed before (↑/↓ walk them).
    pub commands: History,
    /// Filters typed before (↑/↓ walk them).
    pub filters: History,
    /// What Tab cycles through when a completion has several answers, and the next one.
    pub cycle: Option<(Vec<String>, usize)>,
    /// The suggestion under the search box picked with ↓, if any.
    pub pick: Option<usize>,
}

/// What the explorer tells the analyst: the message of the moment and all of them so far.
#[derive(Debug, Default)]
pub struct Notices {
    pub message: Option<(String, Instant)>,
    /// Every message of the session and when it came.
    pub log: Vec<(Instant, String)>,
}

/// Names to suggest: recent searches (kept across runs) and users met in this session.
#[derive(Debug, Default)]
pub struct Recall {
    /// Recent searches, newest first.
    pub history: Vec<Searched>,
    pub seen_users: Vec<String>,
    /// The folder a package was last saved in, offered for the next.
    pub folder: Option<String>,
}

/// Things waiting on something else: a pivot on the API's answer, an export on a yes or no.
#[derive(Debug, Default)]
pub struct Waiting {
    /// The asking view and the resource that will name the pivot's target.
    pub pivot: Option<(Origin, Resource)>,
    pub export: Option<Export>,
    /// Writes sent and not yet answered: the ids of their alerts, by write. An alert in one
    /// cannot be put in another until it ends.
    pub writes: std::collections::BTreeMap<WriteId, Vec<String>>,
    /// Changes sent and not yet answered: the value each is about.
    pub changes: std::collections::BTreeMap<WriteId, String>,
    /// The package whose folder is being typed: its action's id and machine.
    pub package: Option<(String, String)>,
}

#[derive(Debug)]
pub struct Model {
    pub session: Session,
    pub nav: NavStack,
    pub mode: Mode,
    pub overlay: Option<Overlay>,
    /// The mode help was opened from: its keys are listed first.
    pub help_mode: KeyMode,
    /// How far help is scrolled, on a screen too short for all of it.
    pub help_scroll: u16,
    /// How far help can scroll, once the runtime has laid it out.
    pub help_limit: Option<u16>,
    /// The terminal's width, once drawn: the columns a list shows, which `S` cycles through.
    pub width: Option<u16>,
    pub input: Inputs,
    pub store: Store,
    pub notices: Notices,
    pub recall: Recall,
    pub waiting: Waiting,
    /// The triage form, while it is open.
    pub triage: Option<super::form::Form>,
    /// The indicator form or deletion, while it is open.
    pub indicator: Option<super::indicator_form::IndicatorWork>,
    /// The response menu, while it is open.
    pub respond: Option<super::respond_form::RespondForm>,
    /// The hunt form, while it is open.
    pub hunt: Option<super::hunt_form::HuntForm>,
    /// The ways offered while [`Overlay::Choose`] is open.
    pub choice: Option<Choice>,
    /// The clock as of the last message that carried it.
    pub now: Instant,
    /// The clock when the model was made, which `session.started` names on the wall.
    pub started: Instant,
    pub spinner: usize,
    /// How far the detail view on screen can scroll, once the runtime has laid it out.
    pub scroll_limit: Option<u16>,
    /// Where Enter would lead from the current selection, and since when it rests there.
    pub dwell: Option<(Route, Instant)>,
    /// The prefetch under way: its origin (to cancel it) and the view it fetches.
    pub prefetch: Option<(Origin, Route)>,
    next_origin: u64,
    pub quit: bool,
    /// `q` was pressed once while a write was under way, and the analyst told so.
    pub quit_warned: bool,
    /// The live queue's state: when it asks next, what is on its way, what is new.
    pub live: Live,
    /// The queue's paging: the window on its way, the queue whose last window came short.
    pub pages: Pages,
    /// The view's response actions, asked again while any is in flight.
    pub watch: Watch,
    /// Investigation packages being saved.
    pub downloads: Vec<Download>,
    /// The export being written, if one is.
    pub exporting: Option<Exporting>,
    /// Lists show times as ages (`4m`) rather than in full.
    pub ages: bool,
    /// The timeline of alerts over time shows in the views' headers (`w`; remembered).
    pub timeline: bool,
}

impl Model {
    pub fn new(session: Session, now: Instant) -> Self {
        Self {
            nav: NavStack::new(Entry::new(
                session
                    .start_queue
                    .clone()
                    .map_or(Route::Search, Route::Start),
                Origin(1),
            )),
            mode: Mode::Search,
            overlay: None,
            help_mode: KeyMode::Normal,
            help_scroll: 0,
            help_limit: None,
            width: None,
            input: Inputs::default(),
            store: Store::default(),
            notices: Notices::default(),
            recall: Recall::default(),
            waiting: Waiting::default(),
            triage: None,
            indicator: None,
            respond: None,
            hunt: None,
            choice: None,
            now,
            started: now,
            spinner: 0,
            scroll_limit: None,
            dwell: None,
            prefetch: None,
            next_origin: 2,
            quit: false,
            quit_warned: false,
            live: Default::default(),
            pages: Default::default(),
            watch: Default::default(),
            downloads: Vec::new(),
            exporting: None,
            ages: true,
            timeline: session.timeline,
            session,
        }
    }

    pub fn next_origin(&mut self) -> Origin {
        self.next_origin += 1;
        Origin(self.next_origin)
    }

    /// True while anything the current view shows is still on its way.
    pub fn loading(&self) -> bool {
        self.nav.current.route.resources().iter().any(|r| {
            matches!(self.store.slot(r), Some(Slot::Pending(_)) | None) || self.store.is_preview(r)
        })
    }

    /// Where keys are read now: the table that drives them.
    pub fn key_mode(&self) -> KeyMode {
        match (self.overlay, self.mode) {
            (Some(Overlay::Choose), _) => KeyMode::Choice,
            (Some(Overlay::CopyMenu), _) => KeyMode::Copy,
            (_, Mode::Search) => KeyMode::Search,
            (_, Mode::Filter | Mode::Command | Mode::Export | Mode::Confirm | Mode::Package) => {
                KeyMode::Prompt
            }
            (_, Mode::Triage) if self.triage.as_ref().is_some_and(|f| f.confirm.is_some()) => {
                KeyMode::Confirm
            }
            (_, Mode::Triage | Mode::Hunt) => KeyMode::Triage,
            (_, Mode::Respond) => match &self.respond {
                Some(form) if form.review.is_none() => KeyMode::Triage,
                _ => KeyMode::Confirm,
            },
            (_, Mode::Indicator) => {
                let confirming = match &self.indicator {
                    Some(super::indicator_form::IndicatorWork::Form(form)) => form.review.is_some(),
                    _ => true,
                };
                if confirming {
                    KeyMode::Confirm
                } else {
                    KeyMode::Triage
                }
            }
            (_, Mode::Normal) => KeyMode::Normal,
        }
    }

    /// Opens help on the keys of the mode it is opened from.
    pub fn open_help(&mut self) {
        self.help_mode = self.key_mode();
        self.help_scroll = 0;
        self.overlay = Some(Overlay::Help);
    }

    /// The write confirmation on screen that has not counted keys yet, if any: the runtime
    /// arms it once a frame shows it.
    pub fn unshown_confirmation(&mut self) -> Option<&mut super::confirm::Confirmation> {
        let triage = self.triage.as_mut().and_then(|f| f.confirm.as_mut());
        let indicator = self.indicator.as_mut().and_then(|w| w.confirmation());
        let respond = self
            .respond
            .as_mut()
            .and_then(|f| f.review.as_mut().map(|(_, c)| c));
        triage.or(indicator).or(respond).filter(|c| !c.armed)
    }

    /// Whether the clock should tick fast: something loads, a message will expire, or a
    /// selection is resting towards a prefetch.
    pub fn wants_tick(&self) -> bool {
        self.loading()
            || self.notices.message.is_some()
            || (self.session.prefetch.is_some()
                && self.dwell.as_ref().is_some_and(|(route, _)| {
                    self.prefetch.as_ref().map(|(_, r)| r) != Some(route)
                }))
    }

    /// A read-only session refuses every write, saying so: true when it did.
    pub fn refuses_writes(&mut self) -> bool {
        if self.session.read_only {
            self.flash("read-only: no writes in this session");
        }
        self.session.read_only
    }

    pub fn flash(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.notices.log.push((self.now, text.clone()));
        self.notices.message = Some((text, self.now));
    }

    /// The wall-clock time now, as the session's clock has it (tests fix it).
    pub fn wall_now(&self) -> time::OffsetDateTime {
        let wall = self.session.started + self.now.saturating_duration_since(self.started);
        time::OffsetDateTime::from(wall)
    }

    /// The wall-clock time of `at`, in UTC, to the second: `09:48:12 UTC`.
    pub fn wall_time(&self, at: Instant) -> String {
        let wall = self.session.started + at.saturating_duration_since(self.started);
        time::OffsetDateTime::from(wall)
            .format(time::macros::format_description!(
                "[hour]:[minute]:[second] UTC"
            ))
            .unwrap_or_default()
    }

    /// Whether the motion keys scroll a detail view's text (the alert) rather than move in
    /// its list: until Tab gives the list the keys.
    pub fn on_text(&self) -> bool {
        let entry = &self.nav.current;
        entry.route.is_detail() && !entry.list_focus
    }

    /// The mode the current view takes when no prompt is open.
    pub fn resting_mode(&self) -> Mode {
        let entry = &self.nav.current;
        if entry.route.has_search_box() && !entry.list_focus {
            Mode::Search
        } else {
            Mode::Normal
        }
    }
}

/// Response actions kept current (see `watch`): the list watched, when it is asked next,
/// how far the backoff has gone, and the status each action last had.
#[derive(Debug, Default)]
pub struct Watch {
    pub watched: Option<Resource>,
    pub next: Option<Instant>,
    pub step: usize,
    pub seen: std::collections::HashMap<String, String>,
    /// Actions in flight in the watched list, for the status bar.
    pub in_flight: usize,
}

/// An investigation package on its way to a file (see `package`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub action: String,
    /// The machine's short name, as the status bar says it.
    pub machine: String,
    /// Where it goes, once the runtime has said.
    pub path: Option<std::path::PathBuf>,
    pub state: crate::engine::DownloadState,
}

/// An export being written (see `exporting`): where it goes and how far it has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exporting {
    /// As typed.
    pub path: std::path::PathBuf,
    pub done: usize,
    pub total: usize,
}

/// The live queue's state (see `live`): when it asks next, what is on its way, what is new.
#[derive(Debug, Default)]
pub struct Live {
    /// When the next question may go.
    pub(super) next: Option<Instant>,
    /// The question on its way, and the queue it is for.
    pub(super) asked: Option<(Resource, Resource)>,
    /// Alerts new or changed since the analyst last saw them.
    pub fresh: BTreeSet<String>,
}

/// The queue's paging state (see `pages`).
#[derive(Debug, Default)]
pub struct Pages {
    /// The window on its way, and the queue it extends.
    pub(super) asked: Option<(Resource, Resource)>,
    /// A queue whose last window came short: there is no more.
    pub(super) ended: Option<Resource>,
}
