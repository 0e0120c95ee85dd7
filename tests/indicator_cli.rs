//! Indicators from a shell: `mdetui indicator add|delete|import` — the real binary against a
//! simulator in this process, and a 200-row import through the engine with a short minute,
//! checked whole before the first call and paced by the budget.

mod common;

use std::time::{Duration, Instant};

use mdetui::cli::IndicatorCommand;
use mdetui::sim::RunningSim;

use common::oneshot::{TOKEN, run as mdetui, runtime};

fn indicator_calls(rt: &tokio::runtime::Runtime, sim: &RunningSim) -> u64 {
    let stats = rt.block_on(common::stats(sim));
    common::calls(&stats, "POST indicators", 200)
        + common::calls(&stats, "POST indicators", 400)
        + common::calls(&stats, "DELETE indicators/{id}", 204)
        + common::calls(&stats, "indicators", 200)
}

#[test]
fn what_the_api_would_refuse_is_refused_before_any_call() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| c.fixed_token = Some(TOKEN.into())));
    let state = tempfile::tempdir().unwrap();
    let cert = "ab".repeat(20);
    let cases: [(&[&str], &str); 4] = [
        (&["certificate", &cert, "--action", "block"], "cannot Block"),
        (
            &["sha1", "not-a-hash", "--action", "block"],
            "is not a SHA-1",
        ),
        (
            &[
                "ip",
                "185.225.19.40",
                "--action",
                "block",
                "--expires",
                "2020-01-01T00:00:00Z",
            ],
            "the expiry is in the past",
        ),
        (&["ip", "10.1.2.3", "--action", "block"], "private address"),
    ];
    for (args, said) in cases {
        let mut all = vec!["indicator", "add"];
        all.extend_from_slice(args);
        all.extend(["--title", "x", "--yes"]);
        let (ok, _, err) = mdetui(&sim, state.path(), &all);
        assert!(!ok, "{args:?}");
        assert!(
            err.contains(said) && err.contains("nothing was sent"),
            "{err}"
        );
    }
    assert_eq!(indicator_calls(&rt, &sim), 0);
    assert!(common::audit_records(&state.path().join("mdetui")).is_empty());
}

#[test]
fn an_update_and_a_delete_are_audited_and_read_only_refuses_both() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| c.fixed_token = Some(TOKEN.into())));
    let state = tempfile::tempdir().unwrap();
    let ro = ["--read-only", "indicator", "delete", "4102", "--yes"];
    let (ok, _, err) = mdetui(&sim, state.path(), &ro);
    assert!(!ok && err.contains("read-only"), "{err}");
    let ro_add = [
        "--read-only",
        "indicator",
        "add",
        "ip",
        "45.137.21.9",
        "--action",
        "warn",
        "--title",
        "x",
        "--yes",
    ];
    assert!(!mdetui(&sim, state.path(), &ro_add).0);
    assert_eq!(indicator_calls(&rt, &sim), 0, "read-only sends nothing");

    // The demo's old Qakbot address (4102) again, as a warning: it is updated.
    let update = [
        "indicator",
        "add",
        "ip",
        "45.137.21.9",
        "--action",
        "warn",
        "--title",
        "Old Qakbot C2",
        "--expires",
        "never",
        "--yes",
    ];
    let (ok, out, err) = mdetui(&sim, state.path(), &update);
    assert!(ok, "{err}");
    assert_eq!(out, "Warn 45.137.21.9 (IpAddress)  done: indicator 4102\n");
    let (ok, out, err) = mdetui(
        &sim,
        state.path(),
        &["indicator", "delete", "4102", "--yes"],
    );
    assert!(ok, "{err}");
    assert_eq!(out, "delete indicator 4102 (Warn 45.137.21.9)  done\n");
    let records = common::audit_records(&state.path().join("mdetui"));
    assert_eq!(records.len(), 4, "{records:?}");
    assert_eq!(records[0]["before"]["action"], "Block", "what it was");
    assert_eq!(records[0]["requested"]["action"], "Warn");
    assert_eq!(records[0]["origin"], "one-shot");
    assert_eq!(records[2]["action"], "delete");
    assert_eq!(records[3]["result"], "ok");
    let (_, table, _) = mdetui(&sim, state.path(), &["audit", "--target", "45.137.21.9"]);
    assert!(table.contains("action Block → Warn"), "{table}");
    let (ok, _, err) = mdetui(
        &sim,
        state.path(),
        &["indicator", "delete", "4102", "--yes"],
    );
    assert!(!ok && err.contains("no indicator 4102"), "{err}");
}

