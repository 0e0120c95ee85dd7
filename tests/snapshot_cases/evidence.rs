//! Snapshots of the evidence pivots: the alert with its evidence list focused, and the file,
//! IP and domain views loading, loaded, empty and failed.

use super::toolkit::press;
use super::*;
use mdetui::api::model::{DomainStats, Evidence, File, FileStats, IpStats};
use mdetui::api::{Domain, FileHash, Ip, Sha1};

const COBALT: &str = "da638671452210987654_-88412907";
const BEACON: &str = "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f";

fn beacon() -> Sha1 {
    Sha1::parse(BEACON).unwrap()
}

fn c2() -> Ip {
    Ip::parse("185.225.19.40").unwrap()
}

fn mega() -> Domain {
    Domain::parse("g.api.mega.co.nz").unwrap()
}

fn json<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// The demo's alerts whose evidence `hit` picks, and the machines a sighting names.
fn alerts_where(hit: impl Fn(&Evidence) -> bool) -> Payload {
    let tenant = generate::demo();
    let alerts: Vec<Alert> = decode(tenant.alerts().iter().collect());
    let picked: Vec<Alert> = alerts
        .into_iter()
        .filter(|a| a.evidence.iter().any(&hit))
        .collect();
    Payload::Alerts(Arc::from(picked))
}

fn machines(ids: &[&str]) -> Payload {
    let tenant = generate::demo();
    let found: Vec<Machine> = decode(ids.iter().map(|id| tenant.machine(id).unwrap()).collect());
    Payload::Machines(Arc::from(found))
}

const FIN042: &str = "3a7f1c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f13";
const FIN019: &str = "9f3d7b1e5a9c3f7d1b5e9a3c7f1d5b9e3a7c1f5d";
const IT007: &str = "7d2b6f0a4e8c2d6b0f4a8e2c6d0b4f8a2e6c0d4b";
const FS01: &str = "c0d4e8f2a6b1c5d9e3f7a2b6c0d4e8f1a5b9c3d7";

fn forbidden(permission: &str) -> ApiError {
    ApiError::Forbidden {
        permission: permission.into(),
        message: "The application does not have any of the required application roles".into(),
    }
}

#[test]
fn alert_with_its_evidence_focused() {
    let tenant = generate::demo();
    let id = AlertId::parse(COBALT).unwrap();
    let mut m = at(Route::Alert(id.clone()));
    let alert: Alert = json(tenant.alert(COBALT).unwrap().clone());
    deliver(&mut m, Resource::Alert(id), Payload::Alert(Arc::new(alert)));
    press(&mut m, "\tj");
    snap("alert_evidence_focused", &m);
}

