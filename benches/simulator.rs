//! Simulator start-up to first answer, as the demo does it: build the demo tenant, bind a
//! loopback port, sign in with client credentials, fetch a user's alerts.

use std::net::SocketAddr;

use criterion::{Criterion, criterion_group, criterion_main};
use mdetui::api::{Client, ClientOptions, UserName};
use mdetui::sim::{self, SimConfig};

fn start_to_first_answer(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let jdoe = UserName::parse("jdoe").unwrap();
    c.bench_function("demo tenant: build + start + sign in + first answer", |b| {
        b.iter(|| {
            rt.block_on(async {
                let tenant = sim::generate::demo();
                let config = SimConfig::new(&tenant.tenant_id);
                let creds = config.credentials.clone();
                let running = sim::start(config, tenant, SocketAddr::from(([127, 0, 0, 1], 0)))
                    .await
                    .unwrap();
                let (endpoints, credentials) = sim::demo_connection(&running, &creds);
                let client = Client::new(&endpoints, credentials, &ClientOptions::default());
                let page = client.user_alerts(&jdoe).await.unwrap();
                assert!(!page.items.is_empty());
            })
        })
    });
    c.bench_function("demo tenant: build only", |b| b.iter(sim::generate::demo));
}

criterion_group!(benches, start_to_first_answer);
criterion_main!(benches);
