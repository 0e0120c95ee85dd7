use super::*;

fn now() -> OffsetDateTime {
    OffsetDateTime::parse("2026-12-01T10:00:00Z", &Rfc3339).unwrap()
}

#[test]
fn every_row_is_checked_before_anything_is_sent() {
    let good = "value,type,action,title\n45.137.21.10,ip,block,C2\n";
    let rows = read_import(good, now()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].expires, Some(now() + time::Duration::days(30)));
    assert_eq!(rows[0].description, "C2", "the title when none is given");
    let mut text = String::from("value,type,action,title,expires\n");
    for i in 0..200 {
        text.push_str(&format!("45.137.21.{},ip,block,C2 {i},30d\n", i % 200 + 1));
    }
    assert_eq!(read_import(&text, now()).unwrap().len(), 200);
    // Three bad rows among them: every one named, nothing to send.
    text.push_str("10.0.0.1,ip,block,internal,30d\n");
    text.push_str(&format!("{},certificate,block,cert,30d\n", "ab".repeat(20)));
    text.push_str("45.137.21.9,ip,block,old,2020-01-01T00:00:00Z\n");
    let refused = read_import(&text, now()).unwrap_err();
    let error = refused.problems.join("\n");
    assert!(
        error.contains("row 201: 10.0.0.1 is a private address"),
        "{error}"
    );
    assert!(
        error.contains("row 202: a CertificateThumbprint indicator cannot Block"),
        "{error}"
    );
    assert!(
        error.contains("row 203: the expiry is in the past"),
        "{error}"
    );
    assert_eq!(
        refused.summary,
        "3 of 203 rows cannot be sent: nothing was sent"
    );
    assert!(
        read_import("value,type\n1.2.3.4,ip\n", now()).is_err(),
        "no action column"
    );
    assert!(
        read_import("value,type,action,title\n", now()).is_err(),
        "no rows"
    );
}

#[test]
fn expiries_read_as_spans_times_or_never() {
    assert_eq!(expiry("never", now()), Ok(None));
    assert_eq!(
        expiry("7d", now()),
        Ok(Some(now() + time::Duration::days(7)))
    );
    assert_eq!(
        expiry("2027-01-01T00:00:00Z", now())
            .unwrap()
            .unwrap()
            .year(),
        2027
    );
    assert!(expiry("soon", now()).is_err());
}
