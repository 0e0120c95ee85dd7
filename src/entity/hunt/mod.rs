//! Hunting results (`mde-api.md` §14): a table whose columns the query chose, shown, sorted,
//! filtered, copied and exported like any list; a cell under the column cursor opens the
//! entity its column names (see `pivot`), and `u`/`m` the row's user or machine.

pub mod pivot;
pub mod saved;

use std::collections::HashSet;
use std::sync::Mutex;

use super::column::{Head, Show, Sort, SortKey};
use super::kind::{CopyWhat, Entity, Indicate, Mentions, PivotTo};
use super::list::List;
use super::registry::{Complete, Registration, Wire, Word};
use super::route::{PaneSpec, Route, View};
use crate::api::model::{Severity, Timestamp};
use crate::api::{HuntColumn, HuntQuery, HuntRow, HuntTable};
use crate::engine::Resource;

/// A column's name as the `&'static str` heads and facts take: each distinct name is kept
/// once for the session (a session meets a few hundred at most).
fn intern(name: &str) -> &'static str {
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut names = NAMES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(known) = names.get(name) {
        return known;
    }
    let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(kept);
    kept
}

pub fn view(query: &HuntQuery) -> View {
    View {
        panes: vec![PaneSpec::new(
            Resource::Hunt(Box::new(query.clone())),
            "results",
            "No rows: nothing matched in the query's timespan.",
            "hunt",
        )],
        ..View::default()
    }
}

/// A hunt view's header: its query on one line (long ones cut, `H` shows it whole) and the
/// time it covers.
pub fn facts(query: &HuntQuery) -> Vec<(&'static str, String)> {
    let one_line: Vec<&str> = query
        .query
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect();
    let text = one_line.join(" ");
    let shown: String = text.chars().take(300).collect();
    let cut = if shown.len() < text.len() { "…" } else { "" };
    vec![
        ("query", format!("{shown}{cut}")),
        ("timespan", query.timespan.clone()),
    ]
}

/// `:hunt QUERY` runs a one-line query over the last 30 days.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "hunt",
        short: None,
        needs: Some("a KQL query (H opens the editor and the saved hunts)"),
        open: |arg, _| {
            HuntQuery::new(arg, None)
                .map(|q| Route::Hunt(Box::new(q)))
                .map_err(|e| e.to_string())
        },
        complete: Complete::Nothing,
    }),
    ..Registration::shows(&[Wire {
        one: no_entity,
        list: table,
    }])
};

fn no_entity(_: &dyn std::any::Any) -> Option<&dyn Entity> {
    None
}

fn table(any: &dyn std::any::Any) -> Option<&dyn List> {
    any.downcast_ref::<HuntTable>().map(|t| t as &dyn List)
}

/// A cell as shown: a time in the lists' form (so it can show as an age), the rest as is.
fn shown(column: &HuntColumn, cell: &str) -> String {
    if cell.is_empty() {
        return "—".to_owned();
    }
    if column.time() {
        return Timestamp::parse(cell).short();
    }
    cell.to_owned()
}

fn sort_key(column: &HuntColumn, cell: &str) -> SortKey {
    if cell.is_empty() {
        return SortKey::Missing;
    }
    if column.time() {
        if let Some(key) = utc_key(cell) {
            return SortKey::Num(key);
        }
        if let Timestamp::Parsed(t) = Timestamp::parse(cell) {
            return SortKey::Num(t.unix_timestamp_nanos());
        }
    }
    if column.numeric()
        && let Ok(x) = cell.parse::<f64>()
    {
        // Thousandths are plenty to order counts and scores.
        return SortKey::Num((x * 1000.0) as i128);
    }
    SortKey::Text(cell.to_lowercase())
}

