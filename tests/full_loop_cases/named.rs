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
