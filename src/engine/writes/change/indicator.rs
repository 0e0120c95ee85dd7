//! What an indicator change records and how it is read back: the audit names it by its value,
//! records the indicator's fields by the API's names, and the indicators listed for its value
//! say whether a submit or a delete took effect.

use serde_json::Value;

use super::super::audit::{Fields, Target};
use super::super::shape::ReadBack;
use crate::api::{ApiError, Indicator};
use crate::engine::change::{Change, Changed};

/// The fields of an indicator the audit records, by the API's names.
const RECORDED: &[&str] = &[
    "id",
    "indicatorType",
    "action",
    "severity",
    "title",
    "description",
    "expirationTime",
    "generateAlert",
    "recommendedActions",
];

/// `RECORDED` of a JSON object as text (`null` where empty).
fn fields_of(value: &Value) -> Fields {
    Fields::of(RECORDED.iter().filter_map(|&key| {
        let text = match value.get(key)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        };
        Some((key, text))
    }))
}

pub(super) fn fields(indicator: &Indicator) -> Fields {
    fields_of(&serde_json::to_value(indicator).unwrap_or_default())
}

fn value(change: &Change) -> String {
    match change {
        Change::SubmitIndicator { indicator, .. } => indicator.value.clone(),
        Change::DeleteIndicator { indicator } => {
            indicator.indicator_value.clone().unwrap_or_default()
        }
        _ => String::new(),
    }
}

pub(super) fn target(change: &Change) -> (Target, &'static str) {
    let action = match change {
        Change::DeleteIndicator { .. } => "delete",
        _ => "submit",
    };
    (Target::new("indicator", value(change)), action)
}

pub(super) fn intent(change: &Change) -> (Option<Fields>, Option<Fields>) {
    match change {
        Change::SubmitIndicator { indicator, before } => (
            before.as_deref().map(fields),
            Some(fields_of(
                &serde_json::to_value(indicator).unwrap_or_default(),
            )),
        ),
        Change::DeleteIndicator { indicator } => (Some(fields(indicator)), None),
        _ => (None, None),
    }
}

/// The change as it will be sent (the value normalised), or why it may not be.
pub(super) fn checked(change: Change) -> Result<Change, ApiError> {
    match change {
        Change::SubmitIndicator { indicator, before } => Ok(Change::SubmitIndicator {
            indicator: Box::new(indicator.check(time::OffsetDateTime::now_utc())?),
            before,
        }),
        Change::DeleteIndicator { indicator } => {
            if !indicator.id.is_empty() && indicator.id.chars().all(|c| c.is_ascii_digit()) {
                Ok(Change::DeleteIndicator { indicator })
            } else {
                Err(ApiError::NotSent(format!(
                    "“{}” is not an indicator id (a number)",
                    crate::sanitize::line(&indicator.id)
                )))
            }
        }
        other => Ok(other),
    }
}

/// Whether the indicators listed for the change's value show it applied.
pub(super) fn read_back(change: &Change, found: Vec<Indicator>) -> ReadBack {
    match change {
        Change::DeleteIndicator { indicator } => {
            if found.iter().any(|i| i.id == indicator.id) {
                ReadBack::NotApplied
            } else {
                ReadBack::Applied(None)
            }
        }
        Change::SubmitIndicator { indicator, before } => {
            let kind = format!("{:?}", indicator.kind);
            let action = format!("{:?}", indicator.action);
            let Some(stored) = found.into_iter().find(|i| {
                i.indicator_type
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case(&kind))
            }) else {
                return ReadBack::NotApplied;
            };
            let same = |i: &Indicator| {
                i.action
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(&action))
                    && i.title.as_deref() == Some(indicator.title.as_str())
                    && i.description.as_deref() == Some(indicator.description.as_str())
            };
            if same(&stored) {
                ReadBack::Applied(Some(Changed::Indicator(Box::new(stored))))
            } else if before
                .as_ref()
                .is_some_and(|b| b.action == stored.action && b.title == stored.title)
            {
                ReadBack::NotApplied
            } else {
                ReadBack::Unknown(format!(
                    "indicator {} of {} reads otherwise than sent: list it (:indicators) and check",
                    stored.id, indicator.value
                ))
            }
        }
        _ => ReadBack::Unknown("not an indicator".into()),
    }
}
