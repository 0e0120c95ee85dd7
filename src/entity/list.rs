//! A list of entities of one kind — what every table, filter, sort and export reads — and
//! how any kind's list is one.

use std::sync::Arc;

use super::column::{self, Head, Sort, SortKey};
use super::kind::{Entity, Kind, default_sort};

/// A list of entities of one kind, as every table, filter, sort and export handles it.
/// Shared across threads: an export is written from one while the explorer reads it.
pub trait List: Send + Sync {
    fn kind(&self) -> &'static str;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn get(&self, index: usize) -> &dyn Entity;
    fn heads(&self) -> Vec<Head>;
    fn cell(&self, index: usize, column: usize) -> String;
    fn default_sort(&self) -> Sort;
    /// Sorts `rows` (indices into the list); stable, so equal keys keep the API's order.
    fn sort(&self, rows: &mut [usize], sort: Sort);
    fn has_field(&self, field: &str) -> bool;
    /// Whether column `column` sorts as text (A to Z first), rather than as times or numbers.
    fn text_column(&self, column: usize) -> bool;
    fn fields(&self) -> &'static str;
    fn rank_of(&self, field: &str, text: &str) -> Option<i128>;
    fn vocabulary(&self, field: &str) -> Option<&'static [&'static str]>;
    fn whole_in_lists(&self) -> bool;
    /// The rows as a JSON array.
    fn json(&self, rows: &[usize]) -> String;
    /// One row as compact JSON on one line (JSON Lines).
    fn json_line(&self, index: usize) -> String;
}

impl<K: Kind> List for Arc<[K]> {
    fn kind(&self) -> &'static str {
        K::NAME
    }
    fn len(&self) -> usize {
        <[K]>::len(self)
    }
    fn get(&self, index: usize) -> &dyn Entity {
        &self[index]
    }
    fn heads(&self) -> Vec<Head> {
        K::COLUMNS.iter().map(|c| c.head).collect()
    }
    fn cell(&self, index: usize, column: usize) -> String {
        (K::COLUMNS[column].cell)(&self[index])
    }
    fn default_sort(&self) -> Sort {
        default_sort::<K>()
    }
    fn sort(&self, rows: &mut [usize], sort: Sort) {
        column::sort_rows(&self[..], K::COLUMNS, sort, rows);
    }
    fn has_field(&self, field: &str) -> bool {
        K::default()
            .any_value(Some(field), false, &mut |_| false)
            .is_some()
    }
    fn fields(&self) -> &'static str {
        K::FIELDS
    }
    fn text_column(&self, column: usize) -> bool {
        let Some(key) = K::COLUMNS.get(column).and_then(|c| c.key) else {
            return false;
        };
        self.iter()
            .map(key)
            .find(|k| !matches!(k, SortKey::Missing))
            .is_some_and(|k| matches!(k, SortKey::Text(_)))
    }
    fn rank_of(&self, field: &str, text: &str) -> Option<i128> {
        K::rank_of(field, text)
    }
    fn vocabulary(&self, field: &str) -> Option<&'static [&'static str]> {
        K::vocabulary(field)
    }
    fn whole_in_lists(&self) -> bool {
        K::WHOLE_IN_LISTS
    }
    fn json(&self, rows: &[usize]) -> String {
        let picked: Vec<&K> = rows.iter().map(|&i| &self[i]).collect();
        serde_json::to_string_pretty(&picked).expect("entities serialize")
    }
    fn json_line(&self, index: usize) -> String {
        serde_json::to_string(&self[index]).expect("entities serialize")
    }
}
