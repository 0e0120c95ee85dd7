//! One-shot queries (`mdetui user jdoe alerts`): one resource through the engine, printed as a
//! table or JSON, with one clear line and a non-zero exit on failure.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

mod format;
pub mod hunt;
mod output;
mod question;
mod stream;
pub mod write;

pub use format::{Format, tsv};
pub use output::{Ended, Out};
pub use question::{Question, alert_query, question_for};

use crate::api::ApiError;
use crate::cli::IncidentPart;
use crate::engine::{self, EngineHandle, Event, Payload, Resource};
use crate::entity::incident::Incident;
use crate::entity::{self, List};
use crate::sanitize;

/// Asks the question and writes its answer to `out`: a list in any format but the table
/// page by page as it arrives (see [`stream`]), anything else once whole.
pub async fn run<W: Write>(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    question: Question,
    format: Format,
    out: &mut Out<W>,
) -> Result<(), ApiError> {
    let resource = question.resource.clone();
    let streams = format != Format::Table
        && question.after.is_none()
        && question.incident.is_none()
        && resource.is_list();
    if streams {
        let mut printer = stream::Printer::new(format);
        let printed = engine::stream_once(handle, events, resource, say_wait, |page| {
            let list = entity::list(&page).expect("a list's page is a list");
            let open = out.write(&printer.page(list));
            // Nothing of this page is wanted once printed: not even its shared texts.
            drop(page);
            crate::api::model::forget_shared();
            open
        })
        .await;
        out.write(printer.end());
        return printed;
    }
    let text = answer(handle, events, question, format).await?;
    out.write(&text);
    Ok(())
}

/// What a one-shot says while it waits for the budget.
fn say_wait(waiting: engine::Waiting) {
    match waiting {
        engine::Waiting::Budget(wait) => eprintln!(
            "waiting {} s for the API rate budget (the team's, when one is configured)…",
            wait.as_secs().max(1)
        ),
        engine::Waiting::TeamLost(problem) => eprintln!(
            "mdetui: {}; going on with this process's own budget",
            crate::sanitize::line(&problem)
        ),
    }
}

/// The whole answer as text: one entity, an incident's summary or parts, or a table.
async fn answer(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    question: Question,
    format: Format,
) -> Result<String, ApiError> {
    let resource = question.resource;
    let mut payload = engine::fetch_once(handle, events, resource.clone(), say_wait).await?;
    if let Some(after) = question.after {
        let held = Answer(&resource, &payload);
        let part = entity::settle(&after.route, &held)
            .and_then(|settled| (after.shot.part)(&settled.route, Some(&after.part)))
            .ok_or_else(|| ApiError::NotFound {
                message: after.shot.missing.to_owned(),
            })?;
        payload = engine::fetch_once(handle, events, part, say_wait).await?;
    }
    if let (Some((id, part)), Payload::Alerts(alerts)) = (question.incident, &payload) {
        let found = Incident::from_alerts(id, alerts);
        if found.alerts == 0 {
            return Err(ApiError::NotFound {
                message: format!("no alert belongs to incident {id}: is the number right?"),
            });
        }
        return Ok(incident(&found, part, format));
    }
    if matches!(format, Format::Json | Format::Jsonl) {
        return Ok(json_as(&to_json(&payload), format));
    }
    // A user's record lacks what the explorer completes from their alerts and machines (the
    // domain, the SID, the machines' names): two calls more, and the same completion.
    if let (Resource::User(user), Some(one)) = (&resource, entity::one(&payload)) {
        let mut facts = one.one_shot_facts();
        let mut held: Vec<(Resource, Payload)> = Vec::new();
        for more in [
            Resource::UserAlerts(user.clone()),
            Resource::UserMachines(user.clone()),
        ] {
            if let Ok(answer) = engine::fetch_once(handle, events, more.clone(), say_wait).await {
                held.push((more, answer));
            }
        }
        entity::complete_facts(&entity::Route::User(user.clone()), &mut facts, |r| {
            held.iter().find(|(k, _)| k == r).map(|(_, p)| p)
        });
        return Ok(facts_as(&facts, format));
    }
    Ok(to_text(&payload, format))
}

/// Pretty JSON as `format` asks: as it is, or as JSON Lines (an array's items one a line, an
/// object on one line).
fn json_as(json: &str, format: Format) -> String {
    if format != Format::Jsonl {
        return json.to_owned();
    }
    let value: serde_json::Value = serde_json::from_str(json).expect("our own JSON parses");
    let items = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    items.iter().map(|item| item.to_string() + "\n").collect()
}

/// The one answer a one-shot holds, as a route settles on it.
struct Answer<'a>(&'a Resource, &'a Payload);

impl entity::Held for Answer<'_> {
    fn loaded(&self, resource: &Resource) -> Option<&Payload> {
        (resource == self.0).then_some(self.1)
    }

    fn each(&self) -> Box<dyn Iterator<Item = &Payload> + '_> {
        Box::new(std::iter::once(self.1))
    }
}

