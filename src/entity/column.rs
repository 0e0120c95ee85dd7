//! Columns: what a list of one entity kind shows, how wide, when, and how it sorts. Cells are
//! raw API text: callers sanitize.

use crate::api::model::{SHORT_FORMAT, Timestamp};

/// A cell for an optional value: the value, or an em dash.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "—".to_owned(), ToString::to_string)
}

/// The label of a prevalence from a `/stats` endpoint: they look back 30 days unless asked
/// otherwise (`lookBackHours`, default 720).
pub const ORG_PREVALENCE: &str = "org, 30 days";

/// How many of the organisation's machines saw it; a 0 is "no data", said as such.
pub fn prevalence(count: Option<i64>) -> String {
    match count {
        Some(0) => "no data: no machine in the organisation (prevalence 0)".to_owned(),
        Some(1) => "1 machine".to_owned(),
        Some(n) => format!("{n} machines"),
        None => "—".to_owned(),
    }
}

/// An optional timestamp that says its zone: `2026-11-19 09:48:12 UTC`.
pub fn time(v: &Option<Timestamp>) -> String {
    v.as_ref()
        .map_or_else(|| "—".to_owned(), |t| format!("{} UTC", t.short()))
}

/// A timestamp in a list, where the column's title says the zone: `2026-11-19 09:48:12`.
pub fn time_cell(v: &Option<Timestamp>) -> String {
    v.as_ref().map_or_else(|| "—".to_owned(), Timestamp::short)
}

/// A [`time_cell`] as an age at `now`: `<1m`, `4m`, `2h`, `3d`, `2y`; other text unchanged.
pub fn age(cell: &str, now: time::OffsetDateTime) -> String {
    let Ok(at) = time::PrimitiveDateTime::parse(cell, SHORT_FORMAT) else {
        return cell.to_owned();
    };
    let secs = (now - at.assume_utc()).whole_seconds();
    match secs {
        ..0 => "future".to_owned(),
        0..60 => "<1m".to_owned(),
        60..3_600 => format!("{}m", secs / 60),
        3_600..172_800 => format!("{}h", secs / 3_600),
        172_800..31_536_000 => format!("{}d", secs / 86_400),
        _ => format!("{}y", secs / 31_536_000),
    }
}

/// A [`time_cell`] (UTC) in the zone `offset`; other text unchanged.
pub fn in_zone(cell: &str, offset: time::UtcOffset) -> String {
    time::PrimitiveDateTime::parse(cell, SHORT_FORMAT)
        .ok()
        .and_then(|at| at.assume_utc().to_offset(offset).format(SHORT_FORMAT).ok())
        .unwrap_or_else(|| cell.to_owned())
}

/// How a zone is named in a column title: `UTC`, `UTC+01:00`, `UTC-05:30`.
pub fn zone_name(offset: time::UtcOffset) -> String {
    if offset.is_utc() {
        return "UTC".to_owned();
    }
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", h.abs(), m.abs())
}

/// Where a column appears. One-shot output and CSV show every column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Always,
    /// In the explorer only when the table is at least [`WIDE`] cells wide.
    Wide,
    /// In the explorer only when the table is at least [`WIDER`] cells wide.
    Wider,
    /// Not in the explorer (long ids that would crowd out the title).
    OneShotOnly,
}

/// The table width from which `Show::Wide` columns appear.
pub const WIDE: u16 = 120;

/// The table width from which `Show::Wider` columns appear too.
pub const WIDER: u16 = 160;

/// One column of an entity list.
pub struct Column<T> {
    pub head: Head,
    pub cell: fn(&T) -> String,
    /// The column's sort key; `None` for columns that do not sort.
    pub key: Option<fn(&T) -> SortKey>,
}

/// What a column is, whatever it holds: enough to lay out a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub title: &'static str,
    /// Fixed width in the explorer; `None` takes the remaining space.
    pub width: Option<u16>,
    pub show: Show,
    pub sortable: bool,
    /// Holds a time in UTC ([`time_cell`]): the explorer may show it as an age.
    pub clock: bool,
    /// On tables narrower than [`WIDE`], a shorter form: its title, its width and how a cell
    /// reads (`SEV`, `Info` for `Informational`), so the flexible column keeps the room.
    pub narrow: Option<Narrow>,
}

/// A column's shorter form on narrow tables (see [`Head::narrow`]).
#[derive(Debug, Clone, Copy)]
pub struct Narrow {
    pub title: &'static str,
    pub width: u16,
    pub cell: fn(&str) -> String,
}

/// Two forms are the same when they read the same (function addresses say nothing).
impl PartialEq for Narrow {
    fn eq(&self, other: &Self) -> bool {
        (self.title, self.width) == (other.title, other.width)
    }
}

impl Eq for Narrow {}

impl Head {
    pub fn shown_at(&self, table_width: u16) -> bool {
        match self.show {
            Show::Always => true,
            Show::Wide => table_width >= WIDE,
            Show::Wider => table_width >= WIDER,
            Show::OneShotOnly => false,
        }
    }
}

/// A list's order: a column (index into its column list) and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

impl<T> Column<T> {
    const fn new(
        title: &'static str,
        width: Option<u16>,
        show: Show,
        cell: fn(&T) -> String,
    ) -> Self {
        Self {
            head: Head {
                title,
                width,
                show,
                sortable: false,
                clock: false,
                narrow: None,
            },
            cell,
            key: None,
        }
    }

