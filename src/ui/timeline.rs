//! The timeline in a view's header: a column a time step, stacked by severity from the bottom
//! (high, medium, low, the rest), the newest bars on the right. Drawn by hand because
//! ratatui's `BarChart` does not stack; in the mono theme each severity has its own shade.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::theme::{Theme, ThemeName};
use crate::api::model::Severity;
use crate::app::model::Model;
use crate::app::timeline::{BANDS, Timeline};
use crate::app::timeline_keys::pane_of;

/// The rows the timeline takes in a body `body_height` tall (bars and the axis line); 0 when
/// it is off or the view has no alerts to chart.
pub fn height(model: &Model, body_height: u16) -> u16 {
    let shown = pane_of(model).is_some_and(|p| model.nav.current.panes[p].timeline.is_some());
    match (shown, body_height) {
        (false, _) | (_, 0..16) => 0,
        (true, 16..40) => 4,
        (true, _) => 6,
    }
}

/// Each band's severity, for its colour.
const SEVERITIES: [Severity; BANDS] = [
    Severity::High,
    Severity::Medium,
    Severity::Low,
    Severity::Informational,
];
const SHADES: [&str; BANDS] = ["█", "▓", "▒", "░"];
const EIGHTHS: [&str; 7] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇"];

/// The cells of a bar from the bottom: the band of each and whether it is a whole cell (else
/// the top's eighths, `Some(n)`), for `counts` against the tallest bar `max` in `rows` rows.
/// Every band present shows in at least one cell when the bar has room, so one high alert
/// among many is not lost in the rounding.
pub fn column(counts: [u32; BANDS], max: u32, rows: u16) -> Vec<(usize, Option<usize>)> {
    let total: u32 = counts.iter().sum();
    if total == 0 || max == 0 {
        return Vec::new();
    }
    let eighths = (u64::from(total) * u64::from(rows) * 8).div_ceil(u64::from(max)) as usize;
    let (whole, part) = (eighths / 8, eighths % 8);
    let present: Vec<usize> = (0..BANDS).filter(|&b| counts[b] > 0).collect();
    // Whole cells shared in proportion, the largest remainders first, each band present
    // given one first when there are cells enough.
    let mut cells = [0usize; BANDS];
    let mut left = whole;
    if whole >= present.len() {
        for &b in &present {
            cells[b] = 1;
        }
        left -= present.len();
    }
    let mut remainders: Vec<(u64, usize)> = Vec::new();
    let spare = left;
    for &b in &present {
        let share = u64::from(counts[b]) * spare as u64;
        cells[b] += (share / u64::from(total)) as usize;
        left -= (share / u64::from(total)) as usize;
        remainders.push((share % u64::from(total), b));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, b) in remainders.into_iter().take(left) {
        cells[b] += 1;
    }
    let mut out: Vec<(usize, Option<usize>)> = (0..BANDS)
        .flat_map(|b| std::iter::repeat_n((b, None), cells[b]))
        .collect();
    if part > 0 {
        // The top's fraction belongs to the band on top; alone, to the most severe present.
        let band = match out.last() {
            Some((b, _)) => *b,
            None => present[0],
        };
        out.push((band, Some(part)));
    }
    out
}

pub fn draw(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(pane) = pane_of(model) else {
        return;
    };
    let state = &model.nav.current.panes[pane];
    let Some(timeline) = &state.timeline else {
        return;
    };
    if area.height < 2 || area.width < 8 {
        return;
    }
    let mono = model.session.theme == ThemeName::Mono;
    let chart = Rect {
        height: area.height - 1,
        ..area
    };
    let count = timeline.bars.len();
    let width = usize::from(chart.width);
    // Wide bars with a gap while they fit, else a cell each and the newest that fit.
    let (bar, gap) = if count * 2 <= width {
        ((width / count).saturating_sub(1).clamp(1, 4), 1)
    } else {
        (1, 0)
    };
    let pitch = bar + gap;
    let fits = ((width + gap) / pitch).max(1);
    let first = match state.bar {
        Some(chosen) if count > fits && chosen < count - fits => chosen,
        _ => count.saturating_sub(fits),
    };
    let shown = first..count.min(first + fits);
    let max = shown.clone().map(|i| timeline.total(i)).max().unwrap_or(0);
    let buffer = frame.buffer_mut();
    for (k, i) in shown.clone().enumerate() {
        let x = chart.x + (k * pitch) as u16;
        for (row, (band, part)) in column(timeline.bars[i], max, chart.height)
            .into_iter()
            .enumerate()
        {
            let y = chart.bottom() - 1 - row as u16;
            let symbol = match part {
                Some(eighths) => EIGHTHS[eighths - 1],
                None if mono => SHADES[band],
                None => "█",
            };
            let style = theme.severity(Some(&SEVERITIES[band]));
            for dx in 0..bar as u16 {
                buffer[(x + dx, y)].set_symbol(symbol).set_style(style);
            }
        }
    }
    axis(timeline, state.bar, theme, frame, area, (shown, pitch, bar));
}

