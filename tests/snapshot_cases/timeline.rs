//! The timeline in the headers of the user, machine, incident and queue views: drawn from the
//! alerts already held, stacked by severity, a bar chosen and kept.

use super::toolkit::press;
use super::*;
use mdetui::entity::incident;
use mdetui::entity::queue::Scope;

fn demo_alerts(keep: impl Fn(&Alert) -> bool) -> Vec<Alert> {
    let tenant = generate::demo();
    let all: Vec<Alert> = decode(tenant.alerts().iter().collect());
    all.into_iter().filter(|a| keep(a)).collect()
}

#[test]
fn a_user_s_alerts_over_time() {
    let mut m = loaded_user();
    assert!(!render(&m, 80, 24).contains('▲'), "off by default");
    press(&mut m, "w");
    assert_eq!(
        m.nav.current.panes[0]
            .timeline
            .as_ref()
            .map(|t| t.total(0) > 0),
        Some(true)
    );
    snap("timeline_user", &m);
    // `>` first chooses the burst; its range and counts are said under it.
    press(&mut m, ">");
    snap("timeline_user_bar_chosen", &m);
    // `W` keeps that bar's alerts, and the timeline shows that range in finer steps.
    let before = m.nav.current.panes[0].rows.len();
    press(&mut m, "W");
    let kept = m.nav.current.panes[0].rows.len();
    assert!(kept > 0 && kept < before, "{kept} of {before}");
    let screen = render(&m, 80, 24);
    assert!(screen.contains("alerts /created:>="), "{screen}");
    // Esc clears it like any filter.
    press(&mut m, "\x1b");
    assert_eq!(m.nav.current.panes[0].rows.len(), before);
}

#[test]
fn a_machine_s_alerts_over_time() {
    let (mut m, _) = loaded_machine();
    press(&mut m, "w");
    snap("timeline_machine", &m);
}

#[test]
fn an_incident_s_alerts_over_time() {
    let mut m = at(Route::Incident(2211));
    deliver(
        &mut m,
        Resource::alerts(incident::alerts_query(2211)),
        Payload::Alerts(Arc::from(demo_alerts(|a| a.incident_id == Some(2211)))),
    );
    press(&mut m, "w");
    snap("timeline_incident", &m);
}

#[test]
fn the_queue_s_alerts_over_time() {
    let session = Session {
        start_queue: Some(Scope::Open),
        timeline: true,
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    let open = demo_alerts(|a| a.status.as_ref().is_none_or(|s| s.as_str() != "Resolved"));
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(open)),
    );
    snap("timeline_queue", &m);
}

/// Stacked by severity: under NO_COLOR each severity has its own shade; in colour, its own
/// colour, high at the bottom.
#[test]
fn bars_are_stacked_by_severity() {
    let mut m = loaded_user();
    press(&mut m, "w");
    m.session.theme = mdetui::app::ThemeName::Mono;
    let mono = render(&m, 160, 48);
    assert!(mono.contains('█') && mono.contains('▓'), "{mono}");
    m.session.theme = mdetui::app::ThemeName::Dark;
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| mdetui::ui::draw(&m, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let colours: std::collections::BTreeSet<String> = buffer
        .content()
        .iter()
        .filter(|c| c.symbol() == "█")
        .map(|c| format!("{:?}", c.fg))
        .collect();
    assert!(
        colours.contains("Red") && colours.contains("Yellow"),
        "{colours:?}"
    );
}
