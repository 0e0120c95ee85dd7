//! Decoding tests: the documented shapes and every quirk of `mde-api.md` §7.

use super::*;

const ALERT_LIST_ITEM: &str = r#"{"id": "da638533212345678901_-1204857733", "incidentId": 5127, "investigationId": 4410,
 "assignedTo": "mlopez@fabrikam.com", "severity": "High", "status": "InProgress",
 "classification": null, "determination": null, "investigationState": "Running",
 "detectionSource": "WindowsDefenderAtp", "detectorId": "2c5e8a41-77b0-4f3e-9d1a-6b2f0c9e4d13",
 "category": "CredentialAccess", "threatFamilyName": null, "threatName": null,
 "title": "Suspicious access to LSASS service",
 "description": "A process read LSASS memory.\nThis can indicate credential theft.",
 "alertCreationTime": "2024-05-21T14:05:12.3456789Z", "firstEventTime": "2024-05-21T14:03:58.21Z",
 "lastEventTime": "2024-05-21T14:04:02Z", "lastUpdateTime": "2024-05-21T14:31:40.117Z",
 "resolvedTime": null, "machineId": "9c2d4e6f8a0b1c3d5e7f9a1b2c3d4e5f60718293",
 "computerDnsName": "lt-ops-117.ad.fabrikam.com", "rbacGroupName": "Operations",
 "aadTenantId": "6d1f4a2b-93c8-4e5d-a7b0-1c2d3e4f5a6b", "mitreTechniques": ["T1003.001"],
 "relatedUser": {"userName": "pkumar", "domainName": "FABRIKAM"},
 "loggedOnUsers": [{"accountName": "pkumar", "domainName": "FABRIKAM"}],
 "comments": [{"comment": "Isolating pending review", "createdBy": "mlopez@fabrikam.com",
               "createdTime": "2024-05-21T14:31:40.0981234Z"}],
 "evidence": [], "domains": []}"#;

const EVIDENCE: &str = r#"{"entityType": "Process", "evidenceCreationTime": "2024-05-21T14:05:13.1833333Z",
 "sha1": "3f786850e387550fdab836ed7e6dc881de23001b",
 "sha256": "4e2a9b1c7d3f5e6a8b0c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a",
 "fileName": "rundll32.exe", "filePath": "C:\\Windows\\System32", "processId": 9184,
 "processCommandLine": "rundll32.exe comsvcs.dll, MiniDump 712 C:\\Users\\Public\\d.bin full",
 "processCreationTime": "2024-05-21T14:03:58.0456Z", "parentProcessId": 6620,
 "parentProcessCreationTime": "2024-05-21T13:58:10.77Z", "parentProcessFileName": "cmd.exe",
 "parentProcessFilePath": "C:\\Windows\\System32", "ipAddress": null, "url": null,
 "registryKey": null, "registryHive": null, "registryValueType": null, "registryValue": null,
 "registryValueName": null, "accountName": null, "domainName": null, "userSid": null,
 "aadUserId": null, "userPrincipalName": null, "detectionStatus": "Detected"}"#;

const MACHINE: &str = r#"{"@odata.context": "https://api.security.microsoft.com/api/$metadata#Machines/$entity",
 "id": "9c2d4e6f8a0b1c3d5e7f9a1b2c3d4e5f60718293", "mergedIntoMachineId": null,
 "isPotentialDuplication": false, "isExcluded": false, "exclusionReason": null,
 "computerDnsName": "lt-ops-117.ad.fabrikam.com", "firstSeen": "2023-09-04T08:12:44.5093127Z",
 "lastSeen": "2024-05-21T06:47:19.38Z", "osPlatform": "Windows11", "osVersion": null,
 "osProcessor": "x64", "version": "23H2", "lastIpAddress": "10.44.8.23",
 "lastExternalIpAddress": "198.51.100.77", "agentVersion": "10.8760.22631.3593", "osBuild": 22631,
 "healthStatus": "Active", "deviceValue": "High", "rbacGroupId": 212, "rbacGroupName": "Operations",
 "riskScore": "High", "exposureLevel": "Medium", "isAadJoined": true,
 "aadDeviceId": "c4b2a190-5e7d-4f38-9a61-2d0e8f7c3b45", "machineTags": ["ops", "vip"],
 "defenderAvStatus": "Updated", "onboardingStatus": "Onboarded", "osArchitecture": "64-bit",
 "managedBy": "Intune", "managedByStatus": "Unknown",
 "ipAddresses": [{"ipAddress": "10.44.8.23", "macAddress": "3C52829A1F07",
                  "type": "Wireless80211", "operationalStatus": "Up"}],
 "vmMetadata": null}"#;

