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
