//! The one-line prompt's modes: `/` filter (live), `:` command, `e` export path, and the yes/no
//! of overwriting an export.

use crossterm::event::{KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;
use tui_input::{Input, InputRequest};

use super::command::{self, Candidates, Command};
use super::go::navigate;
use super::model::{Mode, Model};
use super::msg::Cmd;
use super::nav::Route;
use super::panes;
use crate::entity;

/// Commands kept for Up/Down.
const COMMAND_HISTORY: usize = 100;

pub fn open(model: &mut Model, mode: Mode, text: &str) {
    model.mode = mode;
    model.input.prompt = Input::new(text.to_owned());
    model.input.command_cursor = None;
}

fn close(model: &mut Model) {
    model.mode = model.resting_mode();
    model.input.prompt.reset();
}

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    match model.mode {
        Mode::Filter => filter_key(model, key),
        Mode::Command => command_key(model, key),
        Mode::Export => export_key(model, key),
        Mode::Confirm => confirm_key(model, key),
        Mode::Search | Mode::Normal => Vec::new(),
    }
}

/// A paste lands in the box being typed in as text: line breaks and controls become spaces,
/// and nothing in it acts as a key (a pasted `jdoe⏎e⏎` opens nothing and writes nothing).
pub fn paste(model: &mut Model, text: &str) {
    let clean = crate::sanitize::line(text);
    let clean = clean.trim();
    let input = match model.mode {
        Mode::Search => &mut model.input.search,
        Mode::Filter | Mode::Command | Mode::Export => &mut model.input.prompt,
        Mode::Normal | Mode::Confirm => {
            model.flash("pasted text ignored: open the search box or a prompt first");
            return;
        }
    };
    for c in clean.chars() {
        input.handle(InputRequest::InsertChar(c));
    }
    if model.mode == Mode::Filter {
        model.nav.current.pane_mut().filter = model.input.prompt.value().to_owned();
    }
}

fn edit(model: &mut Model, key: KeyEvent) {
    model
        .input
        .prompt
        .handle_event(&crossterm::event::Event::Key(key));
}

fn filter_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    match key.code {
        KeyCode::Enter => close(model),
        KeyCode::Esc => {
            model.nav.current.pane_mut().filter.clear();
            close(model);
        }
        _ => {
            edit(model, key);
            // Narrow as you type: the rows follow on the next sync.
            let text = model.input.prompt.value().to_owned();
            model.nav.current.pane_mut().filter = text;
        }
    }
    Vec::new()
}

/// What the command line can complete from: users, alerts and machines met so far.
fn candidates(model: &Model) -> Candidates {
    let mut seen = Candidates {
        users: model
            .recall
            .history
            .iter()
            .chain(&model.recall.seen_users)
            .cloned()
            .collect(),
        ..Candidates::default()
    };
    for payload in model.store.payloads() {
        entity::mentions(payload, &mut seen);
    }
    for list in [&mut seen.users, &mut seen.alerts, &mut seen.machines] {
        list.sort_by_key(|s| s.to_lowercase());
        list.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    }
    seen
}

fn command_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    match key.code {
        KeyCode::Esc => {
            close(model);
            Vec::new()
        }
        KeyCode::Tab => {
            if let Some(done) = command::complete(model.input.prompt.value(), &candidates(model)) {
                model.input.prompt = Input::new(done);
            }
            Vec::new()
        }
        KeyCode::Up | KeyCode::Down => {
            let history = &model.input.command_history;
            let len = history.len();
            if len > 0 {
                let at = match (key.code, model.input.command_cursor) {
                    (KeyCode::Up, None) => len - 1,
                    (KeyCode::Up, Some(i)) => i.saturating_sub(1),
                    (_, None) => return Vec::new(),
                    (_, Some(i)) => (i + 1).min(len - 1),
                };
                model.input.prompt = Input::new(history[at].clone());
                model.input.command_cursor = Some(at);
            }
            Vec::new()
        }
        KeyCode::Enter => {
            let line = model.input.prompt.value().trim().to_owned();
            close(model);
            if !line.is_empty() {
                let history = &mut model.input.command_history;
                history.retain(|c| c != &line);
                history.push(line.clone());
                if history.len() > COMMAND_HISTORY {
                    history.remove(0);
                }
            }
            run(model, &line)
        }
        _ => {
            edit(model, key);
            Vec::new()
        }
    }
}

/// Runs a command line (`user jdoe`, `:alert ID`, `q`).
pub fn run(model: &mut Model, line: &str) -> Vec<Cmd> {
    match command::parse(line) {
        Ok(Command::Quit) => {
            model.quit = true;
            Vec::new()
        }
        Ok(Command::User(u)) => navigate(model, Route::User(u)),
        Ok(Command::Alert(a)) => navigate(model, Route::Alert(a)),
        Ok(Command::Machine(m)) => navigate(model, Route::Machine(m)),
        Err(e) => {
            model.flash(e.to_string());
            Vec::new()
        }
    }
}

fn export_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    match key.code {
        KeyCode::Esc => {
            close(model);
            Vec::new()
        }
        KeyCode::Enter => {
            let path = model.input.prompt.value().to_owned();
            close(model);
            match super::export::build(model, &path) {
                Ok(export) => vec![Cmd::Export(export)],
                Err(e) => {
                    model.flash(format!("export: {e}"));
                    Vec::new()
                }
            }
        }
        _ => {
            edit(model, key);
            Vec::new()
        }
    }
}

fn confirm_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    close(model);
    let pending = model.waiting.export.take();
    match (key.code, pending) {
        (KeyCode::Char('y' | 'Y'), Some(mut export)) => {
            export.overwrite = true;
            vec![Cmd::Export(export)]
        }
        (_, Some(export)) => {
            model.flash(format!(
                "not exported: {} was left as it was",
                export.path.display()
            ));
            Vec::new()
        }
        (_, None) => Vec::new(),
    }
}

/// The filter shown in a pane's title, with how many rows it leaves.
pub fn filter_title(model: &Model, pane: usize) -> Option<String> {
    let state = &model.nav.current.panes[pane];
    let filter = state.filter.trim();
    if filter.is_empty() {
        return None;
    }
    Some(match (&state.filter_error, panes::rows(model, pane)) {
        (Some(e), _) => format!("/{filter} — {e}"),
        (None, None) => format!("/{filter}"),
        (None, Some(rows)) => format!("/{filter} — {} of {}", rows.len(), rows.total()),
    })
}
