//! Recent searches, kept across runs in the state directory: one name a line, newest first,
//! with what it turned out to be after a tab once known (`adm01\tuser`). A line without one —
//! a choice left open, or a file from before kinds were kept — is a name alone.

use std::path::Path;

use crate::app::history::Searched;
use crate::app::recall::HISTORY_LEN;

/// The remembered names; a missing or unreadable file is an empty history.
pub fn load(path: &Path) -> Vec<Searched> {
    std::fs::read_to_string(path)
        .map(|text| parse(&text))
        .unwrap_or_default()
}

fn parse(text: &str) -> Vec<Searched> {
    let mut names: Vec<Searched> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, kind) = match line.split_once('\t') {
            Some((name, kind)) => (name.trim(), Some(kind.trim())),
            None => (line, None),
        };
        // A kind is a word (`user`, `machine`); anything else is not ours to trust.
        let kind = kind.filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase()));
        if !name.is_empty() && !names.iter().any(|n| n.name.eq_ignore_ascii_case(name)) {
            names.push(Searched {
                name: name.to_owned(),
                kind: kind.map(str::to_owned),
            });
        }
    }
    names.truncate(HISTORY_LEN);
    names
}

fn line(searched: &Searched) -> String {
    match &searched.kind {
        Some(kind) => format!("{}\t{kind}", searched.name),
        None => searched.name.clone(),
    }
}

/// Puts `searched` first. Failing to write loses only the history, so errors are logged, not
/// shown.
pub fn remember(path: &Path, searched: &Searched) {
    let mut names = load(path);
    names.retain(|n| !n.name.eq_ignore_ascii_case(&searched.name));
    names.insert(0, searched.clone());
    names.truncate(HISTORY_LEN);
    let text: String = names.iter().map(|n| line(n) + "\n").collect();
    if let Err(e) = crate::private::write(path, text.as_bytes()) {
        tracing::warn!("cannot save search history to {}: {e}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(name: &str, kind: Option<&str>) -> Searched {
        Searched {
            name: name.to_owned(),
            kind: kind.map(str::to_owned),
        }
    }

    #[test]
    fn newest_first_without_duplicates_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("history");
        assert!(load(&path).is_empty());
        remember(&path, &"jdoe".into());
        remember(&path, &"lsmith".into());
        remember(&path, &"JDOE".into());
        let names: Vec<String> = load(&path).into_iter().map(|s| s.name).collect();
        assert_eq!(names, vec!["JDOE", "lsmith"]);
        for i in 0..80 {
            remember(&path, &format!("u{i}").as_str().into());
        }
        let names = load(&path);
        assert_eq!(names.len(), HISTORY_LEN);
        assert_eq!(names[0].name, "u79");
    }

    /// What a name turned out to be survives the run (#26 item 9); a file from before kinds
    /// were kept still loads, its lines names alone.
    #[test]
    fn what_a_name_turned_out_to_be_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        std::fs::write(&path, "jdoe\nsrv01\n").unwrap();
        remember(&path, &name("adm01", Some("user")));
        remember(&path, &name("srv01", Some("machine")));
        assert_eq!(
            load(&path),
            vec![
                name("srv01", Some("machine")),
                name("adm01", Some("user")),
                name("jdoe", None),
            ]
        );
        assert_eq!(
            parse("x\tUSER;rm\ny\t\n"),
            vec![name("x", None), name("y", None)]
        );
    }
}
