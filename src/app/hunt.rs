//! Hunting from the explorer (`mde-api.md` §14): `H` opens the hunt form — the saved hunts
//! this view can run, filled from the entity on screen, a query editor and a timespan — and
//! F5 or Ctrl-R runs it into a results view, whose cells open the entities their columns
//! name (the column cursor moves with h/l or ←/→, Enter opens its cell).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::go::navigate;
use super::hunt_form::{HuntField, HuntForm};
use super::keymap::Action;
use super::model::{Mode, Model};
use super::msg::Cmd;
use super::nav::Route;
use super::panes;
use crate::api::HuntQuery;
use crate::entity::hunt::{pivot, saved};

/// `H`: the form, with the saved hunts this view fills (or, on results, their query).
pub fn open(model: &mut Model) -> Vec<Cmd> {
    let route = model.nav.current.route.clone();
    if let Route::Hunt(q) = &route {
        model.hunt = Some(HuntForm::new(Vec::new(), &q.query, &q.timespan));
        model.mode = Mode::Hunt;
        return Vec::new();
    }
    let name = route
        .view()
        .facts
        .and_then(|r| model.store.one(&r).map(|e| e.label()));
    let params = saved::params(&route, name.as_deref());
    let runnable = saved::runnable(&model.session.hunts, &params, None)
        .into_iter()
        .filter_map(|(label, r)| match r {
            Route::Hunt(q) => Some((label, q.query)),
            _ => None,
        })
        .collect();
    let mut form = HuntForm::new(runnable, "", "P30D");
    form.about = params
        .iter()
        .next()
        .map(|(k, v)| format!("{k} {}", crate::sanitize::line(v)));
    model.hunt = Some(form);
    model.mode = Mode::Hunt;
    Vec::new()
}

/// A key in the form. In the query a printable key, Enter and the arrows edit it.
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code == KeyCode::F(5) || (ctrl && key.code == KeyCode::Char('r')) {
        return run(model);
    }
    let action = model.session.keymap.action_in(model.key_mode(), &key);
    let Some(form) = model.hunt.as_mut() else {
        model.mode = model.resting_mode();
        return Vec::new();
    };
    match action {
        Some(Action::CancelForm) => {
            model.hunt = None;
            model.mode = model.resting_mode();
            return Vec::new();
        }
        Some(Action::FieldNext) if key.code == KeyCode::Tab => form.next_field(true),
        Some(Action::FieldPrevious) if key.code == KeyCode::BackTab => form.next_field(false),
        _ => match form.field {
            HuntField::Query => {
                form.editor.key(key);
            }
            HuntField::Saved => match key.code {
                KeyCode::Enter => return run(model),
                KeyCode::Down | KeyCode::Right | KeyCode::Char('j') => form.step_saved(true),
                KeyCode::Up | KeyCode::Left | KeyCode::Char('k') => form.step_saved(false),
                _ => {}
            },
            HuntField::Timespan => match key.code {
                KeyCode::Down | KeyCode::Right => form.step_timespan(true),
                KeyCode::Up | KeyCode::Left => form.step_timespan(false),
                KeyCode::Enter => return run(model),
                _ => {}
            },
        },
    }
    Vec::new()
}

/// Runs the query in the editor (on the saved list with nothing loaded: the first saved one).
fn run(model: &mut Model) -> Vec<Cmd> {
    let Some(form) = model.hunt.as_mut() else {
        return Vec::new();
    };
    if form.editor.is_empty() && form.field == HuntField::Saved {
        form.step_saved(true);
    }
    match HuntQuery::new(&form.editor.text(), Some(form.timespan())) {
        Ok(query) => {
            model.hunt = None;
            model.mode = Mode::Normal;
            navigate(model, Route::Hunt(Box::new(query)))
        }
        Err(e) => {
            model.flash(format!("not run: {e}"));
            Vec::new()
        }
    }
}

/// A paste in the query keeps its line breaks.
pub fn paste(model: &mut Model, text: &str) {
    if let Some(form) = model.hunt.as_mut() {
        form.field = HuntField::Query;
        form.editor.insert(text);
    }
}

/// h/l, ←/→ on hunt results: the column cursor.
pub fn move_column(model: &mut Model, forward: bool) -> Vec<Cmd> {
    let Some(rows) = panes::rows(model, model.nav.current.focus) else {
        return Vec::new();
    };
    if rows.list.kind() != "row" {
        return Vec::new();
    }
    let columns = rows.list.heads().len();
    let pane = model.nav.current.pane_mut();
    pane.column = if forward {
        (pane.column + 1).min(columns.saturating_sub(1))
    } else {
        pane.column.saturating_sub(1)
    };
    Vec::new()
}

/// Enter on a hunt row: the entity of the cell under the column cursor, if its column names
/// one; `None` when the list is not a hunt's.
pub fn open_cell(model: &mut Model) -> Option<Vec<Cmd>> {
    let rows = panes::rows(model, model.nav.current.focus)?;
    if rows.list.kind() != "row" {
        return None;
    }
    let pane = model.nav.current.pane();
    let index = *pane.rows.get(pane.selected)?;
    let column = pane.column;
    let heads = rows.list.heads();
    let title = heads.get(column)?.title;
    let row = rows.list.get(index);
    let cell = row.facts().into_iter().nth(column).map(|(_, v)| v)?;
    let target = pivot::route(title, &cell).or_else(|| row.route());
    match target {
        Some(route) if pivot::opens(title) => Some(navigate(model, route)),
        Some(route) => {
            model.flash(format!(
                "{title} opens nothing: the row's first entity instead"
            ));
            Some(navigate(model, route))
        }
        None => {
            model.flash(format!("nothing to open in {title} (columns like DeviceName, AccountName, SHA1, RemoteIP or AlertId do)"));
            Some(Vec::new())
        }
    }
}
