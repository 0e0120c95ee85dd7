//! The timeline through the real loop: `w` draws it over the queue from the rows already
//! held (no call) and remembers it in the config file; `>` chooses the burst, `W` keeps its
//! alerts; keys typed faster than frames land the same.

use super::*;
use mdetui::term::Effects;

async fn on_the_queue(config: std::path::PathBuf) -> Harness {
    let sim = common::demo_sim(|_| {}).await;
    let session = Session {
        prefetch: None,
        start_queue: Some(mdetui::entity::queue::Scope::Open),
        ..Session::demo()
    };
    let effects = Effects::default().remembering_in(Some(config));
    let driver = Driver::with_effects(common::client_for(&sim), session, effects, 80, 24);
    Harness { sim, driver }
}

#[tokio::test]
async fn a_burst_is_found_kept_and_cleared_without_a_call() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "# mine\ntheme = \"dark\"\n").unwrap();
    let mut h = on_the_queue(config.clone()).await;
    h.until(&["queue (247)"]).await;
    let calls = h.calls().await;

    h.press("↓w");
    h.until(&["by day · 247 alerts"]).await;
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "timeline = true\n# mine\ntheme = \"dark\"\n",
        "remembered in the config, the rest kept"
    );
    // The burst, its alerts kept, the timeline in finer steps: typed in one go.
    h.press(">W");
    let screen = h.until(&["queue /created:>=", "by 15 minutes"]).await;
    let kept = h.app.model.nav.current.panes[0].rows.len();
    assert!(kept > 1 && kept < 247, "{kept}\n{screen}");
    assert!(screen.contains(&format!("— {kept} of 2")), "{screen}");
    // Esc clears the range; w hides the timeline and says so in the config.
    h.press("\x1b");
    h.until(&["queue (247)"]).await;
    h.press("w");
    h.until(&["timeline off"]).await;
    assert!(!h.screen().contains("by day"), "{}", h.screen());
    assert!(
        std::fs::read_to_string(&config)
            .unwrap()
            .starts_with("timeline = false\n")
    );
    assert_eq!(h.calls().await, calls, "the timeline costs no call");
}
