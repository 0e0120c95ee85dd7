//! Indicators in the real loop, against the simulator: from the beacon's evidence row two
//! keys and a typed confirmation block its SHA-1, exactly as the confirmation showed it, and
//! its file view then says so; an indicator edited and deleted from `:indicators`, each
//! audited ahead; nothing sent from a form the API would refuse, nor in a read-only session.

mod common;

use std::time::Duration;

use mdetui::app::Session;
use mdetui::app::indicator_form::IndicatorWork;
use mdetui::term::Effects;
use mdetui::term::driver::Driver;

const COBALT: &str = "da638671452210987654_-88412907";
const BEACON_SHA1: &str = "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f";

async fn until(d: &mut Driver, texts: &[&str]) -> String {
    match d.until(texts, Duration::from_secs(20)).await {
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
    let config = common::audited(dir);
    Driver::with_config(
        common::client_for(sim),
        session,
        Effects::default(),
        config,
        160,
        48,
    )
}

/// The indicator the simulator holds for `value`, if any.
fn stored(sim: &mdetui::sim::RunningSim, value: &str) -> Option<serde_json::Value> {
    let tenant = sim.state.tenant.read().unwrap();
    tenant
        .indicators()
        .iter()
        .find(|i| i["indicatorValue"] == value)
        .cloned()
}

fn posts(stats: &serde_json::Value) -> u64 {
    common::calls(stats, "POST indicators", 200)
}

#[tokio::test]
async fn two_keys_and_a_typed_word_block_the_beacon_as_shown() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(&format!(":alert {COBALT}\n"));
    until(&mut d, &["evidence (4)", "msupd.dll"]).await;
    d.press("\tj");
    until(&mut d, &["2 of 4"]).await;
    d.press("b\n");
    let confirm = until(&mut d, &["Submit this indicator?", "type block to confirm"]).await;
    assert!(
        confirm.contains(&format!("\"indicatorValue\": \"{BEACON_SHA1}\"")),
        "{confirm}"
    );
    assert!(
        confirm.contains("stops") && confirm.contains("from running"),
        "{confirm}"
    );
    let shown = match &d.app.model.indicator {
        Some(IndicatorWork::Form(form)) => {
            serde_json::to_value(&form.review.as_ref().unwrap().0).unwrap()
        }
        _ => panic!("the form's confirmation is open"),
    };
    // Enter alone does not send a block; the typed word does.
    d.press("\n");
    until(&mut d, &["type block to confirm"]).await;
    assert_eq!(posts(&common::stats(&sim).await), 0);
    d.press("block\n");
    until(&mut d, &["indicator 4107 submitted"]).await;
    assert_eq!(posts(&common::stats(&sim).await), 1, "sent once");
    let stored = stored(&sim, BEACON_SHA1).expect("the tenant holds it");
    for (key, value) in shown.as_object().unwrap() {
        assert_eq!(&stored[key], value, "{key}: the body is what was shown");
    }
    assert_eq!(stored["action"], "Block");
    assert_eq!(stored["indicatorType"], "FileSha1");
    // Its file view says it is covered.
    d.press("\n");
    let file = until(&mut d, &["indicator: Block", "(id 4107)"]).await;
    assert!(file.contains(BEACON_SHA1), "{file}");
    let records = common::audit_records(dir.path());
    assert_eq!(records.len(), 2, "an intent, then its result");
    assert_eq!(records[0]["record"], "intent");
    assert_eq!(records[0]["target"]["kind"], "indicator");
    assert_eq!(records[0]["target"]["id"], BEACON_SHA1);
    assert_eq!(records[0]["requested"]["action"], "Block");
    assert_eq!(records[1]["result"], "ok");
    assert_eq!(records[1]["after"]["id"], "4107");
}

