//! One-shot queries in scripts beside each other, sharing the team's budget through a real
//! `redis-server`, against a server that allows 10 calls a minute: each process's first call
//! waits for the team's word, so none goes outside the team's windows — no 429, all answered.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::redis::Redis;

const TOKEN: &str = "team-oneshot-token";

#[test]
fn three_scripts_of_six_one_shots_share_ten_calls_a_minute() {
    let Some(redis) = Redis::start("three_scripts_of_six_one_shots_share_ten_calls_a_minute")
    else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt.block_on(common::demo_sim(|c| {
        c.fixed_token = Some(TOKEN.into());
        c.limits = mdetui::engine::Limits {
            per_minute: 10,
            per_hour: 1_500,
        };
    }));
    let state = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let scripts: Vec<_> = (0..3)
        .map(|script| {
            let (url, budget, home) = (
                sim.base_url(),
                redis.url(),
                state.path().join(script.to_string()),
            );
            std::thread::spawn(move || {
                (0..6)
                    .map(|_| {
                        Command::new(env!("CARGO_BIN_EXE_mdetui"))
                            .args([
                                "--calls-per-minute",
                                "10",
                                "user",
                                "jdoe",
                                "alerts",
                                "--tsv",
                            ])
                            .env("MDETUI_API_URL", &url)
                            .env("MDETUI_TOKEN", TOKEN)
                            .env("MDETUI_BUDGET_URL", &budget)
                            .env("XDG_STATE_HOME", &home)
                            .env("XDG_CONFIG_HOME", home.join("config"))
                            .output()
                            .unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let outputs: Vec<_> = scripts
        .into_iter()
        .flat_map(|s| s.join().unwrap())
        .collect();
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(outputs.len(), 18, "all 18 answered");
    let stats = rt.block_on(common::stats(&sim));
    assert_eq!(stats["throttled"].as_u64().unwrap(), 0, "no 429: {stats}");
    assert_eq!(common::calls(&stats, "users/{id}/alerts", 200), 18);
    // Ten in the first minute, the other eight once it slid.
    assert!(
        started.elapsed() >= Duration::from_secs(55),
        "{:?}",
        started.elapsed()
    );
}

/// A bearer token shaped as a JWT with these tenant and app claims.
fn token_for(tenant: &str, app: &str) -> String {
    use base64::Engine;
    let part = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    format!(
        "{}.{}.sig",
        part(serde_json::json!({"alg": "none"})),
        part(serde_json::json!({"tid": tenant, "appid": app}))
    )
}

/// Two static tokens of two tenants, one Redis: each tenant's calls land in windows of its
/// own, named by the token's claims.
#[test]
fn two_tenants_tokens_never_share_windows() {
    let Some(redis) = Redis::start("two_tenants_tokens_never_share_windows") else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let state = tempfile::tempdir().unwrap();
    for tenant in ["tenant-a", "tenant-b"] {
        let token = token_for(tenant, "app-1");
        let sim = rt.block_on(common::demo_sim(|c| c.fixed_token = Some(token.clone())));
        let out = Command::new(env!("CARGO_BIN_EXE_mdetui"))
            .args(["user", "jdoe", "alerts", "--tsv"])
            .env("MDETUI_API_URL", sim.base_url())
            .env("MDETUI_TOKEN", &token)
            .env("MDETUI_BUDGET_URL", redis.url())
            .env("XDG_STATE_HOME", state.path())
            .env("XDG_CONFIG_HOME", state.path().join("config"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let keys: Vec<String> = rt.block_on(async {
        let client = ::redis::Client::open(redis.url()).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        ::redis::cmd("KEYS")
            .arg("mdetui:*")
            .query_async(&mut conn)
            .await
            .unwrap()
    });
    let tenants: std::collections::BTreeSet<&str> =
        keys.iter().filter_map(|k| k.split(':').nth(1)).collect();
    assert_eq!(
        tenants,
        ["tenant%2Da", "tenant%2Db"].into_iter().collect(),
        "{keys:?}"
    );
}
