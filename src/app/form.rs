//! The triage form's state: the alerts it acts on, each field's value (`None`: unchanged),
//! the field that has the keys, and the confirmation once shown. Its keys are `triage`'s.

use tui_input::Input;

use super::confirm::Confirmation;
use crate::api::AlertUpdate;
use crate::api::model::Alert;
use crate::api::update::rules::{CLASSIFICATIONS, STATUSES, determinations};

/// The form's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field {
    #[default]
    Status,
    Assign,
    Classification,
    Determination,
    Comment,
}

impl Field {
    pub const ALL: [Self; 5] = [
        Self::Status,
        Self::Assign,
        Self::Classification,
        Self::Determination,
        Self::Comment,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Assign => "assign to",
            Self::Classification => "classification",
            Self::Determination => "determination",
            Self::Comment => "comment",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    pub fn previous(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// The triage form: what will change (`None`: unchanged) and which field has the keys.
#[derive(Debug, Clone, Default)]
pub struct Form {
    /// The alerts concerned, as they were when the form opened.
    pub alerts: Vec<Alert>,
    pub field: Field,
    pub status: Option<usize>,
    pub assign: Input,
    pub classification: Option<usize>,
    pub determination: Option<usize>,
    pub comment: String,
    /// Showing the confirmation.
    pub confirm: Option<Confirmation>,
    /// The addresses the assignee may be completed from: "me", then those met in the
    /// alerts held (`assignedTo`), most often met first.
    pub assignees: Vec<String>,
    /// The one the typed assignee starts, which → at its end takes.
    pub suggestion: Option<String>,
}

impl Form {
    /// The known address the typed assignee starts (case aside), when there is one longer.
    pub fn suggest(&mut self) {
        let typed = self.assign.value().trim().to_lowercase();
        self.suggestion = (!typed.is_empty())
            .then(|| {
                self.assignees
                    .iter()
                    .find(|a| a.len() > typed.len() && a.to_lowercase().starts_with(&typed))
                    .cloned()
            })
            .flatten();
    }
}

impl Form {
    /// The focused choice's next (or previous) value; past the last, unchanged again. A new
    /// classification clears the determination, which depends on it.
    pub fn step_value(&mut self, forward: bool) {
        let cycle = |value: &mut Option<usize>, len: usize| {
            *value = match (*value, forward) {
                (None, true) => Some(0),
                (None, false) => Some(len - 1),
                (Some(i), true) if i + 1 < len => Some(i + 1),
                (Some(i), false) if i > 0 => Some(i - 1),
                _ => None,
            };
        };
        match self.field {
            Field::Status => cycle(&mut self.status, STATUSES.len()),
            Field::Classification => {
                cycle(&mut self.classification, CLASSIFICATIONS.len());
                self.determination = None;
            }
            Field::Determination => {
                let allowed = self
                    .classification
                    .map_or(0, |i| determinations(&CLASSIFICATIONS[i].0).len());
                if allowed > 0 {
                    cycle(&mut self.determination, allowed);
                }
            }
            Field::Assign | Field::Comment => {}
        }
    }

    /// The update this form describes.
    pub fn update(&self, me: Option<&str>) -> AlertUpdate {
        let classification = self.classification.map(|i| CLASSIFICATIONS[i].0.clone());
        let determination = match (&classification, self.determination) {
            (Some(c), Some(i)) => determinations(c).get(i).map(|(d, _)| d.clone()),
            _ => None,
        };
        let assign = self.assign.value().trim();
        AlertUpdate {
            status: self.status.map(|i| STATUSES[i].0.clone()),
            assigned_to: match assign {
                "" => None,
                "me" => me.map(str::to_owned),
                name => Some(name.to_owned()),
            },
            classification,
            determination,
            comment: Some(self.comment.trim().to_owned()).filter(|c| !c.is_empty()),
        }
    }
}
