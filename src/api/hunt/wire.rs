//! The hunting answer: `{"schema": [{"name", "type"}], "results": [{column: value}]}` (one old
//! example spells the schema's keys `Name`/`Type`). Rows are kept as the text of each cell in
//! schema order — what is shown, sorted (by the column's type), filtered, pivoted on and
//! exported — so a 100,000-row answer is one string a cell and nothing else.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A cell as text: a string as it is, a number or bool as written, a dynamic value as compact
/// JSON, null as empty.
pub type HuntCell = Box<str>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HuntColumn {
    #[serde(alias = "Name")]
    pub name: String,
    /// `DateTime`, `String`, `Int64`, `Int32`, `Double`, `Boolean`, `Dynamic`, …
    #[serde(alias = "Type", default)]
    pub r#type: String,
}

impl HuntColumn {
    /// Whether it holds numbers (sorted as numbers).
    pub fn numeric(&self) -> bool {
        let t = self.r#type.to_ascii_lowercase();
        ["int", "long", "double", "real", "decimal"]
            .iter()
            .any(|n| t.contains(n))
    }

    /// Whether it holds times (sorted as times, shown as ages where asked).
    pub fn time(&self) -> bool {
        self.r#type.eq_ignore_ascii_case("datetime")
    }
}

/// A hunting answer: its columns and rows. Kept (and shared) as columns once and rows of
/// cells.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "Stored", from = "Stored")]
pub struct HuntTable {
    pub columns: Arc<[HuntColumn]>,
    pub rows: Vec<HuntRow>,
}

/// One row: its cells in the columns' order, and the columns (shared by every row) that say
/// what each cell is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HuntRow {
    pub columns: Arc<[HuntColumn]>,
    pub cells: Box<[HuntCell]>,
}

impl HuntRow {
    /// The cell of the column named `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self
            .columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))?;
        self.cells.get(at).map(|c| &**c)
    }
}

/// How a table is written out: the columns once.
#[derive(Serialize, Deserialize)]
struct Stored {
    columns: Vec<HuntColumn>,
    rows: Vec<Box<[HuntCell]>>,
}

impl From<HuntTable> for Stored {
    fn from(table: HuntTable) -> Self {
        Self {
            columns: table.columns.to_vec(),
            rows: table.rows.into_iter().map(|r| r.cells).collect(),
        }
    }
}

impl From<Stored> for HuntTable {
    fn from(stored: Stored) -> Self {
        let columns: Arc<[HuntColumn]> = stored.columns.into();
        let rows = stored
            .rows
            .into_iter()
            .map(|cells| HuntRow {
                columns: columns.clone(),
                cells,
            })
            .collect();
        Self { columns, rows }
    }
}

#[derive(Deserialize)]
pub(super) struct Answer {
    #[serde(default, alias = "Schema")]
    schema: Vec<HuntColumn>,
    #[serde(default, alias = "Results")]
    results: Vec<serde_json::Map<String, Value>>,
}

impl Answer {
    pub(super) fn into_table(self) -> HuntTable {
        // A schema that names none of the columns (an answer with rows but no schema): the
        // first row's keys, in its order.
        let columns: Vec<HuntColumn> = if self.schema.is_empty() {
            self.results
                .first()
                .map(|row| {
                    row.keys()
                        .map(|k| HuntColumn {
                            name: k.clone(),
                            r#type: String::new(),
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            self.schema
        };
        let columns: Arc<[HuntColumn]> = columns.into();
        let rows = self
            .results
            .into_iter()
            .map(|mut row| HuntRow {
                columns: columns.clone(),
                cells: columns
                    .iter()
                    .map(|c| cell(row.remove(&c.name).unwrap_or(Value::Null)))
                    .collect(),
            })
            .collect();
        HuntTable { columns, rows }
    }
}

fn cell(value: Value) -> HuntCell {
    match value {
        Value::Null => "".into(),
        Value::String(s) => s.into_boxed_str(),
        other => other.to_string().into_boxed_str(),
    }
}
