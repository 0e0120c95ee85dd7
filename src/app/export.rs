//! `e`: the focused list (as filtered and sorted) or the open entity, to CSV or JSON.
//! Building the content is pure; the runtime writes the file.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use super::model::Model;
pub use super::msg::{Content, Export};
use crate::entity::{Head, List};

/// Why an export cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("no file name: type one ending in .csv or .json")]
    NoName,
    #[error("nothing to export here yet: wait for the list to load")]
    NothingLoaded,
    #[error("the list is still arriving ({0} rows so far): export it once it is whole")]
    Arriving(usize),
    #[error("“{0}”: the name must end in .csv or .json")]
    Extension(String),
}

/// `mdetui-user-jdoe-alerts.csv`: a name that says what is in it.
pub fn default_name(model: &Model) -> String {
    let entry = &model.nav.current;
    let (kind, id) = entry.route.kind_and_id();
    match entry.route.pane(entry.focus) {
        Some(pane) => file_safe(&format!("mdetui-{kind}-{id}-{}.csv", pane.export_part)),
        None => file_safe(&format!("mdetui-{kind}-{id}.json")),
    }
}

/// Ids become file names: keep them to a safe alphabet.
pub(super) fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A cell as a spreadsheet may safely open it: controls and escape sequences stripped as on
/// screen, and a cell that could start a formula (CWE-1236) — `=`, `+`, `-`, `@`, `|`, their
/// full-width forms, after any leading white space or line break — gets a leading
/// apostrophe. Quoting is the `csv` writer's.
pub fn defuse(value: &str) -> Cow<'_, str> {
    const LEADERS: [char; 9] = ['=', '+', '-', '@', '|', '＝', '＋', '－', '＠'];
    let risky = value
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(LEADERS)
        || value.starts_with(['\t', '\r']);
    let clean = crate::sanitize::line(value);
    if risky {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

/// A header and rows of cells as CSV: RFC 4180 with CRLF line ends, every cell defused.
fn csv(heads: &[Head], rows: impl Iterator<Item = Vec<String>>) -> String {
    let titles: Vec<&str> = heads.iter().map(|h| h.title).collect();
    csv_rows(&titles, rows)
}

/// Any header and rows as CSV, as [`csv`] writes a list's (a record's fields, an incident's
/// parts).
pub fn csv_rows(titles: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let header = titles.iter().map(|t| (*t).to_owned()).collect();
    csv_records(std::iter::once(header).chain(rows))
}

/// Records as CSV lines, with no header: RFC 4180, CRLF line ends, every cell defused.
fn csv_records(rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        out.write_record(row.iter().map(|c| defuse(c).into_owned()))
            .expect("writing to memory cannot fail");
    }
    let bytes = out.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("cells are strings")
}

/// One page of a list streamed as CSV: its rows in the list's order, the header before the
/// first page's.
pub fn csv_page(list: &dyn List, header: bool) -> String {
    csv_lines(list, 0..list.len(), header)
}

/// Every column of the list (one-shot ones too), for the rows on screen.
pub fn csv_of(list: &dyn List, rows: &[usize]) -> String {
    csv_lines(list, rows.iter().copied(), true)
}

/// Rows of a list (indices into it) as CSV, every column, after the header if `header`.
fn csv_lines(list: &dyn List, rows: impl Iterator<Item = usize>, header: bool) -> String {
    let heads = list.heads();
    let columns = heads.len();
    let titles = header.then(|| heads.iter().map(|h| h.title.to_owned()).collect());
    let rows = rows.map(|i| (0..columns).map(|c| list.cell(i, c)).collect());
    csv_records(titles.into_iter().chain(rows))
}

/// The entity a view is about (the alert view's alert), as JSON or a one-row CSV.
fn single(model: &Model, as_json: bool) -> Option<String> {
    let resource = model.nav.current.route.view().facts?;
    let one = model.store.one(&resource)?;
    Some(if as_json {
        one.json()
    } else {
        csv(&one.heads(), std::iter::once(one.cells()))
    })
}

