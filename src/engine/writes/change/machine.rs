//! What a change to a machine records and how it is read back: a response action is named by
//! the machine and its type, looked for under way before it is sent (the service may merge
//! quick identical actions, and the analyst should know of one pending), and read back among
//! the machine's actions of its type created since; a tag is read back on the machine; a
//! cancel on the action.

use time::OffsetDateTime;

use super::super::audit::{Fields, Target};
use super::super::shape::{Found, ReadBack};
use crate::api::model::Machine;
use crate::api::{ApiError, MachineAction, check_comment, check_tag};
use crate::engine::change::{Change, Changed};

/// How far the clocks of this machine and the API may differ for a read-back to count an
/// action as this write's.
const SKEW: time::Duration = time::Duration::minutes(2);

pub(super) fn target(change: &Change) -> (Target, &'static str) {
    match change {
        Change::Respond {
            machine, action, ..
        } => (
            Target::new("machine", machine.id.clone()),
            action.wire_type(),
        ),
        Change::Tag { machine, add, .. } => (
            Target::new("machine", machine.id.clone()),
            if *add { "tag" } else { "untag" },
        ),
        Change::CancelAction { action, .. } => {
            (Target::new("machine action", action.id.clone()), "cancel")
        }
        _ => (Target::new("machine", ""), "unknown"),
    }
}

fn machine_fields(machine: &Machine) -> Fields {
    Fields::of([
        ("computerDnsName", machine.computer_dns_name.clone()),
        ("osPlatform", machine.os_platform.clone()),
        (
            "healthStatus",
            machine
                .health_status
                .as_ref()
                .map(|h| h.as_str().to_owned()),
        ),
        ("machineTags", Some(machine.machine_tags.join(", "))),
    ])
}

fn action_fields(action: &MachineAction) -> Fields {
    Fields::of([
        ("id", Some(action.id.clone())),
        ("type", action.kind.clone()),
        ("scope", action.scope.clone()),
        ("status", action.status.clone()),
        ("machineId", action.machine_id.clone()),
    ])
}

pub(super) fn intent(change: &Change) -> (Option<Fields>, Option<Fields>) {
    match change {
        Change::Respond {
            machine, action, ..
        } => {
            let mut requested = vec![
                ("type", Some(action.wire_type().to_owned())),
                ("scope", action.scope().map(str::to_owned)),
            ];
            if let crate::api::ResponseAction::Quarantine(sha1) = action {
                requested.push(("sha1", Some(sha1.to_string())));
            }
            (Some(machine_fields(machine)), Some(Fields::of(requested)))
        }
        Change::Tag { machine, tag, add } => (
            Some(machine_fields(machine)),
            Some(Fields::of([
                ("tag", Some(tag.clone())),
                (
                    "action",
                    Some(if *add { "Add" } else { "Remove" }.to_owned()),
                ),
            ])),
        ),
        Change::CancelAction { action, .. } => (Some(action_fields(action)), None),
        _ => (None, None),
    }
}

/// The fields of what a change left, as the audit's result records them.
pub(super) fn after(changed: &Changed) -> Fields {
    match changed {
        Changed::Action(action) => action_fields(action),
        Changed::Machine(machine) => machine_fields(machine),
        Changed::Indicator(_) => Fields::default(),
    }
}

/// The change as it will be sent (trimmed), or why it may not be.
pub(super) fn checked(change: Change) -> Result<Change, ApiError> {
    match change {
        Change::Respond {
            machine,
            action,
            comment,
        } => {
            check_comment(&comment)?;
            Ok(Change::Respond {
                machine,
                action,
                comment: comment.trim().to_owned(),
            })
        }
        Change::Tag { machine, tag, add } => {
            check_tag(&tag)?;
            Ok(Change::Tag {
                machine,
                tag: tag.trim().to_owned(),
                add,
            })
        }
        Change::CancelAction { action, comment } => {
            check_comment(&comment)?;
            Ok(Change::CancelAction {
                action,
                comment: comment.trim().to_owned(),
            })
        }
        other => Ok(other),
    }
}

/// What the machine's actions say: before sending, whether the same one is under way
/// (`Applied`: it is); after, whether this write's was created; of a cancel, whether the
/// action is cancelled.
pub(super) fn read_back_action(
    change: &Change,
    found: Vec<MachineAction>,
    started: OffsetDateTime,
) -> ReadBack {
    match change {
        Change::Respond { comment, .. } => {
            let ours = found.into_iter().find(|a| {
                a.requestor_comment.as_deref() == Some(comment.as_str())
                    && a.creation_date_time_utc
                        .as_ref()
                        .and_then(|t| t.datetime())
                        .is_none_or(|at| at >= started - SKEW)
            });
            match ours {
                Some(action) => ReadBack::Applied(Some(Changed::Action(Box::new(action)))),
                None => ReadBack::NotApplied,
            }
        }
        Change::CancelAction { action, .. } => match found.first() {
            Some(a) if a.status.as_deref() == Some("Cancelled") => {
                ReadBack::Applied(Some(Changed::Action(Box::new(a.clone()))))
            }
            Some(a) if a.in_flight() => ReadBack::NotApplied,
            Some(a) => ReadBack::Unknown(format!(
                "action {} ended as {} instead",
                action.id,
                a.status.as_deref().unwrap_or("unknown")
            )),
            None => ReadBack::Unknown(format!("action {} cannot be found", action.id)),
        },
        _ => ReadBack::Unknown("not a machine action".into()),
    }
}

/// Whether the machine, read back, carries the tag as the change wanted.
pub(super) fn read_back_tag(change: &Change, found: Machine) -> ReadBack {
    let Change::Tag { tag, add, .. } = change else {
        return ReadBack::Unknown("not a tag".into());
    };
    if found.machine_tags.iter().any(|t| t == tag) == *add {
        ReadBack::Applied(Some(Changed::Machine(Box::new(found))))
    } else {
        ReadBack::NotApplied
    }
}

/// Of a look before sending: the same action already under way on the machine, said as why
/// this one is not sent; `None` when there is none.
pub(super) fn under_way(change: &Change, found: Found) -> Option<String> {
    let (
        Change::Respond {
            machine, action, ..
        },
        Found::Actions(found),
    ) = (change, found)
    else {
        return None;
    };
    let pending = found.into_iter().find(MachineAction::in_flight)?;
    let name = machine
        .computer_dns_name
        .as_deref()
        .unwrap_or(machine.id.as_str());
    Some(format!(
        "not sent again: {action} is already {} on {} (action {}, asked by {})",
        pending.status.as_deref().unwrap_or("under way"),
        crate::api::model::short_host(name),
        pending.id,
        pending.requestor.as_deref().unwrap_or("someone")
    ))
}
