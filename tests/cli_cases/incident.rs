//! An incident's summary as JSON is typed (#26 item 8): numbers as numbers, RFC 3339 times
//! with their zone, users and machines as lists, evidence by kind — not display strings.

use super::mdetui;

#[test]
fn an_incident_summary_as_json_is_typed() {
    let out = mdetui(&["--demo", "incident", "2211", "--json"])
        .output()
        .unwrap();
    let (ok, json) = (out.status.success(), String::from_utf8(out.stdout).unwrap());
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["incidentId"], 2211);
    assert_eq!(json["alerts"], 14);
    assert!(
        json["firstActivity"].as_str().unwrap().ends_with('Z'),
        "{json}"
    );
    assert!(json["users"].as_array().unwrap().len() >= 3, "{json}");
    assert!(
        json["evidence"]["Process"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "rclone.exe"),
        "{json}"
    );
}
