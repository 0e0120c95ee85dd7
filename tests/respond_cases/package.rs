//! The investigation package saved from the explorer with `P`.

use super::*;

/// The demo's story to its end: collect the laptop's package, then `P` saves it in the
/// folder offered — the file whole and private, the outcome said; its signed link nowhere on
/// screen or in the session's log; a second save refuses to replace the file.
#[tokio::test]
async fn a_collected_package_is_saved_with_p() {
    let sim = common::demo_sim(|c| c.action_stage = Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut d = driver(&sim, dir.path(), false);
    d.app.model.session.folder = out.path().display().to_string();
    d.press(":machine wks-fin-042\n");
    until(&mut d, &["actions (0)"], 20).await;
    d.press("P");
    until(&mut d, &["no investigation package here"], 20).await;
    d.press("R→→→→→\tgather evidence\n");
    let confirm = until(&mut d, &["type wks-fin-042 to confirm"], 20).await;
    assert!(confirm.contains("collectInvestigationPackage"), "{confirm}");
    d.press("wks-fin-042\n");
    until(&mut d, &["CollectInvestigationPackage"], 20).await;
    // Not yet succeeded (the first look comes 5 s after sending): said, nothing fetched.
    d.press("P");
    until(
        &mut d,
        &["its package can be saved once it has succeeded"],
        20,
    )
    .await;
    until(&mut d, &["Succeeded"], 40).await;
    d.press("P");
    let prompt = until(&mut d, &["save the package in folder:"], 20).await;
    assert!(
        prompt.contains(&*out.path().display().to_string()),
        "{prompt}"
    );
    d.press("\n");
    let saved = until(&mut d, &["saved the package of wks-fin-042"], 20).await;
    let files: Vec<_> = std::fs::read_dir(out.path()).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one file, no part left");
    let name = files[0].file_name().to_string_lossy().into_owned();
    assert!(
        name.starts_with("wks-fin-042-") && name.ends_with(".zip"),
        "{name}"
    );
    let bytes = std::fs::read(files[0].path()).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip");
    use std::os::unix::fs::PermissionsExt;
    let mode = files[0].metadata().unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(!saved.contains("sig="), "{saved}");
    let log = &d.app.model.notices.log;
    assert!(log.iter().all(|(_, m)| !m.contains("sig=")), "{log:?}");
    let stats = common::stats(&sim).await;
    assert_eq!(
        common::calls(&stats, "machineactions/{id}/getPackageUri", 200),
        1
    );
    // Again: the file is there, nothing is asked or replaced.
    d.press("P\n");
    until(&mut d, &["already there (saved before?)"], 20).await;
    assert_eq!(std::fs::read(files[0].path()).unwrap(), bytes);
    let stats = common::stats(&sim).await;
    assert_eq!(
        common::calls(&stats, "machineactions/{id}/getPackageUri", 200),
        1
    );
}
