//! Carries out the commands `update` returns that touch the world outside the engine: the
//! clipboard, a browser, files. What happened comes back as a message.

use std::io::Write;
use std::path::Path;

use super::clipboard::osc52;
use super::export::Export;
use super::update::Msg;

/// Writes OSC 52 straight to the terminal (base64 only, so nothing in it can act).
pub fn copy(text: &str) -> Option<Msg> {
    let inside_tmux = std::env::var_os("TMUX").is_some();
    let mut out = std::io::stdout();
    let written = out
        .write_all(osc52(text, inside_tmux).as_bytes())
        .and_then(|()| out.flush());
    written
        .err()
        .map(|e| Msg::Notice(format!("copy failed: {e}")))
}

/// A browser where one can be shown; else the link is shown and copied.
pub fn open(url: &str) -> Msg {
    let graphical = cfg!(target_os = "macos")
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if graphical {
        let spawned = std::process::Command::new(opener)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return Msg::Notice(format!("opened {url}"));
        }
    }
    let _ = copy(url);
    Msg::Notice(format!("no browser here; link copied: {url}"))
}

/// Writes the export under the current directory (or where its path says), unless the file
/// exists and overwriting was not confirmed.
pub fn export(export: Export) -> Msg {
    let path = if export.path.is_absolute() {
        export.path.clone()
    } else {
        match std::env::current_dir() {
            Ok(dir) => dir.join(&export.path),
            Err(e) => return Msg::Exported(Err(e.to_string())),
        }
    };
    if !export.overwrite && Path::new(&path).exists() {
        return Msg::ExportExists(export);
    }
    match std::fs::write(&path, export.content.as_bytes()) {
        Ok(()) => Msg::Exported(Ok((path, export.rows))),
        Err(e) => Msg::Exported(Err(format!("{}: {e}", path.display()))),
    }
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
        assert!(matches!(super::export(nowhere), Msg::Exported(Err(_))));
    }
}
