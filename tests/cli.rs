//! The one-shot CLI as a script uses it: through pipes, with and without credentials.

mod common;

use std::process::{Command, Stdio};

fn mdetui(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mdetui"));
    cmd.args(args);
    for var in [
        "MDETUI_TOKEN",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET",
        "MDETUI_API_URL",
        "MDETUI_GRAPH_URL",
        "MDETUI_GRAPH_TOKEN",
        "MDETUI_CONFIG",
    ] {
        cmd.env_remove(var);
    }
    let home = std::env::temp_dir().join(format!("mdetui-cli-{}", std::process::id()));
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd
}

#[test]
fn without_credentials_a_query_fails_instead_of_answering_from_the_demo() {
    let out = mdetui(&["user", "jdoe", "alerts"]).output().unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "no data at all");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("MDETUI_TOKEN") && stderr.contains("--demo"),
        "{stderr}"
    );

    let out = mdetui(&["--demo", "user", "jdoe", "alerts"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("demo tenant"), "the demo says so: {stderr}");
    assert!(String::from_utf8(out.stdout).unwrap().contains("LSASS"));
}

#[test]
fn tsv_is_for_cut_and_awk() {
    let out = mdetui(&["--demo", "user", "jdoe", "alerts", "--tsv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9, "a header and 8 alerts: {text}");
    assert!(lines[0].starts_with("ID\tSEVERITY\tSTATUS\t"), "{text}");
    let columns = lines[0].split('\t').count();
    assert!(lines.iter().all(|l| l.split('\t').count() == columns));
}

#[test]
fn a_closed_pipe_ends_the_query_quietly() {
    let mut child = mdetui(&["--demo", "user", "jdoe", "alerts"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -0`: the reader goes away before anything is written.
    drop(child.stdout.take());
    common::oneshot::ends_quietly(child);
}

#[test]
fn one_shot_writes_report_each_alert_and_refuse_in_read_only() {
    let lsass = "da638671455870001234_-1907733125";
    let out = mdetui(&[
        "--demo",
        "alert",
        lsass,
        "set",
        "status=resolved",
        "classification=truepositive",
        "determination=malware",
        "--comment",
        "confirmed",
        "--yes",
    ])
    .output()
    .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(lsass) && text.contains("status → Resolved"),
        "{text}"
    );

    let refused = mdetui(&["--demo", "--read-only", "alert", lsass, "set", "status=new"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8(refused.stderr)
            .unwrap()
            .contains("read-only")
    );

    let bad = mdetui(&["--demo", "alert", lsass, "set", "colour=red", "--yes"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8(bad.stderr)
            .unwrap()
            .contains("no field “colour”")
    );

    // Many from standard input, a line each in the answer.
    let mut child = mdetui(&[
        "--demo",
        "alerts",
        "set",
        "status=inprogress",
        "--ids",
        "-",
        "--yes",
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{lsass}\nda638671462051239876_1928374650\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
}

#[test]
fn the_queue_and_incidents_from_the_command_line() {
    let run = |args: &[&str]| {
        let out = mdetui(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // The queue: open alerts by default, one scope flag each.
    let (ok, all_open, _) = run(&["--demo", "alerts", "--tsv"]);
    assert!(ok);
    assert!(!all_open.contains("\tResolved\t"), "{all_open}");
    let (ok, high, _) = run(&[
        "--demo",
        "alerts",
        "--severity",
        "high",
        "--status",
        "new,in-progress",
        "--tsv",
    ]);
    assert!(ok);
    let rows: Vec<&str> = high.lines().skip(1).collect();
    assert!(!rows.is_empty() && rows.len() < all_open.lines().count() - 1);
    assert!(rows.iter().all(|r| r.contains("\tHigh\t")), "{high}");
    let (ok, three, _) = run(&[
        "--demo", "alerts", "--all", "--top", "3", "--skip", "1", "--json",
    ]);
    assert!(ok);
    assert!(
        three.ends_with("]\n"),
        "JSON ends its line, as every answer does"
    );
    let three: serde_json::Value = serde_json::from_str(&three).unwrap();
    assert_eq!(three.as_array().unwrap().len(), 3);
    let (ok, csv, _) = run(&["--demo", "alerts", "--severity", "high", "--csv"]);
    assert!(ok, "{csv}");
    assert!(csv.starts_with("ID,SEVERITY,STATUS,CREATED UTC,"), "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.contains(",High,")), "{csv}");
    assert!(csv.contains("\r\n"), "RFC 4180 line ends");
    // The demo's incident happened this morning, whenever "now" is: the newest alert came
    // in minutes ago, so the last hour holds some and the last minute none.
    let (ok, hour, _) = run(&["--demo", "alerts", "--since", "1h", "--tsv"]);
    assert!(ok && hour.contains("Suspected DCSync attack"), "{hour}");
    let (ok, minute, _) = run(&["--demo", "alerts", "--since", "1m", "--tsv"]);
    assert!(
        ok && minute.lines().count() == 1,
        "only the header: {minute}"
    );
    // Mistakes are one clear line and nothing sent.
    for (args, says) in [
        (
            &["--demo", "alerts", "--severity", "extreme"][..],
            "Informational, Low, Medium, High",
        ),
        (
            &["--demo", "alerts", "--since", "yesterday"][..],
            "like 30m, 24h or 7d",
        ),
        (&["--demo", "alerts", "--ids", "-"][..], "mdetui alerts set"),
        (
            &["--demo", "alerts", "set", "status=resolved"][..],
            "--ids FILE",
        ),
    ] {
        let (ok, out, err) = run(args);
        assert!(!ok && out.is_empty(), "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // The demo has an analyst: "me" is the one its storyline assigns (#26 item 6).
    let (ok, mine, _) = run(&["--demo", "alerts", "--assigned-to", "me", "--tsv"]);
    assert!(ok && mine.contains("mlopez@contoso.com"), "{mine}");
    // An incident: what its alerts say, and its users and machines without another call.
    let (ok, summary, _) = run(&["--demo", "incident", "2211"]);
    assert!(ok);
    assert!(summary.contains("severity          High"), "{summary}");
    assert!(summary.contains("CONTOSO\\adm-mchen"), "{summary}");
    assert!(
        summary.contains("rclone.exe"),
        "the evidence they touch: {summary}"
    );
    let (ok, machines, _) = run(&["--demo", "incident", "2211", "machines", "--json"]);
    assert!(ok);
    let machines: serde_json::Value = serde_json::from_str(&machines).unwrap();
    assert!(
        machines
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["computerDnsName"] == "srv-dc-01.corp.contoso.com")
    );
    let (ok, alerts, _) = run(&["--demo", "incident", "2211", "alerts", "--tsv"]);
    assert!(ok && alerts.lines().count() > 10, "{alerts}");
    let (ok, out, err) = run(&["--demo", "incident", "1"]);
    assert!(!ok && out.is_empty());
    assert!(err.contains("no alert belongs to incident 1"), "{err}");
}

/// Runs `args` on the demo: exit status, standard output, standard error.
fn demo(args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--demo"];
    all.extend_from_slice(args);
    let out = mdetui(&all).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn files_addresses_and_domains_from_the_command_line() {
    const BEACON_SHA256: &str = "9e4c2a0f8d6b4e2c0a8f6d4b2e0c8a6f4d2b0e8c6a4f2d0b8e6c4a2f0d8b6e4c";
    let (ok, out, _) = demo(&["file", BEACON_SHA256]);
    assert!(
        ok && out.contains("Backdoor:Win64/CobaltStrike.NP!dha"),
        "{out}"
    );
    // By SHA-256, the machines: the file's SHA-1 first, then its machines.
    let (ok, out, _) = demo(&["file", BEACON_SHA256, "machines", "--tsv"]);
    assert!(ok, "{out}");
    assert_eq!(out.lines().count(), 4, "a header and three machines: {out}");
    let (ok, out, _) = demo(&[
        "file",
        "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f",
        "stats",
        "--json",
    ]);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(ok && stats["organizationPrevalence"] == 3, "{out}");
    let (ok, out, _) = demo(&["ip", "185.225.19.40"]);
    assert!(ok && out.contains("4 machines"), "{out}");
    let (ok, out, _) = demo(&["ip", "185.225.19.40", "alerts"]);
    assert!(ok && out.contains("Cobalt Strike"), "{out}");
    let (ok, out, _) = demo(&[
        "domain",
        "https://g.api.mega.co.nz/cs",
        "machines",
        "--json",
    ]);
    let machines: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        ok && machines[0]["computerDnsName"] == "srv-fs-01.corp.contoso.com",
        "{out}"
    );
    let (ok, out, _) = demo(&["domain", "g.api.mega.co.nz", "alerts"]);
    assert!(ok && out.contains("rclone"), "{out}");

    // Each kind of nothing, on one line of standard error.
    for (args, says) in [
        (vec!["ip", "999.1.1.1"], "not a valid IP address"),
        (vec!["file", "5f2b7c9e1d3a4b6c8e0f2a4c6e8b0d2f"], "not MD5"),
        (
            vec!["file", "abababababababababababababababababababab"],
            "not found",
        ),
        (
            vec![
                "file",
                "e6c0a4f8d2b6e0c4a8f2d6b0e4c8a2f6d0b4e8c2a6f0d4b8e2c6a0f4d8b2e6c0",
                "alerts",
            ],
            "no SHA-1 is known",
        ),
    ] {
        let (ok, out, err) = demo(&args);
        assert!(!ok && out.is_empty(), "{args:?}: {out}");
        let last = err.lines().last().unwrap_or_default();
        assert!(last.contains(says), "{args:?}: {err}");
    }
    // An alert's evidence, a row each, for cut and awk.
    let (ok, out, _) = demo(&[
        "alert",
        "da638671452210987654_-88412907",
        "evidence",
        "--tsv",
    ]);
    assert!(ok, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "TYPE\tNAME\tDETAIL\tSTATUS", "{out}");
    assert!(
        lines.iter().any(|l| l.starts_with("File\tmsupd.dll\t")),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Ip\t185.225.19.40")),
        "{out}"
    );
    // A valid address nobody used is no data, not an error.
    let (ok, out, _) = demo(&["ip", "203.0.113.9"]);
    assert!(ok && out.contains("prevalence 0"), "{out}");
}

#[path = "cli_cases/signin.rs"]
mod signin;

/// `--help` names the environment variables but never shows their values: a URL may carry a
/// user name and password.
#[test]
fn help_never_shows_environment_values() {
    let out = mdetui(&["--help"])
        .env("MDETUI_API_URL", "http://bob:hunter2@127.0.0.1:9/")
        .env("AZURE_CLIENT_ID", "client-id-value")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("MDETUI_API_URL"), "{text}");
    assert!(
        !text.contains("hunter2") && !text.contains("client-id-value"),
        "{text}"
    );
}

#[path = "cli_cases/indicators.rs"]
mod indicators;

#[path = "cli_cases/usage.rs"]
mod usage;

#[path = "cli_cases/hunt.rs"]
mod hunt;

#[path = "cli_cases/incident.rs"]
mod incident;

#[path = "cli_cases/user.rs"]
mod user;