/// Builds the export for `path`: `.json` gives JSON, `.csv` CSV. A list's rows are only
/// named here (an owned handle and the indices on screen); their text is made as it is
/// written.
pub fn build(model: &Model, path: &str) -> Result<Export, ExportError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(ExportError::NoName);
    }
    let lower = path.to_ascii_lowercase();
    if !lower.ends_with(".csv") && !lower.ends_with(".json") {
        return Err(ExportError::Extension(path.to_owned()));
    }
    let json = lower.ends_with(".json");
    let entry = &model.nav.current;
    let (content, rows) = if entry.route.panes() == 0 || model.on_text() {
        let content = single(model, json).ok_or(ExportError::NothingLoaded)?;
        (Content::Text(terminal_safe(content, json)), 1)
    } else {
        let spec = entry
            .route
            .pane(entry.focus)
            .ok_or(ExportError::NothingLoaded)?;
        let list = model.store.pane_owned(&spec);
        let list = list.ok_or(ExportError::NothingLoaded)?;
        if model.store.is_preview(&spec.resource) {
            return Err(ExportError::Arriving(list.list().len()));
        }
        let rows: Arc<[usize]> = entry.pane().rows.as_slice().into();
        let len = rows.len();
        (Content::Rows { list, rows, json }, len)
    };
    Ok(Export {
        path: PathBuf::from(path),
        content,
        rows,
        overwrite: false,
    })
}

/// An export is opened in editors, pagers and terminals: the characters JSON allows raw but
/// that act on or hide in them (C1 controls, bidi, zero-width) are written as `\uXXXX`
/// escapes — the same JSON to any reader, inert to the eye.
fn terminal_safe(text: String, json: bool) -> String {
    if json {
        crate::sanitize::json_for_terminal(&text).into_owned()
    } else {
        text
    }
}

/// Rows a piece of an export holds: small enough that a piece is quick to make and its
/// progress shows, large enough that the file is written in few calls.
const PIECE: usize = 2_000;

/// The export's text in pieces, in order, each with the rows written once it is: together
/// the whole file, the same as the list's rows made at once.
pub fn pieces(content: &Content) -> Box<dyn Iterator<Item = (usize, String)> + Send + '_> {
    pieces_of(content, PIECE)
}

/// The whole text at once, as the pieces make it (the app's tests read exports so).
#[cfg(test)]
pub(crate) fn whole(content: &Content) -> String {
    pieces(content).map(|(_, text)| text).collect()
}

