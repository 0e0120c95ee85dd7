//! The first rows of a long list shown while the rest is on its way: a preview the whole
//! list replaces, never a list shown whole replaced by part of itself, never exported as if
//! it were all.

use super::*;

fn alerts(n: usize) -> Payload {
    let rows: Vec<Alert> = (0..n)
        .map(|i| alert(&format!("da{i}"), "jdoe", "m1", "2026-11-18T10:00:00Z"))
        .collect();
    Payload::Alerts(Arc::from(rows))
}

fn arriving(model: &mut Model, resource: Resource, payload: Payload) {
    update(
        model,
        Msg::Engine(Event::Arriving {
            resource,
            payload,
            origins: vec![],
        }),
    );
}

fn shown(model: &Model) -> usize {
    super::super::panes::rows(model, 0).map_or(0, |r| r.len())
}

#[test]
fn the_first_rows_show_until_the_whole_list_replaces_them() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    let resource = Resource::UserAlerts(UserName::parse("jdoe").unwrap());

    arriving(&mut m, resource.clone(), alerts(100));
    assert_eq!(shown(&m), 100, "rows before the list is whole");
    assert!(m.store.is_preview(&resource));
    assert!(m.loading(), "the spinner goes on");
    // Moving in them works as in any list.
    key(&mut m, KeyCode::Char('j'));
    assert_eq!(m.nav.current.pane().selected, 1);
    // Not exported as if it were all.
    let refused = crate::app::export::build(&m, "part.csv").unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("still arriving (100 rows so far)"),
        "{refused}"
    );

    deliver(&mut m, resource.clone(), alerts(1_050));
    assert_eq!(shown(&m), 1_050);
    assert!(!m.store.is_preview(&resource));
    assert_eq!(m.nav.current.pane().selected, 1, "the selection stays");
    assert!(crate::app::export::build(&m, "all.csv").is_ok());

    // Asked again (r): the whole list stays until the new whole comes.
    arriving(&mut m, resource.clone(), alerts(100));
    assert_eq!(shown(&m), 1_050);
    assert!(!m.store.is_preview(&resource));
}