#[test]
fn file_view_states() {
    let route = Route::File(FileHash::Sha1(beacon()));
    snap("file_loading", &at(route.clone()));

    let tenant = generate::demo();
    let record = tenant.sightings().files[0].clone();
    let mut loaded = at(route.clone());
    let hash = FileHash::Sha1(beacon());
    deliver(
        &mut loaded,
        Resource::File(hash.clone()),
        Payload::File(Arc::new(json::<File>(record))),
    );
    let stats: FileStats = json(serde_json::json!({
        "sha1": BEACON, "organizationPrevalence": 3,
        "orgFirstSeen": "2026-11-19T09:19:40Z", "orgLastSeen": "2026-11-19T10:41:03Z",
        "globallyPrevalence": 41, "topFileNames": ["msupd.dll", "wuauhelper.dll"],
    }));
    deliver(
        &mut loaded,
        Resource::FileStats(hash.clone()),
        Payload::FileStats(Arc::new(stats)),
    );
    deliver(
        &mut loaded,
        Resource::FileAlerts(beacon()),
        alerts_where(|e| e.sha1.as_deref() == Some(BEACON)),
    );
    deliver(
        &mut loaded,
        Resource::FileMachines(beacon()),
        machines(&[FIN042, FIN019, IT007]),
    );
    snap("file_loaded", &loaded);
    // At 80×24 the file's hashes and prevalence are read, not cut for blank rows (#26 item 1).
    let small = render(&loaded, 80, 24);
    assert!(
        small.contains("sha256: ") && small.contains("md5: ") && small.contains("prevalence"),
        "{small}"
    );
    // Y on a file view offers the file's own hashes beside the selected row's (#26 item 6):
    // e copies its SHA-256 while an alert row is selected.
    let mut menu = loaded;
    super::toolkit::press(&mut menu, "Y");
    let cmds = update(
        &mut menu,
        Msg::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE)),
    );
    let sha256 = match &cmds[..] {
        [mdetui::app::Cmd::Copy(text)] => text.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(sha256.len(), 64, "{sha256}");

    let quiet = Sha1::parse(&"ab".repeat(20)).unwrap();
    let quiet_hash = FileHash::Sha1(quiet.clone());
    let mut empty = at(Route::File(quiet_hash.clone()));
    let file: File = json(serde_json::json!({"sha1": quiet.as_str(), "fileType": "Script"}));
    deliver(
        &mut empty,
        Resource::File(quiet_hash.clone()),
        Payload::File(Arc::new(file)),
    );
    let stats: FileStats =
        json(serde_json::json!({"sha1": quiet.as_str(), "organizationPrevalence": 0}));
    deliver(
        &mut empty,
        Resource::FileStats(quiet_hash),
        Payload::FileStats(Arc::new(stats)),
    );
    deliver(
        &mut empty,
        Resource::FileAlerts(quiet.clone()),
        Payload::Alerts(Arc::from(Vec::new())),
    );
    deliver(
        &mut empty,
        Resource::FileMachines(quiet),
        Payload::Machines(Arc::from(Vec::new())),
    );
    snap("file_empty", &empty);

    let mut error = at(route);
    fail(
        &mut error,
        Resource::File(hash.clone()),
        ApiError::NotFound {
            message: format!("File {BEACON} was not found"),
        },
    );
    fail(
        &mut error,
        Resource::FileStats(hash),
        forbidden("File.Read.All"),
    );
    fail(
        &mut error,
        Resource::FileAlerts(beacon()),
        forbidden("Alert.Read.All"),
    );
    fail(
        &mut error,
        Resource::FileMachines(beacon()),
        forbidden("Machine.Read.All"),
    );
    snap("file_error", &error);

    // Known by its SHA-256 alone: the facts, and why there is nothing related.
    let seven = FileHash::parse(&"e6c0".repeat(16)).unwrap();
    let mut no_sha1 = at(Route::File(seven.clone()));
    let file: File =
        json(serde_json::json!({"sha256": seven.as_str(), "fileType": "PortableExecutable"}));
    deliver(
        &mut no_sha1,
        Resource::File(seven),
        Payload::File(Arc::new(file)),
    );
    snap("file_without_sha1", &no_sha1);
}

#[test]
fn ip_view_states() {
    let at_alert = time::macros::datetime!(2026-11-19 09:21:33 UTC);
    let route = Route::Ip(c2(), Some(at_alert));
    snap("ip_loading", &at(route.clone()));

    let mut loaded = at(route.clone());
    let stats: IpStats = json(serde_json::json!({
        "ipAddress": "185.225.19.40", "organizationPrevalence": 4,
        "orgFirstSeen": "2026-11-19T09:14:09Z", "orgLastSeen": "2026-11-19T11:52:40Z",
    }));
    deliver(
        &mut loaded,
        Resource::IpStats(c2()),
        Payload::IpStats(Arc::new(stats)),
    );
    deliver(
        &mut loaded,
        Resource::IpAlerts(c2()),
        alerts_where(|e| e.ip_address.as_deref() == Some("185.225.19.40")),
    );
    deliver(
        &mut loaded,
        Resource::MachinesByIp(c2(), at_alert),
        Payload::Machines(Arc::from(Vec::new())),
    );
    snap("ip_loaded", &loaded);

    let quiet = Ip::parse("203.0.113.9").unwrap();
    let mut empty = at(Route::Ip(quiet, None));
    let stats: IpStats =
        json(serde_json::json!({"ipAddress": "203.0.113.9", "organizationPrevalence": 0}));
    deliver(
        &mut empty,
        Resource::IpStats(quiet),
        Payload::IpStats(Arc::new(stats)),
    );
    deliver(
        &mut empty,
        Resource::IpAlerts(quiet),
        Payload::Alerts(Arc::from(Vec::new())),
    );
    snap("ip_empty", &empty);

    let mut error = at(route);
    fail(
        &mut error,
        Resource::IpStats(c2()),
        forbidden("Ip.Read.All"),
    );
    fail(
        &mut error,
        Resource::IpAlerts(c2()),
        ApiError::Server {
            status: 503,
            message: "Service Unavailable".into(),
        },
    );
    fail(
        &mut error,
        Resource::MachinesByIp(c2(), at_alert),
        ApiError::BadRequest {
            code: "InvalidInput".into(),
            message: "The timestamp is older than 30 days".into(),
        },
    );
    snap("ip_error", &error);
}

