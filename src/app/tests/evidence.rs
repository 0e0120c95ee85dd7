//! Following evidence, purely: Tab and Enter on an alert's evidence, a process's parent, the
//! choice `u` offers, a SHA-256 settling on its SHA-1, and the search box's two readings.

use super::*;
use crate::api::model::File;
use crate::api::{FileHash, IndicatorScope, Sha1};
use crate::app::model::Overlay;

const BEACON: &str = "6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f";
const BEACON_SHA256: &str = "9e4c2a0f8d6b4e2c0a8f6d4b2e0c8a6f4d2b0e8c6a4f2d0b8e6c4a2f0d8b6e4c";

/// An alert on screen, whole, with `evidence` and `logged_on` users.
fn alert_with(evidence: serde_json::Value, logged_on: serde_json::Value, related: bool) -> Model {
    let mut m = Model::new(Session::demo(), Instant::now());
    let id = AlertId::parse("a1").unwrap();
    super::super::go::navigate(&mut m, Route::Alert(id.clone()));
    let mut a: Alert = serde_json::from_value(serde_json::json!({
        "id": "a1", "alertCreationTime": "2026-11-19T09:21:33Z",
        "evidence": evidence, "loggedOnUsers": logged_on,
    }))
    .unwrap();
    if related {
        a.related_user = Some(RelatedUser {
            user_name: Some("jdoe".into()),
            domain_name: Some("CONTOSO".into()),
        });
    }
    deliver(&mut m, Resource::Alert(id), Payload::Alert(Arc::new(a)));
    m
}

fn fetched(cmds: &[Cmd]) -> Vec<Resource> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Engine(Request::Fetch { resource, .. }) => Some(resource.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn tab_gives_the_evidence_the_keys_and_enter_opens_a_file() {
    let mut m = alert_with(
        serde_json::json!([
            {"entityType": "Ip", "ipAddress": "185.225.19.40"},
            {"entityType": "File", "fileName": "msupd.dll", "sha1": BEACON},
        ]),
        serde_json::json!([]),
        true,
    );
    // The text has the keys at first: j scrolls it.
    key(&mut m, KeyCode::Char('j'));
    assert_eq!(m.nav.current.panes[0].selected, 0);
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Char('j'));
    assert_eq!(m.nav.current.panes[0].selected, 1);
    let cmds = key(&mut m, KeyCode::Enter);
    let beacon = FileHash::Sha1(Sha1::parse(BEACON).unwrap());
    assert_eq!(m.nav.current.route, Route::File(beacon.clone()));
    assert_eq!(
        fetched(&cmds),
        [
            Resource::File(beacon.clone()),
            Resource::FileStats(beacon),
            Resource::FileAlerts(Sha1::parse(BEACON).unwrap()),
            Resource::FileMachines(Sha1::parse(BEACON).unwrap()),
            Resource::Indicators(IndicatorScope::Files),
        ]
    );
    // Back on the alert, the address opens the IP view at the alert's time.
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('k'));
    key(&mut m, KeyCode::Enter);
    let at = time::macros::datetime!(2026-11-19 09:21:33 UTC);
    assert!(
        matches!(&m.nav.current.route, Route::Ip(ip, Some(t)) if ip.to_string() == "185.225.19.40" && *t == at),
        "{:?}",
        m.nav.current.route
    );
}

#[test]
fn an_address_from_an_alert_older_than_30_days_asks_no_machines() {
    let mut m = alert_with(
        serde_json::json!([{"entityType": "Ip", "ipAddress": "10.20.14.42"}]),
        serde_json::json!([]),
        true,
    );
    // The session's clock, 40 days on (the demo session starts the day the alert was raised).
    m.session.started += std::time::Duration::from_secs(40 * 86_400);
    key(&mut m, KeyCode::Tab);
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(matches!(&m.nav.current.route, Route::Ip(_, None)));
    assert!(
        !fetched(&cmds)
            .iter()
            .any(|r| matches!(r, Resource::MachinesByIp(..))),
        "{cmds:?}"
    );
    assert!(
        m.notices
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("older than 30 days")
    );
}

