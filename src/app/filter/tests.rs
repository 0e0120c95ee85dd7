//! Tests of the `/` filter.

use super::*;
use crate::api::model::{Alert, Machine, User};

fn parse<T: crate::entity::Kind>(text: &str) -> Result<Filter, FilterError> {
    Filter::parse(text, &std::sync::Arc::<[T]>::from(Vec::new()))
}

fn alert(json: serde_json::Value) -> Alert {
    serde_json::from_value(json).unwrap()
}

fn sample() -> Vec<Alert> {
    vec![
        alert(
            serde_json::json!({"id": "a1", "severity": "High", "status": "New",
            "title": "Suspicious access to LSASS service", "computerDnsName": "wks-fin-042.corp",
            "mitreTechniques": ["T1003.001"], "category": "CredentialAccess",
            "alertCreationTime": "2026-11-19T09:48:12.3Z",
            "relatedUser": {"userName": "jdoe"}}),
        ),
        alert(
            serde_json::json!({"id": "a2", "severity": "Low", "status": "Resolved",
            "title": "EICAR test file detected", "computerDnsName": "srv-fs-01.corp",
            "mitreTechniques": ["T1059.001", "T1105"], "category": "Malware"}),
        ),
        alert(
            serde_json::json!({"id": "a3", "severity": "Medium", "status": "InProgress",
            "title": "PowerShell download", "computerDnsName": "wks-hr-101.corp",
            "mitreTechniques": ["T1059.001"]}),
        ),
    ]
}

fn ids(filter: &str) -> Vec<String> {
    let f = parse::<Alert>(filter).unwrap();
    sample()
        .into_iter()
        .filter(|a| f.matches(a))
        .map(|a| a.id)
        .collect()
}

#[test]
fn text_fields_globs_and_negation() {
    assert_eq!(ids(""), ["a1", "a2", "a3"]);
    assert_eq!(ids("lsass"), ["a1"]);
    assert_eq!(ids("LSASS"), ["a1"]);
    assert_eq!(ids("sev:high"), ["a1"]);
    assert_eq!(ids("status:new"), ["a1"]);
    assert_eq!(ids("!resolved"), ["a1", "a3"]);
    assert_eq!(ids("machine:wks-*"), ["a1", "a3"]);
    assert_eq!(ids("machine:*.corp"), ["a1", "a2", "a3"]);
    assert_eq!(ids("machine:wks-*-042*"), ["a1"]);
    assert_eq!(ids("machine:wks"), ["a1", "a3"], "no star: contains");
    assert_eq!(ids("machine:fin"), ["a1"]);
    assert_eq!(
        ids("machine:fin*"),
        Vec::<String>::new(),
        "a glob is anchored"
    );
    assert_eq!(ids("tech:T1059"), ["a2", "a3"]);
    assert_eq!(ids("tech:T1059 !sev:low"), ["a3"]);
    assert_eq!(ids("user:jdoe"), ["a1"]);
    assert_eq!(ids("cat:malware status:resolved"), ["a2"]);
    // Times are searched when the text could be one.
    assert_eq!(ids("2026-11-19"), ["a1"]);
    assert_eq!(ids("09:48"), ["a1"]);
    assert_eq!(ids("!2026-11-19*"), ["a2", "a3"]);
}

#[test]
fn quotes_lists_and_ranges() {
    assert_eq!(ids("title:\"LSASS service\""), ["a1"]);
    assert_eq!(ids("\"EICAR test\""), ["a2"]);
    assert_eq!(ids("sev:high,medium"), ["a1", "a3"]);
    assert_eq!(ids("!sev:high,medium"), ["a2"]);
    assert_eq!(ids("sev:>=medium"), ["a1", "a3"]);
    assert_eq!(ids("sev:<medium"), ["a2"]);
    assert_eq!(ids("status:<=inprogress"), ["a1", "a3"]);
    assert_eq!(ids("created:>=2026-11-19"), ["a1"]);
    assert_eq!(ids("created:<2026-11-19 09:48"), Vec::<String>::new());
    let err = parse::<Alert>("title:>x").unwrap_err().to_string();
    assert!(err.contains("no order"), "{err}");
    assert!(parse::<Alert>("sev:>=bogus").is_err());
    let machines: Vec<Machine> = serde_json::from_value(serde_json::json!([
        {"id": "m1", "riskScore": "High"}, {"id": "m2", "riskScore": "Low"}
    ]))
    .unwrap();
    let f = parse::<Machine>("risk:>medium").unwrap();
    let hits: Vec<&str> = machines
        .iter()
        .filter(|m| f.matches(*m))
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(hits, ["m1"]);
}

#[test]
fn the_text_index_agrees_with_the_columns() {
    for filter in [
        "lsass",
        "POWERSHELL",
        "!resolved",
        "09:48 sev:high",
        "wks !fin",
        "machine:wks-* lsass",
        "lsass,eicar",
        "\"test file\" !sev:>=high",
    ] {
        let f = parse::<Alert>(filter).unwrap();
        for a in sample() {
            let mut text = String::new();
            a.search_text(&mut text);
            assert_eq!(
                f.matches(&a),
                f.matches_indexed(&a, &text),
                "{filter} on {}",
                a.id
            );
        }
    }
    assert!(parse::<Alert>("lsass").unwrap().wants_index());
    assert!(!parse::<Alert>("sev:high wks-*").unwrap().wants_index());
}

#[test]
fn unknown_fields_are_named() {
    let err = parse::<Alert>("colour:red").unwrap_err().to_string();
    assert!(err.contains("colour") && err.contains("sev"), "{err}");
    assert!(parse::<Machine>("health:active risk:high os:windows tag:vip ip:10.").is_ok());
    assert!(parse::<Machine>("sev:high").is_err());
    assert!(parse::<User>("admin:yes domain:contoso").is_ok());
}

/// `sev:hihg` matched nothing and said nothing; a value outside a closed list is named.
#[test]
fn unknown_values_of_closed_fields_are_named() {
    let err = parse::<Alert>("sev:hihg").unwrap_err().to_string();
    assert_eq!(
        err,
        "no sev “hihg” (one of: UnSpecified, Informational, Low, Medium, High)"
    );
    let err = parse::<Alert>("!status:new,closed")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("no status “closed”"), "{err}");
    for fine in [
        "sev:high",
        "sev:hi",
        "SEV:Medium,low",
        "status:inprogress",
        "sev:h*",
    ] {
        assert!(parse::<Alert>(fine).is_ok(), "{fine}");
    }
    assert_eq!(ids("sev:hi"), ids("sev:high"), "a part still matches");
    // Open fields take anything, as before.
    assert!(parse::<Alert>("machine:nosuchhost").is_ok());
}

#[test]
fn globs_anchor_where_there_is_no_star() {
    let p = Pattern::parse("wks-*");
    assert!(p.matches("WKS-042") && !p.matches("x-wks-042"));
    let p = Pattern::parse("*042");
    assert!(p.matches("wks-042") && !p.matches("wks-0421"));
    let p = Pattern::parse("a*b*c");
    assert!(p.matches("axxbyyc") && !p.matches("axxbyy") && !p.matches("xaxbc"));
    assert!(Pattern::parse("*").matches("anything"));
}
