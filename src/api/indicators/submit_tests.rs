//! The rules of §13, each refused with its own message before any call.

use super::*;

fn now() -> OffsetDateTime {
    time::macros::datetime!(2026-12-03 09:00 UTC)
}

fn block(kind: IndicatorType, value: &str) -> NewIndicator {
    NewIndicator {
        value: value.into(),
        kind,
        action: IndicatorAction::Block,
        title: "Cobalt Strike beacon".into(),
        description: "Seen on wks-fin-042.\nBlocked tenant-wide.".into(),
        severity: Some(Severity::High),
        expires: Some(now() + time::Duration::days(30)),
        generate_alert: true,
        recommended_actions: None,
        rbac_group_names: Vec::new(),
    }
}

fn refused(i: NewIndicator) -> String {
    i.check(now()).unwrap_err().0
}

#[test]
fn values_are_what_their_type_says_and_are_normalised() {
    let sha1 = block(
        IndicatorType::FileSha1,
        " 6A1F3E5D7C9B2A4F6E8D0C1B3A5F7E9D2C4B6A8F ",
    );
    assert_eq!(
        sha1.check(now()).unwrap().value,
        "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f"
    );
    let v6 = block(IndicatorType::IpAddress, "2a01:4f8::1");
    assert_eq!(
        v6.check(now()).unwrap().value,
        "2a01:04f8:0000:0000:0000:0000:0000:0001",
        "the API takes the full form"
    );
    assert!(
        refused(block(
            IndicatorType::FileSha256,
            "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f"
        ))
        .contains("not a SHA-256")
    );
    assert!(refused(block(IndicatorType::FileMd5, "zz")).contains("not an MD5"));
    assert!(refused(block(IndicatorType::DomainName, "bad domain")).contains("not a domain"));
    assert!(refused(block(IndicatorType::Url, "ftp://x.example/a")).contains("http or https"));
    assert!(refused(block(IndicatorType::IpAddress, "185.225.19.0/24")).contains("no CIDR"));
    assert!(refused(block(IndicatorType::IpAddress, "999.1.1.1")).contains("not an IP address"));
}

#[test]
fn internal_addresses_are_refused() {
    for (ip, why) in [
        ("10.20.14.42", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("169.254.0.9", "link-local"),
        ("100.64.1.1", "carrier-grade"),
        ("224.0.0.1", "multicast"),
        ("fd00::1", "unique local"),
        ("fe80::1", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("2001:db8::1", "documentation"),
    ] {
        let message = refused(block(IndicatorType::IpAddress, ip));
        assert!(
            message.contains(why) && message.contains("external"),
            "{ip}: {message}"
        );
    }
    assert!(
        block(IndicatorType::IpAddress, "185.225.19.40")
            .check(now())
            .is_ok()
    );
}

#[test]
fn each_type_takes_only_its_actions() {
    let mut cert = block(
        IndicatorType::CertificateThumbprint,
        "a3f1b4c7d9e2f5a8b1c4d7e0f3a6b9c2d5e8f1a4",
    );
    assert!(refused(cert.clone()).contains("its actions are Allowed, BlockAndRemediate"));
    cert.action = IndicatorAction::BlockAndRemediate;
    assert_eq!(
        cert.check(now()).unwrap().value,
        "A3F1B4C7D9E2F5A8B1C4D7E0F3A6B9C2D5E8F1A4"
    );
    let mut domain = block(IndicatorType::DomainName, "g.api.mega.co.nz");
    domain.action = IndicatorAction::BlockAndRemediate;
    assert!(refused(domain).contains("cannot BlockAndRemediate"));
    for kind in IndicatorType::ALL {
        assert!(
            kind.actions().contains(&IndicatorAction::Allowed),
            "{kind:?}"
        );
    }
}

#[test]
fn audit_raises_alerts_expiry_is_ahead_and_text_is_printable() {
    let mut audit = block(IndicatorType::DomainName, "g.api.mega.co.nz");
    audit.action = IndicatorAction::Audit;
    audit.generate_alert = false;
    assert!(refused(audit).contains("must raise alerts"));
    let mut past = block(IndicatorType::DomainName, "g.api.mega.co.nz");
    past.expires = Some(now() - time::Duration::minutes(1));
    assert_eq!(refused(past), "the expiry is in the past");
    let mut never = block(IndicatorType::DomainName, "g.api.mega.co.nz");
    never.expires = None;
    assert!(never.check(now()).is_ok());
    let mut untitled = block(IndicatorType::DomainName, "g.api.mega.co.nz");
    untitled.title = "  ".into();
    assert_eq!(refused(untitled), "the title is required");
    let mut hostile = block(IndicatorType::DomainName, "g.api.mega.co.nz");
    hostile.title = "beacon\u{1b}[2J".into();
    assert!(refused(hostile).contains("control characters"));
    let mut odd = block(IndicatorType::DomainName, "g.api.mega.co.nz");
    odd.severity = Some(Severity::Other("Critical".into()));
    assert!(refused(odd).contains("not a severity"));
}

#[test]
fn types_and_actions_read_as_typed() {
    assert_eq!(
        IndicatorType::named("SHA-256"),
        Ok(IndicatorType::FileSha256)
    );
    assert_eq!(IndicatorType::named("ip"), Ok(IndicatorType::IpAddress));
    assert!(IndicatorType::named("hash").is_err());
    assert_eq!(
        IndicatorAction::named("allow"),
        Ok(IndicatorAction::Allowed)
    );
    assert_eq!(
        IndicatorAction::named("Block and remediate"),
        Ok(IndicatorAction::BlockAndRemediate)
    );
    assert!(IndicatorAction::BlockAndRemediate.blocks());
    assert!(!IndicatorAction::Warn.blocks());
}

#[test]
fn the_body_is_the_apis_field_names() {
    let mut i = block(IndicatorType::IpAddress, "185.225.19.40")
        .check(now())
        .unwrap();
    i.rbac_group_names = vec!["Finance workstations".into()];
    let body = serde_json::to_value(&i).unwrap();
    assert_eq!(body["indicatorValue"], "185.225.19.40");
    assert_eq!(body["indicatorType"], "IpAddress");
    assert_eq!(body["action"], "Block");
    assert_eq!(body["severity"], "High");
    assert_eq!(body["generateAlert"], true);
    assert_eq!(body["expirationTime"], "2027-01-02T09:00:00Z");
    assert_eq!(body["rbacGroupNames"][0], "Finance workstations");
    assert!(body.get("recommendedActions").is_none());
}
