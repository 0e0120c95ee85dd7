//! Saved hunts: the starter set shipped in `assets/hunts`, then the analyst's own `.kql` files
//! in `$XDG_CONFIG_HOME/mdetui/hunts/` (one of the same name replaces the shipped one). A file
//! that cannot be read or parsed is named in a problem and left out; the rest still load.

use std::path::{Path, PathBuf};

use crate::api::Template;

/// The shipped hunts: the next questions of the demo story, each for the entity on screen.
const STARTER: &[(&str, &str)] = &[
    (
        "machine-logons",
        include_str!("../../assets/hunts/machine-logons.kql"),
    ),
    (
        "user-logons",
        include_str!("../../assets/hunts/user-logons.kql"),
    ),
    (
        "alert-users",
        include_str!("../../assets/hunts/alert-users.kql"),
    ),
    (
        "user-alerts",
        include_str!("../../assets/hunts/user-alerts.kql"),
    ),
    (
        "file-processes",
        include_str!("../../assets/hunts/file-processes.kql"),
    ),
    (
        "address-machines",
        include_str!("../../assets/hunts/address-machines.kql"),
    ),
    (
        "domain-machines",
        include_str!("../../assets/hunts/domain-machines.kql"),
    ),
];

/// The largest saved hunt read: a query is text, a few KiB.
const MAX_HUNT_BYTES: u64 = 256 * 1024;

pub fn starter() -> Vec<Template> {
    STARTER
        .iter()
        .map(|(name, text)| Template::parse(text, name).expect("the shipped hunts parse"))
        .collect()
}

/// Where the analyst's own hunts are.
pub fn default_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("mdetui").join("hunts"))
}

/// The starter set with `dir`'s `.kql` files over it, in name order; and what could not load.
pub fn load(dir: Option<&Path>) -> (Vec<Template>, Vec<String>) {
    let mut hunts = starter();
    let mut problems = Vec::new();
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
        return (hunts, problems);
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "kql"))
        .collect();
    paths.sort();
    for path in paths {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match read(&path).and_then(|text| Template::parse(&text, &stem).map_err(|e| e.to_string()))
        {
            Ok(hunt) => {
                hunts.retain(|h| h.name != hunt.name);
                hunts.push(hunt);
            }
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    hunts.sort_by(|a, b| a.name.cmp(&b.name));
    (hunts, problems)
}

fn read(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if !file.metadata().map_err(|e| e.to_string())?.is_file() {
        return Err("not a regular file".into());
    }
    let mut text = String::new();
    file.take(MAX_HUNT_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    if text.len() as u64 > MAX_HUNT_BYTES {
        return Err(format!("larger than {} KiB", MAX_HUNT_BYTES / 1024));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analysts_hunts_join_and_replace_the_shipped_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("machine-logons.kql"),
            "// name: machine-logons\n// description: mine\nDeviceLogonEvents | where DeviceName == {{machine}}",
        )
        .unwrap();
        std::fs::write(dir.path().join("broken.kql"), "T | where A == {{x y}}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a hunt").unwrap();
        let (hunts, problems) = load(Some(dir.path()));
        assert_eq!(hunts.len(), STARTER.len());
        let mine = hunts.iter().find(|h| h.name == "machine-logons").unwrap();
        assert_eq!(mine.description, "mine");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("broken.kql"));
        assert!(starter().iter().all(|h| h.params.len() == 1));
    }
}
