//! Carries out the commands `update` returns that touch the world outside the engine and the
//! terminal: a browser, files, the search history. What happened comes back as a message.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::Msg;
use crate::app::export::Export;

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

/// Where an export or a package goes: `~/` is the home folder, a relative path is under the
/// current directory.
fn export_path(typed: &Path) -> Result<PathBuf, String> {
    let path = match typed.strip_prefix("~") {
        Ok(rest) => dirs::home_dir()
            .ok_or("no home folder to expand ~ to")?
            .join(rest),
        Err(_) => typed.to_path_buf(),
    };
    if path.is_absolute() {
        return Ok(path);
    }
    std::env::current_dir()
        .map(|dir| dir.join(path))
        .map_err(|e| e.to_string())
}

/// Writes the export, unless the file exists and overwriting was not confirmed, or its folder
/// does not exist (nothing is created behind the analyst's back).
pub fn export(export: Export) -> Msg {
    let path = match export_path(&export.path) {
        Ok(path) => path,
        Err(e) => return Msg::Exported(Err(e)),
    };
    if let Some(folder) = path.parent().filter(|f| !f.is_dir()) {
        return Msg::Exported(Err(format!(
            "no folder {}: create it first, or pick another",
            folder.display()
        )));
    }
    if !export.overwrite && path.exists() {
        return Msg::ExportExists(export);
    }
    let written = whole_or_nothing(&path, |file| file.write_all(export.content.as_bytes()));
    match written {
        Ok(()) => Msg::Exported(Ok((path, export.rows))),
        Err(e) => Msg::Exported(Err(format!("{}: {e}", path.display()))),
    }
}

/// Writes `path` whole or not at all: `write` fills a part file beside it, which takes the
/// name only once complete and on disk. A failure (a full disk) removes the part file and
/// leaves whatever had the name before as it was — never half an export under it.
fn whole_or_nothing(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let part = path.with_file_name(format!(".{}.part", name.unwrap_or_default()));
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&part)
    };
    // A part file left by a run that died is ours to replace.
    let mut file = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(&part)?;
            open()?
        }
        opened => opened?,
    };
    let done = write(&mut file)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&part, path));
    if done.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    done
}

/// Where a package goes: `name` in the typed folder, which must exist; never over a file.
pub fn package_path(folder: &str, name: &str) -> Result<PathBuf, String> {
    let folder = export_path(Path::new(folder))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_ask_before_overwriting() {
        let dir = tempfile::tempdir().unwrap();
        let export = Export {
            path: dir.path().join("out.csv"),
            content: "A\r\n1\r\n".into(),
            rows: 1,
            overwrite: false,
        };
        assert!(matches!(
            super::export(export.clone()),
            Msg::Exported(Ok((_, 1)))
        ));
        assert!(matches!(
            super::export(export.clone()),
            Msg::ExportExists(_)
        ));
        let again = Export {
            overwrite: true,
            content: "B\r\n".into(),
            ..export
        };
        assert!(matches!(super::export(again), Msg::Exported(Ok(_))));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("out.csv")).unwrap(),
            "B\r\n"
        );
        let nowhere = Export {
            path: dir.path().join("missing/dir/x.csv"),
            content: String::new(),
            rows: 0,
            overwrite: false,
        };
        let Msg::Exported(Err(why)) = super::export(nowhere) else {
            panic!("a missing folder is refused");
        };
        assert!(
            why.contains("no folder") && why.contains("missing"),
            "{why}"
        );
        assert!(!dir.path().join("missing").exists(), "nothing created");
    }

    /// A disk that fills half-way through (#27 item 3): no file under the chosen name, no
    /// part file left, and a file that had the name keeps what it held.
    #[test]
    fn a_failed_export_leaves_nothing_half_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let full = |file: &mut std::fs::File| {
            file.write_all(b"ID,TITLE\r\nda1,half")?;
            Err(std::io::Error::from_raw_os_error(libc::ENOSPC))
        };
        let e = whole_or_nothing(&path, full).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ENOSPC));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing left"
        );
        std::fs::write(&path, "before").unwrap();
        assert!(whole_or_nothing(&path, full).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A part file a dead run left is replaced, and the export lands whole.
        std::fs::write(dir.path().join(".out.csv.part"), "stale").unwrap();
        whole_or_nothing(&path, |f| f.write_all(b"whole")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "whole");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_tilde_is_the_home_folder() {
        let home = dirs::home_dir().unwrap();
        assert_eq!(
            export_path(Path::new("~/out.csv")).unwrap(),
            home.join("out.csv")
        );
        assert!(export_path(Path::new("rel.csv")).unwrap().is_absolute());
    }
}