/// `2026-11-19T09:14:52.3456789Z` as a number that orders as the times do (its digits, the
/// fraction to nanoseconds), without parsing a date: what sorting 100,000 times needs. `None`
/// for any other shape (parsed the slow way).
fn utc_key(cell: &str) -> Option<i128> {
    let b = cell.as_bytes();
    let shape = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b.last() == Some(&b'Z');
    if !shape {
        return None;
    }
    let mut key: i128 = 0;
    for &i in &[0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] {
        let d = b[i].wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        key = key * 10 + i128::from(d);
    }
    let fraction = &b[19..b.len() - 1];
    let digits = match fraction {
        [] => &[][..],
        [b'.', rest @ ..] if !rest.is_empty() && rest.len() <= 9 => rest,
        _ => return None,
    };
    let mut nanos: i128 = 0;
    for (n, &c) in digits
        .iter()
        .chain(std::iter::repeat(&b'0'))
        .take(9)
        .enumerate()
    {
        let d = c.wrapping_sub(b'0');
        if d > 9 || (n >= digits.len() && c != b'0') {
            return None;
        }
        nanos = nanos * 10 + i128::from(d);
    }
    Some(key * 1_000_000_000 + nanos)
}

fn heads(columns: &[HuntColumn]) -> Vec<Head> {
    columns
        .iter()
        .map(|c| Head {
            title: intern(&c.name),
            width: if c.time() {
                Some(19)
            } else if c.numeric() {
                Some(12.max(c.name.len() as u16))
            } else {
                None
            },
            show: Show::Always,
            sortable: true,
            clock: c.time(),
            narrow: None,
        })
        .collect()
}

/// A row as JSON, each cell as its column's type has it: numbers and booleans as such, a
/// dynamic value as the JSON it is, the rest as text.
fn as_json(row: &HuntRow) -> serde_json::Value {
    use serde_json::Value;
    let typed = |c: &HuntColumn, v: &str| -> Value {
        let t = c.r#type.to_ascii_lowercase();
        let parsed = match t.as_str() {
            _ if v.is_empty() => Some(Value::Null),
            "boolean" | "bool" | "dynamic" => serde_json::from_str(v).ok(),
            _ if c.numeric() => serde_json::from_str::<serde_json::Number>(v)
                .ok()
                .map(Value::Number),
            _ => None,
        };
        parsed.unwrap_or_else(|| Value::String(v.to_owned()))
    };
    Value::Object(
        row.columns
            .iter()
            .zip(row.cells.iter())
            .map(|(c, v)| (c.name.clone(), typed(c, v)))
            .collect(),
    )
}

impl List for HuntTable {
    fn kind(&self) -> &'static str {
        "row"
    }
    fn len(&self) -> usize {
        self.rows.len()
    }
    fn get(&self, index: usize) -> &dyn Entity {
        &self.rows[index]
    }
    fn heads(&self) -> Vec<Head> {
        heads(&self.columns)
    }
    fn cell(&self, index: usize, column: usize) -> String {
        shown(&self.columns[column], &self.rows[index].cells[column])
    }
    /// The order the query gave.
    fn default_sort(&self) -> Sort {
        Sort {
            column: usize::MAX,
            descending: true,
        }
    }
    fn sort(&self, rows: &mut [usize], sort: Sort) {
        let Some(column) = self.columns.get(sort.column) else {
            return;
        };
        let key = |i: &usize| sort_key(column, &self.rows[*i].cells[sort.column]);
        if sort.descending {
            rows.sort_by_cached_key(|i| std::cmp::Reverse(key(i)));
        } else {
            rows.sort_by_cached_key(key);
        }
    }
    fn has_field(&self, field: &str) -> bool {
        self.columns
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(field))
    }
    fn text_column(&self, column: usize) -> bool {
        self.columns
            .get(column)
            .is_some_and(|c| !c.time() && !c.numeric())
    }
    fn fields(&self) -> &'static str {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        intern(&names.join(", "))
    }
    fn rank_of(&self, _field: &str, _text: &str) -> Option<i128> {
        None
    }
    fn vocabulary(&self, _field: &str) -> Option<&'static [&'static str]> {
        None
    }
    fn whole_in_lists(&self) -> bool {
        true
    }
    fn json(&self, rows: &[usize]) -> String {
        let picked: Vec<serde_json::Value> = rows.iter().map(|&i| as_json(&self.rows[i])).collect();
        serde_json::to_string_pretty(&picked).expect("rows serialize")
    }
    fn json_line(&self, index: usize) -> String {
        serde_json::to_string(&as_json(&self.rows[index])).expect("rows serialize")
    }
}

