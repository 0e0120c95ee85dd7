//! Runs a parsed query over the simulator's tables: each operator a table in, a table out.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::expr::{Cx, Table, key, position};
use super::lex::KqlError;
use super::parse::{Expr, Op, Query};
use super::value::Val;

/// The tables a query may name, by name.
pub(super) type Source<'a> = &'a dyn Fn(&str) -> Option<Table>;

pub(super) fn run(query: &Query, source: Source, now: OffsetDateTime) -> Result<Table, KqlError> {
    let mut table = source(&query.table).ok_or_else(|| {
        KqlError::semantic(format!(
            "Failed to resolve table expression named '{}'",
            query.table
        ))
    })?;
    for op in &query.ops {
        table = apply(op, table, source, now)?;
    }
    Ok(table)
}

fn apply(op: &Op, t: Table, source: Source, now: OffsetDateTime) -> Result<Table, KqlError> {
    let cx = |t: &Table| Cx {
        columns: t.columns.clone(),
        now,
    };
    Ok(match op {
        Op::Where(e) => {
            let cx = cx(&t);
            let mut rows = Vec::new();
            for row in t.rows {
                if cx.eval(e, &row)?.truthy() {
                    rows.push(row);
                }
            }
            Table {
                columns: t.columns,
                rows,
            }
        }
        Op::Project(named) => {
            let cx = cx(&t);
            let rows = t
                .rows
                .iter()
                .map(|row| named.iter().map(|(_, e)| cx.eval(e, row)).collect())
                .collect::<Result<_, _>>()?;
            Table {
                columns: named.iter().map(|(n, _)| n.clone()).collect(),
                rows,
            }
        }
        Op::Extend(named) => {
            let cx = cx(&t);
            let mut columns = t.columns.clone();
            let mut rows = t.rows;
            for (name, e) in named {
                let at = columns.iter().position(|c| c == name);
                for row in &mut rows {
                    let value = cx.eval(e, row)?;
                    match at {
                        Some(i) => row[i] = value,
                        None => row.push(value),
                    }
                }
                if at.is_none() {
                    columns.push(name.clone());
                }
            }
            Table { columns, rows }
        }
        Op::Summarize { aggs, by } => super::summarize::summarize(&cx(&t), &t, aggs, by)?,
        Op::Top(n, by, desc) => {
            let mut t = sort(&cx(&t), t.clone(), &[(by.clone(), *desc)])?;
            t.rows.truncate(*n);
            t
        }
        Op::Order(keys) => sort(&cx(&t), t.clone(), keys)?,
        Op::Take(n) => {
            let mut t = t;
            t.rows.truncate(*n);
            t
        }
        Op::Distinct(names) => {
            let at = names
                .iter()
                .map(|n| position(&t.columns, n))
                .collect::<Result<Vec<_>, _>>()?;
            let mut seen = std::collections::HashSet::new();
            let rows = t
                .rows
                .iter()
                .map(|row| at.iter().map(|&i| row[i].clone()).collect::<Vec<_>>())
                .filter(|row| seen.insert(key(row)))
                .collect();
            Table {
                columns: names.clone(),
                rows,
            }
        }
        Op::Count => Table {
            columns: vec!["Count".into()],
            rows: vec![vec![Val::Long(t.rows.len() as i64)]],
        },
        Op::Join(right, on) => {
            let right = run(right, source, now)?;
            let (l, r) = (position(&t.columns, on)?, position(&right.columns, on)?);
            let mut by_key: HashMap<String, Vec<&Vec<Val>>> = HashMap::new();
            for row in &right.rows {
                by_key.entry(row[r].text()).or_default().push(row);
            }
            let mut columns = t.columns.clone();
            for c in &right.columns {
                columns.push(if t.columns.contains(c) {
                    format!("{c}1")
                } else {
                    c.clone()
                });
            }
            let mut rows = Vec::new();
            for row in &t.rows {
                for other in by_key.get(&row[l].text()).into_iter().flatten() {
                    rows.push(row.iter().chain(other.iter()).cloned().collect());
                }
            }
            Table { columns, rows }
        }
    })
}

fn sort(cx: &Cx, mut t: Table, keys: &[(Expr, bool)]) -> Result<Table, KqlError> {
    let mut keyed = t
        .rows
        .drain(..)
        .map(|row| {
            let k = keys
                .iter()
                .map(|(e, _)| cx.eval(e, &row))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((k, row))
        })
        .collect::<Result<Vec<_>, KqlError>>()?;
    keyed.sort_by(|(a, _), (b, _)| {
        keys.iter()
            .zip(a.iter().zip(b))
            .map(|((_, desc), (x, y))| {
                let o = x.compare(y);
                if *desc { o.reverse() } else { o }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    t.rows = keyed.into_iter().map(|(_, row)| row).collect();
    Ok(t)
}
