//! `mdetui machine NAME isolate|release|scan|collect|restrict|unrestrict|quarantine SHA1|
//! tag TAG|untag TAG --comment …`: a response action (or a tag) from a shell. The machine is
//! read first (its id, OS and health go in the confirmation and the audit), the action checked
//! (a comment is required), confirmed on the terminal with the machine's name typed (unless
//! `--yes`), sent through the engine's write path — looked for under way first, audited ahead,
//! sent once — and with `--wait`, followed to its end, its status on stderr; the exit status
//! says whether it succeeded.

use std::time::Duration;

use super::{ask, changes, wait};
use crate::api::model::Machine;
use crate::api::{MachineAction, MachineId, ResponseAction, Sha1};
use crate::app::respond_form::short_name;
use crate::app::review;
use crate::cli::KindCommand;
use crate::engine::{
    Change, ChangeResult, Changed, DownloadState, EngineHandle, Event, Payload, Resource,
};

/// How often `--wait` asks how the action stands (one list call each time).
const WAIT_EVERY: Duration = Duration::from_secs(5);

/// Runs the write; true when it was done (with `--wait`: when the action succeeded).
pub async fn run(
    command: KindCommand,
    tenant: &str,
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
) -> Result<bool, String> {
    let id = MachineId::parse(&command.arg).map_err(|e| format!("{e}: nothing was sent"))?;
    let verb = command.part.as_deref().unwrap_or_default();
    let value = || {
        command
            .value
            .clone()
            .ok_or_else(|| format!("{verb} needs its value after it: nothing was sent"))
    };
    let comment = || {
        let comment = command.write.comment.clone().unwrap_or_default();
        crate::api::check_comment(&comment)
            .map(|()| comment)
            .map_err(|e| format!("{}: pass --comment \"why\"; nothing was sent", e.short()))
    };
    let action = match verb {
        "isolate" => Some(ResponseAction::Isolate {
            selective: command.write.selective,
        }),
        "release" => Some(ResponseAction::Release),
        "scan" => Some(ResponseAction::Scan {
            full: command.write.full,
        }),
        "collect" => Some(ResponseAction::Collect),
        "restrict" => Some(ResponseAction::Restrict),
        "unrestrict" => Some(ResponseAction::Unrestrict),
        "quarantine" => Some(ResponseAction::Quarantine(
            Sha1::parse(&value()?).map_err(|e| format!("{e}: nothing was sent"))?,
        )),
        _ => None,
    };
    let comment = match action {
        Some(_) => comment()?,
        None => String::new(),
    };
    let tag = match (&action, verb) {
        (None, "tag" | "untag") => value()?,
        _ => String::new(),
    };
    let machine = machine(handle, events, id).await?;
    let change = match action {
        Some(action) => Change::Respond {
            machine: Box::new(machine.clone()),
            action,
            comment,
        },
        None => Change::Tag {
            machine: Box::new(machine.clone()),
            tag,
            add: verb == "tag",
        },
    };
    if !command.write.yes {
        let mut question = review::lines(&change, tenant, None).join("\n");
        question.push('\n');
        match ask(&question, Some(&short_name(&machine))) {
            Ok(true) => {}
            Ok(false) => return Err("cancelled: nothing was sent".into()),
            Err(e) => return Err(format!("{e}; nothing was sent")),
        }
    }
    let (done, outcomes) = changes::send(handle, events, vec![change]).await;
    let started = outcomes.first().and_then(|o| match &o.result {
        ChangeResult::Done(Some(Changed::Action(action))) => Some((**action).clone()),
        _ => None,
    });
    match started {
        Some(action) if command.write.wait => {
            let id = action.id.clone();
            let succeeded = follow(handle, events, &machine, action).await?;
            match &command.write.out {
                Some(folder) if succeeded && verb == "collect" => {
                    let name = format!("{}-{id}.zip", short_name(&machine));
                    save_package(handle, events, &id, &folder.join(name)).await?;
                    Ok(true)
                }
                _ => Ok(succeeded),
            }
        }
        _ => Ok(done),
    }
}

