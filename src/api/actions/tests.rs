use super::*;

#[test]
fn bodies_are_the_documented_ones() {
    let sha1 = Sha1::parse(&"ab".repeat(20)).unwrap();
    let cases = [
        (
            ResponseAction::Isolate { selective: false },
            json!({"Comment": "c", "IsolationType": "Full"}),
        ),
        (
            ResponseAction::Isolate { selective: true },
            json!({"Comment": "c", "IsolationType": "Selective"}),
        ),
        (
            ResponseAction::Scan { full: true },
            json!({"Comment": "c", "ScanType": "Full"}),
        ),
        (
            ResponseAction::Quarantine(sha1.clone()),
            json!({"Comment": "c", "Sha1": sha1.to_string()}),
        ),
        (ResponseAction::Collect, json!({"Comment": "c"})),
    ];
    for (action, body) in cases {
        assert_eq!(action.body("c"), body, "{action}");
    }
    assert!(check_comment("  ").is_err());
    assert!(check_comment("line one\nline two").is_ok());
    assert!(check_comment("evil \u{1b}[31m").is_err());
    assert!(
        ResponseAction::Isolate { selective: true }
            .unsupported_on("Linux")
            .is_some()
    );
    assert!(
        ResponseAction::Isolate { selective: true }
            .unsupported_on("Windows11")
            .is_none()
    );
    let query = ActionQuery {
        machine: Some(MachineId::parse("abc").unwrap()),
        kind: Some("Isolate"),
        in_flight: true,
    };
    assert_eq!(
        query.filter().unwrap(),
        "machineId eq 'abc' and type eq 'Isolate' and (status eq 'Pending' or status eq 'InProgress')"
    );
}