const USER_CURRENT: &str = r#"{"@odata.context": "https://api.security.microsoft.com/api/$metadata#Users/$entity",
 "id": "fabrikam\\pkumar", "accountName": "pkumar", "accountDomain": "fabrikam",
 "accountSid": "S-1-5-21-2127521184-1604012920-1887927527-4471",
 "firstSeen": "2023-10-11T07:02:31Z", "lastSeen": "2024-05-21T13:55:09Z",
 "mostPrevalentMachineId": "9c2d4e6f8a0b1c3d5e7f9a1b2c3d4e5f60718293",
 "leastPrevalentMachineId": "1a3c5e7f9b2d4f6a8c0e1b3d5f7a9c2e4f6a8b0d",
 "logonTypes": "Interactive, Network", "logOnMachinesCount": 2,
 "isDomainAdmin": false, "isOnlyNetworkUser": false}"#;

const USER_LEGACY: &str = r#"{"@odata.context": "https://api.securitycenter.microsoft.com/api/$metadata#Users/$entity",
 "id": "pkumar", "firstSeen": "2023-10-11T00:00:00Z", "lastSeen": "2024-05-21T00:00:00Z",
 "mostPrevalentMachineId": null, "leastPrevalentMachineId": null, "logonTypes": "Network",
 "logOnMachinesCount": 4, "isDomainAdmin": false, "isOnlyNetworkUser": null}"#;

#[test]
fn alert_list_item_decodes_every_documented_field() {
    let alert: Alert = serde_json::from_str(ALERT_LIST_ITEM).unwrap();
    assert_eq!(alert.id, "da638533212345678901_-1204857733");
    assert_eq!(alert.incident_id, Some(5127));
    assert_eq!(alert.severity, Some(Severity::High));
    assert_eq!(alert.status, Some(AlertStatus::InProgress));
    assert_eq!(alert.investigation_state, Some(InvestigationState::Running));
    assert_eq!(alert.mitre_techniques.join(","), "T1003.001");
    assert_eq!(
        alert.related_user.as_ref().unwrap().user_name.as_deref(),
        Some("pkumar")
    );
    assert_eq!(alert.logged_on_users.len(), 1);
    assert_eq!(
        alert.comments[0].created_by.as_deref(),
        Some("mlopez@fabrikam.com")
    );
    assert!(alert.evidence.is_empty());
    assert_eq!(alert.host(), Some("lt-ops-117"));
    assert!(alert.description.unwrap().contains('\n'));
}

#[test]
fn evidence_with_every_key_present_and_mostly_null() {
    let ev: Evidence = serde_json::from_str(EVIDENCE).unwrap();
    assert_eq!(ev.entity_type, Some(EntityType::Process));
    assert_eq!(ev.process_id, Some(9184));
    assert_eq!(ev.file_path.as_deref(), Some("C:\\Windows\\System32"));
    assert!(ev.ip_address.is_none());
}

#[test]
fn machine_decodes_numeric_group_and_casing() {
    let m: Machine = serde_json::from_str(MACHINE).unwrap();
    assert_eq!(m.rbac_group_id, Some(212));
    assert_eq!(m.onboarding_status, Some(OnboardingStatus::Onboarded));
    assert_eq!(m.risk_score, Some(RiskLevel::High));
    assert_eq!(m.ip_addresses[0].kind.as_deref(), Some("Wireless80211"));
    assert_eq!(m.machine_tags, vec!["ops", "vip"]);
    assert_eq!(m.host(), "lt-ops-117");
}

#[test]
fn both_user_shapes_decode() {
    let current: User = serde_json::from_str(USER_CURRENT).unwrap();
    assert_eq!(current.account(), "pkumar");
    assert_eq!(current.domain(), Some("fabrikam"));
    let legacy: User = serde_json::from_str(USER_LEGACY).unwrap();
    assert_eq!(legacy.account(), "pkumar");
    assert_eq!(legacy.domain(), None);
    assert_eq!(legacy.is_only_network_user, None);
    // Quirk 9: case differs between logonusers and alerts.
    assert!(current.is_account("PKumar"));
}

