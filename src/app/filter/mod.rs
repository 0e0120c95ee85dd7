//! The `/` filter: terms separated by spaces, all of which must hold.
//!
//! - `lsass` — text anywhere in the row's visible columns (case-insensitive);
//! - `sev:high`, `status:new`, `tech:T1059` — a field contains the text;
//! - `machine:wks-*` — a field matches a glob (`*` is any run of characters);
//! - `sev:high,medium` — any of several values;
//! - `title:"LSASS service"` — quotes keep spaces in a term;
//! - `sev:>=medium`, `created:<2026-11-19` — a range, on fields with an order;
//! - `!resolved`, `!sev:low` — negation.
//!
//! Matching never allocates per row (except for times), so 100,000 alerts filter in a few
//! milliseconds (see `benches/render.rs`).

mod pattern;

use crate::entity::{Entity, List};
use pattern::Pattern;

/// How a term tests a value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    /// Any of the patterns matches a value of the field.
    Any(Vec<Pattern>),
    /// The field's rank compares with this one (`sev:>=medium`).
    Compare(Compare, i128),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compare {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Compare {
    /// Splits `>=medium` into the comparison and `medium`.
    fn split(text: &str) -> Option<(Self, &str)> {
        [
            (">=", Self::GreaterOrEqual),
            ("<=", Self::LessOrEqual),
            (">", Self::Greater),
            ("<", Self::Less),
        ]
        .into_iter()
        .find_map(|(op, cmp)| text.strip_prefix(op).map(|rest| (cmp, rest)))
    }

    fn holds(self, value: i128, bound: i128) -> bool {
        match self {
            Self::Less => value < bound,
            Self::LessOrEqual => value <= bound,
            Self::Greater => value > bound,
            Self::GreaterOrEqual => value >= bound,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    negated: bool,
    field: Option<String>,
    test: Test,
    /// Whether the text could match a time (`2026-11-19 09:48`): formatting every row's time
    /// is the costliest part of a text search, so it is done only when it could matter.
    times: bool,
}

/// A parsed filter, checked against one kind of entity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    terms: Vec<Term>,
}

/// Why a filter cannot be used, shown in the pane title.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("no field “{field}” here (fields: {known})")]
    UnknownField { field: String, known: &'static str },
    #[error("“{field}:{value}”: {field} has no order, or no “{value}” in it")]
    NoOrder { field: String, value: String },
    #[error("no {field} “{value}” (one of: {known})")]
    UnknownValue {
        field: String,
        value: String,
        known: String,
    },
}

/// Splits a filter into words at spaces, keeping quoted runs whole (quotes dropped).
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A value of a field with a closed list of values must be part of one of them (a glob is
/// left to match what it matches): `sev:hihg` is a typo to say, not a filter that hides all.
fn known_values(list: &dyn List, field: &str, values: &[&str]) -> Result<(), FilterError> {
    let Some(known) = list.vocabulary(field) else {
        return Ok(());
    };
    let unknown = values.iter().find(|v| {
        let v = v.to_ascii_lowercase();
        !v.contains('*') && !known.iter().any(|k| k.to_ascii_lowercase().contains(&v))
    });
    match unknown {
        Some(value) => Err(FilterError::UnknownValue {
            field: field.to_owned(),
            value: (*value).to_owned(),
            known: known.join(", "),
        }),
        None => Ok(()),
    }
}

/// The field names a kind's filter knows, for completion.
pub fn field_names(list: &dyn List) -> Vec<&'static str> {
    list.fields().split(", ").collect()
}

impl Filter {
    /// Parses `text` for the entities of `list`; an unknown field is an error naming the
    /// known ones.
    pub fn parse(text: &str, list: &dyn List) -> Result<Self, FilterError> {
        let mut terms = Vec::new();
        for word in words(text) {
            let (negated, word) = match word.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, word.as_str()),
            };
            // `sev:high` names a field; `09:48` is text (field names are letters).
            let (field, value) = match word.split_once(':') {
                Some((f, p)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_alphabetic()) => {
                    (Some(f.to_ascii_lowercase()), p)
                }
                _ => (None, word),
            };
            if let Some(f) = &field
                && !list.has_field(f)
            {
                return Err(FilterError::UnknownField {
                    field: f.clone(),
                    known: list.fields(),
                });
            }
            if value.is_empty() {
                continue;
            }
            let test = match (&field, Compare::split(value)) {
                (Some(f), Some((cmp, bound))) => match list.rank_of(f, bound.trim()) {
                    Some(rank) => Test::Compare(cmp, rank),
                    None => {
                        return Err(FilterError::NoOrder {
                            field: f.clone(),
                            value: value.to_owned(),
                        });
                    }
                },
                _ => {
                    let values: Vec<&str> = value.split(',').filter(|p| !p.is_empty()).collect();
                    if let Some(f) = &field {
                        known_values(list, f, &values)?;
                    }
                    Test::Any(values.into_iter().map(Pattern::parse).collect())
                }
            };
            terms.push(Term {
                negated,
                field,
                test,
                times: value
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | ' ' | 'T' | '*' | ',')),
            });
        }
        Ok(Self { terms })
    }

    /// Whether a per-row text index would serve this filter (it has a plain text term).
    pub fn wants_index(&self) -> bool {
        self.terms.iter().any(Term::plain_text)
    }

    /// Like [`Filter::matches`], with the row's [`Entity::search_text`] at hand: plain
    /// text terms become one substring search instead of one a column.
    pub fn matches_indexed(&self, item: &dyn Entity, text: &str) -> bool {
        self.terms.iter().all(|term| {
            let found = match &term.test {
                Test::Any(patterns) if term.plain_text() => patterns.iter().any(|p| match p {
                    Pattern::Contains(needle) => text.contains(needle.as_str()),
                    Pattern::Glob { .. } => false,
                }),
                _ => term.found(item),
            };
            found != term.negated
        })
    }

    pub fn matches(&self, item: &dyn Entity) -> bool {
        self.terms
            .iter()
            .all(|term| term.found(item) != term.negated)
    }
}

impl Term {
    /// Text anywhere, contained: what the per-row index answers.
    fn plain_text(&self) -> bool {
        self.field.is_none()
            && matches!(&self.test, Test::Any(p) if p.iter().all(|p| matches!(p, Pattern::Contains(_))))
    }

    fn found(&self, item: &dyn Entity) -> bool {
        match &self.test {
            Test::Any(patterns) => item
                .any_value(self.field.as_deref(), self.times, &mut |v| {
                    patterns.iter().any(|p| p.matches(v))
                })
                .unwrap_or(false),
            Test::Compare(cmp, bound) => self
                .field
                .as_deref()
                .and_then(|f| item.rank(f))
                .is_some_and(|rank| cmp.holds(rank, *bound)),
        }
    }
}

#[cfg(test)]
mod tests;
