//! A user's record from the command line says what the explorer says (#26 item 8): the
//! machines and the domain completed from the user's alerts, in text and in CSV.

use super::mdetui;

#[test]
fn a_users_facts_name_their_machines() {
    let out = mdetui(&["--demo", "user", "jdoe"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let most = text
        .lines()
        .find(|l| l.starts_with("most used machine"))
        .unwrap();
    assert!(most.contains("wks-fin-042"), "{text}");
    // The domain, as the explorer completes it from the user's alerts (#26 item 8); in CSV
    // too.
    assert!(text.contains("domain             CONTOSO"), "{text}");
    let out = mdetui(&["--demo", "user", "jdoe", "--csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains("domain,CONTOSO") && csv.contains("most used machine,wks-fin-042"),
        "{csv}"
    );
}
