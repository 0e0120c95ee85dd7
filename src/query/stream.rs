//! A list printed page by page as the API hands it over, so a one-shot holds one page (and
//! the next on its way) whatever the list's length: JSON as one array, JSON Lines, CSV and
//! TSV. Rows come in the API's order; only the table, which must measure every row, waits
//! for the whole list and sorts it.

use super::format::{Format, tsv_line, tsv_lines};
use crate::entity::List;

/// Writes each page in `format`, then what closes the answer.
pub(super) struct Printer {
    format: Format,
    /// Rows printed so far.
    rows: usize,
    /// The first page is printed (its header, JSON's opening bracket).
    begun: bool,
}

impl Printer {
    /// A printer for `format`, which is any but the table.
    pub(super) fn new(format: Format) -> Self {
        debug_assert!(format != Format::Table, "a table measures every row first");
        Self {
            format,
            rows: 0,
            begun: false,
        }
    }

    /// The text of one page.
    pub(super) fn page(&mut self, list: &dyn List) -> String {
        let first = !self.begun;
        self.begun = true;
        let text = match self.format {
            Format::Json => {
                if list.is_empty() {
                    String::new()
                } else {
                    // The array's items as `to_string_pretty` writes them, so the answer is
                    // the same JSON it was when the list was printed whole.
                    let whole = list.json(&(0..list.len()).collect::<Vec<_>>());
                    let items = whole
                        .strip_prefix("[\n")
                        .and_then(|w| w.strip_suffix("\n]"))
                        .unwrap_or(&whole);
                    let lead = if self.rows == 0 { "[\n" } else { ",\n" };
                    format!("{lead}{items}")
                }
            }
            Format::Jsonl => (0..list.len()).map(|i| list.json_line(i) + "\n").collect(),
            Format::Csv => crate::app::export::csv_page(list, first),
            Format::Tsv => {
                let columns = list.heads().len();
                let rows = (0..list.len()).map(|i| (0..columns).map(|c| list.cell(i, c)).collect());
                let header = first.then(|| tsv_line(&titles(list)));
                header.unwrap_or_default() + &tsv_lines(rows)
            }
            Format::Table => unreachable!("see new"),
        };
        self.rows += list.len();
        text
    }

    /// What closes the answer: JSON's bracket (an empty list is `[]`).
    pub(super) fn end(&self) -> &'static str {
        match self.format {
            Format::Json if self.rows == 0 => "[]\n",
            Format::Json => "\n]\n",
            _ => "",
        }
    }
}

fn titles(list: &dyn List) -> Vec<&'static str> {
    list.heads().iter().map(|h| h.title).collect()
}
