//! The simulator's KQL values: what a cell holds, how two compare, and how one is written in
//! an answer (a time as RFC 3339, a dynamic value as JSON).

use std::cmp::Ordering;

use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    Null,
    Str(String),
    Long(i64),
    Real(f64),
    Bool(bool),
    Time(OffsetDateTime),
    /// A timespan, in nanoseconds.
    Span(i128),
    Dyn(Value),
}

impl Val {
    pub(super) fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    /// A JSON value from the tenant, as a cell: an RFC 3339 string stays a string (the table's
    /// schema makes it a time where it is one).
    pub(super) fn from_json(v: &Value) -> Self {
        match v {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => n
                .as_i64()
                .map_or_else(|| Self::Real(n.as_f64().unwrap_or(0.0)), Self::Long),
            Value::String(s) => Self::Str(s.clone()),
            other => Self::Dyn(other.clone()),
        }
    }

    pub(super) fn time(text: &str) -> Self {
        OffsetDateTime::parse(text, &Rfc3339).map_or(Self::Null, Self::Time)
    }

    /// The text KQL's string operators see.
    pub(super) fn text(&self) -> String {
        match self {
            Self::Null => String::new(),
            Self::Str(s) => s.clone(),
            Self::Long(n) => n.to_string(),
            Self::Real(x) => x.to_string(),
            Self::Bool(b) => b.to_string(),
            Self::Time(t) => t.format(&Rfc3339).unwrap_or_default(),
            Self::Span(n) => format!("{}s", n / 1_000_000_000),
            Self::Dyn(v) => v.to_string(),
        }
    }

    pub(super) fn truthy(&self) -> bool {
        matches!(self, Self::Bool(true))
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            Self::Null => true,
            Self::Str(s) => s.is_empty(),
            _ => false,
        }
    }

    /// The answer's JSON for the cell.
    pub(super) fn json(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Str(s) => Value::String(s.clone()),
            Self::Long(n) => Value::from(*n),
            Self::Real(x) => Value::from(*x),
            Self::Bool(b) => Value::Bool(*b),
            Self::Time(_) | Self::Span(_) => Value::String(self.text()),
            Self::Dyn(v) => v.clone(),
        }
    }

    /// The schema's type name of the cell.
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            Self::Null | Self::Str(_) => "String",
            Self::Long(_) => "Int64",
            Self::Real(_) => "Double",
            Self::Bool(_) => "Boolean",
            Self::Time(_) => "DateTime",
            Self::Span(_) => "TimeSpan",
            Self::Dyn(_) => "Dynamic",
        }
    }

    /// KQL's ordering: numbers by value, times by time, text by text (case-sensitive); null
    /// before anything.
    pub(super) fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Null, Self::Null) => Ordering::Equal,
            (Self::Null, _) => Ordering::Less,
            (_, Self::Null) => Ordering::Greater,
            (Self::Long(a), Self::Long(b)) => a.cmp(b),
            (Self::Time(a), Self::Time(b)) => a.cmp(b),
            (Self::Span(a), Self::Span(b)) => a.cmp(b),
            (a, b) => match (a.number(), b.number()) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                _ => a.text().cmp(&b.text()),
            },
        }
    }

    pub(super) fn equals(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Time(_), Self::Str(s)) | (Self::Str(s), Self::Time(_)) => {
                let (t, _) = if matches!(self, Self::Time(_)) {
                    (self, s)
                } else {
                    (other, s)
                };
                Val::time(s).compare(t) == Ordering::Equal
            }
            _ => self.compare(other) == Ordering::Equal,
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Self::Long(n) => Some(*n as f64),
            Self::Real(x) => Some(*x),
            _ => None,
        }
    }
}

/// `7d`, `12h`, `30m`, `10s`, `100ms`: a KQL timespan literal, in nanoseconds.
pub(super) fn timespan(text: &str) -> Option<i128> {
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (number, unit) = text.split_at(split);
    let n: f64 = number.parse().ok()?;
    let unit_ns: f64 = match unit {
        "d" => 86_400e9,
        "h" => 3_600e9,
        "m" => 60e9,
        "s" => 1e9,
        "ms" => 1e6,
        _ => return None,
    };
    Some((n * unit_ns) as i128)
}
