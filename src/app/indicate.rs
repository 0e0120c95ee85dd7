//! Indicators from the explorer (`mde-api.md` §13): `b` on a file, address or domain view,
//! or on a file, IP or URL evidence row, opens the indicator form pre-filled from the alert
//! behind (title, description, severity) to block the value for 30 days; on an indicator row
//! it edits that indicator (submitting the same value updates it). `D` on an indicator row
//! deletes it. Every one ends in the write confirmation (a block needs `block` typed) and goes
//! to the engine as one change (audited ahead, sent once); `changed` says its outcome.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::confirm::{Answer, Confirmation};
use super::indicator_form::{IndicatorField, IndicatorForm, IndicatorWork};
use super::keymap::Action;
use super::model::{Mode, Model};
use super::msg::Cmd;
use super::panes;
use crate::api::model::Alert;
use crate::api::{Indicator, IndicatorScope, IndicatorType};
use crate::engine::{Payload, Request, Resource};
use crate::entity::column::opt;

/// The word a blocking indicator needs typed before Enter sends it.
pub const BLOCK_WORD: &str = "block";

/// `b`: the form for what the selected row or the view names; on an indicator row, that
/// indicator to edit.
pub fn open(model: &mut Model) -> Vec<Cmd> {
    if model.refuses_writes() {
        return Vec::new();
    }
    if let Some(indicator) = selected_indicator(model) {
        let Some(kind) = indicator
            .indicator_type
            .as_deref()
            .and_then(|t| IndicatorType::named(t).ok())
        else {
            model.flash("this indicator's type cannot be edited here");
            return Vec::new();
        };
        return show(model, IndicatorForm::editing(&indicator, kind));
    }
    let row = panes::selected_row(model).and_then(|e| e.indicate());
    let facts = model.nav.current.route.view().facts;
    let here = row.or_else(|| model.store.one(facts.as_ref()?)?.indicate());
    let Some(indicate) = here else {
        model.flash("no file, address, domain or URL here to make an indicator of");
        return Vec::new();
    };
    let alert = alert_behind(model);
    let (title, description) = prefill(&indicate.values[0].1, alert.as_ref());
    let mut form = IndicatorForm::new(
        indicate.values,
        &title,
        &description,
        alert.as_ref().and_then(|a| a.severity.as_ref()),
    );
    form.warning = indicate.warning;
    // What the API would refuse whatever the form says (an internal address) is refused now.
    let now = model.wall_now();
    let mut refusal = None;
    let values = std::mem::take(&mut form.values);
    for (kind, value) in values {
        let mut one = form.clone();
        one.values = vec![(kind, value.clone())];
        match one.indicator(now).check(now) {
            Ok(checked) => form.values.push((kind, checked.value)),
            Err(why) => refusal = refusal.or(Some(why)),
        }
    }
    if form.values.is_empty() {
        let why = refusal.map_or_else(String::new, |r| r.to_string());
        model.flash(format!("no indicator can be made of this: {why}"));
        return Vec::new();
    }
    form.before = existing(model, &form.values[0]);
    show(model, form)
}

/// `D` on an indicator row: its deletion, to confirm.
pub fn delete(model: &mut Model) -> Vec<Cmd> {
    if model.refuses_writes() {
        return Vec::new();
    }
    let Some(indicator) = selected_indicator(model) else {
        model.flash("stand on an indicator (:indicators) to delete it");
        return Vec::new();
    };
    model.indicator = Some(IndicatorWork::Delete(
        Box::new(indicator),
        Confirmation::new(None),
    ));
    model.mode = Mode::Indicator;
    Vec::new()
}

fn show(model: &mut Model, form: IndicatorForm) -> Vec<Cmd> {
    let value = &form.values[form.value].1;
    if model.waiting.changes.values().any(|v| v == value) {
        model.flash(format!(
            "a change to {} is still under way: wait for it to end",
            crate::sanitize::line(value)
        ));
        return Vec::new();
    }
    model.indicator = Some(IndicatorWork::Form(Box::new(form)));
    model.mode = Mode::Indicator;
    Vec::new()
}

/// The indicator under the cursor of a list of indicators.
fn selected_indicator(model: &Model) -> Option<Indicator> {
    let entry = &model.nav.current;
    let spec = entry.route.pane(entry.focus)?;
    let Some(Payload::Indicators(list)) = model.store.loaded(&spec.resource) else {
        return None;
    };
    let pane = entry.pane();
    pane.rows
        .get(pane.selected)
        .and_then(|&i| list.get(i))
        .cloned()
}

/// The alert the analyst came from: this view's, else the nearest behind.
fn alert_behind(model: &Model) -> Option<Alert> {
    let nav = &model.nav;
    std::iter::once(&nav.current)
        .chain(nav.back.iter().rev())
        .find_map(
            |entry| match model.store.loaded(&entry.route.view().facts?) {
                Some(Payload::Alert(alert)) => Some((**alert).clone()),
                _ => None,
            },
        )
}

