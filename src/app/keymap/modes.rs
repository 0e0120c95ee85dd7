//! The key tables of the modes other than the views': the search box, the prompts, a choice
//! of places, the copy menu, the queue's scope digits, the triage form and a write's
//! confirmation. Each drives its mode's dispatch and help, and is rebindable in the config
//! (`[keys.triage] next_field = ["n"]`). In the text boxes every printable key is text; only
//! these keys act there.

use crossterm::event::KeyCode;

use super::bindings::{Action, BINDINGS, Binding, Key, code, ctrl, plain};

/// Where keys are read: each mode has a table of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyMode {
    Normal,
    Search,
    Prompt,
    Choice,
    Copy,
    Scopes,
    Triage,
    Confirm,
}

impl KeyMode {
    /// The config's name for the mode's table (`[keys.triage]`); `None`: plain `[keys]`.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Self::Normal => None,
            Self::Search => Some("search"),
            Self::Prompt => Some("prompt"),
            Self::Choice => Some("choice"),
            Self::Copy => Some("copy"),
            Self::Scopes => Some("scopes"),
            Self::Triage => Some("triage"),
            Self::Confirm => Some("confirm"),
        }
    }

    /// A word or two for the mode, where the screen is cramped.
    pub fn short(self) -> &'static str {
        match self {
            Self::Normal => "views",
            Self::Search => "search box",
            Self::Prompt => "prompts",
            Self::Choice => "choice",
            Self::Copy => "copy menu",
            Self::Scopes => "queue scopes",
            Self::Triage => "forms",
            Self::Confirm => "confirmation",
        }
    }

    /// The help screen's and the README's heading for the mode's keys.
    pub fn title(self) -> &'static str {
        match self {
            Self::Normal => "in a view",
            Self::Search => "in the search box (every other key is text)",
            Self::Prompt => "in the filter, command and export prompts",
            Self::Choice => "in a choice of places (1–9 pick by number)",
            Self::Copy => "in the copy menu (1–6 pick by number)",
            Self::Scopes => "on a queue",
            Self::Triage => "in the triage and indicator forms (their text fields take text)",
            Self::Confirm => "in a write's confirmation (a word to type takes text)",
        }
    }
}

const fn bind(
    name: &'static str,
    action: Action,
    keys: &'static [Key],
    description: &'static str,
) -> Binding {
    Binding {
        name,
        action,
        keys,
        description,
    }
}

pub const SEARCH: &[Binding] = &[
    bind(
        "open",
        Action::SearchOpen,
        &[code(KeyCode::Enter)],
        "open what is typed by its shape: a user (jdoe, jdoe@contoso.com, CONTOSO\\jdoe), a machine, an alert id, a SHA-1/SHA-256/MD5, an IP address, a domain or URL; two readings offer both",
    ),
    bind(
        "complete",
        Action::SearchComplete,
        &[code(KeyCode::Tab)],
        "complete a recent or seen user",
    ),
    bind(
        "pick_down",
        Action::SearchPickDown,
        &[code(KeyCode::Down)],
        "pick the next recent or seen user, Enter opens it; from an empty box, go into the queue",
    ),
    bind(
        "pick_up",
        Action::SearchPickUp,
        &[code(KeyCode::Up)],
        "pick the previous recent or seen user",
    ),
    bind(
        "help",
        Action::Help,
        &[plain('?'), code(KeyCode::F(1))],
        "help (? when the box is empty)",
    ),
    bind(
        "forward",
        Action::Forward,
        &[plain(']')],
        "forward (when the box is empty)",
    ),
    bind(
        "clear",
        Action::SearchClear,
        &[code(KeyCode::Esc)],
        "clear the box, or back when it is empty",
    ),
    bind(
        "suspend",
        Action::Suspend,
        &[ctrl('z')],
        "suspend to the shell",
    ),
    bind("quit", Action::Quit, &[ctrl('c')], "quit"),
];

pub const PROMPT: &[Binding] = &[
    bind(
        "apply",
        Action::PromptApply,
        &[code(KeyCode::Enter)],
        "apply (filter), run (command), write (export)",
    ),
    bind(
        "cancel",
        Action::PromptCancel,
        &[code(KeyCode::Esc)],
        "cancel; a filter is cleared",
    ),
    bind(
        "complete",
        Action::PromptComplete,
        &[code(KeyCode::Tab)],
        "complete a command or a filter field; again to cycle",
    ),
    bind(
        "older",
        Action::PromptOlder,
        &[code(KeyCode::Up)],
        "an earlier command or filter",
    ),
    bind(
        "newer",
        Action::PromptNewer,
        &[code(KeyCode::Down)],
        "a later command or filter",
    ),
];

