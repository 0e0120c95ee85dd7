//! A private `redis-server` for a test: a free loopback port, no persistence, stopped on drop.
//! Where none is installed the tests that need it are skipped and say so — unless
//! `MDETUI_REQUIRE_REDIS` is set (CI sets it), when that is a failure.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Redis {
    pub port: u16,
    child: Child,
}

impl Redis {
    /// A running server, or `None` (skipped, said on stderr) where none is installed.
    pub fn start(test: &str) -> Option<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self::on(port, test)
    }

    /// A server on `port` (to restart one that was killed).
    pub fn on(port: u16, test: &str) -> Option<Self> {
        Self::with_args(port, test, &[])
    }

    /// A server that accepts connections but fails every script (EVAL and EVALSHA are gone):
    /// a store that is there and does not work.
    pub fn failing(test: &str) -> Option<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let renamed = [
            "--rename-command",
            "EVAL",
            "",
            "--rename-command",
            "EVALSHA",
            "",
        ];
        Self::with_args(port, test, &renamed)
    }

    fn with_args(port: u16, test: &str, extra: &[&str]) -> Option<Self> {
        let spawned = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(e) if std::env::var_os("MDETUI_REQUIRE_REDIS").is_some() => {
                panic!("{test}: redis-server is required here and could not start: {e}")
            }
            Err(e) => {
                // Straight to the terminal, past the test harness's capture: a skip must show.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED {test}: no redis-server on this machine ({e}); CI installs it"
                );
                return None;
            }
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Self { port, child })
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Kills the server, as a crash would.
    pub fn kill(mut self) -> u16 {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.port
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
