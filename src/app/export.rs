//! `e`: the focused list (as filtered and sorted) or the open entity, to CSV or JSON.
//! Building the content is pure; the shell writes the file.

use std::path::PathBuf;

use serde::Serialize;

use super::model::{Model, Route};
use super::panes::{self, PaneRows, Selected};
use crate::present::{ALERT_COLUMNS, Column, MACHINE_COLUMNS, USER_COLUMNS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// As typed: relative paths are under the current directory.
    pub path: PathBuf,
    pub content: String,
    pub rows: usize,
    pub overwrite: bool,
}

/// `mdetui-user-jdoe-alerts.csv`: a name that says what is in it.
pub fn default_name(model: &Model) -> String {
    let entry = &model.nav.current;
    let (kind, id) = match &entry.route {
        Route::User(u) => ("user", u.to_string()),
        Route::Alert(a) => ("alert", a.to_string()),
        Route::Machine(m) => (
            "machine",
            crate::api::model::short_host(m.as_str()).to_owned(),
        ),
        Route::Search => ("search", String::new()),
    };
    let part = match (&entry.route, entry.focus) {
        (Route::Alert(_), _) => return file_safe(&format!("mdetui-{kind}-{id}.json")),
        (Route::User(_), 1) => "machines",
        (Route::Machine(_), 1) => "users",
        _ => "alerts",
    };
    file_safe(&format!("mdetui-{kind}-{id}-{part}.csv"))
}

/// Ids become file names: keep them to a safe alphabet.
fn file_safe(name: &str) -> String {
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

/// A spreadsheet must not run a cell: `=`, `+`, `-`, `@`, tab and CR lead formulas (CWE-1236),
/// so such cells get a leading apostrophe. Then RFC 4180 quoting.
pub fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv<T>(columns: &[Column<T>], items: &[T], rows: &[usize]) -> String {
    let mut out = String::new();
    let header: Vec<String> = columns.iter().map(|c| csv_cell(c.title)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for &i in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| csv_cell(&(c.cell)(&items[i])))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn json<T: Serialize>(items: &[T], rows: &[usize]) -> String {
    let picked: Vec<&T> = rows.iter().map(|&i| &items[i]).collect();
    serde_json::to_string_pretty(&picked).expect("entities serialize")
}

/// Builds the export for `path`: `.json` gives JSON, anything else CSV.
pub fn build(model: &Model, path: &str) -> Result<Export, String> {
    let path = path.trim();
    if path.is_empty() {
        return Err("no file name".into());
    }
    let as_json = path.to_ascii_lowercase().ends_with(".json");
    let entry = &model.nav.current;
    let (content, rows) = if let Route::Alert(_) = entry.route {
        let Some(Selected::Alert(alert)) = panes::selected_entity(model) else {
            return Err("the alert has not loaded yet".into());
        };
        let content = if as_json {
            serde_json::to_string_pretty(alert).expect("entities serialize")
        } else {
            csv(ALERT_COLUMNS, std::slice::from_ref(alert), &[0])
        };
        (content, 1)
    } else {
        match panes::rows(model, entry.focus) {
            PaneRows::Alerts(v, r) => (
                if as_json {
                    json(v, r)
                } else {
                    csv(ALERT_COLUMNS, v, r)
                },
                r.len(),
            ),
            PaneRows::Machines(v, r) => (
                if as_json {
                    json(v, r)
                } else {
                    csv(MACHINE_COLUMNS, v, r)
                },
                r.len(),
            ),
            PaneRows::Users(v, r) => (
                if as_json {
                    json(v, r)
                } else {
                    csv(USER_COLUMNS, v, r)
                },
                r.len(),
            ),
            PaneRows::Nothing => return Err("nothing to export here yet".into()),
        }
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

    #[test]
    fn formula_cells_are_defused_and_quoted() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\""
        );
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-cmd"), "'-cmd");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("2026-11-19 09:48:12"), "2026-11-19 09:48:12");
    }

    #[test]
    fn names_are_file_safe() {
        assert_eq!(
            file_safe("mdetui-user-CONTOSO\\j doe/x.csv"),
            "mdetui-user-CONTOSO_j_doe_x.csv"
        );
    }
}
