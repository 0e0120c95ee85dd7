use std::collections::BTreeMap;

use super::*;

#[test]
fn a_hostile_value_is_one_string_literal() {
    let template = Template::parse(
        "// name: logons\n// description: who logged on\nDeviceLogonEvents\n| where DeviceName == {{machine}}\n| take 10",
        "x",
    )
    .unwrap();
    assert_eq!(template.name, "logons");
    assert_eq!(template.description, "who logged on");
    assert_eq!(template.params, ["machine"]);
    let values = BTreeMap::from([(
        "machine".to_owned(),
        "wks\" | project secret //'\nDeviceInfo \\".to_owned(),
    )]);
    let query = template.fill(&values).unwrap();
    assert_eq!(
        query,
        "// name: logons\n// description: who logged on\nDeviceLogonEvents\n| where DeviceName == \"wks\\\" | project secret //'\\nDeviceInfo \\\\\"\n| take 10"
    );
    // The literal ends where it began: the escaped quote and backslash do not close it.
    assert_eq!(query.lines().count(), 5, "no line break added");
}

#[test]
fn a_missing_or_malformed_parameter_is_named() {
    let template = Template::parse("T | where A == {{user}}", "t").unwrap();
    assert_eq!(
        template.fill(&BTreeMap::new()),
        Err(TemplateError::Missing("user".into()))
    );
    assert!(Template::parse("T | where A == {{us er}}", "t").is_err());
    assert_eq!(
        Template::parse("T | where A == {{user", "t"),
        Err(TemplateError::Unclosed)
    );
}

#[test]
fn a_query_is_checked_before_it_is_sent() {
    assert!(HuntQuery::new("  ", None).is_err());
    assert!(HuntQuery::new("DeviceInfo", Some("P7D; drop")).is_err());
    let q = HuntQuery::new(" DeviceInfo | take 1 ", None).unwrap();
    assert_eq!(q.timespan, "P30D");
    assert_eq!(q.query, "DeviceInfo | take 1");
}

#[test]
fn an_answer_keeps_its_columns_order_and_types() {
    let answer: wire::Answer = serde_json::from_value(serde_json::json!({
        "schema": [{"Name": "Timestamp", "Type": "DateTime"}, {"name": "Count", "type": "Int64"}, {"name": "Bag", "type": "Dynamic"}],
        "results": [{"Count": 3, "Timestamp": "2026-11-19T09:00:00Z", "Bag": {"a": 1}}, {"Timestamp": null}]
    }))
    .unwrap();
    let table = answer.into_table();
    assert_eq!(table.columns[0].name, "Timestamp");
    assert!(table.columns[0].time() && table.columns[1].numeric());
    assert_eq!(&*table.rows[0].cells[1], "3");
    assert_eq!(table.rows[0].get("bag"), Some("{\"a\":1}"));
    assert_eq!(&*table.rows[1].cells[0], "");
    let stored = serde_json::to_string(&table).unwrap();
    assert_eq!(
        stored.matches("Timestamp").count(),
        1,
        "columns once: {stored}"
    );
    let back: HuntTable = serde_json::from_str(&stored).unwrap();
    assert_eq!(back, table);
}
