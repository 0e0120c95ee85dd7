//! The pieces writes are made of: the calls of each shape (triage of alerts, a change to
//! one other target) with what they send and the budget family they spend, and their
//! answers, and what a write under way keeps.

use std::collections::HashMap;

use crate::api::model::{Alert, Machine};
use crate::api::{
    ActionQuery, AlertId, AlertUpdate, ApiError, Client, Endpoint, Indicator, MachineAction,
    MachineId,
};
use crate::engine::change::{Change, Changed};
use crate::engine::protocol::{ChangeOutcome, WriteOutcome};

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

/// Where a change's call stands: a look for the same change already under way (a response
/// action), the change itself, or its read-back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Check,
    Send,
    Verify,
}

/// A call of a change.
#[derive(Debug, Clone)]
pub(super) struct ChangeCall {
    pub(super) change: Change,
    pub(super) phase: Phase,
}

pub enum ChangeAnswer {
    /// The change's own call: what the API answered it with, if anything.
    Sent(Result<Option<Changed>, ApiError>),
    /// A pre-check or a read-back.
    Found(Result<Found, ApiError>),
}

/// What a pre-check or a read-back found.
pub enum Found {
    /// The indicators of the change's value.
    Indicators(Vec<Indicator>),
    /// The machine's actions of the change's type (a pre-check: those under way), newest
    /// first; or the action a cancel is about.
    Actions(Vec<MachineAction>),
    Machine(Box<Machine>),
}

impl ChangeAnswer {
    pub(super) fn error(&self) -> Option<&ApiError> {
        match self {
            Self::Sent(Err(e)) | Self::Found(Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// What a read-back says of a change.
#[derive(Debug, PartialEq)]
pub(super) enum ReadBack {
    Applied(Option<Changed>),
    NotApplied,
    Unknown(String),
}

impl ChangeCall {
    pub(super) fn family(&self) -> Endpoint {
        match (&self.change, self.phase) {
            (
                Change::SubmitIndicator { .. } | Change::DeleteIndicator { .. },
                Phase::Check | Phase::Verify,
            ) => Endpoint::LIST_INDICATORS,
            (Change::Tag { .. }, Phase::Check | Phase::Verify) => Endpoint::GET_MACHINE,
            (_, Phase::Check | Phase::Verify) => Endpoint::LIST_ACTIONS,
            (Change::SubmitIndicator { .. }, Phase::Send) => Endpoint::SUBMIT_INDICATOR,
            (Change::DeleteIndicator { .. }, Phase::Send) => Endpoint::DELETE_INDICATOR,
            (Change::Respond { action, .. }, Phase::Send) => action.endpoint(),
            (Change::Tag { .. }, Phase::Send) => Endpoint::TAG_MACHINE,
            (Change::CancelAction { .. }, Phase::Send) => Endpoint::CANCEL_ACTION,
        }
    }

    pub(super) async fn send(&self, client: &Client) -> ChangeAnswer {
        match self.phase {
            Phase::Send => ChangeAnswer::Sent(send(client, &self.change).await),
            Phase::Check | Phase::Verify => {
                ChangeAnswer::Found(look(client, &self.change, self.phase).await)
            }
        }
    }
}

async fn send(client: &Client, change: &Change) -> Result<Option<Changed>, ApiError> {
    Ok(match change {
        Change::SubmitIndicator { indicator, .. } => Some(Changed::Indicator(Box::new(
            client.submit_indicator(indicator).await?,
        ))),
        Change::DeleteIndicator { indicator } => {
            client.delete_indicator(&indicator.id).await?;
            None
        }
        Change::Respond {
            machine,
            action,
            comment,
        } => Some(Changed::Action(Box::new(
            client
                .respond(&machine_id(machine)?, action, comment)
                .await?,
        ))),
        Change::Tag { machine, tag, add } => Some(Changed::Machine(Box::new(
            client.tag_machine(&machine_id(machine)?, tag, *add).await?,
        ))),
        Change::CancelAction { action, comment } => Some(Changed::Action(Box::new(
            client.cancel_action(&action.id, comment).await?,
        ))),
    })
}

/// What a pre-check or a read-back asks the API.
async fn look(client: &Client, change: &Change, phase: Phase) -> Result<Found, ApiError> {
    Ok(match change {
        Change::SubmitIndicator { indicator, .. } => {
            Found::Indicators(client.indicators_of(&indicator.value).await?)
        }
        Change::DeleteIndicator { indicator } => Found::Indicators(
            client
                .indicators_of(indicator.indicator_value.as_deref().unwrap_or_default())
                .await?,
        ),
        Change::Respond {
            machine, action, ..
        } => {
            let query = ActionQuery {
                machine: Some(machine_id(machine)?),
                kind: Some(action.wire_type()),
                in_flight: phase == Phase::Check,
            };
            Found::Actions(client.machine_actions(&query).await?.items)
        }
        Change::Tag { machine, .. } => {
            Found::Machine(Box::new(client.machine(&machine_id(machine)?).await?))
        }
        Change::CancelAction { action, .. } => {
            Found::Actions(vec![client.machine_action(&action.id).await?])
        }
    })
}

fn machine_id(machine: &Machine) -> Result<MachineId, ApiError> {
    MachineId::parse(&machine.id).map_err(|e| ApiError::NotSent(e.to_string()))
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
    /// When it was taken in (a response action's read-back looks for one created since).
    pub(super) started: time::OffsetDateTime,
}
