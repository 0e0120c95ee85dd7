//! The indicator form's state: the value it is about (one of those the entity offers: a
//! file's SHA-1, SHA-256 or MD5, a URL or its domain), each field's value, the field that has
//! the keys, and once reviewed, the indicator exactly as it will be sent and its confirmation.
//! Its keys are the triage form's (`Tab` moves, `← →` choose, text fields take text).

use time::OffsetDateTime;
use tui_input::Input;

use super::confirm::Confirmation;
use crate::api::model::Severity;
use crate::api::{Indicator, IndicatorAction, IndicatorType, NewIndicator};
use crate::engine::Change;

/// The form's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IndicatorField {
    Value,
    #[default]
    Action,
    Severity,
    Title,
    Description,
    Expires,
    Alerts,
    Recommended,
}

impl IndicatorField {
    pub const ALL: [Self; 8] = [
        Self::Value,
        Self::Action,
        Self::Severity,
        Self::Title,
        Self::Description,
        Self::Expires,
        Self::Alerts,
        Self::Recommended,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Value => "value",
            Self::Action => "action",
            Self::Severity => "severity",
            Self::Title => "title",
            Self::Description => "description",
            Self::Expires => "expires",
            Self::Alerts => "raise alerts",
            Self::Recommended => "recommended",
        }
    }

    /// Whether printable keys are text here.
    pub fn takes_text(self) -> bool {
        matches!(self, Self::Title | Self::Description | Self::Recommended)
    }

    fn step(self, by: usize) -> Self {
        let at = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::ALL[(at + by) % Self::ALL.len()]
    }

    pub fn next(self) -> Self {
        self.step(1)
    }

    pub fn previous(self) -> Self {
        self.step(Self::ALL.len() - 1)
    }
}

pub const SEVERITIES: [Severity; 4] = [
    Severity::Informational,
    Severity::Low,
    Severity::Medium,
    Severity::High,
];

/// How long an indicator lasts: 30 days unless asked otherwise; `None` never expires.
pub const EXPIRIES: [(&str, Option<i64>); 5] = [
    ("30 days", Some(30)),
    ("7 days", Some(7)),
    ("90 days", Some(90)),
    ("1 year", Some(365)),
    ("never", None),
];

/// An indicator change being prepared: the form (then its confirmation), or a deletion to
/// confirm.
#[derive(Debug, Clone)]
pub enum IndicatorWork {
    Form(Box<IndicatorForm>),
    Delete(Box<Indicator>, Confirmation),
}

impl IndicatorWork {
    /// The change it will send once confirmed (a form once reviewed).
    pub fn change(&self) -> Option<Change> {
        match self {
            Self::Form(form) => {
                form.review
                    .as_ref()
                    .map(|(indicator, _)| Change::SubmitIndicator {
                        indicator: Box::new(indicator.clone()),
                        before: form.before.clone().map(Box::new),
                    })
            }
            Self::Delete(indicator, _) => Some(Change::DeleteIndicator {
                indicator: indicator.clone(),
            }),
        }
    }

    /// What the confirmation says, a line each, in `tenant`.
    pub fn review_lines(&self, tenant: &str) -> Vec<String> {
        let warning = match self {
            Self::Form(form) => form.warning.as_deref(),
            Self::Delete(..) => None,
        };
        self.change()
            .map(|change| super::review::lines(&change, tenant, warning))
            .unwrap_or_default()
    }

    /// Its confirmation, once on screen.
    pub fn confirmation(&mut self) -> Option<&mut Confirmation> {
        match self {
            Self::Form(form) => form.review.as_mut().map(|(_, c)| c),
            Self::Delete(_, confirm) => Some(confirm),
        }
    }
}

/// The indicator form.
#[derive(Debug, Clone, Default)]
pub struct IndicatorForm {
    /// The values the entity offers, with their types; `value` picks one.
    pub values: Vec<(IndicatorType, String)>,
    pub value: usize,
    /// An index into the picked type's actions.
    pub action: usize,
    pub severity: usize,
    pub title: Input,
    pub description: String,
    pub expires: usize,
    /// Editing an indicator that expires: its own expiry, offered first as "keep".
    pub keep: Option<OffsetDateTime>,
    pub generate_alert: bool,
    pub recommended: Input,
    /// What to weigh before blocking it (a widely used domain, a trusted publisher).
    pub warning: Option<String>,
    /// The indicator of this value the tenant holds already: submitting updates it.
    pub before: Option<Indicator>,
    pub field: IndicatorField,
    /// Reviewed: the indicator exactly as it will be sent, and its confirmation.
    pub review: Option<(NewIndicator, Confirmation)>,
}

impl IndicatorForm {
    /// A form on `values` that blocks the first, pre-filled with `title` and `description`,
    /// as severe as `severity`.
    pub fn new(
        values: Vec<(IndicatorType, String)>,
        title: &str,
        description: &str,
        severity: Option<&Severity>,
    ) -> Self {
        let mut form = Self {
            values,
            title: Input::new(title.to_owned()),
            description: description.to_owned(),
            severity: severity
                .and_then(|s| SEVERITIES.iter().position(|x| x == s))
                .unwrap_or(2),
            generate_alert: true,
            ..Self::default()
        };
        form.pick_action(IndicatorAction::Block);
        form
    }

