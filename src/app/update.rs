//! `update(model, msg) -> commands`: every key and engine event changes the model here, and
//! nowhere else. No I/O, no clock: time arrives in messages, and what the runtime did (an
//! export written, a file already there) comes back as messages too.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::go::{back, forward, navigate, refresh};
use super::keymap::Action;
use super::live;
use super::model::{Mode, Model, Overlay};
use super::msg::{Cmd, Msg, TEXT};
use super::nav::Route;
use super::pages;
use super::timeline_keys;
use super::{
    heard, hunt, indicate, marks, package, panes, pivot, prefetch, prompt, respond, search, tools,
    triage, watch,
};
use crate::entity::{CopyWhat, PivotTo};

const MESSAGE_LIFETIME: Duration = Duration::from_secs(6);
const PAGE: usize = 10;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    let cmds = match msg {
        Msg::Tick(now) => {
            tick(model, now);
            let mut cmds = prefetch::tick(model);
            cmds.extend(live::tick(model, now));
            cmds
        }
        Msg::Engine(event) => heard::engine_event(model, event),
        Msg::Exported(written) => {
            super::exporting::ended(model, written);
            Vec::new()
        }
        Msg::ExportProgress(done) => {
            super::exporting::progress(model, done);
            Vec::new()
        }
        Msg::Click { pane: TEXT, .. } | Msg::Wheel { pane: TEXT, .. }
            if model.nav.current.route.is_detail() =>
        {
            model.nav.current.list_focus = false;
            match msg {
                Msg::Wheel { down, .. } => panes::move_by(model, if down { 3 } else { -3 }),
                _ => Vec::new(),
            }
        }
        Msg::Click { pane, row, double } if mouse_ok(model, pane) => {
            let entry = &mut model.nav.current;
            entry.focus = pane;
            entry.list_focus = true;
            match row {
                Some(row) => {
                    entry.pane_mut().selected = row;
                    if double {
                        pivot::drill(model)
                    } else {
                        Vec::new()
                    }
                }
                None => Vec::new(),
            }
        }
        Msg::Wheel { pane, down } if mouse_ok(model, pane) => {
            model.nav.current.focus = pane;
            model.nav.current.list_focus = true;
            panes::move_by(model, if down { 3 } else { -3 })
        }
        Msg::Click { .. } | Msg::Wheel { .. } => Vec::new(),
        Msg::Notice(text) => {
            model.flash(text);
            Vec::new()
        }
        Msg::Paste(text) => {
            prompt::paste(model, &text);
            Vec::new()
        }
        Msg::Suspend => vec![Cmd::Suspend],
        Msg::Shown => {
            if let Some(confirm) = model.unshown_confirmation() {
                confirm.armed = true;
            }
            Vec::new()
        }
        Msg::Width(width) => {
            model.width = Some(width);
            Vec::new()
        }
        Msg::HelpLimit(limit) => {
            // At the end it stays at the end when the end moves (the layout changed).
            let at_end = model.help_limit.is_some_and(|old| model.help_scroll >= old);
            model.help_scroll = if at_end {
                limit
            } else {
                model.help_scroll.min(limit)
            };
            model.help_limit = Some(limit);
            Vec::new()
        }
        Msg::ScrollLimit(limit) => {
            model.scroll_limit = Some(limit);
            let entry = &mut model.nav.current;
            entry.scroll = entry.scroll.min(limit);
            Vec::new()
        }
        Msg::Download(report) => {
            package::report(model, report);
            Vec::new()
        }
        Msg::ExportExists(export) => {
            model.exporting = None;
            model.flash(format!("{} exists: overwrite? y/n", export.path.display()));
            model.waiting.export = Some(export);
            model.mode = Mode::Confirm;
            Vec::new()
        }
        Msg::Key(key) => {
            if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                model.quit = true;
                return Vec::new();
            }
            // Help is a function key away from anywhere — the search box, the form, a choice
            // — and lists the keys of where it was opened first.
            if matches!(key.code, KeyCode::F(_))
                && model.overlay != Some(Overlay::Help)
                && model.session.keymap.action_for(&key) == Some(Action::Help)
            {
                model.open_help();
                return Vec::new();
            }
            if model.overlay.is_some() {
                return tools::overlay_key(model, key);
            }
            // Two Escapes close together reach us as Alt-Esc: they are two Escapes.
            if key.code == KeyCode::Esc && key.modifiers.contains(KeyModifiers::ALT) {
                let esc = Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                let mut cmds = update(model, esc.clone());
                cmds.extend(update(model, esc));
                return cmds;
            }
            match model.mode {
                Mode::Search => search::key(model, key),
                Mode::Normal => normal_key(model, key),
                Mode::Filter | Mode::Command | Mode::Export | Mode::Confirm | Mode::Package => {
                    prompt::key(model, key)
                }
                Mode::Triage => triage::key(model, key),
                Mode::Indicator => indicate::key(model, key),
                Mode::Respond => respond::key(model, key),
                Mode::Hunt => hunt::key(model, key),
            }
        }
    };
    // Rows follow data, filters and sorts, whatever changed them; prefetch follows the
    // selection.
    panes::sync(model);
    live::seen(model);
    let mut cmds = cmds;
    cmds.extend(prefetch::follow(model));
    cmds.extend(pages::follow(model));
    cmds.extend(watch::follow(model));
    cmds
}

