//! Files only this user can read: the audit log, the log and the search history hold what a
//! tenant's analysts did and looked at. Each is 0600 in a 0700 folder; a file or folder of
//! ours found wider open is narrowed.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Makes `dir` (and its parents) if missing, 0700; narrows it to 0700 if it is wider.
pub fn folder(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    narrow(dir, 0o700)
}

fn narrow(path: &Path, mode: u32) -> std::io::Result<()> {
    let now = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if now & !mode != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Opens `path` for appending, 0600, in a private folder.
pub fn append(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        folder(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    narrow(path, 0o600)?;
    Ok(file)
}

/// Writes `path` whole, 0600, in a private folder.
pub fn write(path: &Path, content: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        folder(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    narrow(path, 0o600)?;
    file.write_all(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_made_and_kept_private() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("state/mdetui");
        append(&dir.join("audit.jsonl")).unwrap();
        write(&dir.join("history"), b"jdoe\n").unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("audit.jsonl")), 0o600);
        assert_eq!(mode(&dir.join("history")), 0o600);
        // Found wider open (an older version's files): narrowed.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let log = dir.join("mdetui.log");
        std::fs::write(&log, "").unwrap();
        std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
        append(&log).unwrap();
        assert_eq!((mode(&dir), mode(&log)), (0o700, 0o600));
    }
}