    /// A column shown at every width.
    pub const fn always(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Self {
        Self::new(title, width, Show::Always, cell)
    }

    /// A column shown only on wide tables.
    pub const fn wide(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Self {
        Self::new(title, width, Show::Wide, cell)
    }

    /// A column shown only on the widest tables (a full-screen list at 160 columns).
    pub const fn wider(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Self {
        Self::new(title, width, Show::Wider, cell)
    }

    /// A column for one-shot output and exports only.
    pub const fn one_shot(title: &'static str, width: Option<u16>, cell: fn(&T) -> String) -> Self {
        Self::new(title, width, Show::OneShotOnly, cell)
    }

    /// Marks the column as a time in UTC, which the explorer may show as an age.
    pub const fn clock(mut self) -> Self {
        self.head.clock = true;
        self
    }

    /// Gives the column a shorter form on narrow tables.
    pub const fn narrow(
        mut self,
        title: &'static str,
        width: u16,
        cell: fn(&str) -> String,
    ) -> Self {
        self.head.narrow = Some(Narrow { title, width, cell });
        self
    }

    /// Makes the column sortable by `key`.
    pub const fn by(mut self, key: fn(&T) -> SortKey) -> Self {
        self.key = Some(key);
        self.head.sortable = true;
        self
    }
}

/// The index of the column titled `title`: default sorts name their column, so reordering
/// columns cannot silently change them.
pub fn position<T>(columns: &[Column<T>], title: &str) -> usize {
    columns
        .iter()
        .position(|c| c.head.title == title)
        .unwrap_or_else(|| panic!("no column titled {title}"))
}

/// What a column sorts by. Missing values come first, then numbers, then text; text ignores
/// case. Keys are computed once per row (`sort_by_cached_key`), not once per comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Missing,
    Num(i128),
    Text(String),
}

pub fn time_key(t: &Option<Timestamp>) -> SortKey {
    match t.as_ref().and_then(Timestamp::datetime) {
        Some(t) => SortKey::Num(t.unix_timestamp_nanos()),
        None => SortKey::Missing,
    }
}

/// A time a person types in a filter (`2026-11-19`, `2026-11-19 09:48`, RFC 3339) as the
/// nanoseconds [`time_key`] sorts by.
pub fn typed_time(text: &str) -> Option<i128> {
    let text = text.trim().replace(' ', "T");
    let full = match text.len() {
        10 => format!("{text}T00:00:00Z"),
        16 => format!("{text}:00Z"),
        19 => format!("{text}Z"),
        _ => text,
    };
    Timestamp::parse(&full)
        .datetime()
        .map(|t| t.unix_timestamp_nanos())
}

pub fn text_key(v: Option<&str>) -> SortKey {
    v.map_or(SortKey::Missing, |v| SortKey::Text(v.to_lowercase()))
}

/// Sorts `rows` (indices into `items`) by `sort`; unsortable columns leave the order alone.
/// Stable, so equal keys keep the API's order.
pub fn sort_rows<T>(items: &[T], columns: &[Column<T>], sort: Sort, rows: &mut [usize]) {
    let Some(key) = columns.get(sort.column).and_then(|c| c.key) else {
        return;
    };
    if sort.descending {
        rows.sort_by_cached_key(|&i| std::cmp::Reverse(key(&items[i])));
    } else {
        rows.sort_by_cached_key(|&i| key(&items[i]));
    }
}

/// A size as people read it: `294.5 KiB`, `12 bytes`.
pub fn short_size(bytes: u64) -> String {
    let units = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    match units.iter().find(|(_, n)| bytes >= *n) {
        Some((unit, n)) => format!("{:.1} {unit}", bytes as f64 / *n as f64),
        None => format!("{bytes} bytes"),
    }
}

/// How far something has come, as a bar of ten cells and a share: `████░░░░░░ 42%`.
pub fn share_bar(percent: u64) -> String {
    let percent = percent.min(100);
    let filled = usize::try_from(percent / 10).unwrap_or(10);
    format!(
        "{}{} {percent}%",
        "█".repeat(filled),
        "░".repeat(10 - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::age;

    #[test]
    fn ages_read_as_analysts_say_them() {
        let now = time::macros::datetime!(2026-11-27 12:00:00 UTC);
        for (cell, shown) in [
            ("2026-11-27 11:59:15", "<1m"),
            ("2026-11-27 11:56:00", "4m"),
            ("2026-11-27 10:00:00", "2h"),
            ("2026-11-25 13:00:00", "47h"),
            ("2026-11-24 12:00:00", "3d"),
            ("2024-11-27 12:00:00", "2y"),
            ("2026-11-27 12:05:00", "future"),
            ("—", "—"),
            ("not a time", "not a time"),
        ] {
            assert_eq!(age(cell, now), shown, "{cell}");
        }
    }

    #[test]
    fn full_times_move_to_the_zone_and_say_which() {
        use super::{in_zone, zone_name};
        let plus_one = time::UtcOffset::from_hms(1, 0, 0).unwrap();
        let minus = time::UtcOffset::from_hms(-5, -30, 0).unwrap();
        assert_eq!(
            in_zone("2026-11-19 23:30:00", plus_one),
            "2026-11-20 00:30:00"
        );
        assert_eq!(in_zone("—", plus_one), "—");
        assert_eq!(zone_name(plus_one), "UTC+01:00");
        assert_eq!(zone_name(minus), "UTC-05:30");
        assert_eq!(zone_name(time::UtcOffset::UTC), "UTC");
    }
}
