//! What alerts name, as rows to open (#26 item 5): an incident's machines and users, and the
//! machines a C2 address's alerts name when it is opened by `:ip` — from the alerts already
//! held, no call of their own.

use super::*;

#[tokio::test]
async fn an_incident_s_machines_and_users_are_rows_that_open() {
    let mut h = Harness::start(120, 40).await;
    h.until(&["search: user"]).await;
    h.press(":incident 2211\n");
    let screen = h
        .until(&[
            "alerts (14)",
            "machines its alerts name (3)",
            "users its alerts name (4)",
        ])
        .await;
    assert!(screen.contains("svc_backup"), "{screen}");
    assert_eq!(h.calls().await, 1, "the incident's alerts, nothing more");
    // Tab to the machines, Enter opens one; Tab again to the users, Enter opens one.
    h.press("\t");
    h.select("srv-dc-01").await;
    h.press("\n");
    h.until(&["incident 2211 › machine srv-dc-01", "alerts (1)"])
        .await;
    h.press("\x1b");
    h.until(&["machines its alerts name (3)"]).await;
    h.press("\t");
    h.select("adm-mchen").await;
    h.press("\n");
    h.until(&["incident 2211 › user adm-mchen"]).await;
}

#[tokio::test]
async fn a_c2_address_opened_by_name_lists_the_machines_its_alerts_name() {
    let mut h = Harness::start(120, 40).await;
    h.until(&["search: user"]).await;
    h.press(":ip 185.225.19.40\n");
    let screen = h.until(&["machines its alerts name ("]).await;
    assert!(screen.contains("wks-fin-042"), "{screen}");
    assert!(!screen.contains("machines its alerts name (0)"), "{screen}");
}

/// At 80×24 the beacon's file view says where the alert saw it and its hashes, above its
/// lists (#26 items 1 and 5: "paths seen" was the fact cut first).
#[tokio::test]
async fn a_file_reached_from_its_alert_says_where_it_was_seen_at_80x24() {
    let mut h = Harness::start(80, 24).await;
    h.press("jdoe\n");
    h.until(&["alerts (8)"]).await;
    h.select("Cobalt Strike command and control detected").await;
    h.press("\n");
    h.until(&["evidence (4)"]).await;
    h.press("\t");
    h.step().await.unwrap();
    h.select("msupd.dll").await;
    h.press("\n");
    let screen = h.until(&["org, 30 days: 3 machines", "alerts (1)"]).await;
    for fact in [
        "paths seen: C:\\Users\\jdoe\\AppData\\Local\\Temp\\msupd.dll",
        "sha256: 9e4c2a0f",
        "md5: 5f2b7c9e",
    ] {
        assert!(screen.contains(fact), "{fact}:\n{screen}");
    }
}

/// The rclone alert names its process's file by SHA-256 alone; the file's view still lists
/// that alert (#26 item 5): the service relates alerts to the file, whichever hash the
/// evidence carried, and the simulator now does too.
#[tokio::test]
async fn a_file_named_by_sha256_alone_lists_the_alert_that_named_it() {
    let mut h = Harness::start(120, 40).await;
    h.press("adm-mchen\n");
    h.until(&["user adm-mchen", "alerts ("]).await;
    h.select("Possible exfiltration of archived data using rclone")
        .await;
    h.press("\n");
    h.until(&["evidence ("]).await;
    h.press("\t");
    h.step().await.unwrap();
    h.select("rclone.exe").await;
    h.press("\n");
    let screen = h
        .until(&[
            "sha1: 8e2d4a6c0f1b3d5e7a9c2b4d6f8e0a1c3b5d7f92",
            "alerts (1)",
        ])
        .await;
    assert!(screen.contains("Possible exfiltration"), "{screen}");
    assert!(!screen.contains("No alerts name this file"), "{screen}");
}
