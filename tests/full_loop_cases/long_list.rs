//! A long list in the real loop at 300 ms a call (#27 item 4): its first rows show while
//! the later pages come, several at once, and the whole list replaces them.

use super::*;
use mdetui::sim::generate::{ScaleSpec, scale};

#[tokio::test]
async fn the_first_rows_show_while_the_rest_of_a_long_list_arrives() {
    let spec = ScaleSpec {
        users: 1,
        machines: 3,
        alerts: 1_050,
        seed: 11,
    };
    let sim = common::sim_with(scale(spec), |c| {
        c.page_size = 100;
        c.latency = Duration::from_millis(300);
    })
    .await;
    let mut h = Harness::with_sim(sim, 160, 48);
    h.press(":user user1\n");
    // Rows before the list is whole: the title says they are the first.
    let first = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            h.step().await.unwrap();
            let screen = h.screen();
            if screen.contains(" alerts (") {
                return screen;
            }
        }
    })
    .await
    .expect("the alerts pane showed");
    assert!(first.contains(" alerts (100 so far…) "), "{first}");
    // Keys act on them meanwhile, and the row chosen stays chosen when the rest comes.
    h.press("j");
    h.step().await.unwrap();
    let chosen = |h: &Harness| panes::selected_row(&h.app.model).map(|row| row.label());
    let before = chosen(&h);
    assert!(before.is_some());
    let screen = h.until(&["alerts (1050)"]).await;
    assert!(!screen.contains("so far"), "{screen}");
    assert_eq!(chosen(&h), before);
    // The first page, then three rounds of four: 13 calls for the list, not 11 round trips.
    let stats = common::stats(&h.sim).await;
    assert_eq!(common::calls(&stats, "users/{id}/alerts", 200), 13);
}