#[test]
fn domain_view_states() {
    let route = Route::Domain(mega());
    snap("domain_loading", &at(route.clone()));

    let mut loaded = at(route.clone());
    let stats: DomainStats = json(serde_json::json!({
        "host": "g.api.mega.co.nz", "organizationPrevalence": 1,
        "orgFirstSeen": "2026-11-19T11:38:44Z", "orgLastSeen": "2026-11-19T11:46:02Z",
    }));
    deliver(
        &mut loaded,
        Resource::DomainStats(mega()),
        Payload::DomainStats(Arc::new(stats)),
    );
    deliver(
        &mut loaded,
        Resource::DomainAlerts(mega()),
        alerts_where(|e| e.url.as_deref().is_some_and(|u| u.contains("mega.co.nz"))),
    );
    deliver(
        &mut loaded,
        Resource::DomainMachines(mega()),
        machines(&[FS01]),
    );
    snap("domain_loaded", &loaded);

    let quiet = Domain::parse("never-seen.example").unwrap();
    let mut empty = at(Route::Domain(quiet.clone()));
    let stats: DomainStats =
        json(serde_json::json!({"host": "never-seen.example", "organizationPrevalence": 0}));
    deliver(
        &mut empty,
        Resource::DomainStats(quiet.clone()),
        Payload::DomainStats(Arc::new(stats)),
    );
    deliver(
        &mut empty,
        Resource::DomainAlerts(quiet.clone()),
        Payload::Alerts(Arc::from(Vec::new())),
    );
    deliver(
        &mut empty,
        Resource::DomainMachines(quiet),
        Payload::Machines(Arc::from(Vec::new())),
    );
    snap("domain_empty", &empty);

    // The API stops at 500 machines: a full list says there may be more.
    let crowd = generate::scale(generate::ScaleSpec {
        users: 1,
        machines: 500,
        alerts: 1,
        seed: 7,
    });
    let everyone: Vec<Machine> = decode(crowd.machines().iter().collect());
    let mut capped = at(route.clone());
    deliver(
        &mut capped,
        Resource::DomainMachines(mega()),
        Payload::Machines(Arc::from(everyone)),
    );
    press(&mut capped, "\t");
    snap("domain_machines_capped", &capped);

    let mut error = at(route);
    fail(
        &mut error,
        Resource::DomainStats(mega()),
        forbidden("URL.Read.All"),
    );
    fail(
        &mut error,
        Resource::DomainAlerts(mega()),
        forbidden("Alert.ReadWrite.All"),
    );
    fail(
        &mut error,
        Resource::DomainMachines(mega()),
        forbidden("Machine.ReadWrite.All"),
    );
    snap("domain_error", &error);
}

/// Attacker-controlled text in a file's record, in evidence rows and in the names a choice
/// offers: drawn inert (no escape reaches the screen; bidi and other format controls dropped).
#[test]
fn hostile_evidence_is_drawn_inert() {
    let hash = FileHash::Sha1(beacon());
    let mut file_view = at(Route::File(hash.clone()));
    let file: File = json(serde_json::json!({
        "sha1": BEACON,
        "signer": "Micro\u{1b}]52;c;ZXZpbA==\u{7}soft\u{1b}[2J",
        "determinationValue": "clean\u{202e}exe.txt",
        "determinationType": "Clean",
        "filePublisher": "line one\nline two\r\u{1b}[31mred",
    }));
    deliver(
        &mut file_view,
        Resource::File(hash),
        Payload::File(Arc::new(file)),
    );
    snap("hostile_file", &file_view);

    let id = AlertId::parse("da1_2").unwrap();
    let mut alert_view = at(Route::Alert(id.clone()));
    let alert: Alert = json(serde_json::json!({
        "id": "da1_2",
        "title": "hostile evidence",
        "evidence": [
            {"entityType": "File", "fileName": "inv\u{202e}fdp.exe", "filePath": "C:\\\u{1b}[8mhidden", "sha1": BEACON},
            {"entityType": "User", "accountName": "adm\u{202e}nimda", "domainName": "EVIL\u{1b}[5m"},
        ],
        "loggedOnUsers": [{"accountName": "svc\u{2066}x", "domainName": "CONTOSO"}],
    }));
    deliver(
        &mut alert_view,
        Resource::Alert(id),
        Payload::Alert(Arc::new(alert)),
    );
    press(&mut alert_view, "u");
    snap("hostile_evidence_choice", &alert_view);
}

/// 40 hex digits are a file's SHA-1 or a machine's device id: the search box offers both.
#[test]
fn search_read_two_ways() {
    let mut m = Model::new(Session::demo(), Instant::now());
    press(&mut m, BEACON);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    snap("search_two_readings", &m);
}
