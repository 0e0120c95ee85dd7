//! An export of 100,000 rows through the real loop (#27 item 3): written in the background
//! with its progress in the status bar, the explorer answering keys meanwhile, the file
//! landing whole under its name.

use super::*;
use mdetui::sim::generate::{ScaleSpec, scale};

const ALERTS: usize = 100_000;

/// The share `export … NN% …` in the status bar says, if it shows.
fn shown_share(screen: &str) -> Option<usize> {
    let status = screen.lines().rev().find(|l| !l.is_empty())?;
    let after = status.split(" export ").nth(1)?;
    let percent = after.split('%').next()?;
    percent.rsplit(' ').next()?.parse().ok()
}

#[tokio::test]
async fn an_export_of_100000_rows_shows_progress_while_keys_are_answered() {
    let spec = ScaleSpec {
        users: 1,
        machines: 200,
        alerts: ALERTS,
        seed: 7,
    };
    let sim = common::sim_with(scale(spec), |_| {}).await;
    let mut h = Harness::with_sim(sim, 160, 48);
    h.press(":user user1\n");
    let loaded = h
        .driver
        .until(&["alerts (100000)"], Duration::from_secs(120));
    assert!(loaded.await.is_some(), "{}", h.screen());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.csv");
    h.press("e");
    for _ in 0..80 {
        h.press("\x7f");
    }
    h.press(&format!("{}\n", path.display()));
    // The turn that takes Enter hands the rows to the writer and draws at once.
    while h.app.model.exporting.is_none() {
        assert!(h.step().await.unwrap(), "{}", h.screen());
    }
    let screen = h.screen();
    assert_eq!(shown_share(&screen), Some(0), "{screen}");
    assert!(
        screen.contains("all.csv ░░░░░░░░░░ 0% 0 of 100,000 rows"),
        "{screen}"
    );

    // Keys are answered while it writes: the selection moves, a frame shows it.
    let before = h.app.model.nav.current.pane().selected;
    h.press("jjj");
    h.step().await.unwrap();
    assert_eq!(h.app.model.nav.current.pane().selected, before + 3);
    assert!(
        h.app.model.exporting.is_some(),
        "the keys were answered before the export was written"
    );
    // One export at a time: a second is refused, saying why, while the first is written.
    h.press("e");
    h.step().await.unwrap();
    assert_eq!(h.app.model.mode, mdetui::app::model::Mode::Normal);
    assert!(
        h.screen().contains("an export is being written"),
        "{}",
        h.screen()
    );

    // Progress moves on until the file is whole.
    let mut shares = Vec::new();
    let done = tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            h.step().await.unwrap();
            let screen = h.screen();
            if screen.contains(&format!("exported {ALERTS} rows to")) {
                return screen;
            }
            shares.extend(shown_share(&screen));
        }
    });
    let screen = done.await.expect("the export ended");
    assert!(
        shares.iter().any(|&s| s > 0 && s < 100),
        "a share between none and all was shown: {shares:?}"
    );
    assert!(shares.is_sorted(), "progress only goes forward: {shares:?}");
    assert_eq!(
        shown_share(&screen),
        None,
        "the bar goes when it is written"
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written.split("\r\n").filter(|l| !l.is_empty()).count(),
        ALERTS + 1
    );
    assert!(written.starts_with("ID,SEVERITY,STATUS"));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["all.csv"], "no part file is left beside it");
}
