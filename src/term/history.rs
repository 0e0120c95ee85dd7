//! Recent searches, kept across runs in the state directory: one name a line, newest first.

use std::path::Path;

use crate::app::search::HISTORY_LEN;

/// The remembered names; a missing or unreadable file is an empty history.
pub fn load(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|text| parse(&text))
        .unwrap_or_default()
}

fn parse(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(line)) {
            names.push(line.to_owned());
        }
    }
    names.truncate(HISTORY_LEN);
    names
}

/// Puts `name` first. Failing to write loses only the history, so errors are logged, not shown.
pub fn remember(path: &Path, name: &str) {
    let mut names = load(path);
    names.retain(|n| !n.eq_ignore_ascii_case(name));
    names.insert(0, name.to_owned());
    names.truncate(HISTORY_LEN);
    let result = crate::private::write(path, (names.join("\n") + "\n").as_bytes());
    if let Err(e) = result {
        tracing::warn!("cannot save search history to {}: {e}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("history");
        assert!(load(&path).is_empty());
        remember(&path, "jdoe");
        remember(&path, "lsmith");
        remember(&path, "JDOE");
        assert_eq!(load(&path), vec!["JDOE", "lsmith"]);
        for i in 0..80 {
            remember(&path, &format!("u{i}"));
        }
        let names = load(&path);
        assert_eq!(names.len(), HISTORY_LEN);
        assert_eq!(names[0], "u79");
    }
}
