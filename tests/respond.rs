//! Response actions in the real loop, against the simulator: isolating the demo's
//! compromised laptop from its view (the machine's name typed to confirm; the wrong name, or
//! a key burst, sends nothing), the action followed Pending → InProgress → Succeeded with no
//! key pressed, the same action refused while one is under way, several marked machines
//! isolated one request each, a tag added, and no response key in a read-only session.

mod common;

use std::time::Duration;

use mdetui::app::Session;
use mdetui::term::Effects;
use mdetui::term::driver::Driver;

const BEACON_SHA1: &str = "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f";

async fn until(d: &mut Driver, texts: &[&str], secs: u64) -> String {
    match d.until(texts, Duration::from_secs(secs)).await {
        Some(screen) => screen,
        None => panic!("never showed {texts:?}:\n{}", d.screen()),
    }
}

fn driver(sim: &mdetui::sim::RunningSim, dir: &std::path::Path, read_only: bool) -> Driver {
    let mut session = Session {
        prefetch: None,
        read_only,
        ..Session::demo()
    };
    if read_only {
        session.keymap.remove_writes();
    }
    Driver::with_config(
        common::client_for(sim),
        session,
        Effects::default(),
        common::audited(dir),
        160,
        48,
    )
}

async fn isolations(sim: &mdetui::sim::RunningSim) -> u64 {
    common::calls(&common::stats(sim).await, "POST machines/{id}/isolate", 201)
}

#[tokio::test]
async fn isolating_the_laptop_takes_its_name_and_is_followed_to_the_end() {
    let sim = common::demo_sim(|c| c.action_stage = Duration::from_secs(4)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(":machine wks-fin-042\n");
    until(&mut d, &["actions (0)"], 20).await;
    d.press("R\tbeaconing to 185.225.19.40\n");
    let confirm = until(&mut d, &["type wks-fin-042 to confirm"], 20).await;
    assert!(confirm.contains("\"IsolationType\": \"Full\""), "{confirm}");
    assert!(confirm.contains("Windows11 · Active"), "{confirm}");
    // The wrong name sends nothing.
    d.press("wks-fin-041\n");
    until(&mut d, &["type wks-fin-042 to confirm: wks-fin-041"], 20).await;
    assert_eq!(isolations(&sim).await, 0);
    d.press("\u{7f}2\n");
    until(&mut d, &["Isolate", "Pending"], 20).await;
    assert_eq!(isolations(&sim).await, 1, "sent once");
    let body = {
        let stats = common::stats(&sim).await;
        stats["requests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().ends_with("/isolate"))
    };
    assert!(body);
    // No key pressed: the pane follows the action to its end.
    until(&mut d, &["InProgress", "1 action in flight"], 20).await;
    until(&mut d, &["Succeeded"], 40).await;
    let records = common::audit_records(dir.path());
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["action"], "Isolate");
    assert_eq!(records[0]["requested"]["scope"], "Full");
    assert_eq!(records[0]["comment"], "beaconing to 185.225.19.40");
    assert_eq!(records[1]["result"], "ok");
    assert!(records[1]["after"]["id"].is_string(), "the action's id");
}

#[tokio::test]
async fn a_key_burst_cannot_confirm_and_a_pending_action_is_not_sent_again() {
    let sim = common::demo_sim(|c| c.action_stage = Duration::from_secs(60)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(":machine wks-fin-042\n");
    until(&mut d, &["actions (0)"], 20).await;
    d.press("R\tcontain\nwks-fin-042\n");
    let screen = until(&mut d, &["typed before this was shown were ignored"], 20).await;
    assert!(
        screen.contains("type wks-fin-042 to confirm: ▏"),
        "{screen}"
    );
    assert_eq!(isolations(&sim).await, 0);
    d.press("wks-fin-042\n");
    until(&mut d, &["Pending (action"], 20).await;
    d.press("R\tagain\n");
    until(&mut d, &["type wks-fin-042 to confirm"], 20).await;
    d.press("wks-fin-042\n");
    until(&mut d, &["not done: isolate (full)"], 20).await;
    let said = &d.app.model.notices.log.last().unwrap().1;
    assert!(
        said.contains("already Pending on wks-fin-042") && said.contains("not sent again"),
        "{said}"
    );
    assert_eq!(isolations(&sim).await, 1, "the second was not sent");
}

#[tokio::test]
async fn read_only_has_no_response_key() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), true);
    d.press(":machine wks-fin-042\n");
    until(&mut d, &["actions (0)"], 20).await;
    d.press("R");
    d.press("?");
    let help = until(&mut d, &["help"], 20).await;
    assert!(!help.contains("respond on the machine"), "{help}");
    assert!(!help.contains("respond ·"));
    // Saving a package writes nothing to the tenant: read-only keeps it.
    assert!(help.contains("save the investigation package"), "{help}");
    assert_eq!(isolations(&sim).await, 0);
}