/// An incident's summary, users or machines, as `format` asks.
fn incident(incident: &Incident, part: Option<IncidentPart>, format: Format) -> String {
    // Column titles for a person, and the API's names for JSON.
    let (header, keys, rows): (&[&str], &[&str], Vec<Vec<String>>) = match part {
        Some(IncidentPart::Users) => (
            &["USER"],
            &["user"],
            incident.users.iter().map(|u| vec![u.clone()]).collect(),
        ),
        Some(IncidentPart::Machines) => (
            &["MACHINE ID", "COMPUTER"],
            &["machineId", "computerDnsName"],
            incident
                .machines
                .iter()
                .map(|(id, name)| vec![id.clone(), name.clone().unwrap_or_default()])
                .collect(),
        ),
        _ => {
            let facts = incident.facts();
            return match format {
                Format::Json | Format::Jsonl => json_as(
                    &serde_json::to_string_pretty(&incident.json()).expect("a summary serializes"),
                    format,
                ),
                Format::Tsv | Format::Csv => records(
                    format,
                    &["FIELD", "VALUE"],
                    &facts
                        .into_iter()
                        .map(|(k, v)| vec![k.to_owned(), v])
                        .collect::<Vec<_>>(),
                ),
                Format::Table => self::facts(&facts),
            };
        }
    };
    match format {
        Format::Json | Format::Jsonl => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|row| {
                    keys.iter()
                        .zip(row)
                        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(v.as_str())))
                        .collect::<serde_json::Map<_, _>>()
                        .into()
                })
                .collect();
            json_as(
                &serde_json::to_string_pretty(&items).expect("strings serialize"),
                format,
            )
        }
        Format::Tsv | Format::Csv => records(format, header, &rows),
        Format::Table => table(header, &rows),
    }
}

fn to_json(payload: &Payload) -> String {
    match (entity::one(payload), entity::list(payload)) {
        (Some(one), _) => one.json(),
        (None, Some(list)) => list.json(&(0..list.len()).collect::<Vec<_>>()),
        (None, None) => unreachable!("a payload is one entity or a list"),
    }
}

fn to_text(payload: &Payload, format: Format) -> String {
    match (entity::one(payload), entity::list(payload)) {
        (Some(one), _) => facts_as(&one.one_shot_facts(), format),
        (None, Some(l)) => list(l, format),
        (None, None) => unreachable!("a payload is one entity or a list"),
    }
}

/// One entity's facts: `FIELD,VALUE` rows for `--csv` and `--tsv`, else aligned for a person.
fn facts_as(pairs: &[(&'static str, String)], format: Format) -> String {
    match format {
        Format::Tsv | Format::Csv => {
            let rows: Vec<Vec<String>> = pairs
                .iter()
                .map(|(label, value)| vec![(*label).to_owned(), value.clone()])
                .collect();
            records(format, &["FIELD", "VALUE"], &rows)
        }
        _ => facts(pairs),
    }
}

/// Rows as `--csv` (RFC 4180, cells defused, as exports write them) or `--tsv` asks.
fn records(format: Format, header: &[&str], rows: &[Vec<String>]) -> String {
    match format {
        Format::Csv => crate::app::export::csv_rows(header, rows.iter().cloned()),
        _ => tsv(header, rows),
    }
}

/// A list in the explorer's default order (newest first), with every column.
fn list(list: &dyn List, format: Format) -> String {
    let heads = list.heads();
    let header: Vec<&str> = heads.iter().map(|h| h.title).collect();
    let mut order: Vec<usize> = (0..list.len()).collect();
    list.sort(&mut order, list.default_sort());
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|&i| (0..heads.len()).map(|c| list.cell(i, c)).collect())
        .collect();
    match format {
        Format::Tsv => tsv(&header, &rows),
        Format::Csv => crate::app::export::csv_of(list, &order),
        _ => table(&header, &rows),
    }
}

fn facts(pairs: &[(&str, String)]) -> String {
    let width = pairs
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0)
        .max(17);
    let mut out = String::new();
    for (k, v) in pairs {
        out.push_str(&format!("{k:<width$} {}\n", sanitize::line(v)));
    }
    out
}

/// Columns padded by display width; every cell sanitized.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize::line(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = Vec::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let parts: Vec<String> = cells
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.width()))))
            .collect();
        let _ = writeln!(out, "{}", parts.join("  ").trim_end());
    };
    line(&mut header.iter().copied());
    for row in &rows {
        line(&mut row.iter().map(String::as_str));
    }
    if rows.is_empty() {
        let _ = writeln!(out, "(none)");
    }
    String::from_utf8(out).expect("cells are strings")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_display_width_and_sanitize() {
        let out = table(
            &["A", "B"],
            &[
                vec!["漢字".into(), "x\u{1b}[31my".into()],
                vec!["ab".into(), "z".into()],
            ],
        );
        assert_eq!(out, "A     B\n漢字  xy\nab    z\n");
        assert!(table(&["A"], &[]).ends_with("(none)\n"));
    }

    #[test]
    fn tsv_is_one_line_a_row() {
        let out = tsv(
            &["A", "B"],
            &[vec!["x\ty".into(), "two\nlines\u{1b}[31m".into()]],
        );
        assert_eq!(out, "A\tB\nx y\ttwo lines\n");
    }
}
