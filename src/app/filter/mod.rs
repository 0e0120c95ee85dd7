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
                _ => Test::Any(
                    value
                        .split(',')
                        .filter(|p| !p.is_empty())
                        .map(Pattern::parse)
                        .collect(),
                ),
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
mod tests {
    use super::*;
    use crate::api::model::{Alert, Machine, User};

    fn parse<T: crate::entity::Kind>(text: &str) -> Result<Filter, FilterError> {
        Filter::parse(text, &std::sync::Arc::<[T]>::from(Vec::new()))
    }

    fn alert(json: serde_json::Value) -> Alert {
        serde_json::from_value(json).unwrap()
    }

    fn sample() -> Vec<Alert> {
        vec![
            alert(
                serde_json::json!({"id": "a1", "severity": "High", "status": "New",
                "title": "Suspicious access to LSASS service", "computerDnsName": "wks-fin-042.corp",
                "mitreTechniques": ["T1003.001"], "category": "CredentialAccess",
                "alertCreationTime": "2026-11-19T09:48:12.3Z",
                "relatedUser": {"userName": "jdoe"}}),
            ),
            alert(
                serde_json::json!({"id": "a2", "severity": "Low", "status": "Resolved",
                "title": "EICAR test file detected", "computerDnsName": "srv-fs-01.corp",
                "mitreTechniques": ["T1059.001", "T1105"], "category": "Malware"}),
            ),
            alert(
                serde_json::json!({"id": "a3", "severity": "Medium", "status": "InProgress",
                "title": "PowerShell download", "computerDnsName": "wks-hr-101.corp",
                "mitreTechniques": ["T1059.001"]}),
            ),
        ]
    }

    fn ids(filter: &str) -> Vec<String> {
        let f = parse::<Alert>(filter).unwrap();
        sample()
            .into_iter()
            .filter(|a| f.matches(a))
            .map(|a| a.id)
            .collect()
    }

    #[test]
    fn text_fields_globs_and_negation() {
        assert_eq!(ids(""), ["a1", "a2", "a3"]);
        assert_eq!(ids("lsass"), ["a1"]);
        assert_eq!(ids("LSASS"), ["a1"]);
        assert_eq!(ids("sev:high"), ["a1"]);
        assert_eq!(ids("status:new"), ["a1"]);
        assert_eq!(ids("!resolved"), ["a1", "a3"]);
        assert_eq!(ids("machine:wks-*"), ["a1", "a3"]);
        assert_eq!(ids("machine:*.corp"), ["a1", "a2", "a3"]);
        assert_eq!(ids("machine:wks-*-042*"), ["a1"]);
        assert_eq!(ids("machine:wks"), ["a1", "a3"], "no star: contains");
        assert_eq!(ids("machine:fin"), ["a1"]);
        assert_eq!(
            ids("machine:fin*"),
            Vec::<String>::new(),
            "a glob is anchored"
        );
        assert_eq!(ids("tech:T1059"), ["a2", "a3"]);
        assert_eq!(ids("tech:T1059 !sev:low"), ["a3"]);
        assert_eq!(ids("user:jdoe"), ["a1"]);
        assert_eq!(ids("cat:malware status:resolved"), ["a2"]);
        // Times are searched when the text could be one.
        assert_eq!(ids("2026-11-19"), ["a1"]);
        assert_eq!(ids("09:48"), ["a1"]);
        assert_eq!(ids("!2026-11-19*"), ["a2", "a3"]);
    }

    #[test]
    fn quotes_lists_and_ranges() {
        assert_eq!(ids("title:\"LSASS service\""), ["a1"]);
        assert_eq!(ids("\"EICAR test\""), ["a2"]);
        assert_eq!(ids("sev:high,medium"), ["a1", "a3"]);
        assert_eq!(ids("!sev:high,medium"), ["a2"]);
        assert_eq!(ids("sev:>=medium"), ["a1", "a3"]);
        assert_eq!(ids("sev:<medium"), ["a2"]);
        assert_eq!(ids("status:<=inprogress"), ["a1", "a3"]);
        assert_eq!(ids("created:>=2026-11-19"), ["a1"]);
        assert_eq!(ids("created:<2026-11-19 09:48"), Vec::<String>::new());
        let err = parse::<Alert>("title:>x").unwrap_err().to_string();
        assert!(err.contains("no order"), "{err}");
        assert!(parse::<Alert>("sev:>=bogus").is_err());
        let machines: Vec<Machine> = serde_json::from_value(serde_json::json!([
            {"id": "m1", "riskScore": "High"}, {"id": "m2", "riskScore": "Low"}
        ]))
        .unwrap();
        let f = parse::<Machine>("risk:>medium").unwrap();
        let hits: Vec<&str> = machines
            .iter()
            .filter(|m| f.matches(*m))
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(hits, ["m1"]);
    }

    #[test]
    fn the_text_index_agrees_with_the_columns() {
        for filter in [
            "lsass",
            "POWERSHELL",
            "!resolved",
            "09:48 sev:high",
            "wks !fin",
            "machine:wks-* lsass",
            "lsass,eicar",
            "\"test file\" !sev:>=high",
        ] {
            let f = parse::<Alert>(filter).unwrap();
            for a in sample() {
                let mut text = String::new();
                a.search_text(&mut text);
                assert_eq!(
                    f.matches(&a),
                    f.matches_indexed(&a, &text),
                    "{filter} on {}",
                    a.id
                );
            }
        }
        assert!(parse::<Alert>("lsass").unwrap().wants_index());
        assert!(!parse::<Alert>("sev:high wks-*").unwrap().wants_index());
    }

    #[test]
    fn unknown_fields_are_named() {
        let err = parse::<Alert>("colour:red").unwrap_err().to_string();
        assert!(err.contains("colour") && err.contains("sev"), "{err}");
        assert!(parse::<Machine>("health:active risk:high os:windows tag:vip ip:10.").is_ok());
        assert!(parse::<Machine>("sev:high").is_err());
        assert!(parse::<User>("admin:yes domain:contoso").is_ok());
    }

    #[test]
    fn globs_anchor_where_there_is_no_star() {
        let p = Pattern::parse("wks-*");
        assert!(p.matches("WKS-042") && !p.matches("x-wks-042"));
        let p = Pattern::parse("*042");
        assert!(p.matches("wks-042") && !p.matches("wks-0421"));
        let p = Pattern::parse("a*b*c");
        assert!(p.matches("axxbyyc") && !p.matches("axxbyy") && !p.matches("xaxbc"));
        assert!(Pattern::parse("*").matches("anything"));
    }
}
