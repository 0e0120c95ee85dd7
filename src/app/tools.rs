//! The analyst's tools on the selected entity: copy (`y`, `Y`), open in the portal (`o`),
//! export (`e`), and sorting the focused list (`S`, `I`).

use super::clipboard::MAX_COPY_BYTES;
use super::export;
use super::model::{Mode, Model, Overlay};
use super::panes::{self, Selected};
use super::prompt;
use super::update::Cmd;
use crate::present::Sort;

/// What the copy menu offers, by number.
pub const COPY_CHOICES: &[&str] = &[
    "id",
    "account / UPN",
    "host name",
    "IP address",
    "SHA-256",
    "JSON",
];

fn first<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    values
        .into_iter()
        .flatten()
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The text of copy choice `choice` for `entity`, or `None` when it has none.
pub fn copy_text(entity: Selected<'_>, choice: usize) -> Option<String> {
    match (choice, entity) {
        (0, Selected::Alert(a)) => Some(a.id.clone()),
        (0, Selected::Machine(m)) => Some(m.id.clone()),
        (0, Selected::User(u)) => Some(u.id.clone()),
        (1, Selected::Alert(a)) => first(
            a.evidence
                .iter()
                .map(|e| e.user_principal_name.as_deref())
                .chain([a.related_user.as_ref().and_then(|u| u.user_name.as_deref())]),
        ),
        (1, Selected::User(u)) => Some(match u.domain() {
            Some(d) => format!("{d}\\{}", u.account()),
            None => u.account().to_owned(),
        }),
        (2, Selected::Alert(a)) => a.computer_dns_name.clone(),
        (2, Selected::Machine(m)) => m.computer_dns_name.clone(),
        (3, Selected::Alert(a)) => first(a.evidence.iter().map(|e| e.ip_address.as_deref())),
        (3, Selected::Machine(m)) => m.last_ip_address.clone(),
        (4, Selected::Alert(a)) => first(a.evidence.iter().map(|e| e.sha256.as_deref())),
        (5, entity) => Some(
            match entity {
                Selected::Alert(a) => serde_json::to_string_pretty(a),
                Selected::Machine(m) => serde_json::to_string_pretty(m),
                Selected::User(u) => serde_json::to_string_pretty(u),
            }
            .expect("entities serialize"),
        ),
        _ => None,
    }
}

pub fn copy(model: &mut Model, choice: usize) -> Vec<Cmd> {
    let Some(entity) = panes::selected_entity(model) else {
        model.flash("nothing selected to copy");
        return Vec::new();
    };
    let what = COPY_CHOICES[choice];
    match copy_text(entity, choice) {
        None => {
            model.flash(format!("no {what} here to copy"));
            Vec::new()
        }
        Some(text) if text.len() > MAX_COPY_BYTES => {
            model.flash(format!(
                "{what} is {} kB, more than a terminal clipboard takes ({} kB): export it instead",
                text.len() / 1000,
                MAX_COPY_BYTES / 1000
            ));
            Vec::new()
        }
        Some(text) => {
            let preview: String = text.chars().take(40).collect();
            model.flash(format!("copied {what}: {preview}"));
            vec![Cmd::Copy(text)]
        }
    }
}

pub fn copy_menu(model: &mut Model) -> Vec<Cmd> {
    if panes::selected_entity(model).is_some() {
        model.overlay = Some(Overlay::CopyMenu);
    } else {
        model.flash("nothing selected to copy");
    }
    Vec::new()
}

pub fn open_in_portal(model: &mut Model) -> Vec<Cmd> {
    let Some(entity) = panes::selected_entity(model) else {
        model.flash("nothing selected to open");
        return Vec::new();
    };
    let url = super::portal::link(&model.portal, model.tenant_id.as_deref(), entity);
    vec![Cmd::Open(url)]
}

pub fn start_export(model: &mut Model) -> Vec<Cmd> {
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
    let pane = model.nav.current.pane_mut();
    let current = pane.sort.unwrap_or(default).column;
    let at = sortable.iter().position(|&c| c == current).unwrap_or(0);
    let column = sortable[(at + 1) % sortable.len()];
    pane.sort = Some(Sort {
        column,
        descending: true,
    });
    pane.selected = 0;
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
    pane.selected = 0;
    Vec::new()
}
