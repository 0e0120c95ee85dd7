//! The tenant's custom indicators: listed by `:indicators`, filtered like any list, and each
//! opening what it covers (the domain it blocks, the address), then back as left.

use super::*;

#[tokio::test]
async fn indicators_list_filter_and_open_what_they_cover() {
    let mut h = Harness::start(120, 40).await;
    h.press(":indicators\n");
    let screen = h
        .until(&[
            "indicators (6)",
            "billing-contoso-portal.com",
            "45.137.21.9",
            "never",
        ])
        .await;
    assert!(screen.contains("› indicators all"), "{screen}");
    assert_eq!(h.calls().await, 1, "one list call");

    // Filtered like any list, by the kind's own fields.
    h.press("/action:block\n");
    let screen = h.until(&["3 of 6"]).await;
    assert!(!screen.contains("paste.ee"), "{screen}");

    // Enter opens what the indicator covers: the domain it blocks.
    h.select("billing-contoso-portal.com").await;
    h.press("\n");
    let screen = h
        .until(&[
            "› domain billing-contoso-portal.com",
            "alerts (1)",
            "machines (1)",
        ])
        .await;
    assert!(screen.contains("wks-fin-042"), "{screen}");
    // The view says the indicator covers it, from its domain and URL indicators (asked in
    // the background, once each).
    h.until(&["indicator: Block · High · “Phishing: fake billing portal” · until"])
        .await;
    assert_eq!(
        h.calls().await,
        6,
        "the domain's statistics, alerts, machines; its domain and URL indicators"
    );

    // Back as it was left: the filter kept, nothing asked again.
    h.press("\x1b");
    h.until(&["3 of 6", "/action:block"]).await;
    assert_eq!(h.calls().await, 6);

    // Another scope is another question; an address opens its view.
    h.press(":indicators ips\n");
    let screen = h.until(&["› indicators ips", "indicators (1)"]).await;
    assert!(!screen.contains("billing-contoso"), "{screen}");
    assert_eq!(h.calls().await, 7);
    h.press("\n");
    h.until(&[
        "› ip 45.137.21.9",
        "alerts (0)",
        "indicator: Block · Medium · “Old Qakbot C2”",
    ])
    .await;
    assert_eq!(
        h.calls().await,
        9,
        "the address's statistics and alerts; its indicators were just listed"
    );

    // A scope that is not one is said, and nothing is asked.
    h.press(":indicators beacons\n");
    h.until(&["“beacons” is not a kind of indicator"]).await;
    assert_eq!(h.calls().await, 9);
}