fn tick(model: &mut Model, now: std::time::Instant) {
    model.now = now;
    if model.loading() {
        model.spinner = model.spinner.wrapping_add(1);
    }
    if model
        .notices
        .message
        .as_ref()
        .is_some_and(|(_, at)| now.saturating_duration_since(*at) > MESSAGE_LIFETIME)
    {
        model.notices.message = None;
    }
}

/// The mouse acts only on a list view with nothing over it.
fn mouse_ok(model: &Model, pane: usize) -> bool {
    model.mode == Mode::Normal && model.overlay.is_none() && pane < model.nav.current.route.panes()
}

/// An open overlay takes the next key: the copy menu a number, the others any key to close.
fn normal_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    if let Some(cmds) = super::scopes::key(model, key) {
        return cmds;
    }
    let Some(action) = model.session.keymap.action_for(&key) else {
        // A write's key in a read-only session: said, not silently nothing.
        if model.session.keymap.withdrawn(&key).is_some() {
            model.refuses_writes();
        }
        return Vec::new();
    };
    if let Some(cmds) = super::start::queue_key(model, action) {
        return cmds;
    }
    match action {
        Action::Quit => tools::quit(model),
        Action::Suspend => vec![Cmd::Suspend],
        Action::Help => {
            model.open_help();
            Vec::new()
        }
        Action::Log => {
            model.overlay = Some(Overlay::Log);
            Vec::new()
        }
        Action::Search => navigate(model, Route::Search),
        Action::Filter if model.nav.current.route.panes() > 0 && !model.on_text() => {
            let text = model.nav.current.pane().filter.clone();
            prompt::open(model, Mode::Filter, &text);
            Vec::new()
        }
        Action::Filter => Vec::new(),
        Action::Command => {
            prompt::open(model, Mode::Command, "");
            Vec::new()
        }
        Action::Back if !model.nav.current.pane().filter.is_empty() => {
            model.nav.current.pane_mut().filter.clear();
            Vec::new()
        }
        Action::Back => back(model),
        Action::Forward => forward(model),
        Action::NextPane if model.nav.current.route.is_detail() => {
            // The text, then its list, then the text again.
            let entry = &mut model.nav.current;
            entry.list_focus = !entry.list_focus;
            Vec::new()
        }
        Action::NextPane => {
            let panes = model.nav.current.route.panes().max(1);
            let entry = &mut model.nav.current;
            entry.focus = (entry.focus + 1) % panes;
            Vec::new()
        }
        Action::Down => panes::move_by(model, 1),
        Action::Up => panes::move_by(model, -1),
        Action::PageDown => panes::move_by(model, PAGE as isize),
        Action::PageUp => panes::move_by(model, -(PAGE as isize)),
        Action::Top => panes::move_by(model, isize::MIN / 2),
        Action::Bottom => panes::move_by(model, isize::MAX / 2),
        Action::Open => pivot::drill(model),
        Action::PivotUser => pivot::pivot(model, PivotTo::User),
        Action::PivotMachine => pivot::pivot(model, PivotTo::Machine),
        Action::PivotAlerts => pivot::pivot_alerts(model),
        Action::PivotIncident => pivot::pivot(model, PivotTo::Incident),
        Action::Queue => super::go::to_queue(model),
        Action::SortNext => tools::sort_next(model),
        Action::SortReverse => tools::sort_reverse(model),
        Action::Group => tools::group(model),
        Action::Ages => tools::toggle_ages(model),
        Action::Timeline => timeline_keys::toggle(model),
        Action::BarPrevious => timeline_keys::move_bar(model, false),
        Action::BarNext => timeline_keys::move_bar(model, true),
        Action::KeepBar => timeline_keys::keep_bar(model),
        Action::Copy => tools::copy(model, CopyWhat::Id),
        Action::CopyMenu => tools::copy_menu(model),
        Action::OpenInPortal => tools::open_in_portal(model),
        Action::Export => tools::start_export(model),
        Action::Refresh => refresh(model),
        Action::Mark => marks::toggle(model),
        Action::MarkRange => marks::range(model),
        Action::MarkAll => marks::all(model),
        Action::Triage => triage::open(model),
        Action::Indicate => indicate::open(model),
        Action::DeleteIndicator => indicate::delete(model),
        Action::Respond => respond::open(model),
        Action::Package => package::open(model),
        Action::Hunt => hunt::open(model),
        Action::ColumnNext => hunt::move_column(model, true),
        Action::ColumnPrevious => hunt::move_column(model, false),
        // The other modes' actions are theirs: no normal key is bound to one.
        _ => Vec::new(),
    }
}
