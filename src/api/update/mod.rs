//! Writes to alerts (`mde-api.md` §8): what an update changes, and the calls that send it —
//! `PATCH alerts/{id}` for one alert (the answer is the updated alert) and
//! `POST alerts/batchUpdate` for many (the answer is empty). Both refuse, before any call, an
//! update that [`rules`] refuses, and a PATCH whose answer is about another alert.

pub mod rules;

use serde::Serialize;

use super::client::Client;
use super::endpoint::Endpoint;
use super::error::ApiError;
use super::ids::AlertId;
use super::model::{Alert, AlertStatus, Classification, Determination};

/// The fields an update sets; the ones left `None` keep their values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AlertStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub determination: Option<Determination>,
    /// Appended to the alert's comments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl AlertUpdate {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The same update with the determination in the API's other spelling, if it has one
    /// (`ConfirmedActivity`/`ConfirmedUserActivity`, `NotMalicious`/`Clean`).
    pub fn other_spelling(&self) -> Option<Self> {
        let other = match self.determination.as_ref()? {
            Determination::ConfirmedActivity => Determination::ConfirmedUserActivity,
            Determination::ConfirmedUserActivity => Determination::ConfirmedActivity,
            Determination::NotMalicious => Determination::Clean,
            Determination::Clean => Determination::NotMalicious,
            _ => return None,
        };
        Some(Self {
            determination: Some(other),
            ..self.clone()
        })
    }

    /// Whether `alert` shows every field this update sets (a determination in either
    /// spelling); the comment is [`Self::comments_in`]'s to count.
    pub fn fields_show_in(&self, alert: &Alert) -> bool {
        let determination = |want: &Determination| {
            let other = Self {
                determination: Some(want.clone()),
                ..Self::default()
            }
            .other_spelling()
            .and_then(|u| u.determination);
            alert.determination.as_ref() == Some(want)
                || (other.is_some() && alert.determination == other)
        };
        self.status
            .as_ref()
            .is_none_or(|s| alert.status.as_ref() == Some(s))
            && self
                .assigned_to
                .as_ref()
                .is_none_or(|a| alert.assigned_to.as_deref() == Some(a.as_str()))
            && self
                .classification
                .as_ref()
                .is_none_or(|c| alert.classification.as_ref() == Some(c))
            && self.determination.as_ref().is_none_or(determination)
    }

    /// How many of `alert`'s comments read as this update's comment (none sent: `None`).
    pub fn comments_in(&self, alert: &Alert) -> Option<usize> {
        let want = self.comment.as_deref()?.trim();
        Some(
            alert
                .comments
                .iter()
                .filter(|c| c.comment.as_deref().map(str::trim) == Some(want))
                .count(),
        )
    }

    /// What reading `alert` back says of this update, given how many of its comments read as
    /// this update's comment before it was sent (`None`: not known).
    pub fn read_back(&self, alert: &Alert, comments_before: Option<usize>) -> ReadBack {
        let fields = self.fields_show_in(alert);
        let comment = match (self.comments_in(alert), comments_before) {
            (None, _) => Comment::NotSent,
            (Some(now), Some(before)) if now > before => Comment::Added,
            (Some(_), Some(_)) | (Some(0), None) => Comment::Missing,
            // Some comment of that text, but there may have been one before.
            (Some(_), None) => Comment::CannotTell,
        };
        match (fields, comment) {
            (true, Comment::NotSent | Comment::Added) => ReadBack::Applied,
            (false, Comment::NotSent) | (_, Comment::Missing) => ReadBack::NotApplied,
            (false, Comment::Added) | (_, Comment::CannotTell) => ReadBack::Unknown,
        }
    }

    /// `alert` as it reads once this update took effect (the comment not included: its
    /// author and time are the server's).
    pub fn applied_to(&self, alert: &Alert) -> Alert {
        let mut alert = alert.clone();
        if let Some(s) = &self.status {
            alert.status = Some(s.clone());
        }
        if let Some(a) = &self.assigned_to {
            alert.assigned_to = Some(a.as_str().into());
        }
        if let Some(c) = &self.classification {
            alert.classification = Some(c.clone());
        }
        if let Some(d) = &self.determination {
            alert.determination = Some(d.clone());
        }
        alert
    }
}

/// Where an update's comment stands in an alert read back.
enum Comment {
    NotSent,
    Added,
    Missing,
    CannotTell,
}

/// What an alert read back after a doubtful write says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadBack {
    /// Every field sent shows, and the comment (if any) was added.
    Applied,
    /// The write certainly did not take effect: sending it again does it once.
    NotApplied,
    /// The alert shows part of it, or cannot tell: neither done nor failed.
    Unknown,
}

impl Client {
    /// `PATCH alerts/{id}`: the updated alert. An update [`AlertUpdate::check`] refuses is
    /// never sent, and an answer about another alert is refused.
    pub async fn update_alert(
        &self,
        id: &AlertId,
        update: &AlertUpdate,
    ) -> Result<Alert, ApiError> {
        update.check().map_err(ApiError::from)?;
        let url = self.url(&["alerts", &id.segment()]);
        let body = serde_json::to_value(update).expect("updates serialize");
        let alert: Alert = self
            .send_json(reqwest::Method::PATCH, Endpoint::UPDATE_ALERT, url, &body)
            .await?;
        if alert.id != id.as_str() {
            return Err(ApiError::WrongTarget {
                asked: id.as_str().to_owned(),
                answered: crate::sanitize::escaped(&alert.id)
                    .chars()
                    .take(80)
                    .collect(),
            });
        }
        Ok(alert)
    }

    /// `POST alerts/batchUpdate`: the same update to every alert in `ids`.
    pub async fn batch_update(
        &self,
        ids: &[AlertId],
        update: &AlertUpdate,
    ) -> Result<(), ApiError> {
        update.check().map_err(ApiError::from)?;
        let url = self.url(&["alerts", "batchUpdate"]);
        let mut body = serde_json::to_value(update).expect("updates serialize");
        body["alertIds"] = ids.iter().map(|id| id.as_str()).collect();
        self.send(
            reqwest::Method::POST,
            Endpoint::BATCH_UPDATE,
            url,
            Some(&body),
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_sent() {
        let update = AlertUpdate {
            status: Some(AlertStatus::Resolved),
            determination: Some(Determination::NotMalicious),
            ..AlertUpdate::default()
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            serde_json::json!({"status": "Resolved", "determination": "NotMalicious"})
        );
        let other = update.other_spelling().unwrap();
        assert_eq!(other.determination, Some(Determination::Clean));
        assert!(AlertUpdate::default().is_empty());
    }
}
