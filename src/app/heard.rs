//! What the engine said, heard: answers kept, failures and waits said where they matter,
//! the budget shown, writes and downloads followed.

use super::model::Model;
use super::msg::Cmd;
use super::{changed, live, package, pages, pivot, search, written};
use crate::engine::{Event, Pending, Resource, RetryCause};
use crate::entity::{self, Mentions};

pub(super) fn engine_event(model: &mut Model, event: Event) -> Vec<Cmd> {
    match event {
        Event::Fetched {
            resource,
            payload,
            fetched_at,
            ..
        } => {
            if live::arrived(model, &resource, &payload, fetched_at)
                || pages::arrived(model, &resource, &payload, fetched_at)
            {
                return Vec::new();
            }
            let mut seen = Mentions::default();
            entity::mentions(&payload, &mut seen);
            search::remember_users(model, seen.of("user"));
            model.store.note_answered(&resource, fetched_at);
            model.store.store(resource.clone(), payload, fetched_at);
            let mut cmds = pivot::finish_pivot(model, &resource);
            cmds.extend(super::go::settled(model));
            cmds
        }
        Event::Arriving {
            resource, payload, ..
        } => {
            model.store.arriving(resource, payload, model.now);
            Vec::new()
        }
        Event::Failed {
            resource, error, ..
        } => {
            if model.nav.current.route.resources().contains(&resource)
                && !is_quiet_miss(&resource, &error)
            {
                model.flash(format!("{resource}: {}", error.short()));
            }
            pivot::fail_pivot(model, &resource, &error.short());
            pages::failed(model, &resource, &error.short());
            let mut cmds = Vec::new();
            if let (Resource::Machine(name), crate::api::ApiError::NotFound { .. }) =
                (&resource, &error)
            {
                cmds.extend(super::recall::not_a_machine(model, name.as_str()));
            }
            model.store.note_answered(&resource, model.now);
            model.store.fail(resource, error);
            cmds
        }
        Event::Pending { resource, state } => {
            if let Pending::Retrying { attempt, at, cause } = state
                && model.nav.current.route.resources().contains(&resource)
            {
                let what = match cause {
                    RetryCause::Timeout => "the server is not answering",
                    RetryCause::ServerError => "the server failed",
                    RetryCause::Network => "the connection failed",
                };
                let secs = at.saturating_duration_since(model.now).as_secs() + 1;
                model.flash(format!("{resource}: {what}; retry {attempt} in {secs} s"));
            }
            model.store.note_asked(&resource, model.now);
            model.store.pending(resource, state);
            Vec::new()
        }
        Event::Throttled {
            resource,
            message,
            until,
        } => {
            if model.nav.current.route.resources().contains(&resource) {
                let at = model.wall_time(until);
                model.flash(format!("{resource}: {message} — asked again at {at}"));
            }
            Vec::new()
        }
        Event::Budget(status) => {
            // Why the team's store is out of reach, said once each time it changes (in `L`).
            let problem = |b: &crate::engine::BudgetStatus| {
                b.team
                    .as_ref()
                    .and_then(|t| t.problem.clone())
                    .filter(|p| !p.starts_with("connecting"))
            };
            let said = model.store.budget.as_ref().and_then(problem);
            let now = problem(&status);
            model.store.budget = Some(status);
            if let Some(problem) = now.filter(|p| Some(p) != said.as_ref()) {
                model.flash(format!("{problem}; using this session's own budget"));
            }
            Vec::new()
        }
        Event::Written(outcome) => written::finish(model, outcome),
        Event::Changed(outcome) => changed::finish(model, *outcome),
        // Learnt late for client credentials (at the first call): the response menu dims by it.
        Event::Permissions(permissions) => {
            model.session.permissions.get_or_insert(permissions);
            Vec::new()
        }
        Event::Download(report) => {
            package::report(model, report);
            Vec::new()
        }
        // Only one-shots stream (page by page, never held).
        Event::Stopped | Event::Page { .. } => Vec::new(),
        Event::WriteProgress { settled, total, .. } => {
            model.notices.message = Some((
                format!("writing: {settled} of {total} alerts settled…"),
                model.now,
            ));
            Vec::new()
        }
    }
}

/// `GET /users/{id}` is legacy and may 404 for a user whose alerts load fine: the pane says
/// so; no need to flash it.
fn is_quiet_miss(resource: &Resource, error: &crate::api::ApiError) -> bool {
    matches!(resource, Resource::User(_)) && matches!(error, crate::api::ApiError::NotFound { .. })
}