/// A title and a description that say where the value was met.
fn prefill(value: &str, alert: Option<&Alert>) -> (String, String) {
    let Some(alert) = alert else {
        return (
            format!("mdetui: {value}"),
            format!("Submitted from mdetui by an analyst reviewing {value}."),
        );
    };
    let title: String = opt(&alert.title).chars().take(200).collect();
    let machine = alert
        .computer_dns_name
        .as_deref()
        .map(|m| format!(" on {m}"))
        .unwrap_or_default();
    (
        title.clone(),
        format!(
            "Evidence of alert {} “{title}”{machine}. Submitted from mdetui.",
            alert.id
        ),
    )
}

/// The tenant's indicator of `value` (of its type) among the lists on hand, if any.
fn existing(model: &Model, (kind, value): &(IndicatorType, String)) -> Option<Indicator> {
    let wire = format!("{kind:?}");
    [
        IndicatorScope::All,
        IndicatorScope::Files,
        IndicatorScope::Addresses,
        IndicatorScope::Domains,
        IndicatorScope::Urls,
    ]
    .into_iter()
    .filter_map(
        |scope| match model.store.loaded(&Resource::Indicators(scope)) {
            Some(Payload::Indicators(list)) => Some(list.clone()),
            _ => None,
        },
    )
    .flat_map(|list| list.iter().cloned().collect::<Vec<_>>())
    .find(|i| {
        i.indicator_value
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case(value))
            && i.indicator_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(&wire))
    })
}

/// A key in the form, or in its confirmation. In the title, the description and the
/// recommended actions a printable key is text (Enter in the description is a new line).
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let action = model.session.keymap.action_in(model.key_mode(), &key);
    let now = model.wall_now();
    let Some(work) = model.indicator.as_mut() else {
        model.mode = model.resting_mode();
        return Vec::new();
    };
    // The confirmation scrolls its lines.
    let lines = work.review_lines(&model.session.label).len();
    if let Some(confirm) = work.confirmation() {
        match confirm.key(action, key, lines) {
            Answer::Send => return send(model),
            Answer::Back => match work {
                IndicatorWork::Form(form) => form.review = None,
                IndicatorWork::Delete(..) => {
                    return cancel(model, "delete cancelled: nothing was sent");
                }
            },
            Answer::Stay => {}
        }
        return Vec::new();
    }
    let IndicatorWork::Form(form) = work else {
        return Vec::new();
    };
    let field = form.field;
    let printable =
        matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL);
    let action = action.filter(|a| match field {
        IndicatorField::Description => {
            !(printable || (*a == Action::Review && key.code == KeyCode::Enter))
        }
        f if f.takes_text() => {
            !printable && !matches!(a, Action::ValueNext | Action::ValuePrevious)
        }
        _ => true,
    });
    match action {
        Some(Action::CancelForm) => return cancel(model, "indicator cancelled: nothing was sent"),
        Some(Action::FieldNext) => form.field = field.next(),
        Some(Action::FieldPrevious) => form.field = field.previous(),
        Some(Action::Review) => match form.indicator(now).check(now) {
            Err(invalid) => model.flash(format!("not sent: {invalid}")),
            Ok(checked) => {
                let typed = checked.action.blocks().then(|| BLOCK_WORD.to_owned());
                form.review = Some((checked, Confirmation::new(typed)));
            }
        },
        Some(step @ (Action::ValueNext | Action::ValuePrevious)) => {
            form.step_value(step == Action::ValueNext);
        }
        _ => match field {
            IndicatorField::Description => match key.code {
                KeyCode::Enter => form.description.push('\n'),
                KeyCode::Backspace => {
                    form.description.pop();
                }
                KeyCode::Char(c) => form.description.push(c),
                _ => {}
            },
            IndicatorField::Title => {
                form.title.handle_event(&crossterm::event::Event::Key(key));
            }
            IndicatorField::Recommended => {
                form.recommended
                    .handle_event(&crossterm::event::Event::Key(key));
            }
            _ => {}
        },
    }
    Vec::new()
}

fn cancel(model: &mut Model, said: &str) -> Vec<Cmd> {
    model.indicator = None;
    model.mode = model.resting_mode();
    model.flash(said);
    Vec::new()
}

/// Enter on the confirmation: the change goes to the engine exactly as it was shown.
fn send(model: &mut Model) -> Vec<Cmd> {
    let Some(change) = model.indicator.take().and_then(|work| work.change()) else {
        return Vec::new();
    };
    model.mode = model.resting_mode();
    let id = crate::engine::WriteId(model.next_origin().0);
    model.flash(format!("sending: {}…", change.describe()));
    model.waiting.changes.insert(id, change.subject());
    vec![Cmd::Engine(Request::Change {
        id,
        change,
        origin: model.nav.current.origin,
    })]
}