/// A sign-in that carries only `Machine.Scan` (with read roles): isolation is dimmed as not granted, and
/// refused before anything is sent; a scan goes.
#[tokio::test]
async fn what_the_token_cannot_do_is_dimmed_and_refused() {
    // Signed in with client credentials: what the app may do is learnt from the token the
    // first call brings (its `roles`), not known at start.
    let sim = common::demo_sim(|c| {
        c.roles = Some(
            [
                "Machine.Read.All",
                "Alert.Read.All",
                "User.Read.All",
                "Machine.Scan",
            ]
            .map(String::from)
            .to_vec(),
        );
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let session = Session {
        prefetch: None,
        permissions: None,
        ..Session::demo()
    };
    let mut d = Driver::with_config(
        common::client_for(&sim),
        session,
        Effects::default(),
        common::audited(dir.path()),
        160,
        48,
    );
    d.press(":machine wks-fin-042\n");
    until(&mut d, &["actions (0)"], 20).await;
    d.press("R");
    let menu = until(&mut d, &["Machine.Isolate (not granted)"], 20).await;
    assert!(!menu.contains("Machine.Scan (not granted)"), "{menu}");
    d.press("\tcontain\n");
    until(
        &mut d,
        &["not sent: this sign-in lacks Machine.Isolate"],
        20,
    )
    .await;
    d.press("\t→→→\n");
    until(&mut d, &["quick antivirus scan on 1 machine"], 20).await;
    assert_eq!(isolations(&sim).await, 0);
}

/// From the beacon's evidence row on its alert: the alert's machine stops and quarantines
/// the file, by its SHA-1.
#[tokio::test]
async fn the_beacon_is_quarantined_from_its_evidence_row() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(":alert da638671452210987654_-88412907\n");
    until(&mut d, &["evidence (4)", "msupd.dll"], 20).await;
    d.press("\tj");
    until(&mut d, &["2 of 4"], 20).await;
    d.press("R");
    until(
        &mut d,
        &[&format!("› stop and quarantine {BEACON_SHA1}")],
        20,
    )
    .await;
    d.press("\tbeacon dropped by rundll32\n");
    let confirm = until(&mut d, &["type wks-fin-042 to confirm"], 20).await;
    assert!(
        confirm.contains(&format!("\"Sha1\": \"{BEACON_SHA1}\"")),
        "{confirm}"
    );
    d.press("wks-fin-042\n");
    until(&mut d, &["(action"], 20).await;
    let stats = common::stats(&sim).await;
    assert_eq!(
        common::calls(&stats, "POST machines/{id}/StopAndQuarantineFile", 201),
        1
    );
    let records = common::audit_records(dir.path());
    assert_eq!(records[0]["requested"]["sha1"], BEACON_SHA1);
}

/// An action still pending is cancelled from the actions pane: R on its row, a comment, the
/// machine's name.
#[tokio::test]
async fn a_pending_action_is_cancelled_from_its_row() {
    let sim = common::demo_sim(|c| c.action_stage = Duration::from_secs(60)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(":machine wks-fin-042\n");
    until(&mut d, &["actions (0)"], 20).await;
    d.press("R\tcontain\n");
    until(&mut d, &["type wks-fin-042 to confirm"], 20).await;
    d.press("wks-fin-042\n");
    until(&mut d, &["actions (1)", "Pending"], 20).await;
    d.press("\t\t");
    d.press("R");
    until(&mut d, &["cancel Isolate (Pending)"], 20).await;
    d.press("\tfalse positive after all\n");
    until(&mut d, &["type wks-fin-042 to confirm", "/cancel"], 20).await;
    d.press("wks-fin-042\n");
    until(&mut d, &["Cancelled"], 20).await;
    let stats = common::stats(&sim).await;
    assert_eq!(
        common::calls(&stats, "POST machineactions/{id}/cancel", 200),
        1
    );
    let records = common::audit_records(dir.path());
    assert_eq!(records[2]["action"], "cancel");
    assert_eq!(records[2]["comment"], "false positive after all");
}

#[path = "respond_cases/marks.rs"]
mod marks;

#[path = "respond_cases/package.rs"]
mod package;
