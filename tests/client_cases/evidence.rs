//! Files, IP addresses and domains (`mde-api.md` §10): every endpoint, and each of its three
//! kinds of "nothing" kept apart — not found, no data, bad input — and its permission named.

use super::*;
use mdetui::api::{Domain, FileHash, Ip, Sha1};

const BEACON_SHA1: &str = "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f";
const BEACON_SHA256: &str = "9e4c2a0f8d6b4e2c0a8f6d4b2e0c8a6f4d2b0e8c6a4f2d0b8e6c4a2f0d8b6e4c";
const RCLONE_SHA256: &str = "a3f7c1e5b9d3a7f1c5e9b3d7a1f5c9e3b7d1a5f9c3e7b1d5a9f3c7e1b5d9a3f7";
const SEVEN_ZIP_SHA256: &str = "e6c0a4f8d2b6e0c4a8f2d6b0e4c8a2f6d0b4e8c2a6f0d4b8e2c6a0f4d8b2e6c0";
const C2: &str = "185.225.19.40";

fn hash(h: &str) -> FileHash {
    FileHash::parse(h).unwrap()
}

fn hosts(machines: &[mdetui::api::model::Machine]) -> Vec<&str> {
    let mut hosts: Vec<&str> = machines.iter().map(|m| m.host()).collect();
    hosts.sort();
    hosts
}

#[tokio::test]
async fn files_answer_by_either_hash_and_relate_by_sha1() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let beacon = c.file(&hash(BEACON_SHA256)).await.unwrap();
    assert_eq!(beacon.sha1.as_deref(), Some(BEACON_SHA1));
    assert_eq!(
        beacon.determination_value.as_deref(),
        Some("Backdoor:Win64/CobaltStrike.NP!dha")
    );
    assert_eq!(c.file(&hash(BEACON_SHA1)).await.unwrap(), beacon);
    let stats = c.file_stats(&hash(BEACON_SHA1)).await.unwrap();
    assert_eq!(stats.organization_prevalence, Some(3));
    assert!(stats.top_file_names.contains(&"msupd.dll".to_owned()));
    let sha1 = Sha1::parse(BEACON_SHA1).unwrap();
    let alerts = c.file_alerts(&sha1).await.unwrap().items;
    assert!(
        alerts
            .iter()
            .any(|a| a.title.as_deref() == Some("Cobalt Strike command and control detected"))
    );
    let machines = c.file_machines(&sha1).await.unwrap().items;
    assert_eq!(
        hosts(&machines),
        ["wks-fin-019", "wks-fin-042", "wks-it-007"],
        "the beacon on three machines"
    );
    // rclone's evidence carries only a SHA-256: the file lookup gives its SHA-1.
    let rclone = c.file(&hash(RCLONE_SHA256)).await.unwrap();
    let rclone_sha1 = Sha1::parse(rclone.sha1.as_deref().unwrap()).unwrap();
    let on = c.file_machines(&rclone_sha1).await.unwrap().items;
    assert_eq!(hosts(&on), ["srv-fs-01"]);
    // A mail attachment's evidence has its SHA-256 alone; the same file on disk has both.
    let attachment = c
        .file(&hash(
            "8c1f5e2a9b3d7e4f6a0c2b8d1e5f9a3c7b2d6e0f4a8c1b5d9e3f7a2c6b0d4e8f",
        ))
        .await
        .unwrap();
    assert_eq!(
        attachment.sha1.as_deref(),
        Some("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
    );
    // 7-Zip is known by its SHA-256 alone: a file, but no SHA-1 to relate by.
    let seven = c.file(&hash(SEVEN_ZIP_SHA256)).await.unwrap();
    assert_eq!(seven.sha1, None);
}

#[tokio::test]
async fn files_keep_not_found_and_bad_input_apart() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let unknown = hash(&"ab".repeat(20));
    assert!(matches!(
        c.file(&unknown).await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        c.file_stats(&unknown).await,
        Err(ApiError::NotFound { .. })
    ));
    // Related lists of an unknown SHA-1: 200 and empty.
    let sha1 = unknown.sha1().unwrap();
    assert!(c.file_alerts(sha1).await.unwrap().items.is_empty());
    assert!(c.file_machines(sha1).await.unwrap().items.is_empty());
    // An MD5 is refused before any call.
    let before = stats(&sim).await;
    let md5 = c.file(&hash(&"0f".repeat(16))).await.unwrap_err();
    assert!(md5.to_string().contains("not MD5"), "{md5}");
    assert_eq!(stats(&sim).await["calls"], before["calls"], "no call made");
}

