//! The real loop, in-process: `term::Loop` on ratatui's `TestBackend`, keys from a channel,
//! the engine and the simulator over real HTTP. Keys in, frames and call counts out; no
//! terminal and no sleeps (each wait is bounded by a deadline, never a pause).

mod common;

use std::time::Duration;

use mdetui::app::{Session, panes};
use mdetui::sim::RunningSim;
use mdetui::term::driver::Driver;

/// The driver, the simulator behind it, and waits that fail the test with the screen.
struct Harness {
    sim: RunningSim,
    driver: Driver,
}

impl std::ops::Deref for Harness {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        &self.driver
    }
}

impl std::ops::DerefMut for Harness {
    fn deref_mut(&mut self) -> &mut Driver {
        &mut self.driver
    }
}

impl Harness {
    async fn start(width: u16, height: u16) -> Self {
        Self::with_sim(common::demo_sim(|_| {}).await, width, height)
    }

    fn with_sim(sim: RunningSim, width: u16, height: u16) -> Self {
        // Prefetch would spend calls on its own clock; its own tests turn it on.
        let session = Session {
            prefetch: None,
            ..Session::demo()
        };
        let driver = Driver::new(common::client_for(&sim), session, width, height);
        Self { sim, driver }
    }

    async fn until(&mut self, texts: &[&str]) -> String {
        match self.driver.until(texts, Duration::from_secs(20)).await {
            Some(screen) => screen,
            None => panic!("never showed {texts:?}:\n{}", self.screen()),
        }
    }

    async fn select(&mut self, label: &str) {
        assert!(
            self.driver.select(label).await,
            "no row {label}:\n{}",
            self.screen()
        );
    }

    /// API calls the simulator has answered so far.
    async fn calls(&self) -> u64 {
        common::stats(&self.sim).await["total"].as_u64().unwrap()
    }
}

const LSASS: &str = "Suspicious access to LSASS service";

#[tokio::test]
async fn the_canonical_path_there_and_back_again() {
    let mut h = Harness::start(160, 48).await;
    h.until(&["search: user", "DEMO"]).await;
    assert_eq!(h.calls().await, 0, "the search screen asks for nothing");

    h.press("jdoe\n");
    let screen = h.until(&["alerts (8)", "machines (2)"]).await;
    assert!(screen.contains("search › user jdoe"), "{screen}");
    assert_eq!(h.calls().await, 3, "the user, their alerts, their machines");

    h.select(LSASS).await;
    h.press("\n");
    let screen = h.until(&["evidence (4)", "comsvcs.dll, MiniDump"]).await;
    assert!(
        screen.contains("user jdoe › alert Suspicious access to LSASS…"),
        "{screen}"
    );
    assert_eq!(h.calls().await, 4, "the alert");

    h.press("m");
    let screen = h
        .until(&["machine wks-fin-042", "logged-on users (", "actions ("])
        .await;
    assert!(
        screen.contains("› alert Suspicious access to LSASS… › machine wks-fin-042"),
        "{screen}"
    );
    assert_eq!(
        h.calls().await,
        7,
        "its alerts, users and actions; the machine itself was held in jdoe's machines"
    );

    h.press("\t");
    h.select("adm-mchen").await;
    h.press("\n");
    let screen = h
        .until(&["› machine wks-fin-042 › user adm-mchen", "alerts ("])
        .await;
    assert!(screen.contains("machines ("), "{screen}");
    assert_eq!(
        h.calls().await,
        9,
        "their alerts and machines; the user was held in the logged-on users"
    );

    // Back three times and forward three times: every view comes from the engine's cache.
    let views = [
        "› alert Suspicious access to LSASS… › machine wks-fin-042\n",
        "user jdoe › alert Suspicious access to LSASS…\n",
        "search › user jdoe\n",
    ];
    for crumb in views {
        h.press("\x1b");
        h.until(&[crumb]).await;
    }
    let screen = h.screen();
    assert!(screen.contains("alerts (8)"), "{screen}");
    assert_eq!(
        panes::selected_row(&h.app.model)
            .map(|e| e.label())
            .as_deref(),
        Some(LSASS),
        "the selection came back with the view"
    );
    for crumb in [
        "user jdoe › alert Suspicious access to LSASS…\n",
        "› alert Suspicious access to LSASS… › machine wks-fin-042\n",
        "› machine wks-fin-042 › user adm-mchen\n",
    ] {
        h.press("]");
        h.until(&[crumb]).await;
    }
    assert_eq!(
        h.calls().await,
        9,
        "nothing fetched on the way back and forward"
    );
}

