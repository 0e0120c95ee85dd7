//! Snapshots of the alert queue and an incident: loading, loaded, empty.

use super::*;
use mdetui::entity::incident;
use mdetui::entity::queue::Scope;

fn demo_alerts(keep: impl Fn(&Alert) -> bool) -> Vec<Alert> {
    let tenant = generate::demo();
    let all: Vec<Alert> = decode(tenant.alerts().iter().collect());
    all.into_iter().filter(|a| keep(a)).collect()
}

#[test]
fn the_queue() {
    let scope = Scope::Open;
    let mut m = at(Route::Queue(scope.clone()));
    snap("queue_loading", &m);
    let open = demo_alerts(|a| a.status.as_ref().is_none_or(|s| s.as_str() != "Resolved"));
    deliver(
        &mut m,
        Resource::alerts(scope.query()),
        Payload::Alerts(Arc::from(open)),
    );
    snap("queue_loaded", &m);
    // T: times in full, their zone named in the title.
    super::toolkit::press(&mut m, "T");
    let full = render(&m, 80, 24);
    assert!(
        full.contains("CREATED UTC ▼") && full.contains("2026-11-19 11:55:40"),
        "{full}"
    );
    super::toolkit::press(&mut m, "T");
    assert!(render(&m, 80, 24).contains("CREATED ▼"), "and back to ages");
    // In full in the local zone (by config), the title names it.
    m.session.time_offset = Some(time::UtcOffset::from_hms(1, 0, 0).unwrap());
    super::toolkit::press(&mut m, "T");
    let local = render(&m, 160, 48);
    assert!(
        local.contains("CREATED UTC+01:00 ▼") && local.contains("2026-11-19 12:55:40"),
        "{local}"
    );
    super::toolkit::press(&mut m, "T");
    m.session.time_offset = None;
    // z: a row an incident, with its count; Enter opens the incident.
    super::toolkit::press(&mut m, "z");
    snap("queue_grouped", &m);
    super::toolkit::press(&mut m, "\r");
    assert_eq!(m.nav.current.route, Route::Incident(2211));
    super::toolkit::press(&mut m, "\x1b");
    super::toolkit::press(&mut m, "z");
    assert!(
        render(&m, 80, 24).contains("queue (247)"),
        "z again: a row an alert"
    );
    let mut empty = at(Route::Queue(Scope::Unassigned));
    deliver(
        &mut empty,
        Resource::alerts(Scope::Unassigned.query()),
        Payload::Alerts(Arc::from(Vec::new())),
    );
    snap("queue_empty", &empty);
}

#[test]
fn an_incident() {
    let mut m = at(Route::Incident(2211));
    let alerts = demo_alerts(|a| a.incident_id == Some(2211));
    assert!(alerts.len() > 10);
    deliver(
        &mut m,
        Resource::alerts(incident::alerts_query(2211)),
        Payload::Alerts(Arc::from(alerts)),
    );
    snap("incident_loaded", &m);
    // The header's evidence reads to its end where the list leaves rows blank (#26 item 1).
    let screen = render(&m, 80, 30);
    assert_eq!(
        screen.matches("svc_backup").count(),
        2,
        "its users, and the evidence to its end:\n{screen}"
    );
}

#[test]
fn a_session_starts_over_the_queue() {
    let session = Session {
        start_queue: Some(Scope::Open),
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    snap("start_loading", &m);
    let open = demo_alerts(|a| a.status.as_ref().is_none_or(|s| s.as_str() != "Resolved"));
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(open)),
    );
    snap("start_loaded", &m);
    // The queue's scope keys are named where the session starts (#26 item 4).
    assert!(
        render(&m, 80, 24)
            .contains("In the queue: 1 open · 2 new · 3 high · 4 mine · 5 unassigned")
    );
    // ↓ gives the queue the keys: its border says so, and the mode.
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
    );
    snap("start_in_the_queue", &m);
}