/// The package of a succeeded collection, saved to `path` by the engine with its progress on
/// stderr; the link (a secret) is asked through the budget and never leaves the engine.
async fn save_package(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    action: &str,
    path: &std::path::Path,
) -> Result<(), String> {
    handle.send(crate::engine::Request::Download {
        action: action.to_owned(),
        path: path.to_owned(),
    });
    let mut said = 0u64;
    while let Some(event) = events.recv().await {
        let Event::Download(report) = event else {
            continue;
        };
        match report.state {
            DownloadState::Asking => {}
            // A line each megabyte and at the end, with the share when the size is known.
            DownloadState::Saving { saved, total } => {
                if saved / 1_048_576 > said / 1_048_576 || Some(saved) == total {
                    said = saved;
                    match total {
                        Some(total) if total > 0 => eprintln!(
                            "mdetui: package {saved} of {total} bytes ({}%)",
                            saved * 100 / total
                        ),
                        _ => eprintln!("mdetui: package {saved} bytes"),
                    }
                }
            }
            DownloadState::Saved { bytes } => {
                super::print(&format!(
                    "saved the package ({bytes} bytes) to {}\n",
                    path.display()
                ));
                return Ok(());
            }
            DownloadState::Failed(why) => return Err(format!("the package: {why}")),
        }
    }
    Err("the fetch engine stopped".into())
}

/// The machine, read through the engine.
async fn machine(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    id: MachineId,
) -> Result<Machine, String> {
    match crate::engine::fetch_once(handle, events, Resource::Machine(id), |_| {}).await {
        Ok(Payload::Machine(m)) => Ok((*m).clone()),
        Ok(_) => Err("not a machine: nothing was sent".into()),
        Err(e) => Err(format!("{}: nothing was sent", e.short())),
    }
}

/// Asks how `action` stands every few seconds (its status on stderr when it changes) until
/// it ends; true when it succeeded.
async fn follow(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    machine: &Machine,
    action: MachineAction,
) -> Result<bool, String> {
    let id = MachineId::parse(&machine.id).map_err(|e| e.to_string())?;
    let mut said = action.status.clone().unwrap_or_default();
    eprintln!("mdetui: action {} is {said}", action.id);
    loop {
        if !action_in_flight(&said) {
            return Ok(said == "Succeeded");
        }
        // A stop signal ends the wait (the action goes on; nothing is left unaudited).
        let stopped = wait::until_done(handle, events, |_| None::<()>);
        if tokio::time::timeout(WAIT_EVERY, stopped).await.is_ok() {
            return Err(format!("stopped waiting: action {} is {said}", action.id));
        }
        let resource = Resource::MachineActions(id.clone());
        handle.fetch(
            resource.clone(),
            crate::engine::Priority::Interactive,
            crate::engine::Origin(0),
        );
        let list = wait::until_done(handle, events, |event| match event {
            Event::Fetched {
                resource: r,
                payload: Payload::Actions(list),
                ..
            } if r == resource => Some(Ok(list)),
            Event::Failed {
                resource: r, error, ..
            } if r == resource => Some(Err(error)),
            _ => None,
        })
        .await
        .ok_or("the engine stopped")?;
        let list = list.map_err(|e| e.short())?;
        if let Some(now) = list.iter().find(|a| a.id == action.id) {
            let status = now.status.clone().unwrap_or_default();
            if status != said {
                eprintln!("mdetui: action {} is {status}", action.id);
                said = status;
            }
        }
    }
}

fn action_in_flight(status: &str) -> bool {
    matches!(status, "Pending" | "InProgress")
}

/// `mdetui action ID cancel --comment …`: the action read first (it must still be under
/// way), confirmed with its machine's name typed (unless `--yes`), cancelled through the
/// write path; true when it was.
pub async fn cancel(
    id: &str,
    comment: Option<String>,
    yes: bool,
    tenant: &str,
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
) -> Result<bool, String> {
    let comment = comment.unwrap_or_default();
    crate::api::check_comment(&comment)
        .map_err(|e| format!("{}: pass --comment \"why\"; nothing was sent", e.short()))?;
    let resource = Resource::MachineAction(id.trim().to_owned());
    let action = match crate::engine::fetch_once(handle, events, resource, |_| {}).await {
        Ok(Payload::Action(action)) => (*action).clone(),
        Ok(_) => return Err("not a machine action: nothing was sent".into()),
        Err(e) => return Err(format!("{}: nothing was sent", e.short())),
    };
    if !action.in_flight() {
        return Err(format!(
            "action {} has ended ({}): there is nothing to cancel",
            action.id,
            action.status.as_deref().unwrap_or("unknown")
        ));
    }
    let name = action.computer_dns_name.clone().unwrap_or_default();
    let change = Change::CancelAction {
        action: Box::new(action),
        comment,
    };
    if !yes {
        let mut question = review::lines(&change, tenant, None).join("\n");
        question.push('\n');
        let word = crate::api::model::short_host(&name).to_owned();
        match ask(&question, Some(&word)) {
            Ok(true) => {}
            Ok(false) => return Err("cancelled: nothing was sent".into()),
            Err(e) => return Err(format!("{e}; nothing was sent")),
        }
    }
    Ok(changes::send(handle, events, vec![change]).await.0)
}
