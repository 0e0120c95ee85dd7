//! Scale (#27 item 5): 100,000 alerts through the simulator on the release build, as an
//! analyst meets them — the explorer's time to screen and peak memory, a filter and a sort;
//! a one-shot's peak memory at 10,000 and 100,000 alerts, which must not grow with the list.
//! Prints the README's rows: `cargo bench --bench scale`.

#[path = "../tests/common/pty.rs"]
#[allow(dead_code)]
mod pty;

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mdetui");
const TOKEN: &str = "scale-bench-token";

/// A simulator in a process of its own (its memory is not the explorer's): one user with
/// `alerts` alerts, served 10,000 a page as the API does.
struct Sim {
    child: Child,
    url: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn simulate(alerts: usize) -> Sim {
    simulate_slow(alerts, 0)
}

/// The same, each call answered `latency_ms` late.
fn simulate_slow(alerts: usize, latency_ms: u64) -> Sim {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(BIN)
        .args(["simulate", "--addr", &addr, "--token", TOKEN, "--scale"])
        .arg(format!("users=1,machines=200,alerts={alerts},seed=7"))
        .args(["--latency", &latency_ms.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the simulator starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "the simulator never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    Sim {
        child,
        url: format!("http://{addr}"),
    }
}

fn isolated(cmd: &mut Command, sim: &Sim, home: &std::path::Path) {
    for var in ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"] {
        cmd.env_remove(var);
    }
    cmd.env("MDETUI_API_URL", &sim.url)
        .env("MDETUI_TOKEN", TOKEN)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"));
}

/// `mdetui user user1 alerts FORMAT > /dev/null`: wall time and peak RSS (MB).
fn one_shot(sim: &Sim, format: &str) -> (Duration, f64) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(BIN);
    cmd.args(["user", "user1", "alerts", format]);
    isolated(&mut cmd, sim, home.path());
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (status, peak) = wait_with_peak(child);
    assert!(status == 0, "the one-shot failed: {status}");
    (start.elapsed(), peak)
}

/// Waits for `child`; its exit status and its peak RSS in MB (`ru_maxrss`, in KB on Linux).
fn wait_with_peak(child: Child) -> (i32, f64) {
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child's, not yet waited for; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed");
    (libc::WEXITSTATUS(status), usage.ru_maxrss as f64 / 1024.0)
}