/// The line under the bars: where they start and end and what they count, or, with a bar
/// chosen, a mark under it and what it counts.
fn axis(
    timeline: &Timeline,
    chosen: Option<usize>,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    (shown, pitch, bar): (std::ops::Range<usize>, usize, usize),
) {
    let y = area.bottom() - 1;
    let width = usize::from(area.width);
    let buffer = frame.buffer_mut();
    let mut put = |x: usize, text: &str, style: Style| {
        if x < width {
            buffer.set_stringn(area.x + x as u16, y, text, width - x, style);
        }
    };
    let end = shown.start + shown.len().saturating_sub(1);
    match chosen.filter(|c| shown.contains(c)) {
        Some(chosen) => {
            let at = (chosen - shown.start) * pitch + bar / 2;
            let said = timeline.describe(chosen);
            let size = said.chars().count();
            // The words beside the mark: after it where they fit, else before it.
            let x = if at + 2 + size <= width {
                at + 2
            } else {
                at.saturating_sub(size + 1)
            };
            put(x, &said, theme.heading);
            put(at, "▲", theme.focus.add_modifier(Modifier::BOLD));
        }
        None => {
            let from = timeline.label(timeline.range(shown.start).0);
            // Up to the end of the last bar; a day's (or week's) bar is named by its start.
            let to = match timeline.step >= 86_400 {
                true => timeline.label(timeline.range(end).0),
                false => timeline.label(timeline.range(end).1),
            };
            let right = (shown.len() * pitch - (pitch - bar)).min(width);
            let total: u32 = shown.clone().map(|i| timeline.total(i)).sum();
            let counted = format!(
                "{} · {total} alert{}",
                timeline.step_name(),
                if total == 1 { "" } else { "s" }
            );
            let (from_size, to_size) = (from.chars().count(), to.chars().count());
            put(0, &from, theme.dim);
            let to_x = right.saturating_sub(to_size).max(from_size + 1);
            if to_x + to_size <= width {
                put(to_x, &to, theme.dim);
            }
            // What the bars count, with the keys when there is room: between the dates,
            // else after them.
            let between = to_x.saturating_sub(from_size + 4);
            let after = width.saturating_sub(to_x + to_size + 2);
            let hint = format!("{counted} · < > a bar · W keeps it");
            let placed = [
                (&hint, between, from_size + 2),
                (&hint, after, to_x + to_size + 2),
            ]
            .into_iter()
            .chain([
                (&counted, between, from_size + 2),
                (&counted, after, to_x + to_size + 2),
            ])
            .find(|(text, room, _)| text.chars().count() <= *room);
            if let Some((text, _, x)) = placed {
                put(x, text, theme.dim);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_stacks_its_bands_from_the_bottom_and_keeps_a_lone_high() {
        // 10 of 10 in 3 rows: 24 eighths, three whole cells.
        let cells = column([1, 9, 0, 0], 10, 3);
        assert_eq!(cells, vec![(0, None), (1, None), (1, None)]);
        // Half the tallest: 12 eighths — one whole cell and a half.
        assert_eq!(column([0, 5, 0, 0], 10, 3), vec![(1, None), (1, Some(4))]);
        // One alert against a hundred: an eighth, in the most severe band present.
        assert_eq!(column([1, 0, 0, 0], 100, 3), vec![(0, Some(1))]);
        assert_eq!(column([0, 0, 0, 0], 100, 3), vec![]);
        // Every band present shows.
        let cells = column([1, 1, 1, 97], 100, 5);
        let bands: Vec<usize> = cells.iter().map(|c| c.0).collect();
        assert_eq!(bands, vec![0, 1, 2, 3, 3]);
    }
}
