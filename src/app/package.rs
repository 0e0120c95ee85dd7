//! `P`: save the investigation package of a succeeded collection (`mde-api.md` §12) — the
//! selected row of a machine's actions, else the machine's newest succeeded collection — in a
//! folder typed in the prompt (the last one used, else where the session began), as
//! `MACHINE-ACTIONID.zip`. The engine asks for the link and saves the file; the status bar
//! shows its progress; the outcome is flashed and logged. Not a write: a read-only session
//! may save packages too.

use crossterm::event::KeyEvent;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::Action;
use super::model::{Download, Mode, Model};
use super::msg::Cmd;
use crate::api::MachineAction;
use crate::engine::{DownloadReport, DownloadState, Payload};
use crate::entity::{share_bar, short_size};

const COLLECTION: &str = "CollectInvestigationPackage";

/// `P`: the folder prompt for the collection here, or why there is none.
pub fn open(model: &mut Model) -> Vec<Cmd> {
    let action = match super::respond::selected_action(model) {
        Some(action) => action,
        None => match newest_collection(model) {
            Some(action) => action,
            None => {
                model.flash(
                    "no investigation package here: collect one (R on a machine), then P on its row",
                );
                return Vec::new();
            }
        },
    };
    if action.kind.as_deref() != Some(COLLECTION) {
        model.flash(format!(
            "P saves an investigation package: this action is {}",
            crate::sanitize::line(action.kind.as_deref().unwrap_or("of no known type"))
        ));
        return Vec::new();
    }
    if action.status.as_deref() != Some("Succeeded") {
        model.flash(format!(
            "the collection is {}: its package can be saved once it has succeeded",
            crate::sanitize::line(action.status.as_deref().unwrap_or("of no known status"))
        ));
        return Vec::new();
    }
    if let Some(under_way) = model.downloads.iter().find(|d| d.action == action.id) {
        let to = under_way
            .path
            .as_ref()
            .map_or_else(String::new, |p| format!(" to {}", p.display()));
        model.flash(format!(
            "the package of {} is already being saved{to}",
            under_way.machine
        ));
        return Vec::new();
    }
    let machine = machine_of(&action);
    let folder = model
        .recall
        .folder
        .clone()
        .unwrap_or_else(|| model.session.folder.clone());
    model.waiting.package = Some((action.id, machine));
    model.mode = Mode::Package;
    model.input.prompt = Input::new(folder);
    Vec::new()
}

/// The collection on this view's list of actions the analyst most likely means: the newest
/// that succeeded, else the newest (to say it has not succeeded yet).
fn newest_collection(model: &Model) -> Option<MachineAction> {
    let route = &model.nav.current.route;
    (0..route.panes())
        .filter_map(|pane| route.pane(pane))
        .filter_map(|spec| match model.store.loaded(&spec.resource) {
            Some(Payload::Actions(list)) => Some(list),
            _ => None,
        })
        .flat_map(|list| list.iter())
        .filter(|a| a.kind.as_deref() == Some(COLLECTION))
        .max_by_key(|a| {
            let created = a
                .creation_date_time_utc
                .as_ref()
                .and_then(|t| t.datetime())
                .map(|t| t.unix_timestamp_nanos());
            (a.status.as_deref() == Some("Succeeded"), created)
        })
        .cloned()
}

/// The machine's short name, as files and the status bar say it.
fn machine_of(action: &MachineAction) -> String {
    let name = action
        .computer_dns_name
        .as_deref()
        .or(action.machine_id.as_deref())
        .unwrap_or("machine");
    crate::sanitize::line(crate::api::model::short_host(name)).into_owned()
}

/// A key in the folder prompt: Enter saves there, Esc gives up.
pub fn folder_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    match action {
        Some(Action::PromptCancel) => {
            close(model);
            model.waiting.package = None;
            model.flash("the package was not saved");
            Vec::new()
        }
        Some(Action::PromptApply) => {
            let folder = model.input.prompt.value().trim().to_owned();
            close(model);
            let Some((action, machine)) = model.waiting.package.take() else {
                return Vec::new();
            };
            if folder.is_empty() {
                model.flash("the package was not saved: no folder given");
                return Vec::new();
            }
            let name = super::export::file_safe(&format!("{machine}-{action}.zip"));
            model.recall.folder = Some(folder.clone());
            model.downloads.push(Download {
                action: action.clone(),
                machine,
                path: None,
                state: DownloadState::Asking,
            });
            vec![Cmd::SavePackage {
                action,
                folder,
                name,
            }]
        }
        _ => {
            model
                .input
                .prompt
                .handle_event(&crossterm::event::Event::Key(key));
            Vec::new()
        }
    }
}

fn close(model: &mut Model) {
    model.mode = model.resting_mode();
    model.input.prompt.reset();
}

/// A download moved on: the status bar follows it; its end is flashed.
pub fn report(model: &mut Model, report: DownloadReport) {
    let Some(at) = model
        .downloads
        .iter()
        .position(|d| d.action == report.action)
    else {
        return;
    };
    let download = &mut model.downloads[at];
    download.path = Some(report.path.clone());
    download.state = report.state;
    let path = crate::sanitize::line(&report.path.display().to_string()).into_owned();
    let text = match &download.state {
        DownloadState::Asking | DownloadState::Saving { .. } => return,
        DownloadState::Saved { bytes } => format!(
            "saved the package of {} ({}) to {path}",
            download.machine,
            short_size(*bytes)
        ),
        DownloadState::Failed(why) => {
            format!("the package of {} was not saved: {why}", download.machine)
        }
    };
    model.downloads.remove(at);
    model.flash(text);
}

/// The status bar's word on a download: `package wks-fin-042 ███░░░░░░░ 30% 1.2 MiB of
/// 3.9 MiB`, or where room is short `package 30%`.
pub fn progress(download: &Download, short: bool) -> String {
    let machine = &download.machine;
    let share = match &download.state {
        DownloadState::Saving {
            saved,
            total: Some(total),
        } if *total > 0 => Some((saved * 100 / total).min(100)),
        _ => None,
    };
    match (&download.state, share) {
        (DownloadState::Asking, _) if short => "package: asking".to_owned(),
        (DownloadState::Asking, _) => format!("package {machine}: asking for its link"),
        (_, Some(share)) if short => format!("package {share}%"),
        (DownloadState::Saving { saved, total }, Some(share)) => format!(
            "package {machine} {} {} of {}",
            share_bar(share),
            short_size(*saved),
            short_size(total.unwrap_or_default())
        ),
        (DownloadState::Saving { saved, .. }, None) if short => {
            format!("package {}", short_size(*saved))
        }
        (DownloadState::Saving { saved, .. }, None) => {
            format!("package {machine} {} saved", short_size(*saved))
        }
        (DownloadState::Saved { .. }, _) => format!("package {machine} saved"),
        (DownloadState::Failed(_), _) => format!("package {machine} failed"),
    }
}
