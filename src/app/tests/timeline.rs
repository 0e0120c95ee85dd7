use super::*;

const HOUR: i64 = 3_600;
/// 2026-11-19 00:00 UTC.
const DAY: i64 = 1_795_046_400;

fn stamps(times: &[(i64, u8)]) -> Vec<(i64, u8)> {
    times.to_vec()
}

#[test]
fn a_day_of_alerts_is_counted_by_hour_and_stacked_by_severity() {
    let s = stamps(&[
        (DAY + 9 * HOUR + 5, 0),
        (DAY + 9 * HOUR + 59 * 60, 1),
        (DAY + 9 * HOUR + 30 * 60, 1),
        (DAY + 38 * HOUR, 3),
        (UNDATED, 0),
    ]);
    let rows: Vec<usize> = (0..s.len()).collect();
    let t = Timeline::build(&s, &rows, 0).unwrap();
    assert_eq!(t.step, HOUR);
    assert_eq!(t.start, DAY + 9 * HOUR);
    assert_eq!(t.bars.len(), 30, "09:00 to 14:00 the next day");
    assert_eq!(t.bars[0], [1, 2, 0, 0]);
    assert_eq!(t.bars[29], [0, 0, 0, 1]);
    assert_eq!(t.tallest(), 0);
    assert_eq!(t.describe(0), "19 Nov 09:00–10:00 · 3: 1 high, 2 medium");
    assert_eq!(t.step_name(), "by hour");
    // Only the rows given count (a filter's).
    let t = Timeline::build(&s, &[3], 0).unwrap();
    assert_eq!((t.bars.len(), t.step), (1, 60));
    assert!(
        Timeline::build(&s, &[4], 0).is_none(),
        "no time, no timeline"
    );
}

#[test]
fn the_step_grows_with_the_span_and_bars_fall_on_the_zone_s_clock() {
    // Five hours: a quarter of an hour a bar.
    let s = stamps(&[(DAY, 0), (DAY + 5 * HOUR, 0)]);
    assert_eq!(Timeline::build(&s, &[0, 1], 0).unwrap().step, 900);
    let s = stamps(&[(DAY, 0), (DAY + 30 * 86_400, 0)]);
    let t = Timeline::build(&s, &[0, 1], 0).unwrap();
    assert_eq!(t.step, 86_400);
    assert_eq!(t.bars.len(), 31);
    assert!(t.bars.len() <= MOST_BARS);
    assert_eq!(t.label(t.start), "19 Nov");
    // Two hours ahead of UTC: days start at 22:00 UTC the day before.
    let t = Timeline::build(&s, &[0, 1], 2 * HOUR).unwrap();
    assert_eq!(t.start, DAY - 2 * HOUR);
    assert_eq!(t.label(t.start), "19 Nov");
    // A year: weeks, starting on a Monday (16 Nov 2026 was one).
    let s = stamps(&[(DAY, 0), (DAY + 300 * 86_400, 0)]);
    let t = Timeline::build(&s, &[0, 1], 0).unwrap();
    assert_eq!(t.step, 7 * 86_400);
    assert_eq!(t.label(t.start), "16 Nov");
}

#[test]
fn a_bar_becomes_a_time_range_filter_that_replaces_the_last() {
    assert_eq!(
        range_filter(DAY + 9 * HOUR, DAY + 10 * HOUR),
        "created:>=2026-11-19T09:00:00Z created:<2026-11-19T10:00:00Z"
    );
    assert_eq!(
        without_range("sev:high created:>=2026-11-19T09:00:00Z created:<2026-11-19T10:00:00Z x"),
        "sev:high x"
    );
}