fn peak_of(pid: i32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The explorer in a terminal: type the user, wait for all 100,000 rows; then a filter and a
/// sort, each timed from the key to the screen that shows it.
fn explorer(sim: &Sim, alerts: usize) -> Vec<(String, String)> {
    let url = sim.url.clone();
    let mut s = pty::Session::start_with(&[], &[("MDETUI_API_URL", &url), ("MDETUI_TOKEN", TOKEN)]);
    // The start screen's queue is in: the terminal is the explorer's, keys reach it.
    s.wait_for("queue (");
    let pid = s.child.process_id().expect("a pid") as i32;
    let start = Instant::now();
    s.send("user1\r");
    s.wait_for(&format!("alerts ({alerts})"));
    let to_screen = start.elapsed();
    let peak = peak_of(pid);
    let start = Instant::now();
    s.send("/sev:high\r");
    let of = format!(" of {alerts} ");
    s.wait_until("the filtered rows", |screen| {
        screen.contains("sev:high — ") && screen.contains(&of)
    });
    let filter = start.elapsed();
    let start = Instant::now();
    s.send("S");
    s.wait_for("MACHINE ▲");
    let sort = start.elapsed();
    // Every row again, then an export of them all; a key (help) answered while it writes.
    s.send("\x1b");
    s.wait_until("the filter cleared", |screen| !screen.contains("sev:high"));
    std::thread::sleep(Duration::from_millis(300));
    let dir = tempfile::tempdir().expect("a scratch folder");
    let path = dir.path().join("all.csv");
    s.send("e");
    s.wait_for("export to (");
    // Ctrl-U empties the prompt of its suggested name.
    s.send(&format!("\x15{}", path.display()));
    s.wait_for("all.csv");
    let start = Instant::now();
    // Enter and `?` in one burst: the export starts, and help must not wait for it.
    s.send("\r?");
    let done = format!("exported {alerts} rows");
    let mut exported = None;
    let mut noted = |screen: &str| {
        if exported.is_none() && screen.contains(&done) {
            exported = Some(start.elapsed());
        }
    };
    let screen = s.wait_until("help", |screen| {
        noted(screen);
        screen.contains("key closes")
    });
    let answered = start.elapsed();
    let under_way = !screen.contains(&done);
    s.send("\x1b");
    s.wait_until("the export written", |screen| {
        noted(screen);
        screen.contains(&done)
    });
    let exported = exported.expect("written");
    let peak_after = peak_of(pid);
    assert!(std::fs::metadata(&path).is_ok_and(|m| m.len() > 0));
    let _ = s.child.kill();
    vec![
        (
            format!("explorer: user with {alerts} alerts, Enter to every row on screen"),
            format!("{:.2} s, peak {peak:.0} MB", to_screen.as_secs_f64()),
        ),
        (
            "  then `/sev:high` typed (the rows filtered at each key) and Enter, to the filtered rows on screen".to_owned(),
            format!("{:.0} ms", filter.as_secs_f64() * 1e3),
        ),
        (
            "  then `S`, to the rows sorted by machine on screen".to_owned(),
            format!("{:.0} ms", sort.as_secs_f64() * 1e3),
        ),
        (
            format!("  then `e` of all {alerts} rows to CSV, Enter to \"exported\"; peak RSS since start"),
            format!("{:.2} s, peak {peak_after:.0} MB", exported.as_secs_f64()),
        ),
        (
            "  and `?` typed with its Enter, to help on screen".to_owned(),
            format!(
                "{:.0} ms{}",
                answered.as_secs_f64() * 1e3,
                if under_way {
                    " (the export still being written)"
                } else {
                    " (NOT while the export was written)"
                }
            ),
        ),
    ]
}

/// From Enter on the user to all their `alerts` on screen, in the explorer in a terminal.
fn arrival(sim: &Sim, alerts: usize) -> Duration {
    let url = sim.url.clone();
    let mut s = pty::Session::start_with(&[], &[("MDETUI_API_URL", &url), ("MDETUI_TOKEN", TOKEN)]);
    s.wait_for("queue (");
    let start = Instant::now();
    s.send("user1\r");
    s.wait_for(&format!("alerts ({alerts})"));
    let took = start.elapsed();
    let _ = s.child.kill();
    took
}

/// A list of four pages (40,000 alerts, 10,000 a page) at 300 ms a call, against one page
/// (10,000): the three pages after the first come at once, so the difference is about one
/// round trip (page by page it was three).
fn long_list_rows() -> Vec<(String, String)> {
    let one = simulate_slow(10_000, 300);
    let four = simulate_slow(40_000, 300);
    let first = arrival(&one, 10_000);
    let whole = arrival(&four, 40_000);
    let after = whole.saturating_sub(first);
    vec![(
        "explorer: a user of 4 pages (40,000 alerts) vs 1 page (10,000), 300 ms a call: Enter to all rows on screen".to_owned(),
        format!(
            "{:.2} vs {:.2} s: the 3 later pages in {:.2} s = {:.1} × the one-page time ({})",
            whole.as_secs_f64(),
            first.as_secs_f64(),
            after.as_secs_f64(),
            after.as_secs_f64() / first.as_secs_f64(),
            if after < first * 2 { "under two round trips" } else { "NOT under two round trips" }
        ),
    )]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not ours to read.
    let mut rows = long_list_rows();
    let large = simulate(100_000);
    rows.extend(explorer(&large, 100_000));
    let small = simulate(10_000);
    for format in ["--json", "--csv"] {
        let (t_small, m_small) = one_shot(&small, format);
        let (t_large, m_large) = one_shot(&large, format);
        rows.push((
            format!("one-shot `user U alerts {format}`, 10,000 vs 100,000 alerts"),
            format!(
                "peak {m_small:.0} vs {m_large:.0} MB ({:+.0} %), {:.2} vs {:.2} s",
                (m_large / m_small - 1.0) * 100.0,
                t_small.as_secs_f64(),
                t_large.as_secs_f64()
            ),
        ));
    }
    println!("\n| what | figure |\n|---|---|");
    for (what, figure) in rows {
        println!("| {what} | {figure} |");
    }
}
