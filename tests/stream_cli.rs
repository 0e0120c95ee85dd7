//! One-shot lists printed page by page (#27 item 2): the real binary against a simulator
//! whose pages hold 100 alerts — JSON, JSON Lines, CSV and TSV give every row once, in the
//! API's order, with one header; a reader that closes the pipe ends it quietly.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

use mdetui::sim::RunningSim;
use mdetui::sim::generate::{self, ScaleSpec};

use common::oneshot::{TOKEN, run as mdetui, runtime};

/// A user with 1,000 alerts served 100 a page: ten calls for the list.
async fn paged() -> RunningSim {
    let spec = ScaleSpec {
        users: 1,
        machines: 5,
        alerts: 1_000,
        seed: 3,
    };
    common::sim_with(generate::scale(spec), |c| {
        c.page_size = 100;
        c.fixed_token = Some(TOKEN.into());
    })
    .await
}

#[test]
fn every_format_gives_every_row_once_in_the_api_s_order() {
    let rt = runtime();
    let sim = rt.block_on(paged());
    let state = tempfile::tempdir().unwrap();
    let list = |format: &str| {
        let (ok, out, err) = mdetui(&sim, state.path(), &["user", "user1", "alerts", format]);
        assert!(ok, "{format}: {err}");
        out
    };
    let json: Vec<serde_json::Value> = serde_json::from_str(&list("--json")).unwrap();
    let ids: Vec<&str> = json.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 1_000);
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), 1_000, "no row twice");

    let jsonl = list("--jsonl");
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let jsonl_ids: Vec<&str> = lines.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        jsonl_ids, ids,
        "one object a line, the same rows in the same order"
    );

    let csv = list("--csv");
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 1_001, "one header, then every row");
    assert!(rows[0].starts_with("ID,"), "{}", rows[0]);
    assert!(rows[1].starts_with(ids[0]) && rows[1_000].starts_with(ids[999]));

    let tsv = list("--tsv");
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(rows.len(), 1_001);
    assert_eq!(rows.iter().filter(|r| r.starts_with("ID\t")).count(), 1);
    assert!(rows[500].starts_with(ids[499]));

    // An empty list is still one JSON document, and a header alone in CSV.
    let (ok, out, _) = mdetui(&sim, state.path(), &["user", "nobody", "alerts", "--json"]);
    assert!(ok);
    assert_eq!(out, "[]\n");
}

#[test]
fn a_reader_that_closes_the_pipe_ends_the_stream_quietly() {
    let rt = runtime();
    let sim = rt.block_on(paged());
    let state = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdetui"))
        .args(["user", "user1", "alerts", "--jsonl"])
        .env("MDETUI_API_URL", sim.base_url())
        .env("MDETUI_TOKEN", TOKEN)
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_CONFIG_HOME", state.path().join("config"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `head -1`: one line read, then the pipe closed.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    common::oneshot::ends_quietly(child);
    let stats = rt.block_on(common::stats(&sim));
    assert!(
        common::calls(&stats, "users/{id}/alerts", 200) < 10,
        "the rest of the list is not asked for a reader who left"
    );
}
