//! The engine's overhead per request: the same call made directly with the client and through
//! the engine (queue, budget, single flight, cache, events), against the simulator on loopback
//! with no added latency. The difference is what the engine costs; a cache hit shows the
//! engine's own round trip with no network at all.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use mdetui::api::{AlertId, Client, ClientOptions};
use mdetui::engine::{self, EngineConfig, Event, Limits, Origin, Priority, Resource};
use mdetui::sim::{self, SimConfig};

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let unlimited = Limits {
        per_minute: u32::MAX,
        per_hour: u32::MAX,
    };
    let (client, _sim) = rt.block_on(async {
        let tenant = sim::generate::demo();
        let mut config = SimConfig::new(&tenant.tenant_id);
        config.limits = unlimited;
        let creds = config.credentials.clone();
        let running = sim::start(config, tenant, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let (endpoints, credentials) = sim::demo_connection(&running, &creds);
        (
            Client::new(&endpoints, credentials, &ClientOptions::default()),
            running,
        )
    });
    let alert = AlertId::parse("da638671455870001234_-1907733125").unwrap();
    c.bench_function("GET alerts/{id}: client directly", |b| {
        b.iter(|| rt.block_on(client.alert(&alert)).unwrap())
    });

    let (handle, mut events) = rt.block_on(async {
        engine::spawn(
            client.clone(),
            EngineConfig {
                limits: unlimited,
                ..EngineConfig::default()
            },
        )
    });
    // A fresh resource each time, so every fetch is a real call: distinct ids the simulator
    // answers with 404, compared with the direct 404 below.
    let n = AtomicU64::new(0);
    let missing = |i: u64| Resource::Alert(AlertId::parse(&format!("missing-{i}")).unwrap());
    c.bench_function("GET alerts/{id} (404): client directly", |b| {
        b.iter(|| {
            let i = n.fetch_add(1, Ordering::Relaxed);
            let Resource::Alert(id) = missing(i) else {
                unreachable!()
            };
            rt.block_on(client.alert(&id)).unwrap_err()
        })
    });
    c.bench_function("GET alerts/{id} (404): through the engine", |b| {
        b.iter(|| {
            let i = n.fetch_add(1, Ordering::Relaxed);
            rt.block_on(engine::fetch_once(&handle, &mut events, missing(i), |_| {}))
                .unwrap_err()
        })
    });
    let cached = Resource::Alert(alert.clone());
    rt.block_on(engine::fetch_once(
        &handle,
        &mut events,
        cached.clone(),
        |_| {},
    ))
    .unwrap();
    c.bench_function("engine round trip, cache hit (no network)", |b| {
        b.iter(|| {
            handle.fetch(cached.clone(), Priority::Interactive, Origin(0));
            loop {
                if let Event::Fetched { .. } = rt.block_on(events.recv()).unwrap() {
                    break;
                }
            }
        })
    });
}

criterion_group!(benches, overhead);
criterion_main!(benches);
