//! The analyst's tools on the selected entity: copy (`y`, `Y`), open in the portal (`o`),
//! export (`e`), sorting the focused list (`S`, `I`), and the keys of what is open over a view.

use crossterm::event::{KeyCode, KeyEvent};

use super::export;
use super::model::{Mode, Model, Overlay};
use super::msg::Cmd;
use super::panes;
use super::prompt;
use crate::entity::{CopyWhat, Sort};

/// Terminals cap OSC 52 payloads (xterm ~100 kB); larger copies are refused, not truncated.
pub const MAX_COPY_BYTES: usize = 74_000;

pub fn copy(model: &mut Model, what: CopyWhat) -> Vec<Cmd> {
    copy_of(model, what, false)
}

/// Copies `what` of the selected row, or (`view`) of the entity the view is about — a file
/// view's own hash while a row of its alerts is selected.
fn copy_of(model: &mut Model, what: CopyWhat, view: bool) -> Vec<Cmd> {
    let entity = match view {
        true => panes::view_entity(model),
        false => panes::selected_entity(model),
    };
    let Some(entity) = entity else {
        model.flash("nothing selected to copy");
        return Vec::new();
    };
    let label = what.label();
    // The clipboard gets what the screen shows: no control or bidi character an attacker put
    // in a host name survives (JSON keeps its text, with those characters escaped).
    let text = entity.copy(what).map(|text| match what {
        CopyWhat::Json => crate::sanitize::json_for_terminal(&text).into_owned(),
        _ => crate::sanitize::line(&text).into_owned(),
    });
    match text {
        None => {
            model.flash(format!("no {label} here to copy"));
            Vec::new()
        }
        Some(text) if text.len() > MAX_COPY_BYTES => {
            model.flash(format!(
                "{label} is {} kB, more than a terminal clipboard takes ({} kB): export it instead",
                text.len() / 1000,
                MAX_COPY_BYTES / 1000
            ));
            Vec::new()
        }
        Some(text) => {
            // OSC 52 never says whether the terminal took it: say what was sent, and where it
            // can get lost.
            let preview: String = text.chars().take(40).collect();
            let caveat = if model.session.tmux {
                " (tmux passes it on with set-clipboard on)"
            } else {
                " (if your terminal allows OSC 52)"
            };
            model.flash(format!(
                "copied {label} to the clipboard{caveat}: {preview}"
            ));
            vec![Cmd::Copy(text)]
        }
    }
}

pub fn copy_menu(model: &mut Model) -> Vec<Cmd> {
    if panes::selected_entity(model).is_some() || panes::view_entity(model).is_some() {
        model.overlay = Some(Overlay::CopyMenu);
    } else {
        model.flash("nothing selected to copy");
    }
    Vec::new()
}

pub fn open_in_portal(model: &mut Model) -> Vec<Cmd> {
    let session = &model.session;
    match panes::selected_entity(model) {
        Some(entity) => vec![Cmd::Open(
            entity.portal_link(&session.portal, session.tenant_id.as_deref()),
        )],
        None => {
            model.flash("nothing selected to open");
            Vec::new()
        }
    }
}

pub fn start_export(model: &mut Model) -> Vec<Cmd> {
    if let Some(busy) = super::exporting::busy(model) {
        model.flash(busy);
        return Vec::new();
    }
    let name = export::default_name(model);
    prompt::open(model, Mode::Export, &name);
    Vec::new()
}

/// `S`: the next sortable column (from the list's default), descending first.
pub fn sort_next(model: &mut Model) -> Vec<Cmd> {
    let focus = model.nav.current.focus;
    let Some((sortable, default)) = panes::sortable(model, focus) else {
        return Vec::new();
    };
    let text = |column| panes::rows(model, focus).is_some_and(|r| r.list.text_column(column));
    let previous = model.nav.current.pane().sort.unwrap_or(default);
    let at = sortable
        .iter()
        .position(|&c| c == previous.column)
        .unwrap_or(0);
    let column = sortable[(at + 1) % sortable.len()];
    // Text reads A to Z; times and numbers newest or largest first.
    let descending = !text(column);
    let pane = model.nav.current.pane_mut();
    // Rows equal in the new column keep the list's own order (newest first).
    pane.then = Some(default);
    pane.sort = Some(Sort { column, descending });
    Vec::new()
}

