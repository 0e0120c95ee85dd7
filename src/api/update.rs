//! Writes to alerts (`mde-api.md` §8): what an update changes, and the calls that send it —
//! `PATCH alerts/{id}` for one alert (the answer is the updated alert) and
//! `POST alerts/batchUpdate` for many (the answer is empty).

use serde::Serialize;

use super::client::{Client, decode};
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

    /// Whether `alert` already shows this update (all but the comment, which only adds).
    pub fn shows_in(&self, alert: &Alert) -> bool {
        let same = |want: &Option<String>, have: &Option<String>| {
            want.as_ref()
                .is_none_or(|w| have.as_deref() == Some(w.as_str()))
        };
        self.status
            .as_ref()
            .is_none_or(|s| alert.status.as_ref() == Some(s))
            && same(&self.assigned_to, &alert.assigned_to)
            && self
                .classification
                .as_ref()
                .is_none_or(|c| alert.classification.as_ref() == Some(c))
            && self
                .determination
                .as_ref()
                .is_none_or(|d| alert.determination.as_ref() == Some(d))
    }

    /// `alert` as it reads once this update took effect (the comment not included: its
    /// author and time are the server's).
    pub fn applied_to(&self, alert: &Alert) -> Alert {
        let mut alert = alert.clone();
        if let Some(s) = &self.status {
            alert.status = Some(s.clone());
        }
        if let Some(a) = &self.assigned_to {
            alert.assigned_to = Some(a.clone());
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

impl Client {
    /// `PATCH alerts/{id}`: the updated alert.
    pub async fn update_alert(
        &self,
        id: &AlertId,
        update: &AlertUpdate,
    ) -> Result<Alert, ApiError> {
        let url = self.url(&["alerts", &id.segment()]);
        let body = serde_json::to_value(update).expect("updates serialize");
        let (content_type, bytes) = self
            .send(
                reqwest::Method::PATCH,
                Endpoint::UpdateAlert,
                url,
                Some(&body),
            )
            .await?;
        decode(Endpoint::UpdateAlert, &content_type, &bytes)
    }

    /// `POST alerts/batchUpdate`: the same update to every alert in `ids`.
    pub async fn batch_update(
        &self,
        ids: &[AlertId],
        update: &AlertUpdate,
    ) -> Result<(), ApiError> {
        let url = self.url(&["alerts", "batchUpdate"]);
        let mut body = serde_json::to_value(update).expect("updates serialize");
        body["alertIds"] = ids.iter().map(|id| id.as_str()).collect();
        self.send(
            reqwest::Method::POST,
            Endpoint::BatchUpdate,
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
