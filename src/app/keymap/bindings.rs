//! The default key table: every action, its keys and what it does, in help order. Data only;
//! `keymap` makes it live.

use crossterm::event::{KeyCode, KeyModifiers};

pub use super::action::Action;

/// A key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub KeyCode, pub KeyModifiers);

pub(super) const fn plain(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::NONE)
}

pub(super) const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub(super) const fn code(c: KeyCode) -> Key {
    Key(c, KeyModifiers::NONE)
}

pub struct Binding {
    /// The name the config file uses.
    pub name: &'static str,
    pub action: Action,
    pub keys: &'static [Key],
    pub description: &'static str,
}

/// The default bindings of the views (normal mode), in help order. The other modes' tables
/// are in `modes`.
pub const BINDINGS: &[Binding] = &[
    Binding {
        name: "down",
        action: Action::Down,
        keys: &[plain('j'), code(KeyCode::Down)],
        description: "next row",
    },
    Binding {
        name: "up",
        action: Action::Up,
        keys: &[plain('k'), code(KeyCode::Up)],
        description: "previous row",
    },
    Binding {
        name: "page_down",
        action: Action::PageDown,
        keys: &[ctrl('d'), code(KeyCode::PageDown)],
        description: "page down",
    },
    Binding {
        name: "page_up",
        action: Action::PageUp,
        keys: &[ctrl('u'), code(KeyCode::PageUp)],
        description: "page up",
    },
    Binding {
        name: "top",
        action: Action::Top,
        keys: &[plain('g'), code(KeyCode::Home)],
        description: "first row",
    },
    Binding {
        name: "bottom",
        action: Action::Bottom,
        keys: &[plain('G'), code(KeyCode::End)],
        description: "last row",
    },
    Binding {
        name: "next_pane",
        action: Action::NextPane,
        keys: &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        description: "next pane (on an alert: its text, then its evidence)",
    },
    Binding {
        name: "open",
        action: Action::Open,
        keys: &[code(KeyCode::Enter)],
        description: "open the selected alert, machine or user",
    },
    Binding {
        name: "pivot_user",
        action: Action::PivotUser,
        keys: &[plain('u')],
        description: "pivot to the user",
    },
    Binding {
        name: "pivot_machine",
        action: Action::PivotMachine,
        keys: &[plain('m')],
        description: "pivot to the machine",
    },
    Binding {
        name: "pivot_alerts",
        action: Action::PivotAlerts,
        keys: &[plain('a')],
        description: "pivot to the machine's or user's alerts",
    },
    Binding {
        name: "pivot_incident",
        action: Action::PivotIncident,
        keys: &[plain('i')],
        description: "pivot to the alert's incident (its alerts, users and machines)",
    },
    Binding {
        name: "queue",
        action: Action::Queue,
        keys: &[plain('Q')],
        description: "back to the queue, as left",
    },
    Binding {
        name: "back",
        action: Action::Back,
        keys: &[code(KeyCode::Esc), code(KeyCode::Backspace), plain('[')],
        description: "clear the filter, else back",
    },
    Binding {
        name: "forward",
        action: Action::Forward,
        keys: &[plain(']')],
        description: "forward",
    },
    Binding {
        name: "search",
        action: Action::Search,
        keys: &[plain('s')],
        description: "search another user",
    },
    Binding {
        name: "filter",
        action: Action::Filter,
        keys: &[plain('/')],
        description: "filter the list: text, sev:high, machine:wks-*, tech:T1059, !resolved",
    },
    Binding {
        name: "command",
        action: Action::Command,
        keys: &[plain(':')],
        description: "command: a kind and its argument, e.g. :user jdoe; :q quits",
    },
    Binding {
        name: "sort_next",
        action: Action::SortNext,
        keys: &[plain('S')],
        description: "sort by the next column (text A to Z; ties stay newest first)",
    },
    Binding {
        name: "sort_reverse",
        action: Action::SortReverse,
        keys: &[plain('I')],
        description: "reverse the sort",
    },
    Binding {
        name: "group",
        action: Action::Group,
        keys: &[plain('z')],
        description: "group alerts by incident (a row each, with its count); Enter opens it",
    },
    Binding {
        name: "timeline",
        action: Action::Timeline,
        keys: &[plain('w')],
        description: "timeline: the alerts over time, by severity (on or off, remembered)",
    },
    Binding {
        name: "bar_previous",
        action: Action::BarPrevious,
        keys: &[plain('<'), plain(',')],
        description: "timeline: the bar before (first: the tallest, the burst)",
    },
    Binding {
        name: "bar_next",
        action: Action::BarNext,
        keys: &[plain('>'), plain('.')],
        description: "timeline: the bar after",
    },
    Binding {
        name: "keep_bar",
        action: Action::KeepBar,
        keys: &[plain('W')],
        description: "timeline: keep the alerts of the chosen bar (or the burst); Esc clears",
    },
    Binding {
        name: "ages",
        action: Action::Ages,
        keys: &[plain('T')],
        description: "times as ages (4m, 2h, 3d) or in full (UTC, or local by config)",
    },
    Binding {
        name: "copy",
        action: Action::Copy,
        keys: &[plain('y')],
        description: "copy the id (OSC 52)",
    },
    Binding {
        name: "copy_menu",
        action: Action::CopyMenu,
        keys: &[plain('Y')],
        description: "copy account, host, IP, SHA-256 or JSON",
    },
    Binding {
        name: "open_in_portal",
        action: Action::OpenInPortal,
        keys: &[plain('o')],
        description: "open in the Defender portal",
    },
    Binding {
        name: "export",
        action: Action::Export,
        keys: &[plain('e')],
        description: "export the list or alert to CSV or JSON",
    },
    Binding {
        name: "refresh",
        action: Action::Refresh,
        keys: &[plain('r')],
        description: "refresh the view (through the budget)",
    },
    Binding {
        name: "mark",
        action: Action::Mark,
        keys: &[plain(' ')],
        description: "mark or unmark the row",
    },
    Binding {
        name: "mark_range",
        action: Action::MarkRange,
        keys: &[plain('V')],
        description: "mark every row from the last mark to here",
    },
    Binding {
        name: "mark_all",
        action: Action::MarkAll,
        keys: &[plain('*')],
        description: "mark every row the filter shows (again: unmark all)",
    },
    Binding {
        name: "triage",
        action: Action::Triage,
        keys: &[plain('t')],
        description: "triage the marked or selected alerts: status, assignee, classification, comment",
    },
    Binding {
        name: "indicator",
        action: Action::Indicate,
        keys: &[plain('b')],
        description: "indicator: block, warn, audit or allow the file, address, domain or URL here",
    },
    Binding {
        name: "delete_indicator",
        action: Action::DeleteIndicator,
        keys: &[plain('D')],
        description: "delete the selected indicator (confirmed, audited)",
    },
    Binding {
        name: "respond",
        action: Action::Respond,
        keys: &[plain('R')],
        description: "respond on the machine(s): isolate, scan, collect, restrict, tag…",
    },
    Binding {
        name: "package",
        action: Action::Package,
        keys: &[plain('P')],
        description: "save the investigation package of the selected (or newest) collection",
    },
    Binding {
        name: "hunt",
        action: Action::Hunt,
        keys: &[plain('H')],
        description: "hunt: the saved hunts for what is here, or a KQL query of your own",
    },
    Binding {
        name: "column_next",
        action: Action::ColumnNext,
        keys: &[plain('l'), code(KeyCode::Right)],
        description: "next column of hunt results (Enter opens the cell's entity)",
    },
    Binding {
        name: "column_previous",
        action: Action::ColumnPrevious,
        keys: &[plain('h'), code(KeyCode::Left)],
        description: "previous column of hunt results",
    },
    Binding {
        name: "log",
        action: Action::Log,
        keys: &[plain('L')],
        description: "messages and errors of this session",
    },
    Binding {
        name: "help",
        action: Action::Help,
        keys: &[plain('?'), code(KeyCode::F(1))],
        description: "this help",
    },
    Binding {
        name: "suspend",
        action: Action::Suspend,
        keys: &[ctrl('z')],
        description: "suspend to the shell",
    },
    Binding {
        name: "quit",
        action: Action::Quit,
        keys: &[plain('q'), ctrl('c')],
        description: "quit",
    },
];
