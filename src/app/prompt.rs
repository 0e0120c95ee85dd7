//! The one-line prompt's modes: `/` filter (live), `:` command, `e` export path, and the yes/no
//! of overwriting an export.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;
use tui_input::{Input, InputRequest};

use super::command::{self, Candidates, CommandLine};
use super::go::navigate;
use super::keymap::{Action, KeyMode};
use super::model::{Mode, Model};
use super::msg::Cmd;
use super::panes;
use crate::entity;

pub fn open(model: &mut Model, mode: Mode, text: &str) {
    model.mode = mode;
    model.input.prompt = Input::new(text.to_owned());
    model.input.commands.restart();
    model.input.filters.restart();
    model.input.cycle = None;
}

fn close(model: &mut Model) {
    model.mode = model.resting_mode();
    model.input.prompt.reset();
}

/// A key in a prompt, by the prompts' table (a printable key is text).
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let printable =
        matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL);
    let action = (!printable)
        .then(|| model.session.keymap.action_in(KeyMode::Prompt, &key))
        .flatten();
    // A second Tab walks the options the first one listed.
    if action == Some(Action::PromptComplete)
        && let Some((options, next)) = &mut model.input.cycle
    {
        let line = options[*next % options.len()].clone();
        *next += 1;
        model.input.prompt = Input::new(line);
        if model.mode == Mode::Filter {
            model.nav.current.pane_mut().filter = model.input.prompt.value().to_owned();
        }
        return Vec::new();
    }
    model.input.cycle = None;
    match model.mode {
        Mode::Filter => filter_key(model, action, key),
        Mode::Command => command_key(model, action, key),
        Mode::Export => export_key(model, action, key),
        Mode::Confirm => confirm_key(model, key),
        Mode::Package => super::package::folder_key(model, action, key),
        Mode::Search
        | Mode::Normal
        | Mode::Triage
        | Mode::Indicator
        | Mode::Respond
        | Mode::Hunt => Vec::new(),
    }
}