#[test]
fn a_process_offers_its_image_and_its_parent() {
    let mut m = alert_with(
        serde_json::json!([
            {"entityType": "Process", "fileName": "powershell.exe", "processId": 9184,
             "sha1": "04c5d2b4da9a0f3fa8a45702d4256cee42d8c48d", "parentProcessId": 7412},
            {"entityType": "Process", "fileName": "rundll32.exe", "processId": 10236,
             "sha1": "f1d2e3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e", "parentProcessId": 9184},
            {"entityType": "File", "fileName": "d.bin"},
        ]),
        serde_json::json!([]),
        true,
    );
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.overlay, Some(Overlay::Choose));
    let options: Vec<&str> = m
        .choice
        .as_ref()
        .unwrap()
        .options
        .iter()
        .map(|(what, _)| what.as_str())
        .collect();
    assert_eq!(
        options,
        [
            "image file rundll32.exe",
            "parent process powershell.exe (pid 9184)"
        ]
    );
    key(&mut m, KeyCode::Char('2'));
    assert_eq!(m.overlay, None);
    assert_eq!(
        m.nav.current.route,
        Route::File(FileHash::parse("04c5d2b4da9a0f3fa8a45702d4256cee42d8c48d").unwrap())
    );
    // A file with no hash leads nowhere, and says why.
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('j'));
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(fetched(&cmds).is_empty());
    assert!(
        m.notices
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("names nothing")
    );
}

#[test]
fn u_offers_the_users_an_alert_mentions_rather_than_picking_one() {
    let mut m = alert_with(
        serde_json::json!([{"entityType": "User", "accountName": "adm-mchen", "domainName": "CONTOSO"}]),
        serde_json::json!([
            {"accountName": "svc_backup", "domainName": "CONTOSO"},
            {"accountName": "adm-mchen", "domainName": "CONTOSO"},
        ]),
        false,
    );
    let cmds = key(&mut m, KeyCode::Char('u'));
    assert!(fetched(&cmds).is_empty(), "no call: the analyst picks");
    let options: Vec<String> = m
        .choice
        .as_ref()
        .unwrap()
        .options
        .iter()
        .map(|(what, _)| what.clone())
        .collect();
    assert_eq!(
        options,
        [
            "user CONTOSO\\svc_backup (logged on)",
            "user CONTOSO\\adm-mchen (logged on)"
        ]
    );
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter);
    assert_eq!(
        m.nav.current.route,
        Route::User(UserName::parse("adm-mchen").unwrap())
    );
    // One possible user goes at once; the related user, when named, always does.
    for (related, goes_to) in [(false, "svc_backup"), (true, "jdoe")] {
        let mut m = alert_with(
            serde_json::json!([]),
            serde_json::json!([{"accountName": "svc_backup"}]),
            related,
        );
        key(&mut m, KeyCode::Char('u'));
        assert_eq!(
            m.nav.current.route,
            Route::User(UserName::parse(goes_to).unwrap())
        );
    }
}

/// What a file view asks for once its record is held: its statistics, alerts and machines.
/// What a file view asks once its SHA-1 is known and the file is held: its statistics and
/// lists, then (in the background) whether an indicator covers it.
fn the_rest_of(sha1: Sha1) -> [Resource; 4] {
    [
        Resource::FileStats(FileHash::Sha1(sha1.clone())),
        Resource::FileAlerts(sha1.clone()),
        Resource::FileMachines(sha1),
        Resource::Indicators(IndicatorScope::Files),
    ]
}

#[test]
fn a_sha256_settles_on_its_sha1_view() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, BEACON_SHA256);
    let cmds = key(&mut m, KeyCode::Enter);
    let sha256 = FileHash::parse(BEACON_SHA256).unwrap();
    assert_eq!(
        fetched(&cmds),
        [Resource::File(sha256.clone())],
        "the lookup alone"
    );
    let file: File = serde_json::from_value(
        serde_json::json!({"sha1": BEACON, "sha256": BEACON_SHA256, "md5": "5f2b7c9e1d3a4b6c8e0f2a4c6e8b0d2f"}),
    )
    .unwrap();
    let now = m.now;
    let cmds = update(
        &mut m,
        Msg::Engine(Event::Fetched {
            resource: Resource::File(sha256),
            payload: Payload::File(Arc::new(file)),
            fetched_at: now,
            origins: vec![],
        }),
    );
    let sha1 = Sha1::parse(BEACON).unwrap();
    assert_eq!(
        m.nav.current.route,
        Route::File(FileHash::Sha1(sha1.clone()))
    );
    assert_eq!(fetched(&cmds), the_rest_of(sha1), "the file itself is held");
    // Its MD5, typed later, opens the same view: no endpoint takes an MD5.
    key(&mut m, KeyCode::Char('s'));
    type_text(&mut m, "5F2B7C9E1D3A4B6C8E0F2A4C6E8B0D2F");
    key(&mut m, KeyCode::Enter);
    assert!(matches!(&m.nav.current.route, Route::File(FileHash::Sha1(h)) if h.as_str() == BEACON));
    // And so does `:file MD5`; an MD5 nothing held names opens a view that says why, asking
    // nothing.
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, "file 5f2b7c9e1d3a4b6c8e0f2a4c6e8b0d2f");
    key(&mut m, KeyCode::Enter);
    assert!(matches!(&m.nav.current.route, Route::File(FileHash::Sha1(h)) if h.as_str() == BEACON));
    key(&mut m, KeyCode::Char(':'));
    type_text(&mut m, &format!("file {}", "0f".repeat(16)));
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(matches!(
        &m.nav.current.route,
        Route::File(FileHash::Md5(_))
    ));
    assert!(fetched(&cmds).is_empty(), "{cmds:?}");
}