#[test]
fn an_import_with_a_bad_row_sends_nothing_and_a_good_one_answers_a_line_a_row() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| c.fixed_token = Some(TOKEN.into())));
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("iocs.csv");
    let mut rows = String::from("value,type,action,title,severity\n");
    for i in 1..=5 {
        rows.push_str(&format!("45.137.22.{i},ip,block,C2 {i},high\n"));
    }
    std::fs::write(
        &file,
        format!("{rows}not-a-domain!,domain,block,bad,high\n"),
    )
    .unwrap();
    let import = ["indicator", "import", file.to_str().unwrap(), "--yes"];
    let (ok, out, err) = mdetui(&sim, state.path(), &import);
    assert!(!ok && out.is_empty(), "{out}");
    assert!(
        err.contains("row 6: ") && err.contains("nothing was sent"),
        "{err}"
    );
    assert_eq!(indicator_calls(&rt, &sim), 0);
    std::fs::write(&file, &rows).unwrap();
    let (ok, out, err) = mdetui(&sim, state.path(), &import);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 5, "{out}");
    for i in 1..=5 {
        assert!(
            out.contains(&format!("row {i}  Block 45.137.22.{i} (IpAddress)  done")),
            "{out}"
        );
    }
}

/// 200 rows against an API allowing 100 a "minute" of 2 s: all checked first, sent under the
/// budget (no 429), each once, in about two windows.
#[tokio::test]
async fn a_200_row_import_is_paced_by_the_budget() {
    let spans = mdetui::engine::Spans {
        minute: Duration::from_secs(2),
        hour: Duration::from_secs(3600),
    };
    let sim = common::demo_sim(|c| c.spans = spans).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("iocs.csv");
    let mut rows = String::from("value,type,action,title\n");
    for i in 0..200 {
        rows.push_str(&format!(
            "45.138.{}.{},ip,audit,IOC {i}\n",
            i / 100,
            i % 100 + 1
        ));
    }
    std::fs::write(&file, rows).unwrap();
    let config = mdetui::engine::EngineConfig {
        spans,
        ..common::audited(dir.path())
    };
    let (handle, mut events) = mdetui::engine::spawn(common::client_for(&sim), config);
    let started = Instant::now();
    let command = IndicatorCommand::Import { file, yes: true };
    let done = mdetui::query::write::indicators::run(command, "demo", 10, &handle, &mut events)
        .await
        .unwrap();
    assert!(done);
    let stats = common::stats(&sim).await;
    assert_eq!(
        common::calls(&stats, "POST indicators", 200),
        200,
        "each once"
    );
    assert_eq!(stats["throttled"], 0, "never over the API's limit: {stats}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "the second hundred waited"
    );
    assert_eq!(sim.state.tenant.read().unwrap().indicators().len(), 206);
    assert_eq!(common::audit_records(dir.path()).len(), 400);
}

/// An app without `Ti.ReadWrite.All` is told which permission it lacks, and nothing is
/// written (the refusal is audited as the write's result).
#[test]
fn a_missing_permission_is_named() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| {
        c.fixed_token = Some(TOKEN.into());
        c.roles = Some(vec!["Alert.Read.All".into(), "Machine.Read.All".into()]);
    }));
    let state = tempfile::tempdir().unwrap();
    let add = [
        "indicator",
        "add",
        "ip",
        "185.225.19.40",
        "--action",
        "audit",
        "--title",
        "C2",
        "--yes",
    ];
    let (ok, out, _) = mdetui(&sim, state.path(), &add);
    assert!(!ok);
    assert!(
        out.contains("FAILED") && out.contains("Ti.ReadWrite.All"),
        "{out}"
    );
    let records = common::audit_records(&state.path().join("mdetui"));
    assert_eq!(records.len(), 2);
    assert!(
        records[1]["reason"]
            .as_str()
            .unwrap()
            .contains("Ti.ReadWrite.All")
    );
    let (ok, _, err) = mdetui(
        &sim,
        state.path(),
        &["indicator", "delete", "4101", "--yes"],
    );
    assert!(!ok && err.contains("Ti.ReadWrite.All"), "{err}");
}