    /// A form that edits `indicator`: its own value, type and fields.
    pub fn editing(indicator: &Indicator, kind: IndicatorType) -> Self {
        let value = indicator.indicator_value.clone().unwrap_or_default();
        let mut form = Self::new(
            vec![(kind, value)],
            indicator.title.as_deref().unwrap_or_default(),
            indicator.description.as_deref().unwrap_or_default(),
            indicator.severity.as_ref(),
        );
        if let Some(action) = indicator
            .action
            .as_deref()
            .and_then(|a| IndicatorAction::named(a).ok())
        {
            form.pick_action(action);
        }
        form.generate_alert = indicator.generate_alert.unwrap_or(true);
        form.recommended = Input::new(indicator.recommended_actions.clone().unwrap_or_default());
        match indicator
            .expiration_time
            .as_ref()
            .and_then(|t| t.datetime())
        {
            Some(at) => form.keep = Some(at),
            None => form.expires = EXPIRIES.len() - 1,
        }
        form.before = Some(indicator.clone());
        form
    }

    pub fn kind(&self) -> IndicatorType {
        self.values[self.value].0
    }

    pub fn actions(&self) -> &'static [IndicatorAction] {
        self.kind().actions()
    }

    pub fn chosen_action(&self) -> IndicatorAction {
        let actions = self.actions();
        actions[self.action.min(actions.len() - 1)]
    }

    /// Chooses `action` if the type takes it (else the type's strongest).
    fn pick_action(&mut self, action: IndicatorAction) {
        let actions = self.actions();
        self.action = actions
            .iter()
            .position(|a| *a == action)
            .unwrap_or(actions.len() - 1);
    }

    /// The focused choice's next (or previous) value. A new value keeps the action where
    /// its type takes it.
    pub fn step_value(&mut self, forward: bool) {
        let cycle = |at: &mut usize, len: usize| {
            *at = if forward {
                (*at + 1) % len
            } else {
                (*at + len - 1) % len
            };
        };
        match self.field {
            IndicatorField::Value => {
                let action = self.chosen_action();
                cycle(&mut self.value, self.values.len());
                self.pick_action(action);
            }
            IndicatorField::Action => {
                let len = self.actions().len();
                cycle(&mut self.action, len);
            }
            IndicatorField::Severity => cycle(&mut self.severity, SEVERITIES.len()),
            IndicatorField::Expires => {
                let len = self.expiries();
                cycle(&mut self.expires, len);
            }
            IndicatorField::Alerts => self.generate_alert = !self.generate_alert,
            IndicatorField::Title | IndicatorField::Description | IndicatorField::Recommended => {}
        }
    }

    /// How many expiry choices there are: the fixed ones, and "keep" when editing.
    fn expiries(&self) -> usize {
        EXPIRIES.len() + usize::from(self.keep.is_some())
    }

    /// The expiry chosen, in words.
    pub fn expiry_text(&self) -> String {
        match (self.keep, self.expires) {
            (Some(at), 0) => format!("keep {}", at.date()),
            (keep, i) => EXPIRIES[i - usize::from(keep.is_some())].0.to_owned(),
        }
    }

    /// When the indicator chosen expires, counted from `now`; `None`: never.
    fn expiry(&self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        match (self.keep, self.expires) {
            (Some(at), 0) => Some(at),
            (keep, i) => EXPIRIES[i - usize::from(keep.is_some())]
                .1
                .map(|days| now + time::Duration::days(days)),
        }
    }

    /// The indicator the form describes at `now`, not yet checked.
    pub fn indicator(&self, now: OffsetDateTime) -> NewIndicator {
        let (kind, value) = self.values[self.value].clone();
        let recommended = self.recommended.value().trim();
        NewIndicator {
            value,
            kind,
            action: self.chosen_action(),
            title: self.title.value().trim().to_owned(),
            description: self.description.trim().to_owned(),
            severity: Some(SEVERITIES[self.severity].clone()),
            expires: self.expiry(now),
            generate_alert: self.generate_alert,
            recommended_actions: (!recommended.is_empty()).then(|| recommended.to_owned()),
            rbac_group_names: self
                .before
                .as_ref()
                .map(|b| b.rbac_group_names.clone())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> IndicatorForm {
        IndicatorForm::new(
            vec![
                (IndicatorType::FileSha1, "a".repeat(40)),
                (IndicatorType::FileSha256, "b".repeat(64)),
            ],
            "beacon",
            "seen in alert da1",
            Some(&Severity::High),
        )
    }

    #[test]
    fn a_new_form_blocks_the_first_value_for_30_days_raising_alerts() {
        let form = file();
        let now = OffsetDateTime::UNIX_EPOCH;
        let i = form.indicator(now);
        assert_eq!(
            (i.kind, i.action),
            (IndicatorType::FileSha1, IndicatorAction::Block)
        );
        assert_eq!(i.severity, Some(Severity::High));
        assert_eq!(i.expires, Some(now + time::Duration::days(30)));
        assert!(i.generate_alert);
        assert!(i.clone().check(now).is_ok(), "{i:?}");
    }

    #[test]
    fn choices_cycle_and_a_new_type_keeps_the_action_it_takes() {
        let mut form = file();
        form.field = IndicatorField::Action;
        form.step_value(true);
        assert_eq!(form.chosen_action(), IndicatorAction::BlockAndRemediate);
        form.field = IndicatorField::Value;
        form.step_value(true);
        assert_eq!(form.kind(), IndicatorType::FileSha256);
        assert_eq!(form.chosen_action(), IndicatorAction::BlockAndRemediate);
        let mut url = IndicatorForm::new(
            vec![(IndicatorType::Url, "http://x.example/a".into())],
            "t",
            "d",
            None,
        );
        url.field = IndicatorField::Action;
        url.step_value(true);
        assert_eq!(
            url.chosen_action(),
            IndicatorAction::Allowed,
            "wraps: no remediate"
        );
        url.field = IndicatorField::Expires;
        url.step_value(false);
        assert_eq!(
            url.indicator(OffsetDateTime::UNIX_EPOCH).expires,
            None,
            "never"
        );
    }
}