/// `I`: the same column the other way round.
pub fn sort_reverse(model: &mut Model) -> Vec<Cmd> {
    let focus = model.nav.current.focus;
    let Some((_, default)) = panes::sortable(model, focus) else {
        return Vec::new();
    };
    let pane = model.nav.current.pane_mut();
    let sort = pane.sort.unwrap_or(default);
    pane.sort = Some(Sort {
        descending: !sort.descending,
        ..sort
    });
    Vec::new()
}

/// Groups the focused list of alerts by incident, or back to a row an alert.
pub fn group(model: &mut Model) -> Vec<Cmd> {
    let groups = panes::rows(model, model.nav.current.focus)
        .is_some_and(|rows| rows.list.has_field("incident"));
    if !groups {
        model.flash("only alerts group by incident");
        return Vec::new();
    }
    let pane = model.nav.current.pane_mut();
    pane.grouped = !pane.grouped;
    let grouped = pane.grouped;
    model.flash(if grouped {
        "grouped by incident: a row each, Enter opens it (z again: a row an alert)"
    } else {
        "a row an alert"
    });
    Vec::new()
}

/// A key in help: ↓ ↑ (or j k), PgDn PgUp, Home End scroll it (up to as many lines as it
/// could take, the screen's own bound applied when drawn); `false` for the others, which
/// close it.
pub fn scroll_help(model: &mut Model, code: KeyCode) -> bool {
    let most: u16 = model.help_limit.unwrap_or_else(|| {
        super::keymap::TABLES
            .iter()
            .map(|(mode, _)| 2 * model.session.keymap.help_rows_in(*mode).len() as u16 + 2)
            .sum()
    });
    let at = model.help_scroll;
    model.help_scroll = match code {
        KeyCode::Down | KeyCode::Char('j') => at.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => at.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => at.saturating_add(10),
        KeyCode::PageUp => at.saturating_sub(10),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => most,
        _ => return false,
    }
    .min(most);
    true
}

/// `T`: times as ages, or in full (in the configured zone).
pub fn toggle_ages(model: &mut Model) -> Vec<Cmd> {
    model.ages = !model.ages;
    let zone = model
        .session
        .time_offset
        .map_or_else(|| "UTC".to_owned(), crate::entity::zone_name);
    model.flash(if model.ages {
        "times as ages".to_owned()
    } else {
        format!("times in full, {zone}")
    });
    Vec::new()
}

/// `q`: out — but said first, once, while a write or a package is under way.
pub fn quit(model: &mut Model) -> Vec<Cmd> {
    let pending: usize =
        model.waiting.writes.values().map(Vec::len).sum::<usize>() + model.waiting.changes.len();
    if model.quit_warned {
        model.quit = true;
    } else if pending > 0 {
        model.quit_warned = true;
        model.flash(format!(
            "a write to {pending} target{} is under way: quit again to leave (what is in flight is answered and audited first; what has not been sent is not sent)",
            if pending == 1 { "" } else { "s" }
        ));
    } else if let Some(download) = model.downloads.first() {
        model.quit_warned = true;
        model.flash(format!(
            "the package of {} is still being saved: quit again to leave without it",
            download.machine
        ));
    } else {
        model.quit = true;
    }
    Vec::new()
}

/// A key while an overlay is open: a choice's, the copy menu's number, help's scrolling;
/// any other closes it.
pub fn overlay_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    match (model.overlay.take(), key.code) {
        (Some(Overlay::Choose), _) => {
            model.overlay = Some(Overlay::Choose);
            super::choose::key(model, key)
        }
        // Help scrolls where the screen is short for it; any other key closes it.
        (Some(Overlay::Help), code) if scroll_help(model, code) => {
            model.overlay = Some(Overlay::Help);
            Vec::new()
        }
        (Some(Overlay::CopyMenu), KeyCode::Char(c @ '1'..='6')) => {
            copy(model, CopyWhat::ALL[c as usize - '1' as usize])
        }
        // The view's own entity, under the row's: a to f.
        (Some(Overlay::CopyMenu), KeyCode::Char(c @ 'a'..='f')) => {
            copy_of(model, CopyWhat::ALL[c as usize - 'a' as usize], true)
        }
        _ => Vec::new(),
    }
}
