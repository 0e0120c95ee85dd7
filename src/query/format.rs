//! The formats a one-shot prints in, and tab-separated text (the one format of our own).

use crate::sanitize;

/// How a query's answer is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Columns aligned for a person.
    Table,
    /// A header line, then a line a row, tab-separated: for `cut` and `awk`.
    Tsv,
    /// The API's JSON (an array for lists).
    Json,
    /// A list as JSON Lines: one compact object a line.
    Jsonl,
    /// A list as CSV, as the explorer exports it; one entity as field/value rows.
    Csv,
}

impl Format {
    /// The format the output flags ask for: a table unless one says otherwise.
    pub fn of(output: &crate::cli::Output) -> Self {
        if output.json {
            Self::Json
        } else if output.jsonl {
            Self::Jsonl
        } else if output.tsv {
            Self::Tsv
        } else if output.csv {
            Self::Csv
        } else {
            Self::Table
        }
    }
}

/// Tab-separated: every cell cleaned to one line (tabs and line breaks become spaces).
pub fn tsv(header: &[&str], rows: &[Vec<String>]) -> String {
    tsv_line(header) + &tsv_lines(rows.iter().cloned())
}

pub(super) fn tsv_line<S: AsRef<str>>(cells: &[S]) -> String {
    let cells: Vec<std::borrow::Cow<'_, str>> =
        cells.iter().map(|c| sanitize::line(c.as_ref())).collect();
    cells.join("\t") + "\n"
}

pub(super) fn tsv_lines(rows: impl Iterator<Item = Vec<String>>) -> String {
    rows.map(|row| tsv_line(&row)).collect()
}
