//! `e`: the focused list (as filtered and sorted) or the open entity, to CSV or JSON.
//! Building the content is pure; the runtime writes the file.

use std::borrow::Cow;
use std::path::PathBuf;

use super::model::Model;
pub use super::msg::Export;
use super::panes;
use crate::entity::{Head, List};

/// Why an export cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("no file name: type one ending in .csv or .json")]
    NoName,
    #[error("nothing to export here yet: wait for the list to load")]
    NothingLoaded,
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

/// Builds the export for `path`: `.json` gives JSON, `.csv` CSV.
pub fn build(model: &Model, path: &str) -> Result<Export, ExportError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(ExportError::NoName);
    }
    let lower = path.to_ascii_lowercase();
    if !lower.ends_with(".csv") && !lower.ends_with(".json") {
        return Err(ExportError::Extension(path.to_owned()));
    }
    let as_json = lower.ends_with(".json");
    let entry = &model.nav.current;
    let (content, rows) = if entry.route.panes() == 0 || model.on_text() {
        let content = single(model, as_json).ok_or(ExportError::NothingLoaded)?;
        (content, 1)
    } else {
        let pane = panes::rows(model, entry.focus).ok_or(ExportError::NothingLoaded)?;
        let content = if as_json {
            pane.list.json(pane.rows)
        } else {
            csv_of(pane.list, pane.rows)
        };
        (content, pane.len())
    };
    // An export is opened in editors, pagers and terminals: the characters JSON allows raw
    // but that act on or hide in them (C1 controls, bidi, zero-width) are written as
    // `\uXXXX` escapes — the same JSON to any reader, inert to the eye.
    let content = if as_json {
        crate::sanitize::json_for_terminal(&content).into_owned()
    } else {
        content
    };
    Ok(Export {
        path: PathBuf::from(path),
        content,
        rows,
        overwrite: false,
    })
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

    #[test]
    fn names_are_file_safe() {
        assert_eq!(
            file_safe("mdetui-user-CONTOSO\\j doe/x.csv"),
            "mdetui-user-CONTOSO_j_doe_x.csv"
        );
    }
}
