//! One key a scope on a queue: each scope a view of its own, back returns to the one before.

use super::*;
use crate::entity::queue::Scope;

#[test]
fn digits_switch_the_queue_scope() {
    let mut m = Model::new(Session::demo(), Instant::now());
    super::super::prompt::run(&mut m, "queue");
    assert_eq!(m.nav.current.route, Route::Queue(Scope::Open));
    let cmds = key(&mut m, KeyCode::Char('3'));
    assert_eq!(m.nav.current.route, Route::Queue(Scope::High));
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::Engine(Request::Fetch { resource, .. }) if *resource == Resource::alerts(Scope::High.query())
    )));
    assert!(
        key(&mut m, KeyCode::Char('3')).is_empty(),
        "the same scope: nothing"
    );
    key(&mut m, KeyCode::Char('4'));
    assert_eq!(
        m.nav.current.route,
        Route::Queue(Scope::High),
        "no `me`, no move"
    );
    assert!(m.notices.message.as_ref().unwrap().0.contains("me ="));
    key(&mut m, KeyCode::Esc);
    assert_eq!(
        m.nav.current.route,
        Route::Queue(Scope::Open),
        "back to the scope before"
    );

    let mut mine = Model::new(
        Session {
            me: Some("analyst@contoso.com".into()),
            ..Session::demo()
        },
        Instant::now(),
    );
    super::super::prompt::run(&mut mine, "queue");
    key(&mut mine, KeyCode::Char('4'));
    assert_eq!(
        mine.nav.current.route,
        Route::Queue(Scope::Mine("analyst@contoso.com".into()))
    );
    // Elsewhere digits are nothing.
    let mut user = Model::new(Session::demo(), Instant::now());
    super::super::prompt::run(&mut user, "user jdoe");
    key(&mut user, KeyCode::Char('2'));
    assert!(matches!(user.nav.current.route, Route::User(_)));
}

#[test]
fn a_digit_bound_to_an_action_keeps_it_on_a_queue() {
    let overrides =
        std::collections::BTreeMap::from([("refresh".to_owned(), vec!["3".to_owned()])]);
    let mut m = Model::new(
        Session {
            keymap: crate::app::keymap::Keymap::with_overrides(&overrides).unwrap(),
            ..Session::demo()
        },
        Instant::now(),
    );
    super::super::prompt::run(&mut m, "queue");
    let cmds = key(&mut m, KeyCode::Char('3'));
    assert_eq!(
        m.nav.current.route,
        Route::Queue(Scope::Open),
        "no scope change"
    );
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Engine(Request::Fetch { refresh: true, .. }))),
        "3 refreshes, as bound: {cmds:?}"
    );
    // The digits nobody bound still switch.
    key(&mut m, KeyCode::Char('2'));
    assert_eq!(m.nav.current.route, Route::Queue(Scope::New));
}
