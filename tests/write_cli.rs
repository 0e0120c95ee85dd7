//! One-shot writes as scripts and people run them: ids through a pipe with the question asked
//! on the terminal, no terminal at all, and a stop signal (or a kill) in the middle of a large
//! batch — the real binary against a simulator in this process.

mod common;

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mdetui::sim::generate::{self, ScaleSpec};
use mdetui::sim::{RunningSim, WriteFault};

/// A bearer token shaped as a JWT whose `upn` names the analyst (the simulator accepts it as
/// is; the audit log reads who wrote from it).
const TOKEN: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1cG4iOiJhbmFseXN0QGNvbnRvc28uY29tIiwidGlkIjoiY29udG9zbyJ9.sig";
const TOKEN_USER: &str = "analyst@contoso.com";
const LSASS: &str = "da638671455870001234_-1907733125";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

fn env(sim: &RunningSim, state: &std::path::Path) -> Vec<(String, String)> {
    vec![
        ("MDETUI_API_URL".into(), sim.base_url()),
        ("MDETUI_TOKEN".into(), TOKEN.into()),
        ("XDG_STATE_HOME".into(), state.display().to_string()),
        (
            "XDG_CONFIG_HOME".into(),
            state.join("config").display().to_string(),
        ),
    ]
}

fn writes(rt: &tokio::runtime::Runtime, sim: &RunningSim) -> u64 {
    let stats = rt.block_on(common::stats(sim));
    ["PATCH alerts/{id}", "alerts/batchUpdate"]
        .iter()
        .map(|f| common::calls(&stats, f, 200))
        .sum()
}

fn audit(state: &std::path::Path) -> Vec<serde_json::Value> {
    common::audit_records(&state.join("mdetui"))
}

#[test]
fn without_a_terminal_or_yes_nothing_is_sent() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| c.fixed_token = Some(TOKEN.into())));
    let state = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mdetui"));
    cmd.args(["alerts", "set", "status=inprogress", "--ids", "-"])
        .envs(env(&sim, state.path()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setsid only detaches the child from this terminal; nothing else runs there.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{LSASS}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--yes"), "{stderr}");
    assert_eq!(writes(&rt, &sim), 0);
    assert!(audit(state.path()).is_empty());
}

#[test]
fn ids_from_a_pipe_are_confirmed_on_the_terminal() {
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| c.fixed_token = Some(TOKEN.into())));
    let exe = env!("CARGO_BIN_EXE_mdetui");
    let script = format!("printf '{LSASS}\\n' | {exe} alerts set status=inprogress --ids -");
    let state = tempfile::tempdir().unwrap();
    let vars = env(&sim, state.path());
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut s = common::pty::Session::start_program("sh", &["-c", &script], &pairs, None);
    let screen = s.wait_for("apply? [y/N]");
    assert!(screen.contains("about to change 1 alert"), "{screen}");
    assert_eq!(writes(&rt, &sim), 0, "nothing before the answer");
    s.send("y\r");
    assert!(s.wait_exit().success());
    assert_eq!(writes(&rt, &sim), 1);
    let records = audit(state.path());
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["origin"], "one-shot");
    assert!(records[0]["before"]["status"].is_string(), "{records:?}");
    assert_eq!(records[0]["principal"], TOKEN_USER);
    // `mdetui audit` reads them back, as a table and as JSON.
    let read = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_mdetui"))
            .args(args)
            .envs(env(&sim, state.path()))
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let table = read(&["audit", "--since", "1h"]);
    assert_eq!(
        table.lines().count(),
        3,
        "a header and two records: {table}"
    );
    assert!(table.contains("status New → InProgress"), "{table}");
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&read(&["audit", "--json", "--alert", LSASS])).unwrap();
    assert_eq!(json.len(), 2);
    assert_eq!(read(&["audit", "--alert", "other"]).lines().count(), 1);
}