#[test]
fn timestamps_with_zero_to_seven_fraction_digits() {
    for raw in [
        "2024-05-21T14:04:02Z",
        "2024-05-21T14:04:02.5Z",
        "2024-05-21T14:04:02.55Z",
        "2024-05-21T14:04:02.117Z",
        "2024-05-21T14:04:02.0456Z",
        "2024-05-21T14:04:02.21000Z",
        "2024-05-21T14:04:02.183333Z",
        "2024-05-21T14:04:02.7220239Z",
    ] {
        let ts = Timestamp::parse(raw);
        assert!(ts.datetime().is_some(), "{raw}");
        assert_eq!(ts.short(), "2024-05-21 14:04:02");
    }
    // Garbage is kept, not fatal.
    let alert: Alert =
        serde_json::from_str(r#"{"id":"x","lastUpdateTime":"yesterday-ish"}"#).unwrap();
    assert_eq!(
        alert.last_update_time,
        Some(Timestamp::Unparsed("yesterday-ish".into()))
    );
}

#[test]
fn unknown_enum_values_are_kept_and_known_ones_ignore_case() {
    let alert: Alert = serde_json::from_str(
        r#"{"id":"x","severity":"Critical","status":"new","determination":"Apt",
            "classification":"truePositive","investigationState":"Brand new state"}"#,
    )
    .unwrap();
    assert_eq!(alert.severity, Some(Severity::Other("Critical".into())));
    assert_eq!(alert.status, Some(AlertStatus::New));
    assert_eq!(alert.determination, Some(Determination::Apt));
    assert_eq!(alert.classification, Some(Classification::TruePositive));
    assert_eq!(
        alert.investigation_state,
        Some(InvestigationState::Other("Brand new state".into()))
    );
    // Unknown values round-trip as sent.
    let json = serde_json::to_value(&alert).unwrap();
    assert_eq!(json["severity"], "Critical");
}

#[test]
fn documented_type_mistakes_are_accepted() {
    // Quirk 10: mitreTechniques as String, rbacGroupId as String.
    let alert: Alert =
        serde_json::from_str(r#"{"id":"x","mitreTechniques":"T1566.001, T1204.002"}"#).unwrap();
    assert_eq!(
        alert.mitre_techniques.iter().collect::<Vec<_>>(),
        ["T1566.001", "T1204.002"]
    );
    let m: Machine = serde_json::from_str(r#"{"id":"m","rbacGroupId":"212"}"#).unwrap();
    assert_eq!(m.rbac_group_id, Some(212));
}

#[test]
fn nulls_where_lists_were_expected() {
    // Quirk 8: often-null fields.
    let alert: Alert = serde_json::from_str(
        r#"{"id":"ar1","investigationId":null,"relatedUser":null,"rbacGroupName":null,
            "evidence":null,"comments":null,"loggedOnUsers":null,"mitreTechniques":null}"#,
    )
    .unwrap();
    assert!(alert.related_user.is_none() && alert.evidence.is_empty());
    let m: Machine = serde_json::from_str(
        r#"{"id":"m","vmMetadata":null,"rbacGroupId":0,"machineTags":null,"ipAddresses":null}"#,
    )
    .unwrap();
    assert_eq!(m.rbac_group_id, Some(0));
}

#[test]
fn envelope_with_and_without_next_link() {
    let page: Collection<Alert> = serde_json::from_str(&format!(
        r#"{{"@odata.context":"https://api.security.microsoft.com/api/$metadata#Alerts",
            "value":[{ALERT_LIST_ITEM}],
            "@odata.nextLink":"https://api.security.microsoft.com/api/alerts?$skip=1"}}"#
    ))
    .unwrap();
    assert_eq!(page.value.len(), 1);
    assert!(page.next_link.is_some());
    let empty: Collection<Machine> = serde_json::from_str(r#"{"value":[]}"#).unwrap();
    assert!(empty.value.is_empty() && empty.next_link.is_none());
}

#[test]
fn error_body_in_documented_and_odd_shapes() {
    let body: ErrorBody = serde_json::from_str(
        r#"{"error": {"code": "ResourceNotFound", "message": "There is no User related to alert ar1", "target": "|a81c33f0-4c2d9e11b7f05e3a."}}"#,
    )
    .unwrap();
    assert_eq!(
        body.error.unwrap().code.as_deref(),
        Some("ResourceNotFound")
    );
    // Quirk 15: code "429".
    let body: ErrorBody = serde_json::from_str(
        r#"{"error":{"code":"429","message":"maximum allowed 1500 per 01:00:00"}}"#,
    )
    .unwrap();
    assert_eq!(body.error.unwrap().code.as_deref(), Some("429"));
    let body: ErrorBody = serde_json::from_str(r#"{"message":"gateway"}"#).unwrap();
    assert!(body.error.is_none());
}
