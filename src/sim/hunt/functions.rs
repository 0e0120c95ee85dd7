//! The scalar functions the simulator's KQL knows.

use serde_json::Value;
use time::OffsetDateTime;

use super::lex::KqlError;
use super::value::Val;

pub(super) fn call(name: &str, args: &[Val], now: OffsetDateTime) -> Result<Val, KqlError> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Val::Null);
    Ok(match name {
        "ago" => match arg(0) {
            Val::Span(s) => Val::Time(now - time::Duration::nanoseconds(s as i64)),
            _ => {
                return Err(KqlError::semantic(
                    "ago() expects a timespan, as in ago(7d)",
                ));
            }
        },
        "now" => Val::Time(now),
        "datetime" => Val::time(&arg(0).text()),
        "tolower" => Val::Str(arg(0).text().to_lowercase()),
        "toupper" => Val::Str(arg(0).text().to_uppercase()),
        "tostring" => Val::Str(arg(0).text()),
        "strlen" => Val::Long(arg(0).text().chars().count() as i64),
        "strcat" => Val::Str(args.iter().map(Val::text).collect()),
        "isempty" => Val::Bool(arg(0).is_empty()),
        "isnotempty" => Val::Bool(!arg(0).is_empty()),
        "iff" | "iif" => {
            if arg(0).truthy() {
                arg(1)
            } else {
                arg(2)
            }
        }
        "pack_array" => Val::Dyn(Value::Array(args.iter().map(Val::json).collect())),
        "bin" => match (arg(0), arg(1)) {
            (Val::Time(t), Val::Span(span)) if span > 0 => {
                let ns = t.unix_timestamp_nanos();
                OffsetDateTime::from_unix_timestamp_nanos(ns - ns.rem_euclid(span))
                    .map_or(Val::Null, Val::Time)
            }
            (Val::Long(n), Val::Long(step)) if step > 0 => Val::Long(n - n.rem_euclid(step)),
            _ => Val::Null,
        },
        other => {
            return Err(KqlError::semantic(format!(
                "Failed to resolve scalar expression named '{other}'"
            )));
        }
    })
}
