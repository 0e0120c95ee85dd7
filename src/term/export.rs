//! Writes an export: where it goes is checked at once (a missing folder, a file already
//! there); its rows are made into text and written a piece at a time on a blocking thread,
//! saying how far it has come, into a part file that takes the name only when whole.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::Msg;
use crate::app::export::{Export, pieces};

/// Where `export` goes, or the answer at once: no such folder (nothing is created behind the
/// analyst's back), or a file already there whose overwriting was not confirmed.
pub fn target(export: &Export) -> Result<PathBuf, Box<Msg>> {
    let path = place(&export.path).map_err(|e| Msg::Exported(Err(e)))?;
    if let Some(folder) = path.parent().filter(|f| !f.is_dir()) {
        return Err(Box::new(Msg::Exported(Err(format!(
            "no folder {}: create it first, or pick another",
            folder.display()
        )))));
    }
    if !export.overwrite && path.exists() {
        return Err(Box::new(Msg::ExportExists(export.clone())));
    }
    Ok(path)
}

/// Writes `export` to `path` (from [`target`]), telling `tell` the rows on disk after each
/// piece and, last, whether it was written. Blocking: run it off the loop's thread.
pub fn write(export: &Export, path: PathBuf, tell: impl Fn(Msg)) {
    let written = whole_or_nothing(&path, |file| {
        let mut file = std::io::BufWriter::new(file);
        for (done, text) in pieces(&export.content) {
            file.write_all(text.as_bytes())?;
            tell(Msg::ExportProgress(done));
        }
        file.flush()
    });
    tell(Msg::Exported(match written {
        Ok(()) => Ok((path, export.rows)),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }));
}

/// Where an export or a package goes: `~/` is the home folder, a relative path is under the
/// current directory.
pub fn place(typed: &Path) -> Result<PathBuf, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::app::export::Content;

    /// Checks and writes `export` as the loop does, here and now: its messages, in order.
    fn export_now(export: &Export) -> Vec<Msg> {
        let told = std::sync::Mutex::new(Vec::new());
        match target(export) {
            Ok(path) => write(export, path, |m| told.lock().unwrap().push(m)),
            Err(answer) => told.lock().unwrap().push(*answer),
        }
        told.into_inner().unwrap()
    }

    fn last(messages: Vec<Msg>) -> Msg {
        messages
            .into_iter()
            .last()
            .expect("an export always ends with a message")
    }

    #[test]
    fn exports_ask_before_overwriting() {
        let dir = tempfile::tempdir().unwrap();
        let export = Export {
            path: dir.path().join("out.csv"),
            content: Content::Text("A\r\n1\r\n".into()),
            rows: 1,
            overwrite: false,
        };
        let told = export_now(&export);
        assert!(
            matches!(
                &told[..],
                [Msg::ExportProgress(1), Msg::Exported(Ok((_, 1)))]
            ),
            "{told:?}"
        );
        assert!(matches!(last(export_now(&export)), Msg::ExportExists(_)));
        let again = Export {
            overwrite: true,
            content: Content::Text("B\r\n".into()),
            ..export
        };
        assert!(matches!(last(export_now(&again)), Msg::Exported(Ok(_))));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("out.csv")).unwrap(),
            "B\r\n"
        );
        let nowhere = Export {
            path: dir.path().join("missing/dir/x.csv"),
            content: Content::Text(String::new()),
            rows: 0,
            overwrite: false,
        };
        let Msg::Exported(Err(why)) = last(export_now(&nowhere)) else {
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
        assert_eq!(place(Path::new("~/out.csv")).unwrap(), home.join("out.csv"));
        assert!(place(Path::new("rel.csv")).unwrap().is_absolute());
    }
}
