//! `summarize agg(…), … by col, …`: groups in the order first met, their keys first, then
//! each aggregate — `count`, `countif`, `dcount`, `make_set`, `make_list`, `min`, `max`,
//! `sum`, `take_any`.

use std::collections::HashMap;

use serde_json::Value;

use super::expr::{Cx, Table, key};
use super::lex::KqlError;
use super::parse::Expr;
use super::value::Val;

type Agg = (String, String, Option<Expr>);

pub(super) fn summarize(
    cx: &Cx,
    t: &Table,
    aggs: &[Agg],
    by: &[(String, Expr)],
) -> Result<Table, KqlError> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, (Vec<Val>, Vec<&Vec<Val>>)> = HashMap::new();
    for row in &t.rows {
        let keys = by
            .iter()
            .map(|(_, e)| cx.eval(e, row))
            .collect::<Result<Vec<_>, _>>()?;
        let k = key(&keys);
        let entry = groups.entry(k.clone()).or_insert_with(|| {
            order.push(k);
            (keys, Vec::new())
        });
        entry.1.push(row);
    }
    // No rows and no keys: one row of empty aggregates (`count` is 0), as KQL answers.
    if t.rows.is_empty() && by.is_empty() {
        groups.insert(String::new(), (Vec::new(), Vec::new()));
        order.push(String::new());
    }
    let mut rows = Vec::new();
    for k in order {
        let (keys, members) = &groups[&k];
        let mut row = keys.clone();
        for (_, func, arg) in aggs {
            row.push(aggregate(cx, func, arg.as_ref(), members)?);
        }
        rows.push(row);
    }
    let columns = by
        .iter()
        .map(|(n, _)| n.clone())
        .chain(aggs.iter().map(|(n, _, _)| n.clone()))
        .collect();
    Ok(Table { columns, rows })
}

fn aggregate(cx: &Cx, func: &str, arg: Option<&Expr>, rows: &[&Vec<Val>]) -> Result<Val, KqlError> {
    let values = || -> Result<Vec<Val>, KqlError> {
        let arg = arg.ok_or_else(|| KqlError::semantic(format!("{func}() needs an argument")))?;
        rows.iter().map(|r| cx.eval(arg, r)).collect()
    };
    Ok(match func {
        "count" => Val::Long(rows.len() as i64),
        "countif" => Val::Long(values()?.iter().filter(|v| v.truthy()).count() as i64),
        "dcount" => {
            let distinct: std::collections::HashSet<String> = values()?
                .iter()
                .filter(|v| !v.is_empty())
                .map(Val::text)
                .collect();
            Val::Long(distinct.len() as i64)
        }
        "make_set" | "make_list" => {
            let mut seen = std::collections::HashSet::new();
            let items: Vec<Value> = values()?
                .iter()
                .filter(|v| !v.is_empty())
                .filter(|v| func == "make_list" || seen.insert(v.text()))
                .map(Val::json)
                .collect();
            Val::Dyn(Value::Array(items))
        }
        "min" | "max" => values()?
            .into_iter()
            .filter(|v| !v.is_empty())
            .reduce(|a, b| {
                let a_first = a.compare(&b).is_le();
                if a_first == (func == "min") { a } else { b }
            })
            .unwrap_or(Val::Null),
        "sum" => Val::Long(
            values()?
                .iter()
                .map(|v| match v {
                    Val::Long(n) => *n,
                    _ => 0,
                })
                .sum(),
        ),
        "take_any" | "any" => values()?.into_iter().next().unwrap_or(Val::Null),
        other => {
            return Err(KqlError::semantic(format!(
                "'{other}' is not a known aggregation function"
            )));
        }
    })
}
