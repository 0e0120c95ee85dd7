//! The real binary in a pseudo-terminal: what it shows (a vt100 parser's screen), every byte
//! it wrote, its process, and the keys sent to it.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub const ROWS: u16 = 32;
pub const COLS: u16 = 120;

pub struct Session {
    screen: Arc<Mutex<(vt100::Parser, Vec<u8>)>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    _home: tempfile::TempDir,
}

impl Session {
    pub fn start(args: &[&str]) -> Self {
        Self::start_with(args, &[])
    }

    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_configured(args, env, None)
    }

    /// Starts with `config` as the config file's text.
    pub fn start_configured(args: &[&str], env: &[(&str, &str)], config: Option<&str>) -> Self {
        Self::start_program(env!("CARGO_BIN_EXE_mdetui"), args, env, config)
    }

    /// Starts `program` (a shell, to put mdetui behind a pipe) with mdetui's environment.
    pub fn start_program(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        config: Option<&str>,
    ) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let home = tempfile::tempdir().unwrap();
        if let Some(text) = config {
            let dir = home.path().join("config").join("mdetui");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("config.toml"), text).unwrap();
        }
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        for var in [
            "MDETUI_TOKEN",
            "AZURE_TENANT_ID",
            "AZURE_CLIENT_ID",
            "AZURE_CLIENT_SECRET",
            "MDETUI_API_URL",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new((vt100::Parser::new(ROWS, COLS, 0), Vec::new())));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let _master = pair.master; // keep the pty open while reading
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut s = sink.lock().unwrap();
                s.0.process(&buf[..n]);
                s.1.extend_from_slice(&buf[..n]);
            }
        });
        Self {
            screen,
            writer,
            child,
            _home: home,
        }
    }

    /// Where the program keeps its state (`XDG_STATE_HOME`: the audit log under `mdetui/`).
    pub fn state_dir(&self) -> std::path::PathBuf {
        self._home.path().join("state")
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().0.screen().contents()
    }

    pub fn bytes_seen(&self) -> usize {
        self.screen.lock().unwrap().1.len()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.screen.lock().unwrap().1.clone()
    }

    pub fn wait_for(&self, what: &str) -> String {
        self.wait_until(&format!("{what:?}"), |screen| screen.contains(what))
    }

    /// Waits until the screen is as `done` wants it: a frame read part-way can hold the new
    /// top over the old bottom, so a check of two places waits for both.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.contents();
            if done(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the screen is as `done` wants it and has stopped changing (the same for
    /// `still`): what a click aims at must not move under it — a view's header grows when its
    /// facts arrive after its lists, pushing the rows down.
    pub fn wait_settled(&self, what: &str, still: Duration, done: impl Fn(&str) -> bool) -> String {
        loop {
            let screen = self.wait_until(what, &done);
            std::thread::sleep(still);
            if self.contents() == screen {
                return screen;
            }
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the explorer did not exit");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The terminal is handed back: alternate screen left and cursor shown, after the last
    /// time they were taken.
    pub fn assert_restored(&self) {
        let entered = self
            .raw()
            .windows(8)
            .rposition(|w| w == b"\x1b[?1049h")
            .unwrap_or(0);
        let raw = self.raw_once_written(entered, &[b"\x1b[?1049l", b"\x1b[?25h"]);
        let find = |pat: &[u8]| raw.windows(pat.len()).rposition(|w| w == pat);
        let entered = find(b"\x1b[?1049h").expect("the explorer used the alternate screen");
        let left = find(b"\x1b[?1049l").expect("the alternate screen was left");
        assert!(
            left > entered,
            "left the alternate screen after entering it"
        );
        let shown = find(b"\x1b[?25h").expect("the cursor was shown again");
        assert!(shown > entered);
    }
}

impl Session {
    /// Every byte seen so far, once each of `patterns` has appeared after byte `since` — or
    /// after five seconds. A process may stop or exit before the reader has every byte it
    /// wrote: this waits for them rather than racing it.
    pub fn raw_once_written(&self, since: usize, patterns: &[&[u8]]) -> Vec<u8> {
        let deadline = Instant::now() + Duration::from_secs(5);
        let written = |raw: &[u8]| {
            let after = raw.get(since..).unwrap_or_default();
            patterns
                .iter()
                .all(|pat| after.windows(pat.len()).any(|w| w == *pat))
        };
        let mut raw = self.raw();
        while !written(&raw) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            raw = self.raw();
        }
        raw
    }

    /// The explorer's process id, for signals.
    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("a pid") as i32
    }

    /// Sends `signal` to the explorer.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill() with a pid we spawned and a standard signal.
        unsafe {
            libc::kill(self.pid(), signal);
        }
    }

    /// The process state letter from /proc (`T` when stopped).
    pub fn state(&self) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
        let after = stat.rsplit_once(") ").unwrap().1;
        after.chars().next().unwrap()
    }

    /// Waits until the process state is anything but `state`.
    pub fn wait_state_not(&self, state: char) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.state() == state {
            assert!(Instant::now() < deadline, "stayed in state {state}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the process state is `state`.
    pub fn wait_state(&self, state: char) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.state() != state {
            assert!(Instant::now() < deadline, "never reached state {state}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
