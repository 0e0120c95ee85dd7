//! `mdetui hunt` as a script runs it: a saved hunt with its parameter in every format, a
//! query from standard input, a mistake as one line and a failing exit, and a static token
//! without a Graph one told what is missing.

use super::*;
use std::io::Write;

fn run(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut cmd = mdetui(args);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_saved_hunt_prints_in_every_format() {
    let saved = [
        "--demo",
        "hunt",
        "--saved",
        "address-machines",
        "--param",
        "ip=185.225.19.40",
    ];
    let (ok, table, _) = run(&saved, None);
    assert!(ok);
    assert_eq!(
        table.lines().count(),
        5,
        "a header and four machines:\n{table}"
    );
    assert!(table.starts_with("DeviceName"), "{table}");
    let (ok, json, _) = run(&[&saved[..], &["--json"]].concat(), None);
    assert!(ok);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["Connections"], 1, "a count is a number: {json}");
    let (ok, csv, _) = run(&[&saved[..], &["--csv"]].concat(), None);
    assert!(
        ok && csv.starts_with("DeviceName,DeviceId,Connections"),
        "{csv}"
    );
    let (ok, tsv, _) = run(&[&saved[..], &["--tsv"]].concat(), None);
    assert!(
        ok && tsv.lines().nth(1).unwrap().split('\t').count() == 5,
        "{tsv}"
    );
    let (ok, list, _) = run(&["--demo", "hunt", "--list"], None);
    assert!(
        ok && list.contains("machine-logons") && list.contains("machine=…"),
        "{list}"
    );
}

#[test]
fn a_query_from_stdin_runs_and_a_mistake_is_one_line() {
    let (ok, out, _) = run(
        &["--demo", "hunt", "--file", "-", "--timespan", "P7D"],
        Some("AlertInfo\n| where Severity == \"High\"\n| count\n"),
    );
    assert!(ok, "{out}");
    assert!(out.starts_with("Count"), "{out}");
    let (ok, out, err) = run(&["--demo", "hunt", "DeviceInfo\n| frob"], None);
    assert!(!ok);
    assert!(out.is_empty());
    let lines: Vec<&str> = err.lines().filter(|l| !l.contains("demo tenant")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains("'frob' on line [2,3]"), "{err}");
    let (ok, _, err) = run(&["--demo", "hunt", "--saved", "machine-logons"], None);
    assert!(!ok && err.contains("--param machine="), "{err}");
}

#[test]
fn a_static_token_without_a_graph_one_is_told_what_is_missing() {
    let mut cmd = mdetui(&["hunt", "DeviceInfo | take 1"]);
    cmd.env("MDETUI_TOKEN", "opaque-token")
        .env("MDETUI_API_URL", "http://127.0.0.1:9");
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("MDETUI_GRAPH_TOKEN"), "{err}");
}
