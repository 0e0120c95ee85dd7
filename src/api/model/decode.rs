//! Timestamps and the lenient decoders the wire's quirks need.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How [`Timestamp::short`] writes a time (and how a table cell's time is read back).
pub const SHORT_FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

/// A point in time as the API sends it: UTC with 0 to 7 fractional digits. Text that does not
/// parse is kept rather than failing the whole response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timestamp {
    Parsed(OffsetDateTime),
    Unparsed(String),
}

impl Timestamp {
    pub fn parse(raw: &str) -> Self {
        OffsetDateTime::parse(raw, &Rfc3339)
            .map(Self::Parsed)
            .unwrap_or_else(|_| Self::Unparsed(raw.to_owned()))
    }

    pub fn datetime(&self) -> Option<OffsetDateTime> {
        match self {
            Self::Parsed(t) => Some(*t),
            Self::Unparsed(_) => None,
        }
    }

    /// `2024-05-21 14:05:12` in UTC: what a table cell shows.
    pub fn short(&self) -> String {
        match self {
            Self::Parsed(t) => t
                .to_offset(time::UtcOffset::UTC)
                .format(SHORT_FORMAT)
                .unwrap_or_default(),
            Self::Unparsed(s) => s.clone(),
        }
    }

    /// Seconds since the Unix epoch, for sorting; unparsed text sorts first.
    pub fn sort_key(&self) -> i128 {
        self.datetime()
            .map_or(i128::MIN, |t| t.unix_timestamp_nanos())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parsed(t) => f.write_str(&t.format(&Rfc3339).map_err(|_| fmt::Error)?),
            Self::Unparsed(s) => f.write_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::parse(&String::deserialize(d)?))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `null` and a missing key both mean the default (an empty list, usually).
pub(in crate::api) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A number the docs call a string (`rbacGroupId`, ids in old data): accept both, and keep
/// `None` for text that is not a number rather than failing.
pub(super) fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumOrText {
        Num(i64),
        Float(f64),
        Text(String),
    }
    Ok(match Option::<NumOrText>::deserialize(d)? {
        Some(NumOrText::Num(n)) => Some(n),
        Some(NumOrText::Float(f)) if f.fract() == 0.0 => Some(f as i64),
        Some(NumOrText::Text(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// `mitreTechniques` is an array in responses but a String in the docs table: accept both,
/// splitting a comma list; each technique shared (a few dozen name every alert).
pub(super) fn string_or_list<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<super::shared::SharedList, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Option<String>>),
        One(String),
    }
    use super::shared::SharedList;
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => SharedList::default(),
        Some(OneOrMany::Many(v)) => SharedList::new(v.iter().flatten().map(String::as_str)),
        Some(OneOrMany::One(s)) => {
            SharedList::new(s.split(',').map(str::trim).filter(|s| !s.is_empty()))
        }
    })
}
