//! Changes to one target that is not an alert (an indicator, a response action, a machine's
//! tag), as the engine takes them in and says what became of them; and how a change is said
//! in a line, the same in the explorer and the one-shot.

use crate::api::model::Machine;
use crate::api::{ApiError, Indicator, MachineAction, NewIndicator, ResponseAction};

/// One change to one target that is not an alert.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Submit an indicator: creates it, or updates the one with the same value and type
    /// (`before`, when the analyst started from it).
    SubmitIndicator {
        indicator: Box<NewIndicator>,
        before: Option<Box<Indicator>>,
    },
    DeleteIndicator {
        indicator: Box<Indicator>,
    },
    /// A response action on a machine, with the comment the API requires.
    Respond {
        machine: Box<Machine>,
        action: ResponseAction,
        comment: String,
    },
    /// Add (or remove) a machine's tag.
    Tag {
        machine: Box<Machine>,
        tag: String,
        add: bool,
    },
    /// Cancel a machine action before it ends.
    CancelAction {
        action: Box<MachineAction>,
        comment: String,
    },
}

/// What a change's target is once changed, as the API answered or read it back.
#[derive(Debug, Clone, PartialEq)]
pub enum Changed {
    Indicator(Box<Indicator>),
    Action(Box<MachineAction>),
    Machine(Box<Machine>),
}

impl Changed {
    /// The id the API gave it (an indicator's number, an action's GUID, a machine's id).
    pub fn id(&self) -> &str {
        match self {
            Self::Indicator(i) => &i.id,
            Self::Action(a) => &a.id,
            Self::Machine(m) => &m.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChangeResult {
    /// It took effect; the target as the API answered or read it back, when it did.
    Done(Option<Changed>),
    Failed(ApiError),
    /// It may or may not have taken effect: what to check.
    Uncertain(String),
}

impl Change {
    /// What it is about, as the analyst names it: an indicator's value, a machine's name,
    /// an action's id.
    pub fn subject(&self) -> String {
        let machine = |m: &Machine| m.computer_dns_name.clone().unwrap_or_else(|| m.id.clone());
        match self {
            Self::SubmitIndicator { indicator, .. } => indicator.value.clone(),
            Self::DeleteIndicator { indicator } => {
                indicator.indicator_value.clone().unwrap_or_default()
            }
            Self::Respond { machine: m, .. } | Self::Tag { machine: m, .. } => machine(m),
            Self::CancelAction { action, .. } => action.id.clone(),
        }
    }

    /// The change in a line: `Block 185.225.19.40 (IpAddress)`, `isolate (full) wks-fin-042`,
    /// `tag wks-fin-042 "under investigation"`, `delete indicator 4107 (…)`.
    pub fn describe(&self) -> String {
        let text = match self {
            Self::SubmitIndicator { indicator, .. } => format!(
                "{:?} {} ({:?})",
                indicator.action, indicator.value, indicator.kind
            ),
            Self::DeleteIndicator { indicator } => format!(
                "delete indicator {} ({} {})",
                indicator.id,
                indicator.action.as_deref().unwrap_or("—"),
                indicator.indicator_value.as_deref().unwrap_or("—")
            ),
            Self::Respond { action, .. } => format!("{action} {}", self.subject()),
            Self::Tag { tag, add, .. } => format!(
                "{} {} “{tag}”",
                if *add { "tag" } else { "untag" },
                self.subject()
            ),
            Self::CancelAction { action, .. } => format!(
                "cancel {} {}",
                action.kind.as_deref().unwrap_or("action"),
                action.id
            ),
        };
        crate::sanitize::line(&text).into_owned()
    }
}
