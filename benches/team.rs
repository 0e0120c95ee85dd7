//! What the team's budget costs per call: taking a slot from the windows in a real
//! `redis-server` on loopback (one script call), against taking one from this process's own
//! windows. Skipped, and said so, where no redis-server is installed.

use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mdetui::engine::budget::Budget;
use mdetui::engine::team::{Team, TeamConfig};
use mdetui::engine::{Limits, Spans};

fn overhead(c: &mut Criterion) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let Ok(mut redis) = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .spawn()
    else {
        println!("SKIPPED: no redis-server on this machine");
        return;
    };
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let team = rt
        .block_on(Team::connect(
            TeamConfig {
                url: format!("redis://127.0.0.1:{port}/0"),
                password: None,
                tenant: "bench".into(),
                client_id: "app".into(),
                shared_scope: false,
                shared_cache: None,
            },
            Duration::from_secs(2),
        ))
        .unwrap();
    let unlimited = Limits {
        per_minute: u32::MAX,
        per_hour: u32::MAX,
    };
    c.bench_function("team budget: one slot from Redis (loopback)", |b| {
        b.iter(|| {
            rt.block_on(team.acquire("alerts/{id}", unlimited, Spans::default()))
                .unwrap()
        })
    });
    let mut own = Budget::new(unlimited);
    c.bench_function("own budget: one slot in process", |b| {
        b.iter(|| own.try_acquire("alerts/{id}", mdetui::engine::now()))
    });
    let _ = redis.kill();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(3));
    targets = overhead
}
criterion_main!(benches);