#[test]
fn new_rows_are_marked_until_seen() {
    let session = Session {
        live_every: Some(Duration::from_secs(24)),
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    navigate(&mut m, Route::Queue(Scope::Open));
    let open = demo_alerts(|a| a.status.as_ref().is_none_or(|s| s.as_str() != "Resolved"));
    let mut arrival = open[3].clone();
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(open)),
    );
    // The live queue's first question, one period on, and its answer: one new alert.
    let start = m.now;
    update(&mut m, Msg::Tick(start + Duration::from_secs(1)));
    let cmds = update(&mut m, Msg::Tick(start + Duration::from_secs(26)));
    let asked = cmds
        .iter()
        .find_map(|c| match c {
            mdetui::app::Cmd::Engine(mdetui::engine::Request::Fetch { resource, .. }) => {
                Some(resource.clone())
            }
            _ => None,
        })
        .expect("the live queue asked what changed");
    arrival.id = "da638671470000000000_1".into();
    arrival.title = Some("Suspicious scheduled task created".into());
    arrival.alert_creation_time =
        Some(mdetui::api::model::Timestamp::parse("2026-11-19T11:58:00Z"));
    arrival.last_update_time = arrival.alert_creation_time.clone();
    deliver(&mut m, asked, Payload::Alerts(Arc::from(vec![arrival])));
    snap("queue_with_new_rows", &m);
}

#[test]
fn a_hostile_time_is_inert_as_an_age_or_in_any_zone() {
    let hostile: Alert = serde_json::from_value(serde_json::json!({
        "id": "da9_9", "title": "t", "severity": "High",
        "alertCreationTime": "2026\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m \u{202e}exe.fdp"
    }))
    .unwrap();
    let mut m = at(Route::Queue(Scope::Open));
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(vec![hostile])),
    );
    let inert = |screen: &str| {
        !screen.contains('\u{1b}')
            && !screen.contains('\u{9b}')
            && !screen.contains('\u{7}')
            && !screen.contains('\u{202e}')
    };
    assert!(inert(&render(&m, 160, 48)), "as an age");
    super::toolkit::press(&mut m, "T");
    assert!(inert(&render(&m, 160, 48)), "in full, UTC");
    m.session.time_offset = Some(time::UtcOffset::from_hms(1, 0, 0).unwrap());
    assert!(inert(&render(&m, 160, 48)), "in full, another zone");
}

/// The queue's rows at 80 columns (#26 item 4): severity in six cells so the title has the
/// room; the user column says only who an alert names for sure (the service account's alert
/// names nobody, as its view says); grouped rows name their incident; high rows are red, not
/// bold — bold is for what is new.
#[test]
fn queue_rows_say_what_they_know() {
    let mut m = at(Route::Queue(Scope::Open));
    let open = demo_alerts(|a| a.status.as_ref().is_none_or(|s| s.as_str() != "Resolved"));
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(open)),
    );
    let screen = render(&m, 80, 24);
    assert!(screen.contains("│SEV    STATUS"), "{screen}");
    let service = screen
        .lines()
        .find(|l| l.contains("Service account used"))
        .expect("the service account's alert");
    assert!(service.contains(" —  "), "{service}");
    let wide = render(&m, 160, 48);
    assert!(
        wide.contains("INCIDENT ASSIGNED TO") && wide.contains("mlopez@contoso.com"),
        "{wide}"
    );
    super::toolkit::press(&mut m, "z");
    assert!(render(&m, 80, 24).contains("[#2211 · 12] Suspected DCS"));
    super::toolkit::press(&mut m, "z");

    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| mdetui::ui::draw(&m, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let row = (0..24)
        .find(|&y| {
            (0..80)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .contains("Possible exfiltration")
        })
        .expect("a high row on screen");
    let cell = &buffer[(10, row)];
    assert_eq!(cell.fg, ratatui::style::Color::Red, "high is red");
    assert!(
        !cell.modifier.contains(ratatui::style::Modifier::BOLD),
        "but not bold"
    );
}