#[tokio::test]
async fn a_burst_of_keys_is_drawn_once() {
    let mut h = Harness::start(80, 24).await;
    h.press("jdoe\n");
    h.until(&["alerts (8)"]).await;
    let before = h.app.frames;
    h.press("jjjjj");
    h.step().await.unwrap();
    assert_eq!(h.app.frames, before + 1, "five keys, one frame");
    assert_eq!(h.app.model.nav.current.panes[0].selected, 5);
}

#[tokio::test]
async fn quitting_ends_the_loop() {
    let mut h = Harness::start(80, 24).await;
    h.until(&["search: user"]).await;
    h.press("jdoe\nq");
    let ended = tokio::time::timeout(Duration::from_secs(20), async {
        while h.step().await.unwrap() {}
    })
    .await;
    assert!(ended.is_ok(), "the loop did not end:\n{}", h.screen());
    assert!(h.app.model.quit);
}

/// A list left while it is still paging is not kept as if it were whole: coming back
/// fetches every page again.
#[tokio::test]
async fn a_list_left_mid_paging_is_fetched_whole_on_return() {
    let sim = common::demo_sim(|c| {
        c.page_size = 3;
        c.latency = Duration::from_millis(300);
    })
    .await;
    let mut h = Harness::with_sim(sim, 160, 48);
    h.press("jdoe\n");
    // Leave as soon as the first page has landed (the second is on its way).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while common::calls(&common::stats(&h.sim).await, "users/{id}/alerts", 200) < 1 {
        assert!(tokio::time::Instant::now() < deadline, "no first page");
        h.step().await.unwrap();
    }
    h.press("\x1b");
    h.until(&["search: user"]).await;
    // Let the page in flight finish while nobody wants it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while tokio::time::Instant::now() < deadline {
        h.step().await.unwrap();
    }
    h.press("jdoe\n");
    let screen = h.until(&["alerts (8)"]).await;
    assert!(screen.contains("search › user jdoe"), "{screen}");
}

/// The alert view scrolls within its content: `G` shows its end (never a blank pane), one `k`
/// moves one line back, and thirty `j` stay at the end.
#[tokio::test]
async fn the_alert_view_scrolls_within_its_content() {
    let mut h = Harness::start(80, 24).await;
    h.press("jdoe\n");
    h.until(&["alerts (8)"]).await;
    h.select(LSASS).await;
    h.press("\n");
    let top = h.until(&["more lines ("]).await;
    assert!(top.contains(LSASS), "{top}");
    h.press("G");
    let end = h.until(&["evidence (4)"]).await;
    assert!(
        !end.contains(" more line"),
        "nothing more below the end:\n{end}"
    );
    assert!(
        end.contains("rundll32.exe"),
        "the evidence below the text:\n{end}"
    );
    let limit = h.app.model.scroll_limit.expect("the loop told the app");
    assert_eq!(h.app.model.nav.current.scroll, limit);
    h.press("k");
    h.until(&["1 more line "]).await;
    h.press(&"j".repeat(30));
    let again = h.until(&["evidence (4)"]).await;
    assert_eq!(again, end, "thirty j stay at the end");
}

/// With 300 ms a call, an alert opened from a list shows its title on the very next frame,
/// before any answer arrives; the rest fills in where it belongs.
#[tokio::test]
async fn an_alert_opened_from_a_list_draws_its_title_at_once() {
    let sim = common::demo_sim(|c| c.latency = Duration::from_millis(300)).await;
    let mut h = Harness::with_sim(sim, 120, 40);
    h.press("jdoe\n");
    h.until(&["alerts (8)"]).await;
    h.select(LSASS).await;
    let before = h.calls().await;
    h.press("\n");
    h.step().await.unwrap();
    let screen = h.screen();
    assert!(
        screen.contains("› alert Suspicious access to LSASS…"),
        "{screen}"
    );
    assert!(
        screen.contains(LSASS) && screen.contains("High"),
        "{screen}"
    );
    assert!(screen.contains("comments: loading…"), "{screen}");
    assert_eq!(h.calls().await, before, "no answer has arrived yet");
    let full = h.until(&["evidence (4)"]).await;
    assert!(full.contains("comsvcs.dll"), "{full}");
}

#[path = "full_loop_cases/queue.rs"]
mod queue;

#[path = "full_loop_cases/evidence.rs"]
mod evidence;

#[path = "full_loop_cases/indicators.rs"]
mod indicators;

#[path = "full_loop_cases/timeline.rs"]
mod timeline;

#[path = "full_loop_cases/help.rs"]
mod help;

#[path = "full_loop_cases/named.rs"]
mod named;

#[path = "full_loop_cases/export.rs"]
mod export;

#[path = "full_loop_cases/long_list.rs"]
mod long_list;
