//! The real binary run once against a simulator in the test's process, as a script runs it:
//! a static JWT-shaped token (its `upn` names the analyst), private state and config folders,
//! every call logged (what must stay out of the log is checked against all of it).

use std::process::{Command, Output};

use mdetui::sim::RunningSim;

/// A bearer token shaped as a JWT whose `upn` names the analyst (the simulator accepts it as
/// is when it is the fixed token; the audit log reads who wrote from it).
pub const TOKEN: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1cG4iOiJhbmFseXN0QGNvbnRvc28uY29tIiwidGlkIjoiY29udG9zbyJ9.sig";

/// `mdetui ARGS` against `sim` with state under `state`: success, stdout, stderr.
pub fn run(sim: &RunningSim, state: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_mdetui"))
        .args(args)
        .env("MDETUI_API_URL", sim.base_url())
        .env("MDETUI_TOKEN", TOKEN)
        .env("XDG_STATE_HOME", state)
        .env("XDG_CONFIG_HOME", state.join("config"))
        .env("MDETUI_LOG", "trace")
        .output()
        .unwrap();
    (
        status.success(),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

/// Waits for a one-shot whose reader went away: it ends with success and says nothing of a
/// panic.
pub fn ends_quietly(mut child: std::process::Child) {
    use std::io::Read;
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
