//! Two pivot paths against the simulator with 300 ms a call, as an analyst walks them: the
//! canonical one (search jdoe → the LSASS alert → its machine (`m`) → adm-mchen) and the
//! evidence one (jdoe → the Cobalt Strike alert → its beacon file → a machine that has it). For each hop: the time from
//! the key to the view complete, and the calls made; then the prefetch calls never used.
//! Run twice: an analyst who rests half a second on each row before Enter, and one who does
//! not. `cargo bench --bench pivots` prints the table the README quotes.

use std::time::{Duration, Instant};

use mdetui::app::Session;
use mdetui::sim::{self, SimConfig};
use mdetui::term::driver::Driver;

const LATENCY: Duration = Duration::from_millis(300);
const LSASS: &str = "Suspicious access to LSASS service";
const COBALT: &str = "Cobalt Strike command and control detected";

struct Hop {
    name: &'static str,
    wait: Duration,
    calls: u64,
}

async fn calls(base: &str) -> (u64, Vec<String>) {
    let stats: serde_json::Value = reqwest::get(format!("{base}/_sim/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let requests = stats["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect();
    (stats["total"].as_u64().unwrap(), requests)
}

/// Keeps the loop turning for `rest`, as time passes while an analyst reads.
async fn rest(driver: &mut Driver, rest: Duration) {
    let until = Instant::now() + rest;
    while Instant::now() < until {
        let _ = tokio::time::timeout(until - Instant::now(), driver.step()).await;
    }
}

async fn hop(
    driver: &mut Driver,
    base: &str,
    keys: &str,
    shows: &[&str],
    name: &'static str,
) -> Hop {
    let (before, _) = calls(base).await;
    let start = Instant::now();
    driver.press(keys);
    driver
        .until(shows, Duration::from_secs(30))
        .await
        .unwrap_or_else(|| panic!("{name}: never showed {shows:?}:\n{}", driver.screen()));
    let wait = start.elapsed();
    let (after, _) = calls(base).await;
    Hop {
        name,
        wait,
        calls: after - before,
    }
}

/// One hop of a path: give the list the keys (Tab) if asked, select a row, rest, press keys,
/// and wait for the view to show `shows`.
struct Step {
    tab: bool,
    select: Option<&'static str>,
    keys: &'static str,
    shows: &'static [&'static str],
    name: &'static str,
}

const fn step(
    tab: bool,
    select: Option<&'static str>,
    keys: &'static str,
    shows: &'static [&'static str],
    name: &'static str,
) -> Step {
    Step {
        tab,
        select,
        keys,
        shows,
        name,
    }
}

/// Where both paths start: the search for jdoe.
const SEARCH_JDOE: Step = step(
    false,
    None,
    "jdoe\n",
    &["alerts (8)", "machines (2)"],
    "search jdoe",
);

/// The canonical path: jdoe → the LSASS alert → its machine → adm-mchen.
const CANONICAL: &[Step] = &[
    SEARCH_JDOE,
    step(
        false,
        Some(LSASS),
        "\n",
        &["evidence (4)"],
        "the LSASS alert",
    ),
    step(false, None, "m", &["logged-on users (3)"], "its machine"),
    step(
        true,
        Some("adm-mchen"),
        "\n",
        &["› user adm-mchen", "machines ("],
        "adm-mchen",
    ),
];

/// The evidence path: jdoe → the Cobalt Strike alert → its beacon file → a machine with it.
const EVIDENCE: &[Step] = &[
    SEARCH_JDOE,
    step(false, Some(COBALT), "\n", &["evidence (4)"], "the C2 alert"),
    step(
        true,
        Some("msupd.dll"),
        "\n",
        &["machines (3)", "org, 30 days: 3"],
        "its beacon file",
    ),
    step(
        true,
        Some("wks-it-007"),
        "\n",
        &["› machine wks-it-007", "logged-on users ("],
        "a machine with it",
    ),
];

async fn walk(path: &[Step], dwell: Duration) -> (Vec<Hop>, u64, u64) {
    let tenant = sim::generate::demo();
    let mut config = SimConfig::new(&tenant.tenant_id);
    config.latency = LATENCY;
    let creds = config.credentials.clone();
    let running = sim::start(config, tenant, ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let base = running.base_url();
    let (endpoints, credentials) = sim::demo_connection(&running, &creds);
    let client = mdetui::api::Client::new(&endpoints, credentials, &Default::default());
    let mut driver = Driver::new(client, Session::demo(), 160, 48);
    let mut hops = Vec::new();
    for (i, s) in path.iter().enumerate() {
        if s.tab {
            driver.press("\t");
            let _ = driver.step().await;
        }
        if let Some(label) = s.select {
            assert!(driver.select(label).await, "{}: no row {label}", s.name);
        }
        // The first hop is typed at once; before the others the analyst reads.
        if i > 0 {
            rest(&mut driver, dwell).await;
        }
        hops.push(hop(&mut driver, &base, s.keys, s.shows, s.name).await);
    }
    // Every call the path's views show, against every call made.
    let (total, requests) = calls(&base).await;
    // A view's background asks (is it covered by an indicator?) are shown as facts too;
    // they are lists, recorded by their path alone.
    let shown: Vec<String> = driver
        .app
        .model
        .nav
        .path()
        .flat_map(|e| {
            let aside = e.route.view().aside.into_iter();
            e.route
                .resources()
                .into_iter()
                .map(|r| format!("/api/{r}"))
                .chain(aside.map(|r| format!("/api/{}", r.endpoint().name())))
                .collect::<Vec<_>>()
        })
        .collect();
    let unused = requests.iter().filter(|r| !shown.contains(r)).count() as u64;
    (hops, total, unused)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    for (path, steps) in [("canonical", CANONICAL), ("evidence", EVIDENCE)] {
        for (who, dwell) in [
            ("rests 0.5 s on each row", Duration::from_millis(500)),
            ("does not rest", Duration::ZERO),
        ] {
            let (hops, total, unused) = runtime.block_on(walk(steps, dwell));
            println!(
                "\n{path} path, analyst who {who} (API: {} ms a call)",
                LATENCY.as_millis()
            );
            println!("{:<18} {:>10} {:>6}", "hop", "waited", "calls");
            let mut waited = Duration::ZERO;
            for h in &hops {
                waited += h.wait;
                println!("{:<18} {:>7} ms {:>6}", h.name, h.wait.as_millis(), h.calls);
            }
            let after_search: Duration = hops[1..].iter().map(|h| h.wait).sum();
            println!(
                "total waited {} ms ({} ms after the search); {total} calls, {unused} prefetched and never shown",
                waited.as_millis(),
                after_search.as_millis()
            );
        }
    }
}
