//! Remembers a setting the analyst turned in the explorer (the timeline) in the config file,
//! changing that one line and nothing else: comments, order and the other keys stay as they
//! were. The file is written whole or not at all (a temporary file renamed over it, with its
//! mode), through a symlink to where it points, and only if the result still reads as TOML.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Sets top-level `key = value` in the TOML file at `path` (created, with its folder, when
/// missing): the key's line is replaced where it is, else the key goes first (always
/// top-level there, before any `[table]`).
pub fn set(path: &Path, key: &str, value: &str) -> std::io::Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let refuse = |why: &str| std::io::Error::other(format!("left as it was: {why}"));
    let mut wanted: toml::Table = text
        .parse()
        .map_err(|_| refuse("it does not read as TOML"))?;
    let parsed: toml::Table = format!("{key} = {value}")
        .parse()
        .map_err(|_| refuse("not a TOML value"))?;
    wanted.extend(parsed);
    // The edit must change that key and nothing else (a line inside a multi-line string
    // looks like a key but is not one).
    let changed = with_setting(&text, key, value);
    if changed.parse::<toml::Table>().ok() != Some(wanted) {
        return Err(refuse(&format!(
            "its `{key}` line could not be told apart; set `{key} = {value}` by hand"
        )));
    }
    write_whole(path, &changed)
}

/// `text` with top-level `key = value`.
fn with_setting(text: &str, key: &str, value: &str) -> String {
    let line = format!("{key} = {value}");
    let mut lines: Vec<&str> = text.lines().collect();
    // Top-level keys are those before the first table header.
    let top = lines
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .unwrap_or(lines.len());
    let names_key = |l: &str| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    match lines[..top].iter().position(|l| names_key(l)) {
        Some(at) => lines[at] = &line,
        None => lines.insert(0, &line),
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Writes `text` to `path` whole: a temporary file beside the real one, renamed over it.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    // Through a symlink (dotfiles kept elsewhere) to the file it names.
    let path: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let name = path.file_name().map_or_else(
        || "config.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let part = folder.join(format!(".{name}.{}.part", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&part)?;
        if let Ok(meta) = std::fs::metadata(&path) {
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&part, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_replaced_where_it_is_and_the_rest_kept() {
        let text =
            "# mine\ntheme = \"light\"\ntimeline = false # was off\n\n[keys]\ntimeline = [\"x\"]\n";
        let out = with_setting(text, "timeline", "true");
        assert_eq!(
            out,
            "# mine\ntheme = \"light\"\ntimeline = true\n\n[keys]\ntimeline = [\"x\"]\n"
        );
    }

    #[test]
    fn a_missing_key_goes_first_where_it_is_top_level() {
        let out = with_setting("[keys]\ndown = [\"n\"]\n", "timeline", "true");
        assert_eq!(out, "timeline = true\n[keys]\ndown = [\"n\"]\n");
        let table: toml::Table = out.parse().unwrap();
        assert_eq!(table["timeline"].as_bool(), Some(true));
        // A key whose name only starts the same is another key.
        let out = with_setting("timelines = 1\n", "timeline", "false");
        assert_eq!(out, "timeline = false\ntimelines = 1\n");
    }

    #[test]
    fn the_file_is_created_and_written_through_a_symlink_with_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("new/mdetui/config.toml");
        set(&fresh, "timeline", "true").unwrap();
        assert_eq!(
            std::fs::read_to_string(&fresh).unwrap(),
            "timeline = true\n"
        );

        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, "me = \"a@b\"\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        set(&link, "timeline", "false").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).unwrap(),
            "timeline = false\nme = \"a@b\"\n"
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_file_that_would_not_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        // A multi-line string at the top: a line there is not a key, and changing it would
        // break the file.
        let text = "x = \"\"\"\ntimeline = 1\n\"\"\"\ntimeline = true\n";
        std::fs::write(&path, text).unwrap();
        let outcome = set(&path, "timeline", "false");
        assert!(outcome.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
}
