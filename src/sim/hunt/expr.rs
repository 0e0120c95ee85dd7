//! Expressions over a row: columns, literals, functions, comparisons, `in`, `and`/`or` — and
//! the table they read.

use serde_json::Value;
use time::OffsetDateTime;

use super::lex::KqlError;
use super::parse::Expr;
use super::value::Val;

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Val>>,
}

/// A row's identity for `distinct` and grouping.
pub(super) fn key(row: &[Val]) -> String {
    row.iter()
        .map(|v| format!("{}\u{1f}{}", v.type_name(), v.text()))
        .collect::<Vec<_>>()
        .join("\u{1e}")
}

pub(super) fn position(columns: &[String], name: &str) -> Result<usize, KqlError> {
    columns.iter().position(|c| c == name).ok_or_else(|| {
        KqlError::semantic(format!(
            "Failed to resolve scalar expression named '{name}'"
        ))
    })
}

/// What an expression sees: the row's columns, and the query's "now".
pub(super) struct Cx {
    pub columns: Vec<String>,
    pub now: OffsetDateTime,
}

impl Cx {
    pub(super) fn eval(&self, e: &Expr, row: &[Val]) -> Result<Val, KqlError> {
        Ok(match e {
            Expr::Lit(v) => v.clone(),
            Expr::Col(name) => row[position(&self.columns, name)?].clone(),
            Expr::Not(inner) => Val::Bool(!self.eval(inner, row)?.truthy()),
            Expr::In(left, list, negated) => {
                let left = self.eval(left, row)?;
                let mut found = false;
                for item in list {
                    found |= left.equals(&self.eval(item, row)?);
                }
                Val::Bool(found != *negated)
            }
            Expr::Bin(a, op, b) if op == "and" => {
                Val::Bool(self.eval(a, row)?.truthy() && self.eval(b, row)?.truthy())
            }
            Expr::Bin(a, op, b) if op == "or" => {
                Val::Bool(self.eval(a, row)?.truthy() || self.eval(b, row)?.truthy())
            }
            Expr::Bin(a, op, b) => binary(&self.eval(a, row)?, op, &self.eval(b, row)?)?,
            Expr::Call(name, args) => {
                let args = args
                    .iter()
                    .map(|a| self.eval(a, row))
                    .collect::<Result<Vec<_>, _>>()?;
                super::functions::call(name, &args, self.now)?
            }
        })
    }
}

fn binary(a: &Val, op: &str, b: &Val) -> Result<Val, KqlError> {
    let (x, y) = (a.text(), b.text());
    let (lx, ly) = (x.to_lowercase(), y.to_lowercase());
    Ok(Val::Bool(match op {
        "==" => a.equals(b),
        "!=" => !a.equals(b),
        "<" | "<=" | ">" | ">=" => {
            let o = match (a, b) {
                (Val::Time(_), Val::Str(s)) => a.compare(&Val::time(s)),
                (Val::Str(s), Val::Time(_)) => Val::time(s).compare(b),
                _ => a.compare(b),
            };
            match op {
                "<" => o.is_lt(),
                "<=" => o.is_le(),
                ">" => o.is_gt(),
                _ => o.is_ge(),
            }
        }
        "=~" => lx == ly,
        "!~" => lx != ly,
        "has" => has(&lx, &ly),
        "!has" => !has(&lx, &ly),
        "has_cs" => has(&x, &y),
        "contains" => lx.contains(&ly),
        "!contains" => !lx.contains(&ly),
        "contains_cs" => x.contains(&y),
        "startswith" => lx.starts_with(&ly),
        "endswith" => lx.ends_with(&ly),
        "has_any" => match b {
            Val::Dyn(Value::Array(items)) => items.iter().any(|i| {
                let term = match i {
                    Value::String(s) => s.to_lowercase(),
                    other => other.to_string(),
                };
                has(&lx, &term)
            }),
            _ => false,
        },
        "+" | "-" => return arithmetic(a, op == "+", b),
        other => {
            return Err(KqlError::semantic(format!(
                "the operator '{other}' is not supported here"
            )));
        }
    }))
}

fn arithmetic(a: &Val, add: bool, b: &Val) -> Result<Val, KqlError> {
    let sign = if add { 1 } else { -1 };
    Ok(match (a, b) {
        (Val::Time(t), Val::Span(s)) => {
            Val::Time(*t + time::Duration::nanoseconds((sign * s) as i64))
        }
        (Val::Time(x), Val::Time(y)) if !add => Val::Span((*x - *y).whole_nanoseconds()),
        (Val::Span(x), Val::Span(y)) => Val::Span(x + sign * y),
        (Val::Long(x), Val::Long(y)) => Val::Long(x + sign as i64 * y),
        _ => Val::Null,
    })
}

/// KQL's `has`: `term` as a whole term of `text` — bounded by non-alphanumeric characters or
/// the ends (both lower-cased).
fn has(text: &str, term: &str) -> bool {
    if term.is_empty() {
        return true;
    }
    text.match_indices(term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