#[test]
fn a_sha256_already_held_settles_at_once() {
    // The file came before the view was opened (a prefetch while the row was resting).
    let mut m = Model::new(Session::demo(), Instant::now());
    let sha256 = FileHash::parse(BEACON_SHA256).unwrap();
    let file: File =
        serde_json::from_value(serde_json::json!({"sha1": BEACON, "sha256": BEACON_SHA256}))
            .unwrap();
    deliver(
        &mut m,
        Resource::File(sha256.clone()),
        Payload::File(Arc::new(file)),
    );
    let cmds = super::super::go::navigate(&mut m, Route::File(sha256));
    let sha1 = Sha1::parse(BEACON).unwrap();
    assert_eq!(
        m.nav.current.route,
        Route::File(FileHash::Sha1(sha1.clone()))
    );
    assert_eq!(fetched(&cmds), the_rest_of(sha1));
}

#[test]
fn an_entry_read_two_ways_offers_both() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, BEACON);
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(fetched(&cmds).is_empty(), "nothing asked before the choice");
    assert_eq!(m.overlay, Some(Overlay::Choose));
    assert_eq!(m.choice.as_ref().unwrap().options.len(), 2);
    // A view that changes under it (a pivot the API answered) closes it: it was about the
    // view left.
    super::super::go::navigate(&mut m, Route::Queue(crate::entity::queue::Scope::Open));
    assert_eq!((m.overlay, m.choice.is_none()), (None, true));
    super::super::go::back(&mut m);
    type_text(&mut m, BEACON);
    key(&mut m, KeyCode::Enter);
    // Esc closes the choice and stays.
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.overlay, None);
    assert_eq!(m.nav.current.route, Route::Search);
    type_text(&mut m, BEACON);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('2'));
    assert!(matches!(&m.nav.current.route, Route::Machine(id) if id.as_str() == BEACON));
    // A malformed entry says what is wrong, and nothing is asked.
    key(&mut m, KeyCode::Char('s'));
    type_text(&mut m, "https:///x");
    let cmds = key(&mut m, KeyCode::Enter);
    assert!(fetched(&cmds).is_empty());
    assert!(m.notices.message.is_some());
}

#[test]
fn evidence_filters_copies_opens_and_exports_through_the_registry() {
    let mut m = alert_with(
        serde_json::json!([
            {"entityType": "File", "fileName": "msupd.dll", "sha1": BEACON, "sha256": BEACON_SHA256},
            {"entityType": "Ip", "ipAddress": "185.225.19.40"},
            {"entityType": "Url", "url": "https://g.api.mega.co.nz/cs"},
        ]),
        serde_json::json!([]),
        true,
    );
    key(&mut m, KeyCode::Tab);
    // The filter's fields are the kind's own.
    key(&mut m, KeyCode::Char('/'));
    type_text(&mut m, "type:ip");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.nav.current.panes[0].rows.len(), 1);
    let copied = key(&mut m, KeyCode::Char('y'));
    assert_eq!(copied, [Cmd::Copy("185.225.19.40".into())]);
    let opened = key(&mut m, KeyCode::Char('o'));
    assert!(
        matches!(&opened[..], [Cmd::Open(url)] if url.ends_with("/ip/185.225.19.40")),
        "{opened:?}"
    );
    // Without the filter: the URL's portal page is its domain's; the file's is its SHA-1's.
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('G'));
    let opened = key(&mut m, KeyCode::Char('o'));
    assert!(
        matches!(&opened[..], [Cmd::Open(url)] if url.ends_with("/url/g.api.mega.co.nz")),
        "{opened:?}"
    );
    key(&mut m, KeyCode::Char('g'));
    let opened = key(&mut m, KeyCode::Char('o'));
    assert!(
        matches!(&opened[..], [Cmd::Open(url)] if url.ends_with(&format!("/file/{BEACON}"))),
        "{opened:?}"
    );
    // Export writes the evidence list, every column, as CSV.
    key(&mut m, KeyCode::Char('e'));
    for _ in 0..80 {
        key(&mut m, KeyCode::Backspace);
    }
    type_text(&mut m, "evidence.csv");
    let cmds = key(&mut m, KeyCode::Enter);
    let Some(Cmd::Export(export)) = cmds.first() else {
        panic!("{cmds:?}");
    };
    assert_eq!(export.rows, 3);
    let content = crate::app::export::whole(&export.content);
    assert!(content.starts_with("TYPE,NAME,DETAIL,STATUS"), "{content}");
}
