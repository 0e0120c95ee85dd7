//! A name that reads two ways (#26 item 9): `adm01` could be a user or a machine. The box asks
//! once, then remembers what it turned out to be — across runs, through the history file — and
//! a machine the tenant does not have is remembered as not a machine.

use super::*;
use crate::app::history::Searched;
use crate::app::model::Overlay;

fn search(m: &mut Model, text: &str) -> Vec<Cmd> {
    type_text(m, text);
    key(m, KeyCode::Enter)
}

/// A new run, with the history the last one left.
fn next_run(history: &[Searched]) -> Model {
    let mut m = Model::new(Session::demo(), Instant::now());
    m.recall.history = history.to_vec();
    m
}

fn opened(m: &Model) -> &'static str {
    m.nav.current.route.kind_and_id().0
}

fn remembered(cmds: &[Cmd], name: &str, kind: Option<&str>) -> bool {
    cmds.contains(&Cmd::RememberSearch(Searched {
        name: name.into(),
        kind: kind.map(str::to_owned),
    }))
}

#[test]
fn a_name_asked_about_once_opens_as_what_it_was_picked() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let cmds = search(&mut m, "adm01");
    assert_eq!(m.overlay, Some(Overlay::Choose), "a word with digits asks");
    assert!(remembered(&cmds, "adm01", None), "{cmds:?}");
    // The first reading is the user: Enter takes it, and that is what adm01 turned out to be.
    let cmds = key(&mut m, KeyCode::Enter);
    assert_eq!(opened(&m), "user");
    assert!(remembered(&cmds, "adm01", Some("user")), "{cmds:?}");

    // Back at the box, the same name (any case) opens the user at once: no question.
    let mut m2 = next_run(&m.recall.history);
    search(&mut m2, "ADM01");
    assert_eq!(m2.overlay, None);
    assert_eq!(opened(&m2), "user");
}

#[test]
fn a_name_picked_as_a_machine_the_tenant_lacks_reads_as_a_user_after() {
    let mut m = Model::new(Session::demo(), Instant::now());
    search(&mut m, "srv01");
    assert_eq!(m.overlay, Some(Overlay::Choose));
    // The machine is the second reading: picked with its digit.
    let cmds = key(&mut m, KeyCode::Char('2'));
    assert_eq!(opened(&m), "machine");
    assert!(remembered(&cmds, "srv01", Some("machine")), "{cmds:?}");
    let Route::Machine(id) = m.nav.current.route.clone() else {
        unreachable!()
    };
    let cmds = update(
        &mut m,
        Msg::Engine(Event::Failed {
            resource: Resource::Machine(id),
            error: crate::api::ApiError::NotFound {
                message: "Machine srv01 was not found".into(),
            },
            origins: vec![],
        }),
    );
    assert!(remembered(&cmds, "srv01", Some("user")), "{cmds:?}");
    let mut m = next_run(&m.recall.history);
    search(&mut m, "srv01");
    assert_eq!(m.overlay, None, "no machine by that name: no question");
    assert_eq!(opened(&m), "user");
}

/// A machine searched in an earlier run opens as that machine — not as a user because it is
/// in the history (the history once counted every searched name as a user), and an address
/// searched before is never offered as a user.
#[test]
fn the_history_file_says_what_each_name_was() {
    let mut m = Model::new(Session::demo(), Instant::now());
    m.recall.history = vec![
        Searched {
            name: "srv01".into(),
            kind: Some("machine".into()),
        },
        "185.225.19.40".into(),
        "fileserver".into(),
    ];
    let users = crate::app::prompt::candidates(&m);
    assert!(!users.of("user").iter().any(|u| u == "185.225.19.40"));
    assert!(users.of("machine").iter().any(|u| u == "srv01"));
    search(&mut m, "srv01");
    assert_eq!(m.overlay, None);
    assert_eq!(opened(&m), "machine");
}
