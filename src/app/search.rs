//! The search box: a user name (or a `:` command) and Enter; suggestions from recent searches
//! and from users met in this session.

use crossterm::event::{KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::model::{Model, Route};
use super::prompt;
use super::update::{Cmd, back, navigate};
use crate::api::UserName;
use crate::engine::Payload;

/// Recent searches kept across runs.
pub const HISTORY_LEN: usize = 50;

/// Users met in answers become search suggestions.
pub fn remember_users(model: &mut Model, payload: &Payload) {
    let mut add = |name: &str| {
        if !name.is_empty()
            && !model
                .seen_users
                .iter()
                .any(|u| u.eq_ignore_ascii_case(name))
        {
            model.seen_users.push(name.to_owned());
        }
    };
    match payload {
        Payload::Users(users) => users.iter().for_each(|u| add(u.account())),
        Payload::User(u) => add(u.account()),
        Payload::Alerts(alerts) => alerts
            .iter()
            .filter_map(|a| a.related_user.as_ref()?.user_name.as_deref())
            .for_each(&mut add),
        Payload::Alert(a) => {
            if let Some(name) = a.related_user.as_ref().and_then(|u| u.user_name.as_deref()) {
                add(name);
            }
        }
        Payload::Machine(_) | Payload::Machines(_) => {}
    }
}

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    match key.code {
        KeyCode::Enter => {
            let text = model.search.value().to_owned();
            // The search box takes commands too: `:alert ID`, `:machine NAME`.
            if text.trim_start().starts_with(':') {
                model.search.reset();
                return prompt::run(model, &text);
            }
            match UserName::parse(&text) {
                Ok(user) => {
                    model.search.reset();
                    let typed = text.trim().to_owned();
                    model.history.retain(|h| !h.eq_ignore_ascii_case(&typed));
                    model.history.insert(0, typed.clone());
                    model.history.truncate(HISTORY_LEN);
                    let mut cmds = navigate(model, Route::User(user));
                    cmds.push(Cmd::RememberSearch(typed));
                    cmds
                }
                Err(e) => {
                    model.flash(e.to_string());
                    Vec::new()
                }
            }
        }
        KeyCode::Esc => {
            if model.search.value().is_empty() {
                back(model)
            } else {
                model.search.reset();
                Vec::new()
            }
        }
        KeyCode::Tab => {
            if let Some(completion) = suggestions(model).into_iter().next() {
                model.search = model.search.clone().with_value(completion);
            }
            Vec::new()
        }
        _ => {
            model
                .search
                .handle_event(&crossterm::event::Event::Key(key));
            Vec::new()
        }
    }
}

/// Recent searches, then users seen this session, that start with what is typed.
pub fn suggestions(model: &Model) -> Vec<String> {
    let typed = model.search.value().trim().to_lowercase();
    let mut out: Vec<String> = Vec::new();
    for name in model.history.iter().chain(&model.seen_users) {
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