fn pieces_of(
    content: &Content,
    size: usize,
) -> Box<dyn Iterator<Item = (usize, String)> + Send + '_> {
    let (list, rows, json) = match content {
        Content::Text(text) => return Box::new(std::iter::once((1, text.clone()))),
        Content::Rows { list, rows, json } => (list.list(), rows, *json),
    };
    if rows.is_empty() {
        let empty = if json {
            "[]".to_owned()
        } else {
            csv_lines(list, 0..0, true)
        };
        return Box::new(std::iter::once((0, empty)));
    }
    let total = rows.len();
    Box::new(rows.chunks(size).enumerate().map(move |(at, chunk)| {
        let first = at == 0;
        let done = (at * size + chunk.len()).min(total);
        let text = if json {
            // A pretty array is `[\n` items `\n]`: the pieces' items joined as one array's.
            let array = list.json(chunk);
            let items = &array[2..array.len() - 2];
            let open = if first { "[\n" } else { ",\n" };
            let close = if done == total { "\n]" } else { "" };
            terminal_safe(format!("{open}{items}{close}"), true)
        } else {
            csv_lines(list, chunk.iter().copied(), first)
        };
        (done, text)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::Alert;

    #[test]
    fn formula_cells_are_defused_and_quoted() {
        let alerts: Vec<Alert> = serde_json::from_value(serde_json::json!([
            {"id": "=HYPERLINK(\"http://evil\")", "title": "a,b"},
            {"id": "+1", "title": "two\nlines"},
            {"id": "-cmd", "title": "plain"},
            {"id": "@SUM(A1)", "title": "\tx"},
        ]))
        .unwrap();
        let alerts: std::sync::Arc<[Alert]> = alerts.into();
        let out = csv_of(&alerts, &[0, 1, 2, 3]);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "ID,SEVERITY,STATUS,CREATED UTC,MACHINE,USER,CATEGORY,INCIDENT,ASSIGNED TO,TITLE"
        );
        assert_eq!(
            lines[1],
            "\"'=HYPERLINK(\"\"http://evil\"\")\",—,—,—,—,—,—,—,—,\"a,b\""
        );
        // A line break is a space, as on screen.
        assert_eq!(lines[2], "'+1,—,—,—,—,—,—,—,—,two lines");
        assert_eq!(lines[3], "'-cmd,—,—,—,—,—,—,—,—,plain");
        assert_eq!(lines[4], "'@SUM(A1),—,—,—,—,—,—,—,—,' x");
        assert_eq!(defuse("2026-11-19 09:48:12"), "2026-11-19 09:48:12");
        for risky in [
            "\n=1+1",
            "  +SUM(A1)",
            "＝HYPERLINK()",
            "|calc",
            "\r\n@x",
            " -2",
        ] {
            assert!(defuse(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(
            defuse("a\u{1b}]0;t\u{7}b\u{202e}c"),
            "abc",
            "controls stripped"
        );
        assert_eq!(defuse("pwn\u{1b}[2J"), "pwn");
    }

    /// Pieces of any size join into what the list's rows give made at once: the same CSV
    /// (one header) and the same pretty JSON array, whatever the piece boundaries.
    #[test]
    fn pieces_join_into_the_whole() {
        let alerts: Vec<Alert> = (0..5)
            .map(|i| {
                serde_json::from_value(
                    serde_json::json!({"id": format!("da{i}"), "title": "t\u{202e}"}),
                )
                .unwrap()
            })
            .collect();
        let alerts: Arc<[Alert]> = alerts.into();
        let payload = crate::engine::Payload::Alerts(alerts.clone());
        let rows: Arc<[usize]> = vec![4, 0, 2, 1, 3].into();
        let list = crate::entity::OwnedList::of(&payload).unwrap();
        for size in [1, 2, 3, 5, 9] {
            let csv = Content::Rows {
                list: list.clone(),
                rows: rows.clone(),
                json: false,
            };
            let parts: Vec<(usize, String)> = pieces_of(&csv, size).collect();
            let joined: String = parts.iter().map(|(_, t)| t.as_str()).collect();
            assert_eq!(joined, csv_of(&alerts, &rows), "size {size}");
            assert_eq!(parts.last().unwrap().0, 5);
            assert_eq!(parts.len(), 5_usize.div_ceil(size));
            let json = Content::Rows {
                list: list.clone(),
                rows: rows.clone(),
                json: true,
            };
            let joined: String = pieces_of(&json, size).map(|(_, t)| t).collect();
            let whole = crate::sanitize::json_for_terminal(&alerts.json(&rows)).into_owned();
            assert_eq!(joined, whole, "size {size}");
            assert!(!joined.contains('\u{202e}'), "written as an escape");
        }
        let none = Content::Rows {
            list: list.clone(),
            rows: Arc::from(vec![]),
            json: true,
        };
        assert_eq!(pieces(&none).collect::<Vec<_>>(), [(0, "[]".to_owned())]);
        let none = Content::Rows {
            list,
            rows: Arc::from(vec![]),
            json: false,
        };
        let header: Vec<_> = pieces(&none).collect();
        assert!(header[0].1.starts_with("ID,SEVERITY") && header[0].1.ends_with("TITLE\r\n"));
    }

    #[test]
    fn names_are_file_safe() {
        assert_eq!(
            file_safe("mdetui-user-CONTOSO\\j doe/x.csv"),
            "mdetui-user-CONTOSO_j_doe_x.csv"
        );
    }
}
