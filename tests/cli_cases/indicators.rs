//! `mdetui indicators [SCOPE]`: a kind's one-shot as the registry declares it.

use super::mdetui;

/// `mdetui indicators [SCOPE]`: the one-shot the registry gives the indicators kind, its
/// scope optional, checked before any call, and in every output format.
#[test]
fn indicators_from_the_command_line() {
    let run = |args: &[&str]| {
        let out = mdetui(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (ok, all, _) = run(&["--demo", "indicators", "--tsv"]);
    assert!(ok, "{all}");
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(
        lines[0],
        "VALUE\tTYPE\tACTION\tSEVERITY\tTITLE\tCREATED BY\tCREATED UTC\tEXPIRES"
    );
    assert_eq!(lines.len(), 7, "{all}");
    let (ok, files, _) = run(&["--demo", "indicators", "files", "--json"]);
    assert!(ok, "{files}");
    let files: serde_json::Value = serde_json::from_str(&files).unwrap();
    let values: Vec<&str> = files
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["indicatorValue"].as_str().unwrap())
        .collect();
    assert_eq!(values.len(), 2, "{values:?}");
    assert!(values.contains(&"e1c3a5f7b9d2e4f6a8c0b1d3f5a7c9e2b4d6f8a0"));
    let (ok, csv, _) = run(&["--demo", "indicators", "domains", "--csv"]);
    assert!(ok && csv.contains("billing-contoso-portal.com"), "{csv}");
    let (ok, _, err) = run(&["--demo", "indicators", "beacons"]);
    assert!(
        !ok && err.contains("“beacons” is not a kind of indicator"),
        "{err}"
    );
    let (ok, help, _) = run(&["indicators", "--help"]);
    assert!(
        ok && help.contains("[SCOPE]") && help.contains("e.g. files"),
        "{help}"
    );
}
