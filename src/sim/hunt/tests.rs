use super::*;
use crate::sim::generate;

fn run(query: &str) -> Result<Value, lex::KqlError> {
    let tenant = generate::demo_at(time::OffsetDateTime::now_utc());
    execute(query, &tenant, None)
}

fn rows(answer: &Value) -> &Vec<Value> {
    answer["results"].as_array().unwrap()
}

#[test]
fn the_laptops_logons_are_its_three_users() {
    let answer = run(
        "DeviceLogonEvents\n| where Timestamp > ago(7d)\n| where DeviceName startswith \"wks-fin-042\"\n| summarize Logons = count(), Last = max(Timestamp) by AccountName\n| order by Logons desc",
    )
    .unwrap();
    let mut names: Vec<&str> = rows(&answer)
        .iter()
        .map(|r| r["AccountName"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["adm-mchen", "jdoe", "svc_backup"]);
    assert_eq!(answer["schema"][0]["name"], "AccountName");
    assert_eq!(answer["schema"][1]["type"], "Int64");
    assert_eq!(answer["schema"][2]["type"], "DateTime");
}

#[test]
fn the_c2_address_was_reached_by_four_machines() {
    let answer = run(
        "DeviceNetworkEvents | where RemoteIP == '185.225.19.40' | distinct DeviceName | count",
    )
    .unwrap();
    assert_eq!(rows(&answer)[0]["Count"], 4);
}

#[test]
fn joins_tops_and_string_operators() {
    let answer = run(
        "AlertEvidence | where AccountName =~ 'JDOE' and EntityType == \"User\" | distinct AlertId | join kind=inner (AlertInfo | where Severity in ('High', 'Medium')) on AlertId | top 2 by Timestamp desc | project AlertId, Title, ServiceSource",
    )
    .unwrap();
    let found = rows(&answer);
    assert_eq!(found.len(), 2);
    assert!(found[0]["Title"].is_string());
    let has = run("AlertInfo | where Title has 'cobalt' | project Title").unwrap();
    assert_eq!(rows(&has).len(), 1);
    let none = run("AlertInfo | where Title has 'cobal' | count").unwrap();
    assert_eq!(rows(&none)[0]["Count"], 0);
}

#[test]
fn a_parse_error_says_where() {
    let error = run("DeviceInfo\n| where DeviceName == 'x'\n| frobnicate 3").unwrap_err();
    assert_eq!(error.at, Some((3, 3)));
    assert!(
        error.message.contains("'frobnicate' on line [3,3]"),
        "{}",
        error.message
    );
    let error = run("DeviceInfo | where Nope == 1").unwrap_err();
    assert!(error.message.contains("'Nope'"), "{}", error.message);
    let error = run("Secrets | take 1").unwrap_err();
    assert!(error.message.contains("'Secrets'"), "{}", error.message);
    assert!(run("DeviceInfo | where DeviceName == 'unterminated").is_err());
}

#[test]
fn timespans_read_as_graph_writes_them() {
    assert_eq!(days("P7D"), Some(7));
    assert_eq!(days("PT12H"), Some(1));
    assert_eq!(days("P30D/2026-11-19T00:00:00Z"), Some(30));
    assert_eq!(days("2026-11-01T00:00:00Z"), None);
}
