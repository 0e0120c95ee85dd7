//! What goes into `update` (messages: keys, engine events, the clock, what the runtime did)
//! and what comes out of it (commands for the runtime to carry out).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crossterm::event::KeyEvent;

use crate::engine::{DownloadReport, Event, Request};
use crate::entity::OwnedList;

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Engine(Event),
    Tick(Instant),
    /// The runtime wrote an export: the full path and rows, or why it could not.
    Exported(Result<(PathBuf, usize), String>),
    /// An export being written has this many of its rows on disk.
    ExportProgress(usize),
    /// The export's file exists; ask before overwriting.
    ExportExists(Export),
    /// A package download could not start (the runtime said why), or moved on.
    Download(DownloadReport),
    /// Something the runtime wants the analyst to know (a link opened or copied).
    Notice(String),
    /// A click on a list pane (and a row of it), or on a detail view's text ([`TEXT`]), when
    /// the mouse is on.
    Click {
        pane: usize,
        row: Option<usize>,
        double: bool,
    },
    /// The wheel over a list pane, or over a detail view's text ([`TEXT`]).
    Wheel {
        pane: usize,
        down: bool,
    },
    /// Text pasted into the terminal (bracketed paste): text, never keys.
    Paste(String),
    /// A request from outside to stop like any job (SIGTSTP).
    Suspend,
    /// A frame showing a confirmation that waited for it is on screen: keys count from now.
    Shown,
    /// How far the detail view on screen can scroll, as laid out at the terminal's size.
    ScrollLimit(u16),
    /// How far help can scroll, as laid out at the terminal's size.
    HelpLimit(u16),
    /// The terminal's width: which columns a list shows there (and `S` sorts by).
    Width(u16),
}

/// Side effects for the runtime to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// A request for the engine, in the engine's own words.
    Engine(Request),
    /// Hand the terminal back to the shell (Ctrl-Z) until resumed.
    Suspend,
    /// Keep a searched name, and what it turned out to be, in the history file.
    RememberSearch(super::history::Searched),
    /// Keep the timeline on or off in the config file (`timeline = true`).
    RememberTimeline(bool),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Open a link in a browser, or show and copy it where there is none.
    Open(String),
    /// Write a file (asking first if it exists, unless `overwrite`).
    Export(Export),
    /// Save a collection's package as `name` in `folder` (as typed: `~/`, relative): the
    /// runtime resolves the place and hands the download to the engine.
    SavePackage {
        action: String,
        folder: String,
        name: String,
    },
}

/// A file for the runtime to write: an export's content and where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// As typed: relative paths are under the current directory.
    pub path: PathBuf,
    pub content: Content,
    pub rows: usize,
    pub overwrite: bool,
}

/// What an export holds: a record's text, built at once, or a list's rows, which the runtime
/// turns into text a piece at a time as it writes ([`super::export::pieces`]) — 100,000 rows
/// are never built on the loop's thread, nor held as one text.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    Rows {
        list: OwnedList,
        /// Indices into the list, as filtered and sorted on screen.
        rows: Arc<[usize]>,
        json: bool,
    },
}

/// The "pane" of a mouse message over a detail view's text rather than one of its lists.
pub const TEXT: usize = usize::MAX;