pub const CHOICE: &[Binding] = &[
    bind(
        "next",
        Action::ChoiceNext,
        &[plain('j'), code(KeyCode::Down), code(KeyCode::Tab)],
        "the next place",
    ),
    bind(
        "previous",
        Action::ChoicePrevious,
        &[plain('k'), code(KeyCode::Up), code(KeyCode::BackTab)],
        "the previous place",
    ),
    bind(
        "pick",
        Action::ChoicePick,
        &[code(KeyCode::Enter)],
        "go to the place picked",
    ),
    bind(
        "close",
        Action::ChoiceClose,
        &[code(KeyCode::Esc)],
        "close, going nowhere (so does any other key)",
    ),
];

pub const COPY: &[Binding] = &[bind(
    "close",
    Action::CopyClose,
    &[code(KeyCode::Esc)],
    "close, copying nothing (so does any other key)",
)];

pub const SCOPES: &[Binding] = &[
    bind(
        "open",
        Action::ScopeOpen,
        &[plain('1')],
        "alerts not resolved",
    ),
    bind("new", Action::ScopeNew, &[plain('2')], "new alerts"),
    bind(
        "high",
        Action::ScopeHigh,
        &[plain('3')],
        "high-severity alerts not resolved",
    ),
    bind(
        "mine",
        Action::ScopeMine,
        &[plain('4')],
        "alerts assigned to me, not resolved",
    ),
    bind(
        "unassigned",
        Action::ScopeUnassigned,
        &[plain('5')],
        "alerts assigned to nobody, not resolved",
    ),
];

pub const TRIAGE: &[Binding] = &[
    bind(
        "next_field",
        Action::FieldNext,
        &[code(KeyCode::Tab), code(KeyCode::Down)],
        "next field",
    ),
    bind(
        "previous_field",
        Action::FieldPrevious,
        &[code(KeyCode::BackTab), code(KeyCode::Up)],
        "previous field",
    ),
    bind(
        "next_value",
        Action::ValueNext,
        &[code(KeyCode::Right)],
        "next value of a choice (status, classification, action, expiry…)",
    ),
    bind(
        "previous_value",
        Action::ValuePrevious,
        &[code(KeyCode::Left)],
        "previous value of a choice",
    ),
    bind(
        "review",
        Action::Review,
        &[code(KeyCode::Enter)],
        "review the changes before sending (in a comment or description: a new line)",
    ),
    bind(
        "cancel",
        Action::CancelForm,
        &[code(KeyCode::Esc)],
        "cancel: nothing is sent",
    ),
];

pub const CONFIRM: &[Binding] = &[
    bind(
        "send",
        Action::ConfirmSend,
        &[code(KeyCode::Enter)],
        "send (once the word asked for is typed)",
    ),
    bind(
        "back",
        Action::ConfirmBack,
        &[code(KeyCode::Esc)],
        "back to the form: nothing is sent",
    ),
    bind(
        "down",
        Action::ConfirmDown,
        &[plain('j'), code(KeyCode::Down)],
        "scroll down a target",
    ),
    bind(
        "up",
        Action::ConfirmUp,
        &[plain('k'), code(KeyCode::Up)],
        "scroll up a target",
    ),
    bind(
        "page_down",
        Action::ConfirmPageDown,
        &[ctrl('d'), code(KeyCode::PageDown)],
        "scroll down ten targets",
    ),
    bind(
        "page_up",
        Action::ConfirmPageUp,
        &[ctrl('u'), code(KeyCode::PageUp)],
        "scroll up ten targets",
    ),
    bind(
        "top",
        Action::ConfirmTop,
        &[plain('g'), code(KeyCode::Home)],
        "the first target",
    ),
    bind(
        "bottom",
        Action::ConfirmBottom,
        &[plain('G'), code(KeyCode::End)],
        "the last target",
    ),
];

/// Every mode's table, in help order.
pub const TABLES: &[(KeyMode, &[Binding])] = &[
    (KeyMode::Normal, BINDINGS),
    (KeyMode::Search, SEARCH),
    (KeyMode::Prompt, PROMPT),
    (KeyMode::Scopes, SCOPES),
    (KeyMode::Choice, CHOICE),
    (KeyMode::Copy, COPY),
    (KeyMode::Triage, TRIAGE),
    (KeyMode::Confirm, CONFIRM),
];
