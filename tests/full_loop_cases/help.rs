//! Help at 80×24 (#26 item 1): every mode's keys, whole descriptions, reached by scrolling —
//! nothing cut mid-phrase, nothing left out; any other key closes it.

use super::*;

#[tokio::test]
async fn help_on_a_short_screen_scrolls_to_its_end() {
    let mut h = Harness::start(80, 24).await;
    h.until(&["search: user"]).await;
    h.press("jdoe\n");
    h.until(&["alerts (8)"]).await;
    h.press("?");
    let top = h
        .until(&["help · ↓↑ PgDn PgUp scroll (1–", "Keys in a view"])
        .await;
    assert!(
        top.contains("pivot to the machine's or user's alerts"),
        "{top}"
    );
    // To the end: the last mode and the status bar's legend, none cut.
    h.press("G");
    let end = h.until(&["when one may go."]).await;
    assert!(!end.contains("Keys in a view"), "{end}");
    // One up from the end is one line up, not a walk back from past it.
    let limit = h.app.model.help_scroll;
    h.press("k");
    h.until(&[&format!("({}–", limit)]).await;
    assert_eq!(h.app.model.help_scroll, limit - 1);
    // Every description is on screen whole at some point: walk it all.
    let mut seen = String::new();
    h.press("g");
    for _ in 0..=limit / 10 + 1 {
        h.until(&["help · "]).await;
        seen.push_str(&h.screen());
        h.press("⇟");
    }
    // Read as text: the box's sides out, wrapped lines joined.
    let flat: String = seen
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for phrase in [
        "timeline: keep the alerts of the chosen bar (or the burst); Esc clears",
        "save the investigation package",
        "suspend to the shell",
    ] {
        assert!(flat.contains(phrase), "{phrase}: not whole");
    }
    for mode in mdetui::app::keymap::TABLES.iter().map(|(m, _)| m.title()) {
        let start: String = mode
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(&start), "{mode}: every mode is there");
    }
    h.press("x");
    h.until(&["alerts (8)", "? help"]).await;
    assert!(h.app.model.overlay.is_none());
}
