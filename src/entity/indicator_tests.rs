//! Tests of `indicator.rs`.

use super::*;

fn indicator(id: &str, kind: &str, value: &str, action: &str) -> Indicator {
    Indicator {
        id: id.into(),
        indicator_type: Some(kind.into()),
        indicator_value: Some(value.into()),
        action: Some(action.into()),
        title: Some(format!("{action} {value}")),
        ..Indicator::default()
    }
}

#[test]
fn coverage_reads_every_form_of_the_value() {
    let list = [
        indicator("1", "DomainName", "contoso-billing.com", "Block"),
        indicator("2", "Url", "https://files.example.net/drop/a.zip", "Warn"),
        indicator(
            "3",
            "IpAddress",
            "2a01:04f8:0000:0000:0000:0000:0000:0001",
            "Block",
        ),
        indicator("4", "FileSha256", &"9e".repeat(32), "Allowed"),
        indicator("5", "DomainName", "pay.contoso-billing.com", "Audit"),
    ];
    let lists = [&list[..]];
    let domain = |d: &str| Route::Domain(Domain::parse(d).unwrap());
    // A domain indicator covers its subdomains; two cover this one.
    let sub = coverage(&domain("pay.contoso-billing.com"), &lists, None).unwrap();
    assert!(
        sub.starts_with("Block · — · “Block contoso-billing.com” · never expires (id 1)"),
        "{sub}"
    );
    assert!(sub.ends_with("(+1 more)"), "{sub}");
    assert_eq!(
        coverage(&domain("notcontoso-billing.com"), &lists, None).as_deref(),
        Some("none"),
        "a suffix that is not a parent domain"
    );
    // A URL indicator covers its host.
    assert!(
        coverage(&domain("files.example.net"), &lists, None)
            .unwrap()
            .contains("(id 2)")
    );
    // An address in another spelling.
    let ip = Route::Ip(Ip::parse("2a01:4f8::1").unwrap(), None);
    assert!(coverage(&ip, &lists, None).unwrap().contains("(id 3)"));
    // A file opened by SHA-1 is covered by its SHA-256 once the file is held.
    let sha1 = "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f";
    let file_route = Route::File(FileHash::parse(sha1).unwrap());
    assert_eq!(coverage(&file_route, &lists, None).as_deref(), Some("none"));
    let held = File {
        sha1: Some(sha1.into()),
        sha256: Some("9E".repeat(32)),
        ..File::default()
    };
    assert!(
        coverage(&file_route, &lists, Some(&held))
            .unwrap()
            .starts_with("Allowed")
    );
    // Before the lists are in, nothing is said.
    assert_eq!(coverage(&file_route, &[], Some(&held)), None);
}
