//! Response actions from a shell: `mdetui machine NAME isolate|scan|tag …` — the real binary
//! against a simulator in this process: a comment required, `--wait` following the action to
//! its end with the right exit status, one already under way not sent again, a missing
//! permission named, a tag that shows, and read-only refusing.

mod common;

use std::time::Duration;

use mdetui::sim::RunningSim;

use common::oneshot::{TOKEN, run as mdetui, runtime};

fn isolations(rt: &tokio::runtime::Runtime, sim: &RunningSim) -> u64 {
    common::calls(
        &rt.block_on(common::stats(sim)),
        "POST machines/{id}/isolate",
        201,
    )
}

#[test]
fn isolate_and_wait_for_the_end_once() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| {
        c.fixed_token = Some(TOKEN.into());
        c.action_stage = Duration::from_millis(1500);
    }));
    let state = tempfile::tempdir().unwrap();
    let bare = ["machine", "wks-fin-042", "isolate", "--yes"];
    let (ok, _, err) = mdetui(&sim, state.path(), &bare);
    assert!(
        !ok && err.contains("--comment") && err.contains("nothing was sent"),
        "{err}"
    );
    let asked = ["machine", "wks-fin-042", "isolate", "--comment", "beacon"];
    let (ok, _, err) = mdetui(&sim, state.path(), &asked);
    assert!(!ok && err.contains("--yes"), "no terminal, no --yes: {err}");
    assert_eq!(isolations(&rt, &sim), 0);

    let isolate = [
        "machine",
        "wks-fin-042",
        "isolate",
        "--comment",
        "beacon",
        "--yes",
        "--wait",
    ];
    let (ok, out, err) = mdetui(&sim, state.path(), &isolate);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("isolate (full) wks-fin-042") && out.contains("done: action"),
        "{out}"
    );
    assert!(
        err.contains("is Pending") && err.contains("is Succeeded"),
        "{err}"
    );
    assert_eq!(isolations(&rt, &sim), 1);
    let (ok, listed, _) = mdetui(&sim, state.path(), &["machine", "wks-fin-042", "actions"]);
    assert!(
        ok && listed.contains("Isolate") && listed.contains("Succeeded"),
        "{listed}"
    );
    let records = common::audit_records(&state.path().join("mdetui"));
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["origin"], "one-shot");
    assert_eq!(records[0]["comment"], "beacon");
}

#[test]
fn one_under_way_is_not_sent_again_and_a_missing_permission_is_named() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| {
        c.fixed_token = Some(TOKEN.into());
        c.action_stage = Duration::from_secs(60);
    }));
    let state = tempfile::tempdir().unwrap();
    let scan = [
        "machine",
        "wks-fin-042",
        "scan",
        "--comment",
        "sweep",
        "--yes",
    ];
    assert!(mdetui(&sim, state.path(), &scan).0);
    let (ok, out, _) = mdetui(&sim, state.path(), &scan);
    assert!(!ok && out.contains("not sent again"), "{out}");
    let stats = rt.block_on(common::stats(&sim));
    assert_eq!(
        common::calls(&stats, "POST machines/{id}/runAntiVirusScan", 201),
        1
    );
    // The scan, by its id: shown, then cancelled; a second cancel finds it ended.
    let records = common::audit_records(&state.path().join("mdetui"));
    let id = records[1]["after"]["id"].as_str().unwrap().to_owned();
    let (ok, shown, _) = mdetui(&sim, state.path(), &["action", &id]);
    assert!(
        ok && shown.contains("Pending") && shown.contains("RunAntiVirusScan"),
        "{shown}"
    );
    let cancel = [
        "action",
        id.as_str(),
        "cancel",
        "--comment",
        "wrong machine",
        "--yes",
    ];
    let (ok, out, err) = mdetui(&sim, state.path(), &cancel);
    assert!(ok && out.contains("Cancelled"), "{out}{err}");
    let (ok, _, err) = mdetui(&sim, state.path(), &cancel);
    assert!(!ok && err.contains("has ended (Cancelled)"), "{err}");

    let ro = [
        "--read-only",
        "machine",
        "wks-fin-042",
        "release",
        "--comment",
        "x",
        "--yes",
    ];
    let (ok, _, err) = mdetui(&sim, state.path(), &ro);
    assert!(!ok && err.contains("read-only"), "{err}");

    let tag = [
        "machine",
        "wks-fin-042",
        "tag",
        "under investigation",
        "--yes",
    ];
    let (ok, out, err) = mdetui(&sim, state.path(), &tag);
    assert!(ok && out.contains("under investigation"), "{out}{err}");
    let (_, facts, _) = mdetui(&sim, state.path(), &["machine", "wks-fin-042"]);
    assert!(facts.contains("under investigation"), "{facts}");

    let limited = rt.block_on(common::demo_sim(|c| {
        c.fixed_token = Some(TOKEN.into());
        c.roles = Some(vec!["Machine.Read.All".into(), "Machine.Scan".into()]);
    }));
    let isolate = [
        "machine",
        "wks-fin-042",
        "isolate",
        "--comment",
        "c",
        "--yes",
    ];
    let (ok, out, _) = mdetui(&limited, state.path(), &isolate);
    assert!(
        !ok && out.contains("FAILED") && out.contains("Machine.Isolate"),
        "{out}"
    );
}

/// `collect --wait --out DIR`: the package is saved once the collection succeeded, its
/// signed link never printed; the link is asked once, under its own allowance.
#[test]
fn a_collected_package_is_saved_and_its_link_kept_out_of_sight() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| {
        c.fixed_token = Some(TOKEN.into());
        c.action_stage = Duration::from_millis(1000);
    }));
    let state = tempfile::tempdir().unwrap();
    let out = state.path().join("packages");
    std::fs::create_dir(&out).unwrap();
    let collect = [
        "machine",
        "wks-fin-042",
        "collect",
        "--comment",
        "forensics",
        "--yes",
        "--wait",
        "--out",
        out.to_str().unwrap(),
    ];
    let (ok, stdout, stderr) = mdetui(&sim, state.path(), &collect);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("saved the package"), "{stdout}");
    assert!(
        stderr.contains("is Succeeded") && stderr.contains("bytes"),
        "{stderr}"
    );
    let saved: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(saved.len(), 1, "one file, no .part left");
    let bytes = std::fs::read(saved[0].path()).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip");
    let log = std::fs::read_to_string(state.path().join("mdetui/mdetui.log")).unwrap();
    assert!(
        log.contains("getPackageUri"),
        "the call is logged, its answer is not: {log}"
    );
    for text in [&stdout, &stderr, &log] {
        assert!(!text.contains("sig="), "the link is never shown: {text}");
    }
    let stats = rt.block_on(common::stats(&sim));
    assert_eq!(
        common::calls(&stats, "machineactions/{id}/getPackageUri", 200),
        1
    );
}