impl Entity for HuntRow {
    fn kind(&self) -> &'static str {
        "row"
    }
    fn id(&self) -> &str {
        self.cells.first().map_or("", |c| c)
    }
    fn label(&self) -> String {
        let cells: Vec<&str> = self.cells.iter().take(3).map(|c| &**c).collect();
        cells.join(" · ")
    }
    fn facts(&self) -> Vec<(&'static str, String)> {
        self.columns
            .iter()
            .zip(self.cells.iter())
            .map(|(c, v)| (intern(&c.name), shown(c, v)))
            .collect()
    }
    fn one_shot_facts(&self) -> Vec<(&'static str, String)> {
        self.facts()
    }
    fn any_value(
        &self,
        field: Option<&str>,
        _times: bool,
        hit: &mut dyn FnMut(&str) -> bool,
    ) -> Option<bool> {
        match field {
            None => Some(self.cells.iter().any(|c| hit(c))),
            Some(f) => self.get(f).map(hit),
        }
    }
    fn copy(&self, what: CopyWhat) -> Option<String> {
        match what {
            CopyWhat::Json => Some(self.json()),
            _ => Some(self.cells.join("\t")),
        }
    }
    fn json(&self) -> String {
        serde_json::to_string_pretty(&as_json(self)).expect("rows serialize")
    }
    fn heads(&self) -> Vec<Head> {
        heads(&self.columns)
    }
    fn cells(&self) -> Vec<String> {
        self.columns
            .iter()
            .zip(self.cells.iter())
            .map(|(c, v)| shown(c, v))
            .collect()
    }
    fn portal_link(&self, portal: &str, _tenant: Option<&str>) -> String {
        format!("{}/v2/advanced-hunting", portal.trim_end_matches('/'))
    }
    /// Enter without a column cursor: the first cell that opens something.
    fn route(&self) -> Option<Route> {
        self.columns
            .iter()
            .zip(self.cells.iter())
            .find_map(|(c, v)| pivot::route(&c.name, v))
    }
    fn pivot(&self, to: PivotTo) -> Option<Route> {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        let at = pivot::column_for(&names, to)?;
        pivot::route(names[at], &self.cells[at])
    }
    fn pivot_choices(&self, to: PivotTo) -> Vec<(String, Route)> {
        self.pivot(to)
            .map(|r| (self.label(), r))
            .into_iter()
            .collect()
    }
    fn mentions(&self, out: &mut Mentions) {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        if let Some(at) = pivot::column_for(&names, PivotTo::User) {
            out.add("user", self.cells[at].to_string());
        }
    }
    fn severity(&self) -> Option<&Severity> {
        None
    }
    fn detail_lines(&self) -> usize {
        0
    }
    fn rank(&self, _field: &str) -> Option<i128> {
        None
    }
    fn indicate(&self) -> Option<Indicate> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_order_without_parsing() {
        let times = [
            "2026-11-19T09:14:52Z",
            "2026-11-19T09:14:52.3Z",
            "2026-11-19T09:14:52.3456789Z",
            "2026-11-19T09:14:53Z",
            "2026-12-01T00:00:00Z",
        ];
        let keys: Vec<i128> = times.iter().map(|t| utc_key(t).unwrap()).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        assert_eq!(utc_key("2026-11-19 09:14:52"), None);
        assert_eq!(utc_key("2026-11-19T09:14:52+01:00"), None);
        assert_eq!(utc_key("2026-1x-19T09:14:52Z"), None);
    }
}
