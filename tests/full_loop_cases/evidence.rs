//! Following the evidence: from an alert to its beacon file, to the machines that have it,
//! and back; and a search by SHA-256 that lands on the same file view.

use super::*;

const COBALT: &str = "Cobalt Strike command and control detected";
const BEACON_SHA256: &str = "9e4c2a0f8d6b4e2c0a8f6d4b2e0c8a6f4d2b0e8c6a4f2d0b8e6c4a2f0d8b6e4c";

#[tokio::test]
async fn from_an_alert_to_its_beacon_to_the_machines_that_have_it_and_back() {
    let mut h = Harness::start(160, 48).await;
    h.press("jdoe\n");
    h.until(&["alerts (8)", "machines (2)"]).await;
    assert_eq!(h.calls().await, 3);

    h.select(COBALT).await;
    h.press("\n");
    let screen = h.until(&["evidence (4)", "msupd.dll"]).await;
    assert!(
        screen.contains("user jdoe › alert Cobalt Strike"),
        "{screen}"
    );
    assert_eq!(h.calls().await, 4, "the alert: its evidence came with it");

    // Tab gives the evidence the keys; Enter on the beacon opens its file.
    h.press("\t");
    h.step().await.unwrap();
    h.select("msupd.dll").await;
    h.press("\n");
    let screen = h
        .until(&[
            "› file 6a1f3e5d7c9b2a4f6e8d0c1b3a5",
            "machines (3)",
            "alerts (1)",
            "org, 30 days: 3 machines",
        ])
        .await;
    assert!(
        screen.contains("determination: Malware: Backdoor:Win64/CobaltStrike.NP!dha"),
        "{screen}"
    );
    assert!(
        screen.contains("paths seen: C:\\Users\\jdoe\\AppData\\Local\\Temp\\msupd.dll"),
        "the path from the alert already read: {screen}"
    );
    for host in ["wks-fin-042", "wks-fin-019", "wks-it-007"] {
        assert!(screen.contains(host), "{host}: {screen}");
    }
    assert_eq!(
        h.calls().await,
        9,
        "the file, its statistics, its alerts, its machines; in the background, the tenant's \
         file indicators"
    );
    let screen = h.until(&["indicator: none"]).await;
    assert!(screen.contains("› file 6a1f3e5d"), "{screen}");

    // One of the machines: held whole in the file's machines, so only its lists are asked.
    h.press("\t");
    h.step().await.unwrap();
    h.select("wks-it-007").await;
    h.press("\n");
    let screen = h
        .until(&["› machine wks-it-007", "logged-on users (", "actions ("])
        .await;
    assert!(screen.contains("› file 6a1f3e5d"), "{screen}");
    assert_eq!(
        h.calls().await,
        12,
        "its alerts, logged-on users and actions"
    );

    // Back to the file, then to the alert, as they were left: nothing asked again.
    h.press("\x1b");
    h.until(&["machines (3)", "org, 30 days: 3 machines"]).await;
    h.press("\x1b");
    let screen = h.until(&["evidence (4)"]).await;
    assert!(
        screen.contains("user jdoe › alert Cobalt Strike command and c…\n"),
        "{screen}"
    );
    assert_eq!(
        panes::selected_row(&h.app.model)
            .map(|e| e.label())
            .as_deref(),
        Some("msupd.dll"),
        "the evidence row came back selected"
    );
    assert_eq!(h.calls().await, 12);

    // The search box takes the beacon's SHA-256: one lookup gives the SHA-1, and the view is
    // the same file's, from what is held.
    h.press("s");
    h.press(BEACON_SHA256);
    h.press("\n");
    let screen = h
        .until(&[
            "› file 6a1f3e5d7c9b2a4f6e8d0c1b3a5",
            "machines (3)",
            "org, 30 days: 3 machines",
        ])
        .await;
    assert!(screen.contains("sha256: 9e4c2a0f8d6b"), "{screen}");
    assert_eq!(
        h.calls().await,
        13,
        "files/{{sha256}} once; the rest was held (the file indicators too)"
    );
    assert!(matches!(
        &h.app.model.nav.current.route,
        mdetui::app::nav::Route::File(mdetui::api::FileHash::Sha1(_))
    ));
}

/// With prefetch on, resting on rclone's row (its evidence has a SHA-256 alone) fetches the
/// file ahead; Enter must still settle on the SHA-1's view and show its machines.
#[tokio::test]
async fn a_prefetched_sha256_still_settles_on_its_sha1() {
    let sim = common::demo_sim(|_| {}).await;
    let mut driver = Driver::new(common::client_for(&sim), Session::demo(), 160, 48);
    driver.press("adm-mchen\n");
    driver
        .until(&["alerts ("], Duration::from_secs(20))
        .await
        .expect("adm-mchen's alerts");
    assert!(
        driver
            .select("Possible exfiltration of archived data using rclone")
            .await
    );
    driver.press("\n");
    driver
        .until(&["evidence (4)"], Duration::from_secs(20))
        .await
        .expect("the alert");
    driver.press("\t");
    driver.step().await.unwrap();
    assert!(driver.select("rclone.exe").await);
    // Rest on the row past the prefetch dwell, the loop turning as time passes.
    let until = std::time::Instant::now() + Duration::from_millis(900);
    while std::time::Instant::now() < until {
        let _ = tokio::time::timeout(until - std::time::Instant::now(), driver.step()).await;
    }
    driver.press("\n");
    let screen = driver
        .until(
            &["machines (1)", "srv-fs-01", "org, 30 days: 1 machine"],
            Duration::from_secs(20),
        )
        .await
        .unwrap_or_else(|| panic!("never settled:\n{}", driver.screen()));
    assert!(
        screen.contains("sha1: 8e2d4a6c0f1b3d5e7a9c2b4d6f8e0a1c3b5d7f92"),
        "{screen}"
    );
    assert!(matches!(
        &driver.app.model.nav.current.route,
        mdetui::app::nav::Route::File(mdetui::api::FileHash::Sha1(_))
    ));
}

/// The service-account alert names no related user (quirk 3): `u` offers the users it
/// mentions instead of taking the first, and asks the API nothing.
#[tokio::test]
async fn u_on_an_alert_without_a_related_user_offers_a_choice() {
    let mut h = Harness::start(120, 40).await;
    h.press("jdoe\n");
    h.until(&["alerts (8)"]).await;
    h.select("Service account used interactively from an unusual device")
        .await;
    h.press("\n");
    h.until(&["evidence ("]).await;
    let before = h.calls().await;
    h.press("u");
    let screen = h
        .until(&[
            "which user?",
            "1 user CONTOSO\\jdoe (logged on)",
            "2 user CONTOSO\\svc_backup (logged on)",
        ])
        .await;
    assert!(screen.contains("alert Service account used"), "{screen}");
    assert_eq!(h.calls().await, before, "a choice, not a call");
    h.press("2");
    h.until(&["› user svc_backup", "alerts ("]).await;
}
