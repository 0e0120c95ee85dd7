//! Signing in as an analyst does: what the sign-in says about who "me" is.

use super::*;

/// A stand-in `az` running `script` in a folder of its own, and a PATH that finds it first.
fn fake_az(name: &str, script: &str) -> (std::path::PathBuf, String) {
    use std::os::unix::fs::PermissionsExt;
    let bin = std::env::temp_dir().join(format!("mdetui-{name}-az-{}", std::process::id()));
    std::fs::create_dir_all(&bin).unwrap();
    let az = bin.join("az");
    std::fs::write(&az, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (bin, path)
}

/// Signed in with the Azure CLI (a stand-in `az` on the PATH), "me" is the user its token was
/// issued to: `--assigned-to me` asks for that user's alerts without any config.
#[test]
fn the_azure_cli_user_is_me() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let jwt = format!(
        "{}.{}.sig",
        b64.encode(r#"{"alg":"none"}"#),
        b64.encode(
            r#"{"upn":"mlopez@contoso.com","aud":"https://api.securitycenter.microsoft.com"}"#
        )
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let token = jwt.clone();
    let sim = runtime.block_on(common::sim_with(mdetui::sim::generate::demo(), |c| {
        c.fixed_token = Some(token)
    }));
    let (bin, path) = fake_az(
        "fake",
        &format!("printf '%s' '{{\"accessToken\":\"{jwt}\",\"expires_on\":4102444800}}'"),
    );
    let out = mdetui(&[
        "--azure-cli",
        "--api-url",
        &sim.base_url(),
        "alerts",
        "--assigned-to",
        "me",
        "--all",
        "--json",
    ])
    .env("PATH", path)
    .output()
    .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Without a "me", `--assigned-to me` would stop before any call and say to set one.
    assert!(out.status.success(), "{stderr}");
    let alerts: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert!(!alerts.is_empty(), "{stdout}");
    assert!(
        alerts
            .iter()
            .all(|a| a["assignedTo"] == "mlopez@contoso.com"),
        "the token's user's alerts: {stdout}"
    );
    drop(sim);
    let _ = std::fs::remove_dir_all(&bin);
}

/// An `az` that hangs does not hold the start: "me" is left unknown after a few seconds, and
/// `--assigned-to me` says how to set it.
#[test]
fn a_hanging_az_does_not_hold_the_start() {
    let (bin, path) = fake_az("slow", "exec sleep 60");
    let started = std::time::Instant::now();
    let out = mdetui(&[
        "--azure-cli",
        "--api-url",
        "http://127.0.0.1:9",
        "alerts",
        "--assigned-to",
        "me",
    ])
    .env("PATH", path)
    .output()
    .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert!(stderr.contains("set me"), "{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "not held by the hanging az: {:?}",
        started.elapsed()
    );
    let _ = std::fs::remove_dir_all(&bin);
}
