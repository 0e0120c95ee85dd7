//! Response actions from the explorer (`mde-api.md` §12): `R` on a machine, a machine row or
//! marked machine rows opens the menu — isolate, release, scan, collect, restrict, tags; on a
//! file's machines, stop and quarantine the file first — each with the permission it needs.
//! A comment is required; the confirmation shows each machine (name, id, OS, health, last
//! seen, with what to weigh) and the request as sent, and asks for the machine's name typed
//! (for several, their count). Each machine's change goes to the engine on its own, paced,
//! audited ahead, looked for under way first.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::confirm::{Answer, Confirmation};
use super::keymap::Action;
use super::model::{Mode, Model};
use super::msg::Cmd;
use super::respond_form::{RespondField, RespondForm};
use crate::api::Sha1;
use crate::api::model::Machine;
use crate::engine::{Payload, Request, WriteId};

/// `R`: the menu for the marked or selected machines of the focused list, else the machine
/// of the view.
pub fn open(model: &mut Model) -> Vec<Cmd> {
    if model.refuses_writes() {
        return Vec::new();
    }
    if let Some(action) = selected_action(model) {
        if !action.in_flight() {
            let collected = action.kind.as_deref() == Some("CollectInvestigationPackage")
                && action.status.as_deref() == Some("Succeeded");
            model.flash(if collected {
                "this collection has ended: P saves its package"
            } else {
                "this action has ended: there is nothing to cancel"
            });
            return Vec::new();
        }
        model.respond = Some(RespondForm::cancelling(action));
        model.mode = Mode::Respond;
        return Vec::new();
    }
    let (machines, file) = machines_here(model);
    if machines.is_empty() {
        model.flash("no machine here to act on: stand on a machine, or a file's machines");
        return Vec::new();
    }
    let busy: Vec<&Machine> = machines
        .iter()
        .filter(|m| {
            model
                .waiting
                .changes
                .values()
                .any(|v| Some(v) == m.computer_dns_name.as_ref() || *v == m.id)
        })
        .collect();
    if let Some(m) = busy.first() {
        model.flash(format!(
            "a change to {} is still under way: wait for it to end",
            crate::sanitize::line(m.computer_dns_name.as_deref().unwrap_or(&m.id))
        ));
        return Vec::new();
    }
    let mut form = RespondForm::new(machines, file.as_ref());
    form.permissions.clone_from(&model.session.permissions);
    model.respond = Some(form);
    model.mode = Mode::Respond;
    Vec::new()
}

/// The machine action under the cursor of a focused actions list, if any.
pub(super) fn selected_action(model: &Model) -> Option<crate::api::MachineAction> {
    let entry = &model.nav.current;
    let spec = entry.route.pane(entry.focus)?;
    let Some(Payload::Actions(list)) = model.store.loaded(&spec.resource) else {
        return None;
    };
    let pane = entry.pane();
    pane.rows.get(pane.selected).map(|&i| list[i].clone())
}

/// The machines the menu acts on (the focused list's marked rows, else its selected one, else
/// the view's machine) and the file whose machines they are, if any.
fn machines_here(model: &Model) -> (Vec<Machine>, Option<Sha1>) {
    let entry = &model.nav.current;
    let view = entry.route.view();
    let file = match view.facts.as_ref().and_then(|r| model.store.loaded(r)) {
        Some(Payload::File(f)) => f.sha1.as_deref().and_then(|h| Sha1::parse(h).ok()),
        _ => None,
    };
    let listed = entry
        .route
        .pane(entry.focus)
        .filter(|_| entry.list_focus || !entry.route.is_detail())
        .and_then(|spec| match model.store.loaded(&spec.resource) {
            Some(Payload::Machines(list)) => Some(list.clone()),
            _ => None,
        });
    if let Some(list) = listed {
        let pane = entry.pane();
        let machines: Vec<Machine> = if pane.marked.is_empty() {
            pane.rows
                .get(pane.selected)
                .map(|&i| list[i].clone())
                .into_iter()
                .collect()
        } else {
            list.iter()
                .filter(|m| pane.marked.contains(&m.id))
                .cloned()
                .collect()
        };
        return (machines, file);
    }
    match view.facts.as_ref().and_then(|r| model.store.loaded(r)) {
        Some(Payload::Machine(m)) => (vec![(**m).clone()], None),
        Some(Payload::Alert(alert)) => alert_machine(model, alert),
        _ => (Vec::new(), file),
    }
}

