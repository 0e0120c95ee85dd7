//! Carries out the commands `update` returns that touch the world outside the engine and the
//! terminal: a browser, files, the search history. What happened comes back as a message.

use std::path::{Path, PathBuf};

use crate::app::Msg;

/// Where effects land: the search history's file, and whether a browser can be started.
#[derive(Debug, Clone, Default)]
pub struct Effects {
    /// `None`: searches are not remembered across runs (tests).
    pub history: Option<PathBuf>,
    /// Whether a graphical browser can be shown (a display is there).
    pub graphical: bool,
    /// The config file, where a setting turned in the explorer is remembered (`None`: not
    /// remembered — tests).
    pub config: Option<PathBuf>,
}

impl Effects {
    /// The real places: the state directory's history, a browser where there is a display.
    pub fn from_environment(state_dir: &Path) -> Self {
        Self {
            history: Some(state_dir.join("history")),
            graphical: cfg!(target_os = "macos")
                || std::env::var_os("DISPLAY").is_some()
                || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            config: None,
        }
    }

    /// Settings turned in the explorer are remembered in `config`.
    pub fn remembering_in(self, config: Option<PathBuf>) -> Self {
        Self { config, ..self }
    }

    /// Keeps the timeline on or off in the config file; a failure is said, not fatal.
    pub fn remember_timeline(&self, on: bool) -> Option<Msg> {
        let path = self.config.as_deref()?;
        let value = if on { "true" } else { "false" };
        super::setting::set(path, "timeline", value).err().map(|e| {
            Msg::Notice(format!(
                "could not remember the timeline in {}: {e}",
                path.display()
            ))
        })
    }

    pub fn remember_search(&self, searched: &crate::app::history::Searched) {
        if let Some(path) = &self.history {
            super::history::remember(path, searched);
        }
    }

    pub fn load_history(&self) -> Vec<crate::app::history::Searched> {
        self.history
            .as_deref()
            .map(super::history::load)
            .unwrap_or_default()
    }

    /// Opens `url` in a browser; `None` when there is none, and the caller copies the link.
    pub fn open(&self, url: &str) -> Option<Msg> {
        self.graphical.then(|| open(url)).flatten()
    }
}

/// A browser, when one can be started.
fn open(url: &str) -> Option<Msg> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    spawned.ok().map(|_| Msg::Notice(format!("opened {url}")))
}

/// Where a package goes: `name` in the typed folder, which must exist; never over a file.
pub fn package_path(folder: &str, name: &str) -> Result<PathBuf, String> {
    let folder = super::export::place(Path::new(folder))?;
    if !folder.is_dir() {
        return Err(format!(
            "no folder {}: create it first, or pick another",
            folder.display()
        ));
    }
    let path = folder.join(name);
    if path.exists() {
        return Err(format!(
            "already there (saved before?), not replaced: {}",
            path.display()
        ));
    }
    Ok(path)
}