/// 120 alerts, each batch committed 3 s after it is sent: the one-shot with `--yes`, its ids
/// in a file, and the audit log it keeps in `state`.
fn large_batch(
    rt: &tokio::runtime::Runtime,
) -> (RunningSim, tempfile::TempDir, std::process::Child) {
    let tenant = generate::scale(ScaleSpec {
        users: 1,
        machines: 5,
        alerts: 120,
        seed: 3,
    });
    let ids: Vec<String> = tenant
        .alerts()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let sim = rt.block_on(common::sim_with(tenant, |c| {
        c.fixed_token = Some(TOKEN.into());
        c.write_fault = Some(WriteFault::CommitLate(Duration::from_secs(3)));
    }));
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("ids.txt");
    std::fs::write(&file, ids.join("\n")).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_mdetui"))
        .args(["alerts", "set", "status=inprogress", "--yes", "--ids"])
        .arg(&file)
        .envs(env(&sim, state.path()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the write is under way: every intent is on disk before the first call.
    let deadline = Instant::now() + Duration::from_secs(20);
    while audit(state.path()).len() < 120 {
        assert!(Instant::now() < deadline, "no intent records");
        std::thread::sleep(Duration::from_millis(20));
    }
    (sim, state, child)
}

#[test]
fn a_stop_signal_mid_batch_leaves_every_result_audited() {
    let rt = runtime();
    let (sim, state, child) = large_batch(&rt);
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let records = audit(state.path());
    let intents = records.iter().filter(|r| r["record"] == "intent").count();
    let results: Vec<_> = records.iter().filter(|r| r["record"] == "result").collect();
    assert_eq!(intents, 120, "{stderr}");
    assert_eq!(
        results.len(),
        120,
        "the calls in flight were answered and audited: {stderr}"
    );
    assert!(results.iter().all(|r| r["result"] == "ok"), "{results:?}");
    assert_eq!(writes(&rt, &sim), 3, "three batches of 50, 50 and 20");
}

#[test]
fn a_kill_mid_batch_leaves_an_intent_for_every_alert_written() {
    let rt = runtime();
    let (sim, state, mut child) = large_batch(&rt);
    child.kill().unwrap();
    child.wait().unwrap();
    // The server still applies what it took in.
    std::thread::sleep(Duration::from_secs(4));
    let records = audit(state.path());
    let intents: std::collections::HashSet<&str> = records
        .iter()
        .filter(|r| r["record"] == "intent")
        .map(|r| r["target"]["id"].as_str().unwrap())
        .collect();
    let written = writes(&rt, &sim);
    assert!(written <= 3);
    assert_eq!(
        intents.len(),
        120,
        "every alert the server may apply has its intent"
    );
}

/// What the API layer refuses, the CLI refuses with the same words as the form, before any
/// call: a determination of another classification, an assignee carrying an escape sequence.
#[test]
fn invalid_values_are_refused_with_the_forms_words_and_nothing_is_sent() {
    use mdetui::api::AlertUpdate;
    use mdetui::api::model::{Classification, Determination};
    let rt = runtime();
    let sim = rt.block_on(common::demo_sim(|c| c.fixed_token = Some(TOKEN.into())));
    let state = tempfile::tempdir().unwrap();
    let pair = AlertUpdate {
        classification: Some(Classification::FalsePositive),
        determination: Some(Determination::Malware),
        ..AlertUpdate::default()
    };
    let evil = "evil\u{1b}]0;PWN\u{7}@x.com";
    let assignee = AlertUpdate {
        assigned_to: Some(evil.into()),
        ..AlertUpdate::default()
    };
    let assign_arg = format!("assignedto={evil}");
    for (args, expected) in [
        (
            vec!["classification=falsepositive", "determination=malware"],
            pair.check().unwrap_err().to_string(),
        ),
        (
            vec![assign_arg.as_str()],
            assignee.check().unwrap_err().to_string(),
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_mdetui"))
            .args(["alert", LSASS, "set", "--yes"])
            .args(&args)
            .envs(env(&sim, state.path()))
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.trim(), format!("mdetui: {expected}"), "{args:?}");
        assert!(!stderr.contains('\u{1b}'));
    }
    assert_eq!(writes(&rt, &sim), 0);
    assert!(audit(state.path()).is_empty());
}

/// The real explorer in a terminal: `t → → → Enter Enter` written in one go opens the
/// confirmation and sends nothing; an Enter typed once it shows sends the write.
#[test]
fn a_key_burst_in_the_real_terminal_cannot_confirm() {
    let mut s = common::pty::Session::start(&[]);
    s.wait_for("search: user");
    s.send("jdoe\r");
    s.wait_for("alerts (8)");
    s.send("t\x1b[C\x1b[C\x1b[C\r\r");
    let screen = s.wait_for("before this was shown was ignored");
    assert!(screen.contains("This changes 1 alert"), "{screen}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(audit(&s.state_dir()).is_empty(), "nothing was sent");
    s.send("\r");
    s.wait_for("wrote 1 alert");
    let records = audit(&s.state_dir());
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["origin"], "explorer");
    s.send("q");
    assert!(s.wait_exit().success());
}
