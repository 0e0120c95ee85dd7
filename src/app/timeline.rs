//! The timeline over a list of alerts: how many were created in each hour (or day, or the
//! step that fits the span), stacked by severity. It is derived with the rows, from the data
//! already held — no call — and drawn in the view's header while it is on (its keys are in
//! `timeline_keys`).

use std::sync::Arc;

use time::OffsetDateTime;
use time::macros::format_description;

use crate::entity::List;

/// The most bars a timeline has, whatever the span: the step grows until the span fits.
pub const MOST_BARS: usize = 48;

/// The steps a timeline may take, finest first (seconds): the first that fits the span wins.
const STEPS: &[i64] = &[
    60,
    5 * 60,
    15 * 60,
    3_600,
    3 * 3_600,
    6 * 3_600,
    12 * 3_600,
    86_400,
    7 * 86_400,
];

/// A row without a time.
const UNDATED: i64 = i64::MIN;

/// Severity bands, bottom of a bar first: high, medium, low, and the rest.
pub const BANDS: usize = 4;

/// Each row's creation time (unix seconds) and severity band, built once per data generation
/// so that a new filter re-buckets without parsing a time again.
pub type Stamps = Arc<[(i64, u8)]>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Where the first bar starts (unix seconds), on a step boundary in the session's zone.
    pub start: i64,
    /// How long a bar stands for, in seconds.
    pub step: i64,
    /// How many alerts of each band (high, medium, low, other) each bar counts.
    pub bars: Vec<[u32; BANDS]>,
    /// The zone's offset from UTC in seconds: what "on the hour" and labels mean.
    pub offset: i64,
}

/// Whether a list's rows have a timeline: a creation time and a severity (alerts).
pub fn applies(list: &dyn List) -> bool {
    list.has_field("created") && list.has_field("sev")
}

/// Each row's time and band (see [`Stamps`]).
pub fn stamps(list: &dyn List) -> Stamps {
    (0..list.len())
        .map(|i| {
            let entity = list.get(i);
            let time = entity
                .rank("created")
                .map_or(UNDATED, |nanos| (nanos / 1_000_000_000) as i64);
            let band = match entity.severity().map(|s| s.rank()) {
                Some(4) => 0,
                Some(3) => 1,
                Some(2) => 2,
                _ => 3,
            };
            (time, band)
        })
        .collect()
}

/// Where the step that holds `time` starts, on the zone's clock (weeks start on Monday).
fn floor(time: i64, step: i64, offset: i64) -> i64 {
    // 1970-01-01 was a Thursday: weeks are counted from the Monday before it.
    let monday = if step % (7 * 86_400) == 0 {
        3 * 86_400
    } else {
        0
    };
    (time + offset + monday).div_euclid(step) * step - offset - monday
}

impl Timeline {
    /// The timeline of `rows` (indices into `stamps`); `None` when none has a time.
    pub fn build(stamps: &[(i64, u8)], rows: &[usize], offset: i64) -> Option<Self> {
        let dated = || {
            rows.iter()
                .filter_map(|&r| stamps.get(r))
                .filter(|(t, _)| *t != UNDATED)
        };
        let (low, high) = dated().fold((i64::MAX, i64::MIN), |(lo, hi), (t, _)| {
            (lo.min(*t), hi.max(*t))
        });
        if low > high {
            return None;
        }
        let count = |step: i64| ((floor(high, step, offset) - floor(low, step, offset)) / step) + 1;
        let step = STEPS
            .iter()
            .copied()
            .find(|&s| count(s) <= MOST_BARS as i64)
            .unwrap_or(STEPS[STEPS.len() - 1]);
        let start = floor(low, step, offset);
        let mut bars = vec![[0u32; BANDS]; count(step) as usize];
        for (time, band) in dated() {
            let bar = ((time - start) / step) as usize;
            bars[bar][usize::from(*band).min(BANDS - 1)] += 1;
        }
        Some(Self {
            start,
            step,
            bars,
            offset,
        })
    }

    /// The bar with the most alerts (the newest of equals): where a burst is.
    pub fn tallest(&self) -> usize {
        let total = |b: &[u32; BANDS]| b.iter().sum::<u32>();
        (0..self.bars.len())
            .max_by_key(|&i| (total(&self.bars[i]), i))
            .unwrap_or(0)
    }

    pub fn total(&self, bar: usize) -> u32 {
        self.bars.get(bar).map_or(0, |b| b.iter().sum())
    }

    /// The time range of bar `bar`: from its start, up to (not including) its end.
    pub fn range(&self, bar: usize) -> (i64, i64) {
        let from = self.start + self.step * bar as i64;
        (from, from + self.step)
    }

    /// "by hour", "by 15 minutes", "by day".
    pub fn step_name(&self) -> &'static str {
        match self.step {
            60 => "by minute",
            300 => "by 5 minutes",
            900 => "by 15 minutes",
            3_600 => "by hour",
            10_800 => "by 3 hours",
            21_600 => "by 6 hours",
            43_200 => "by 12 hours",
            86_400 => "by day",
            _ => "by week",
        }
    }

    /// A bar's start as the analyst reads it: `19 Nov 10:00`, or `19 Nov` for days and weeks.
    pub fn label(&self, time: i64) -> String {
        let Ok(at) = OffsetDateTime::from_unix_timestamp(time + self.offset) else {
            return String::new();
        };
        let text = if self.step >= 86_400 {
            at.format(format_description!("[day] [month repr:short]"))
        } else {
            at.format(format_description!(
                "[day] [month repr:short] [hour]:[minute]"
            ))
        };
        text.unwrap_or_default()
    }

    /// What bar `bar` counts, in words: `20 Nov 09:00–10:00 · 12: 3 high, 9 medium`, or
    /// `20 Nov · 12: …` for a day.
    pub fn describe(&self, bar: usize) -> String {
        let (from, to) = self.range(bar);
        let start = self.label(from);
        let when = match self.step {
            86_400 => start,
            // A week: its first and last days.
            step if step > 86_400 => format!("{start}–{}", self.label(to - 86_400)),
            // Within a day: the end's clock alone when the date is the same.
            _ => {
                let end = self.label(to);
                match end.rsplit_once(' ') {
                    Some((day, clock)) if start.starts_with(day) => format!("{start}–{clock}"),
                    _ => format!("{start}–{end}"),
                }
            }
        };
        let counts = self.bars.get(bar).copied().unwrap_or_default();
        let parts: Vec<String> = ["high", "medium", "low", "other"]
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{n} {name}"))
            .collect();
        let total = self.total(bar);
        match parts.len() {
            0 => format!("{when} · none"),
            _ => format!("{when} · {total}: {}", parts.join(", ")),
        }
    }
}

/// The filter text that keeps a time range: `created:>=… created:<…`, in UTC.
pub(super) fn range_filter(from: i64, to: i64) -> String {
    let utc = |t: i64| {
        OffsetDateTime::from_unix_timestamp(t)
            .ok()
            .and_then(|t| {
                t.format(format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
                ))
                .ok()
            })
            .unwrap_or_default()
    };
    format!("created:>={} created:<{}", utc(from), utc(to))
}

/// `filter` without the time range a bar put there, so that a new bar replaces it.
pub(super) fn without_range(filter: &str) -> String {
    filter
        .split_whitespace()
        .filter(|w| !w.starts_with("created:>=") && !w.starts_with("created:<"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
#[path = "tests/timeline.rs"]
mod tests;