#[tokio::test]
async fn an_indicator_is_updated_then_deleted_from_the_list_each_audited() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(":indicators\n");
    until(&mut d, &["indicators (6)", "billing-contoso-portal.com"]).await;
    let row = d
        .screen()
        .lines()
        .position(|l| l.contains("billing-contoso-portal.com"))
        .unwrap();
    let first = d
        .screen()
        .lines()
        .position(|l| l.contains("VALUE"))
        .unwrap()
        + 1;
    for _ in first..row {
        d.press("j");
    }
    // Edit: Block → Warn (the action field has the keys first), keep its expiry.
    d.press("b");
    let form = until(&mut d, &["updates indicator 4101", "‹ keep 2027-"]).await;
    assert!(form.contains("‹ Block ›"), "{form}");
    d.press("←\n");
    let confirm = until(
        &mut d,
        &["Submit this indicator?", "replaces indicator 4101"],
    )
    .await;
    assert!(confirm.contains("\"action\": \"Warn\""), "{confirm}");
    assert!(
        !confirm.contains("type block"),
        "no word for a warning: {confirm}"
    );
    d.press("\n");
    until(&mut d, &["indicator 4101 updated"]).await;
    assert_eq!(
        stored(&sim, "billing-contoso-portal.com").unwrap()["action"],
        "Warn"
    );
    until(&mut d, &["Warn"]).await;
    // Delete it: confirmed, sent once, gone from the list.
    d.press("D");
    until(
        &mut d,
        &["Delete this indicator?", "DELETE /api/indicators/4101"],
    )
    .await;
    d.press("\n");
    until(&mut d, &["done: delete indicator 4101", "indicators (5)"]).await;
    assert!(stored(&sim, "billing-contoso-portal.com").is_none());
    let stats = common::stats(&sim).await;
    assert_eq!(posts(&stats), 1);
    assert_eq!(common::calls(&stats, "DELETE indicators/{id}", 204), 1);
    let records = common::audit_records(dir.path());
    let actions: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r["action"].as_str().unwrap(), r["record"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("submit", "intent"),
            ("submit", "result"),
            ("delete", "intent"),
            ("delete", "result")
        ]
    );
    assert_eq!(records[0]["before"]["action"], "Block");
    assert_eq!(records[2]["before"]["id"], "4101");
}

#[tokio::test]
async fn a_form_the_api_would_refuse_and_a_read_only_session_send_nothing() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(&format!(":alert {COBALT}\n"));
    until(&mut d, &["evidence (4)", "185.225.19.40"]).await;
    d.press("\tjjb");
    until(&mut d, &["IpAddress 185.225.19.40"]).await;
    // The title emptied: refused in the form, before any call.
    d.press("\t\t");
    for _ in 0..60 {
        d.press("\x7f");
    }
    d.press("\n");
    until(&mut d, &["not sent: the title is required"]).await;
    d.press("\u{1b}");
    until(&mut d, &["indicator cancelled: nothing was sent"]).await;
    assert_eq!(posts(&common::stats(&sim).await), 0);
    assert!(common::audit_records(dir.path()).is_empty());

    let mut ro = driver(&sim, dir.path(), true);
    ro.press(&format!(":alert {COBALT}\n"));
    until(&mut ro, &["evidence (4)"]).await;
    ro.press("\tjbD");
    let screen = until(&mut ro, &["2 of 4"]).await;
    assert!(!screen.contains("indicator ·"), "no form: {screen}");
    ro.press(":indicators\n");
    until(&mut ro, &["indicators (6)"]).await;
    ro.press("Db");
    let screen = until(&mut ro, &["indicators (6)"]).await;
    assert!(!screen.contains("confirm the write"), "{screen}");
    let stats = common::stats(&sim).await;
    assert_eq!(
        posts(&stats) + common::calls(&stats, "DELETE indicators/{id}", 204),
        0
    );
}

/// `b Enter block Enter` in one burst (a paste, keys typed ahead) opens the confirmation and
/// leaves it there: what came before it was on screen is dropped, and it says so.
#[tokio::test]
async fn a_key_burst_cannot_confirm_a_block() {
    let sim = common::demo_sim(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.press(&format!(":alert {COBALT}\n"));
    until(&mut d, &["evidence (4)", "msupd.dll"]).await;
    d.press("\tj");
    until(&mut d, &["2 of 4"]).await;
    d.press("b\nblock\n");
    let screen = until(&mut d, &["typed before this was shown were ignored"]).await;
    assert!(
        screen.contains("type block to confirm: ▏"),
        "nothing typed: {screen}"
    );
    assert_eq!(posts(&common::stats(&sim).await), 0);
    assert!(common::audit_records(dir.path()).is_empty());
    d.press("block\n");
    until(&mut d, &["indicator 4107 submitted"]).await;
    assert_eq!(posts(&common::stats(&sim).await), 1);
}

/// The same burst in the real binary in a terminal: the keys typed before the confirmation
/// was drawn send nothing; the word typed once it shows sends the block, audited.
#[test]
fn a_key_burst_in_the_real_terminal_cannot_confirm_a_block() {
    let mut s = common::pty::Session::start(&[]);
    s.wait_for("search: user");
    s.send(&format!(":alert {COBALT}\r"));
    s.wait_for("msupd.dll");
    s.send("\tj");
    s.wait_for("2 of 4");
    s.send("b\rblock\r");
    let screen = s.wait_for("before this was shown were ignored");
    assert!(screen.contains("Submit this indicator?"), "{screen}");
    std::thread::sleep(Duration::from_millis(300));
    let state = s.state_dir().join("mdetui");
    let audit = || common::audit_records(&state);
    assert!(audit().is_empty(), "nothing was sent");
    s.send("block\r");
    s.wait_for("submitted");
    let records = audit();
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[1]["result"], "ok");
    s.send("q");
    assert!(s.wait_exit().success());
}