/// A paste lands in the box being typed in as text: line breaks and controls become spaces,
/// and nothing in it acts as a key (a pasted `jdoe⏎e⏎` opens nothing and writes nothing).
pub fn paste(model: &mut Model, text: &str) {
    let clean = crate::sanitize::line(text);
    let clean = clean.trim();
    let input = match model.mode {
        Mode::Search => &mut model.input.search,
        Mode::Filter | Mode::Command | Mode::Export | Mode::Package => &mut model.input.prompt,
        Mode::Hunt => {
            super::hunt::paste(model, text);
            return;
        }
        Mode::Normal | Mode::Confirm | Mode::Triage | Mode::Indicator | Mode::Respond => {
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

fn filter_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    match action {
        Some(Action::PromptApply) => {
            let line = model.input.prompt.value().to_owned();
            model.input.filters.push(&line);
            close(model);
            return Vec::new();
        }
        Some(Action::PromptCancel) => {
            model.nav.current.pane_mut().filter.clear();
            close(model);
            return Vec::new();
        }
        Some(walk @ (Action::PromptOlder | Action::PromptNewer)) => {
            if let Some(line) = model.input.filters.walk(walk == Action::PromptOlder) {
                model.input.prompt = Input::new(line.to_owned());
            }
        }
        Some(Action::PromptComplete) => complete_field(model),
        _ => edit(model, key),
    }
    // Narrow as you type: the rows follow on the next sync.
    let text = model.input.prompt.value().to_owned();
    model.nav.current.pane_mut().filter = text;
    Vec::new()
}

/// Tab in the filter: the field name being typed, completed from the list's fields; after
/// `field:`, its value — from the field's closed list (`sev:`, `status:`), else from the values
/// the list's rows hold (`machine:wks` → the machines in it).
fn complete_field(model: &mut Model) {
    let Some(rows) = panes::rows(model, model.nav.current.focus) else {
        return;
    };
    let line = model.input.prompt.value().to_owned();
    let start = line.rfind(' ').map_or(0, |i| i + 1);
    let word = line[start..].trim_start_matches('!');
    if let Some((field, typed)) = word.split_once(':') {
        // After a comma, the next of several values.
        let typed = typed.rsplit(',').next().unwrap_or(typed);
        let values = field_values(rows.list, &field.to_ascii_lowercase(), typed);
        let head = &line[..line.len() - typed.len()];
        offer(model, head, values);
        return;
    }
    let fields: Vec<String> = super::filter::field_names(rows.list)
        .into_iter()
        .filter(|f| f.starts_with(&word.to_ascii_lowercase()))
        .map(|f| format!("{f}:"))
        .collect();
    let head = &line[..line.len() - word.len()];
    offer(model, head, fields);
}

/// The most values Tab offers for a field: beyond this, more letters narrow them first.
const MOST_VALUES: usize = 40;

/// The values of `field` that start with `typed` (case aside): its closed list when it has
/// one, else those the list's rows hold, A to Z; quoted when they hold a space.
fn field_values(list: &dyn crate::entity::List, field: &str, typed: &str) -> Vec<String> {
    let typed = typed.to_lowercase();
    let starts = |v: &str| v.to_lowercase().starts_with(&typed);
    let mut values: Vec<String> = match list.vocabulary(field) {
        Some(known) => known.iter().map(|v| v.to_ascii_lowercase()).collect(),
        None => {
            let mut seen = std::collections::BTreeSet::new();
            for i in 0..list.len() {
                list.get(i).any_value(Some(field), false, &mut |v| {
                    if !v.is_empty() && v != "—" && starts(v) {
                        seen.insert(v.to_owned());
                    }
                    false
                });
                if seen.len() > MOST_VALUES {
                    break;
                }
            }
            seen.into_iter().collect()
        }
    };
    values.retain(|v| starts(v));
    values.truncate(MOST_VALUES);
    values
        .into_iter()
        .map(|v| match v.contains(' ') {
            true => format!("\"{v}\""),
            false => v,
        })
        .collect()
}

/// Puts the one completion in the prompt after `head`, or the part all share, and lists them.
fn offer(model: &mut Model, head: &str, options: Vec<String>) {
    match options.as_slice() {
        [] => model.flash("nothing to complete here"),
        [one] => model.input.prompt = Input::new(format!("{head}{one}")),
        many => {
            // The options show above the prompt while Tab cycles through them.
            let shared =
                command::common_prefix(many.iter().map(String::as_str)).unwrap_or_default();
            model.input.prompt = Input::new(format!("{head}{shared}"));
            model.input.cycle = Some((many.iter().map(|o| format!("{head}{o}")).collect(), 0));
        }
    }
}

/// What the command line and the search box can complete from: what was met so far.
pub(super) fn candidates(model: &Model) -> Candidates {
    let mut seen = Candidates::default();
    // Searched names count as what they turned out to be: an address searched is no user.
    let users = super::recall::names_of(model, "user");
    seen.extend("user", users.chain(&model.recall.seen_users).cloned());
    seen.extend(
        "machine",
        super::recall::names_of(model, "machine").cloned(),
    );
    for payload in model.store.payloads() {
        entity::mentions(payload, &mut seen);
    }
    seen.tidy();
    seen
}

fn command_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    match action {
        Some(Action::PromptCancel) => {
            close(model);
            Vec::new()
        }
        Some(Action::PromptComplete) => {
            let line = model.input.prompt.value().to_owned();
            match command::complete(&line, &candidates(model)) {
                Some(done) if done != line.trim_start() => model.input.prompt = Input::new(done),
                // Nothing more in common: list what could follow, and cycle through it.
                _ => {
                    let options = command::options(&line, &candidates(model));
                    offer(model, "", options);
                }
            }
            Vec::new()
        }
        Some(walk @ (Action::PromptOlder | Action::PromptNewer)) => {
            if let Some(line) = model.input.commands.walk(walk == Action::PromptOlder) {
                model.input.prompt = Input::new(line.to_owned());
            }
            Vec::new()
        }
        Some(Action::PromptApply) => {
            let line = model.input.prompt.value().trim().to_owned();
            close(model);
            model.input.commands.push(&line);
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
    match command::parse(line, model.session.me.as_deref()) {
        Ok(CommandLine::Quit) => {
            model.quit = true;
            Vec::new()
        }
        // A command that works clears the complaint about the one before.
        Ok(CommandLine::Open(route)) => {
            model.notices.message = None;
            navigate(model, route)
        }
        Err(e) => {
            model.flash(e.to_string());
            Vec::new()
        }
    }
}

fn export_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
    match action {
        Some(Action::PromptCancel) => {
            close(model);
            Vec::new()
        }
        Some(Action::PromptApply) => {
            let path = model.input.prompt.value().to_owned();
            close(model);
            match super::export::build(model, &path) {
                Ok(export) => super::exporting::start(model, export),
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
            super::exporting::start(model, export)
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