/// On an alert: its machine, and the file of the evidence row under the cursor (to stop
/// and quarantine where the alert saw it). The machine as held, else as the alert names it.
fn alert_machine(model: &Model, alert: &crate::api::model::Alert) -> (Vec<Machine>, Option<Sha1>) {
    let file = crate::app::panes::selected_row(model)
        .filter(|_| model.nav.current.list_focus)
        .and_then(|row| row.indicate())
        .and_then(|i| {
            i.values
                .iter()
                .find(|(kind, _)| *kind == crate::api::IndicatorType::FileSha1)
                .and_then(|(_, v)| Sha1::parse(v).ok())
        });
    let Some(id) = alert.machine_id.as_deref() else {
        return (Vec::new(), file);
    };
    let held = crate::api::MachineId::parse(id).ok().and_then(|id| {
        match model.store.loaded(&crate::engine::Resource::Machine(id)) {
            Some(Payload::Machine(m)) => Some((**m).clone()),
            _ => None,
        }
    });
    let machine = held.unwrap_or_else(|| Machine {
        id: id.to_owned(),
        computer_dns_name: alert.computer_dns_name.as_deref().map(str::to_owned),
        ..Machine::default()
    });
    (vec![machine], file)
}

/// A key in the menu, or in its confirmation. In the comment (or tag) a printable key is text.
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let action = model.session.keymap.action_in(model.key_mode(), &key);
    let Some(form) = model.respond.as_mut() else {
        model.mode = model.resting_mode();
        return Vec::new();
    };
    if let Some((changes, confirm)) = form.review.as_mut() {
        let lines = changes.len();
        match confirm.key(action, key, lines) {
            Answer::Send => return send(model),
            Answer::Back => form.review = None,
            Answer::Stay => {}
        }
        return Vec::new();
    }
    let printable =
        matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL);
    let text = form.field == RespondField::Text;
    let action = action.filter(|a| {
        !(text && (printable || matches!(a, Action::ValueNext | Action::ValuePrevious)))
    });
    match action {
        Some(Action::CancelForm) => {
            model.respond = None;
            model.mode = model.resting_mode();
            model.flash("response cancelled: nothing was sent");
        }
        Some(Action::FieldNext | Action::FieldPrevious) => {
            form.field = match form.field {
                RespondField::Action => RespondField::Text,
                RespondField::Text => RespondField::Action,
            };
        }
        Some(Action::Review) if !form.choice().granted(form.permissions.as_deref()) => {
            let needed = form.choice().permission();
            model.flash(format!("not sent: this sign-in lacks {needed}"));
        }
        Some(Action::Review) => {
            let changes = form.changes();
            let invalid = changes.iter().find_map(|c| match c {
                crate::engine::Change::Respond { comment, .. } => {
                    crate::api::check_comment(comment).err()
                }
                crate::engine::Change::Tag { tag, .. } => crate::api::check_tag(tag).err(),
                _ => None,
            });
            match invalid {
                Some(why) => {
                    form.field = RespondField::Text;
                    model.flash(format!("not sent: {}", why.short()));
                }
                None => {
                    let word = form.word();
                    form.review = Some((changes, Confirmation::new(Some(word))));
                }
            }
        }
        Some(step @ (Action::ValueNext | Action::ValuePrevious)) => {
            form.step(step == Action::ValueNext);
        }
        _ if text => {
            form.text.handle_event(&crossterm::event::Event::Key(key));
        }
        _ => {}
    }
    Vec::new()
}

/// Enter on the confirmation, once the word is typed: a change for each machine, each its
/// own write (one result a machine, nothing sent twice).
fn send(model: &mut Model) -> Vec<Cmd> {
    let Some((changes, _)) = model.respond.take().and_then(|f| f.review) else {
        return Vec::new();
    };
    model.mode = model.resting_mode();
    let origin = model.nav.current.origin;
    if let Some(first) = changes.first() {
        let more = changes.len() - 1;
        model.flash(if more == 0 {
            format!("sending: {}…", first.describe())
        } else {
            format!(
                "sending to {} machines: {}…",
                changes.len(),
                first.describe()
            )
        });
    }
    model.nav.unmark(
        &changes
            .iter()
            .filter_map(|c| match c {
                crate::engine::Change::Respond { machine, .. }
                | crate::engine::Change::Tag { machine, .. } => Some(machine.id.clone()),
                _ => None,
            })
            .collect::<Vec<_>>(),
    );
    changes
        .into_iter()
        .map(|change| {
            let id = WriteId(model.next_origin().0);
            model.waiting.changes.insert(id, change.subject());
            Cmd::Engine(Request::Change { id, change, origin })
        })
        .collect()
}
