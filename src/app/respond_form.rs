//! The response form's state: the machines it acts on, the action chosen (a response action,
//! or adding or removing a tag), the comment (or the tag) typed, and once reviewed, the
//! changes exactly as they will be sent and their confirmation — which asks for the
//! machine's name typed out (for several machines, their count).

use tui_input::Input;

use super::confirm::Confirmation;
use crate::api::model::Machine;
use crate::api::{MachineAction, ResponseAction, Sha1};
use crate::engine::Change;

/// What the form can do to a machine.
#[derive(Debug, Clone, PartialEq)]
pub enum Respond {
    Action(ResponseAction),
    /// Add (`true`) or remove a tag.
    Tag(bool),
    /// Cancel the action the form is about, before it ends.
    Cancel(Box<MachineAction>),
}

impl Respond {
    /// The menu: every response action of a machine, then its tags; from a file, stopping
    /// and quarantining it comes first.
    pub fn menu(file: Option<&Sha1>) -> Vec<Self> {
        let mut menu: Vec<Self> = file
            .map(|sha1| Self::Action(ResponseAction::Quarantine(sha1.clone())))
            .into_iter()
            .collect();
        menu.extend(ResponseAction::MENU.iter().cloned().map(Self::Action));
        menu.extend([Self::Tag(true), Self::Tag(false)]);
        menu
    }

    pub fn label(&self) -> String {
        match self {
            Self::Action(action) => action.to_string(),
            Self::Tag(true) => "add a tag".into(),
            Self::Tag(false) => "remove a tag".into(),
            Self::Cancel(action) => format!(
                "cancel {} ({})",
                action.kind.as_deref().unwrap_or("the action"),
                action.status.as_deref().unwrap_or("under way")
            ),
        }
    }

    /// The permission it needs.
    pub fn permission(&self) -> &'static str {
        match self {
            Self::Action(action) => action.endpoint().permission(),
            Self::Tag(_) | Self::Cancel(_) => "Machine.ReadWrite.All",
        }
    }

    /// Whether a token carrying `permissions` may do it (`None`: not known, so it may).
    pub fn granted(&self, permissions: Option<&[String]>) -> bool {
        let needed = self.permission();
        permissions.is_none_or(|p| {
            p.iter().any(|g| match self {
                // A cancel takes any of the machine actions' permissions.
                Self::Cancel(_) => g.starts_with("Machine."),
                _ => g.eq_ignore_ascii_case(needed),
            })
        })
    }

    /// What the text field holds for it.
    pub fn text_label(&self) -> &'static str {
        match self {
            Self::Action(_) | Self::Cancel(_) => "comment",
            Self::Tag(_) => "tag",
        }
    }
}

/// The form's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RespondField {
    #[default]
    Action,
    Text,
}

#[derive(Debug, Clone)]
pub struct RespondForm {
    /// The machines it acts on, as they were when the form opened.
    pub machines: Vec<Machine>,
    pub menu: Vec<Respond>,
    pub chosen: usize,
    /// The comment (an action) or the tag.
    pub text: Input,
    pub field: RespondField,
    /// Reviewed: the changes exactly as they will be sent, and their confirmation.
    pub review: Option<(Vec<Change>, Confirmation)>,
    /// What the token may do, when it says (the menu dims the rest).
    pub permissions: Option<Vec<String>>,
}

impl RespondForm {
    pub fn new(machines: Vec<Machine>, file: Option<&Sha1>) -> Self {
        Self {
            machines,
            menu: Respond::menu(file),
            chosen: 0,
            text: Input::default(),
            field: RespondField::Action,
            review: None,
            permissions: None,
        }
    }

    pub fn choice(&self) -> &Respond {
        &self.menu[self.chosen.min(self.menu.len() - 1)]
    }

    pub fn step(&mut self, forward: bool) {
        let len = self.menu.len();
        self.chosen = if forward {
            (self.chosen + 1) % len
        } else {
            (self.chosen + len - 1) % len
        };
    }

    /// A form that cancels `action`, on its machine.
    pub fn cancelling(action: MachineAction) -> Self {
        let machine = Machine {
            id: action.machine_id.clone().unwrap_or_default(),
            computer_dns_name: action.computer_dns_name.clone(),
            ..Machine::default()
        };
        Self {
            menu: vec![Respond::Cancel(Box::new(action))],
            ..Self::new(vec![machine], None)
        }
    }

    /// The change for each machine, as the form stands.
    pub fn changes(&self) -> Vec<Change> {
        let text = self.text.value().trim().to_owned();
        self.machines
            .iter()
            .map(|m| match self.choice() {
                Respond::Action(action) => Change::Respond {
                    machine: Box::new(m.clone()),
                    action: action.clone(),
                    comment: text.clone(),
                },
                Respond::Tag(add) => Change::Tag {
                    machine: Box::new(m.clone()),
                    tag: text.clone(),
                    add: *add,
                },
                Respond::Cancel(action) => Change::CancelAction {
                    action: action.clone(),
                    comment: text.clone(),
                },
            })
            .collect()
    }

    /// What must be typed to confirm: the machine's short name, or the count of several.
    pub fn word(&self) -> String {
        match self.machines.as_slice() {
            [one] => short_name(one),
            many => many.len().to_string(),
        }
    }
}

/// A machine's name as typed: its host name without the domain (`wks-fin-042`).
pub fn short_name(machine: &Machine) -> String {
    let name = machine
        .computer_dns_name
        .as_deref()
        .unwrap_or(machine.id.as_str());
    crate::api::model::short_host(name).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(name: &str) -> Machine {
        serde_json::from_value(serde_json::json!({"id": "ab12", "computerDnsName": name})).unwrap()
    }

    #[test]
    fn the_word_is_the_short_name_or_the_count_and_changes_follow_the_choice() {
        let mut form = RespondForm::new(vec![machine("wks-fin-042.corp.contoso.com")], None);
        assert_eq!(form.word(), "wks-fin-042");
        form.text = Input::new("  beacon  ".into());
        assert!(matches!(
            &form.changes()[..],
            [Change::Respond { action: ResponseAction::Isolate { selective: false }, comment, .. }]
                if comment == "beacon"
        ));
        form.step(false);
        form.step(false);
        assert!(matches!(form.choice(), Respond::Tag(true)));
        let two = RespondForm::new(vec![machine("a"), machine("b")], None);
        assert_eq!(two.word(), "2");
        let sha1 = Sha1::parse(&"ab".repeat(20)).unwrap();
        let file = RespondForm::new(vec![machine("a")], Some(&sha1));
        assert!(matches!(
            file.choice(),
            Respond::Action(ResponseAction::Quarantine(_))
        ));
        let scan_only = vec!["Machine.Scan".to_owned()];
        let isolate = Respond::Action(ResponseAction::Isolate { selective: false });
        assert!(!isolate.granted(Some(&scan_only)));
        assert!(Respond::Action(ResponseAction::Scan { full: true }).granted(Some(&scan_only)));
        assert!(isolate.granted(None), "not known: not dimmed");
        let cancel = Respond::Cancel(Box::default());
        assert!(
            cancel.granted(Some(&scan_only)),
            "any machine action's permission"
        );
    }
}
