//! The search box: anything by its shape — a user, a machine, an alert id, a file hash, an
//! address, a domain or URL (or a `:` command) — and Enter; an entry that could be two things
//! offers both. Suggestions from recent searches and from users met in this session.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::go::{back, forward};
use super::keymap::{Action, KeyMode};
use super::model::Model;
use super::msg::Cmd;
use super::{choose, prompt, recall};
use crate::entity::shape;

/// Users met in answers become search suggestions.
pub fn remember_users(model: &mut Model, names: &[String]) {
    let seen = &mut model.recall.seen_users;
    for name in names {
        if !name.is_empty() && !seen.iter().any(|u| u.eq_ignore_ascii_case(name)) {
            seen.push(name.clone());
        }
    }
}

/// A key in the box, by the search box's table: a printable key is text, except on an empty
/// box where it is bound (`?` help, `]` forward, as in every view).
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let printable =
        matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL);
    let empty = model.input.search.value().is_empty();
    let action = (!printable || empty)
        .then(|| model.session.keymap.action_in(KeyMode::Search, &key))
        .flatten();
    if !matches!(
        action,
        Some(Action::SearchPickDown | Action::SearchPickUp | Action::SearchOpen)
    ) {
        model.input.pick = None;
    }
    match action {
        // ↓ and ↑ walk the suggestions under the box; Enter opens the one picked.
        Some(pick @ (Action::SearchPickDown | Action::SearchPickUp)) => {
            let down = pick == Action::SearchPickDown;
            let count = suggestions(model).len();
            // Over a queue, ↓ from an empty box goes into it (the queue's users would
            // otherwise fill the suggestions); after typing, past the last suggestion.
            let empty = model.input.search.value().is_empty() && model.input.pick.is_none();
            let at_end = empty || count == 0 || model.input.pick == Some(count - 1);
            if down && at_end && super::start::enter_queue(model) {
                return Vec::new();
            }
            model.input.pick = match (down, model.input.pick) {
                _ if count == 0 => None,
                (true, None) => Some(0),
                (true, Some(i)) => Some((i + 1).min(count - 1)),
                (false, Some(0) | None) => None,
                (false, Some(i)) => Some(i - 1),
            };
            Vec::new()
        }
        Some(Action::SearchOpen) => {
            let picked = model
                .input
                .pick
                .take()
                .and_then(|i| suggestions(model).into_iter().nth(i));
            let text = picked.unwrap_or_else(|| model.input.search.value().to_owned());
            // An empty box over the queue: Enter opens the queue's highlighted row, as the
            // highlight promises.
            if text.trim().is_empty() && super::start::has_rows(model) {
                super::start::enter_queue(model);
                return super::pivot::drill(model);
            }
            if let Some(cmds) = filter_like(model, &text) {
                return cmds;
            }
            // The search box takes commands too: `:alert ID`, `:machine NAME`.
            if text.trim_start().starts_with(':') {
                model.input.search.reset();
                return prompt::run(model, &text);
            }
            match shape::read(&text, &prompt::candidates(model)) {
                Ok(mut readings) => {
                    model.input.search.reset();
                    let typed = text.trim().to_owned();
                    // What the name turned out to be before settles a second reading.
                    if let Some(kind) = recall::kind_of(model, &typed)
                        && readings.iter().any(|r| r.route.kind_and_id().0 == kind)
                    {
                        readings.retain(|r| r.route.kind_and_id().0 == kind);
                    }
                    let settled = match readings.as_slice() {
                        [one] => Some(one.route.kind_and_id().0),
                        _ => None,
                    };
                    let remember = recall::remember(model, &typed, settled);
                    let options = readings.into_iter().map(|r| (r.what, r.route)).collect();
                    let title = format!("“{}” could be", crate::sanitize::line(&typed));
                    let mut cmds = choose::offer(model, title, options, "");
                    if let Some(choice) = model.choice.as_mut() {
                        choice.typed = Some(typed);
                    }
                    cmds.push(remember);
                    cmds
                }
                Err(e) => {
                    model.flash(e.to_string());
                    Vec::new()
                }
            }
        }
        Some(Action::Help) => {
            model.open_help();
            Vec::new()
        }
        Some(Action::Forward) => forward(model),
        Some(Action::Suspend) => vec![Cmd::Suspend],
        Some(Action::Quit) => {
            model.quit = true;
            Vec::new()
        }
        Some(Action::SearchClear) => {
            if model.input.search.value().is_empty() {
                back(model)
            } else {
                model.input.search.reset();
                Vec::new()
            }
        }
        Some(Action::SearchComplete) => {
            if let Some(completion) = suggestions(model).into_iter().next() {
                model.input.search = model.input.search.clone().with_value(completion);
            }
            Vec::new()
        }
        _ => {
            model
                .input
                .search
                .handle_event(&crossterm::event::Event::Key(key));
            Vec::new()
        }
    }
}

/// Text that reads as a list filter (`sev:high !status:inprogress machine:wks-*`): over the
/// queue, it filters the queue and gives it the keys; elsewhere it says where filters go.
/// Either way nothing is asked of the API and nothing enters the history. `None`: not one.
fn filter_like(model: &mut Model, text: &str) -> Option<Vec<Cmd>> {
    let terms: Vec<&str> = text.split_whitespace().collect();
    let field = |t: &str| {
        let (field, value) = t.trim_start_matches('!').split_once(':')?;
        let plain = !field.is_empty()
            && field.chars().all(|c| c.is_ascii_alphabetic())
            && !value.is_empty()
            && !value.starts_with("//");
        plain.then(|| field.to_ascii_lowercase())
    };
    let fields: Vec<String> = terms.iter().filter_map(|t| field(t)).collect();
    if fields.is_empty() {
        return None;
    }
    if super::start::has_rows(model) {
        let known = super::panes::rows(model, 0)
            .is_some_and(|rows| fields.iter().all(|f| rows.list.has_field(f)));
        if !known {
            return None;
        }
        let filter = text.trim().to_owned();
        model.input.search.reset();
        super::start::enter_queue(model);
        model.input.filters.push(&filter);
        model.nav.current.panes[0].filter = filter;
        model.flash("filtered the queue (Esc clears the filter)");
        return Some(Vec::new());
    }
    // Not a name of anything: a filter typed where none applies.
    if fields.len() == terms.len() {
        model.flash(format!(
            "“{}” reads as a filter: open a list (Q for the queue), then / filters it",
            crate::sanitize::line(text.trim())
        ));
        return Some(Vec::new());
    }
    None
}

/// Recent searches, then users seen this session, that start with what is typed.
pub fn suggestions(model: &Model) -> Vec<String> {
    let typed = model.input.search.value().trim().to_lowercase();
    let mut out: Vec<String> = Vec::new();
    let searched = model.recall.history.iter().map(|s| &s.name);
    for name in searched.chain(&model.recall.seen_users) {
        if (typed.is_empty() || name.to_lowercase().starts_with(&typed))
            && !out.iter().any(|o| o.eq_ignore_ascii_case(name))
        {
            out.push(name.clone());
        }
        if out.len() == 8 {
            break;
        }
    }
    out
}
