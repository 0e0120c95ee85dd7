//! The pieces writes are made of: the calls of each shape (triage of alerts, a change to
//! one other target) with what they send and the budget family they spend, and their
//! answers, and what a write under way keeps.

use std::collections::HashMap;

use crate::api::model::Alert;
use crate::api::{AlertId, AlertUpdate, ApiError, Client, Endpoint, Indicator};
use crate::engine::protocol::{Change, ChangeOutcome, WriteOutcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StepKind {
    Patch,
    Batch,
    /// Read an alert back after an answer that left unknown whether a write took effect.
    Verify,
}

/// A call of a triage write: its alerts and the update.
#[derive(Debug, Clone)]
pub(super) struct AlertCall {
    pub(super) kind: StepKind,
    pub(super) alerts: Vec<AlertId>,
    pub(super) update: AlertUpdate,
    /// The other spelling was tried already.
    pub(super) respelled: bool,
}

impl AlertCall {
    pub(super) fn family(&self) -> Endpoint {
        match self.kind {
            StepKind::Patch => Endpoint::UPDATE_ALERT,
            StepKind::Batch => Endpoint::BATCH_UPDATE,
            StepKind::Verify => Endpoint::GET_ALERT,
        }
    }

    pub(super) async fn send(&self, client: &Client) -> AlertAnswer {
        match self.kind {
            StepKind::Patch => {
                AlertAnswer::Patched(client.update_alert(&self.alerts[0], &self.update).await)
            }
            StepKind::Batch => {
                AlertAnswer::Batched(client.batch_update(&self.alerts, &self.update).await)
            }
            StepKind::Verify => AlertAnswer::Verified(client.alert(&self.alerts[0]).await),
        }
    }
}

pub enum AlertAnswer {
    Patched(Result<Alert, ApiError>),
    Batched(Result<(), ApiError>),
    Verified(Result<Alert, ApiError>),
}

impl AlertAnswer {
    pub(super) fn error(&self) -> Option<&ApiError> {
        match self {
            Self::Patched(Err(e)) | Self::Batched(Err(e)) | Self::Verified(Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// A call of a change: the change itself, or its read-back.
#[derive(Debug, Clone)]
pub(super) struct ChangeCall {
    pub(super) change: Change,
    pub(super) verify: bool,
}

pub enum ChangeAnswer {
    Submitted(Result<Box<Indicator>, ApiError>),
    Deleted(Result<(), ApiError>),
    /// The read-back: the indicators of the change's value.
    Found(Result<Vec<Indicator>, ApiError>),
}

impl ChangeAnswer {
    pub(super) fn error(&self) -> Option<&ApiError> {
        match self {
            Self::Submitted(Err(e)) | Self::Deleted(Err(e)) | Self::Found(Err(e)) => Some(e),
            _ => None,
        }
    }
}

impl ChangeCall {
    pub(super) fn family(&self) -> Endpoint {
        match (&self.change, self.verify) {
            (_, true) => Endpoint::LIST_INDICATORS,
            (Change::SubmitIndicator { .. }, false) => Endpoint::SUBMIT_INDICATOR,
            (Change::DeleteIndicator { .. }, false) => Endpoint::DELETE_INDICATOR,
        }
    }

    pub(super) async fn send(&self, client: &Client) -> ChangeAnswer {
        if self.verify {
            return ChangeAnswer::Found(client.indicators_of(&value(&self.change)).await);
        }
        match &self.change {
            Change::SubmitIndicator { indicator, .. } => {
                ChangeAnswer::Submitted(client.submit_indicator(indicator).await.map(Box::new))
            }
            Change::DeleteIndicator { indicator } => {
                ChangeAnswer::Deleted(client.delete_indicator(&indicator.id).await)
            }
        }
    }
}

/// The value a change is about: how the audit names its target, and how it is read back.
pub(super) fn value(change: &Change) -> String {
    match change {
        Change::SubmitIndicator { indicator, .. } => indicator.value.clone(),
        Change::DeleteIndicator { indicator } => {
            indicator.indicator_value.clone().unwrap_or_default()
        }
    }
}

/// A triage write under way.
pub(super) struct OpenWrite {
    pub(super) outcome: WriteOutcome,
    /// Its steps queued or in flight.
    pub(super) pending: usize,
    /// Its name in the audit log.
    pub(super) audit_id: String,
    /// Each alert as it read before the write, where known.
    pub(super) before: HashMap<AlertId, Alert>,
}

/// A change under way.
pub(super) struct OpenChange {
    pub(super) outcome: ChangeOutcome,
    pub(super) audit_id: String,
}