#[tokio::test]
async fn addresses_keep_no_data_and_bad_input_apart() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let c2 = Ip::parse(C2).unwrap();
    let alerts = c.ip_alerts(&c2).await.unwrap().items;
    assert!(alerts.len() >= 2, "the download and the beacon");
    let stats_c2 = c.ip_stats(&c2).await.unwrap();
    assert_eq!(
        stats_c2.organization_prevalence,
        Some(4),
        "reached by four machines"
    );
    assert!(stats_c2.org_first_seen.is_some());
    // A valid address nobody used: no data, said as a 0 and an empty list.
    let quiet = Ip::parse("203.0.113.9").unwrap();
    assert_eq!(
        c.ip_stats(&quiet).await.unwrap().organization_prevalence,
        Some(0)
    );
    assert!(c.ip_alerts(&quiet).await.unwrap().items.is_empty());
    // A malformed address cannot be typed into the client; sent raw, the API says 400.
    assert!(Ip::parse("999.1.1.1").is_err());
    let raw = reqwest::Client::new()
        .get(format!("{}/api/ips/999.1.1.1/stats", sim.base_url()))
        .bearer_auth(c.tokens().token().await.unwrap().expose())
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
}

#[tokio::test]
async fn domains_answer_alerts_machines_and_stats() {
    let sim = demo_sim(|_| {}).await;
    let c = client_for(&sim);
    let mega = Domain::of_url("https://g.api.mega.co.nz/cs").unwrap();
    let alerts = c.domain_alerts(&mega).await.unwrap().items;
    assert!(
        alerts
            .iter()
            .any(|a| a.title.as_deref().unwrap_or_default().contains("rclone"))
    );
    let machines = c.domain_machines(&mega).await.unwrap().items;
    assert_eq!(hosts(&machines), ["srv-fs-01"]);
    let stats = c.domain_stats(&mega).await.unwrap();
    assert_eq!(stats.organization_prevalence, Some(1));
    // The parent domain holds its subdomains' alerts.
    let parent = Domain::parse("mega.co.nz").unwrap();
    assert_eq!(
        c.domain_alerts(&parent).await.unwrap().items.len(),
        alerts.len()
    );
    let nowhere = Domain::parse("never-seen.example").unwrap();
    assert!(c.domain_alerts(&nowhere).await.unwrap().items.is_empty());
    assert!(c.domain_machines(&nowhere).await.unwrap().items.is_empty());
    assert_eq!(
        c.domain_stats(&nowhere)
            .await
            .unwrap()
            .organization_prevalence,
        Some(0)
    );
}

#[tokio::test]
async fn a_domain_lists_at_most_500_machines() {
    let mut tenant = generate::scale(ScaleSpec {
        users: 1,
        machines: 620,
        alerts: 1,
        seed: 3,
    });
    let ids: Vec<serde_json::Value> = tenant.machines().iter().map(|m| m["id"].clone()).collect();
    tenant = mdetui::sim::Tenant::from_file(mdetui::sim::tenant::TenantFile {
        tenant_id: tenant.tenant_id.clone(),
        machines: tenant.machines().to_vec(),
        domains: vec![serde_json::json!({"host": "everyone.example", "seenOn": ids})],
        ..Default::default()
    });
    let sim = sim_with(tenant, |c| c.page_size = 10_000).await;
    let c = client_for(&sim);
    let domain = Domain::parse("everyone.example").unwrap();
    assert_eq!(c.domain_machines(&domain).await.unwrap().items.len(), 500);
    assert_eq!(
        c.domain_stats(&domain)
            .await
            .unwrap()
            .organization_prevalence,
        Some(620)
    );
}

#[tokio::test]
async fn machines_by_ip_look_back_30_days_around_a_time() {
    let now = time::OffsetDateTime::now_utc();
    let sim = sim_with(generate::demo_at(now), |_| {}).await;
    let c = client_for(&sim);
    let ip = Ip::parse("10.20.14.42").unwrap();
    let then = now - time::Duration::hours(2);
    let machines = c.machines_by_ip(&ip, then).await.unwrap().items;
    assert_eq!(
        machines.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["3a7f1c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f13"],
        "the live record holds the address; the retired duplicate does not count"
    );
    let old = c
        .machines_by_ip(&ip, now - time::Duration::days(31))
        .await
        .unwrap_err();
    assert!(
        matches!(&old, ApiError::BadRequest { message, .. } if message.contains("30 days")),
        "{old}"
    );
}

#[tokio::test]
async fn each_missing_permission_names_itself() {
    let sim = demo_sim(|c| c.roles = Some(vec!["Alert.Read.All".into()])).await;
    let c = client_for(&sim);
    let needs = |e: ApiError| match e {
        ApiError::Forbidden { permission, .. } => permission,
        other => panic!("expected a 403, got {other}"),
    };
    assert_eq!(
        needs(c.file(&hash(BEACON_SHA1)).await.unwrap_err()),
        "File.Read.All"
    );
    let c2 = Ip::parse(C2).unwrap();
    assert_eq!(needs(c.ip_stats(&c2).await.unwrap_err()), "Ip.Read.All");
    let mega = Domain::parse("g.api.mega.co.nz").unwrap();
    assert_eq!(
        needs(c.domain_stats(&mega).await.unwrap_err()),
        "URL.Read.All"
    );
    assert_eq!(
        needs(c.domain_machines(&mega).await.unwrap_err()),
        "Machine.ReadWrite.All"
    );
    // What the role does allow still answers.
    c.ip_alerts(&c2).await.unwrap();
}
