use super::bindings::{code, ctrl, plain};
use super::*;

#[test]
fn the_defaults_have_no_conflicts() {
    Keymap::default().check_conflicts().unwrap();
}

#[test]
fn shifted_letters_and_control_keys_resolve() {
    let map = Keymap::default();
    let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(map.action_for(&shifted), Some(Action::Bottom));
    let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(map.action_for(&ctrl_d), Some(Action::PageDown));
    let plain_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
    assert_eq!(
        map.action_for(&plain_d),
        None,
        "no destructive or surprising default"
    );
}

#[test]
fn keys_parse_as_the_config_spells_them() {
    assert_eq!(parse_key("j"), Ok(plain('j')));
    assert_eq!(parse_key("G"), Ok(plain('G')));
    assert_eq!(parse_key("ctrl-d"), Ok(ctrl('d')));
    assert_eq!(parse_key("Ctrl-D"), Ok(ctrl('d')));
    assert_eq!(parse_key("esc"), Ok(code(KeyCode::Esc)));
    assert_eq!(parse_key("pgdn"), Ok(code(KeyCode::PageDown)));
    assert_eq!(parse_key("f5"), Ok(code(KeyCode::F(5))));
    assert_eq!(parse_key("space"), Ok(plain(' ')));
    assert_eq!(parse_key("-"), Ok(plain('-')));
    assert!(parse_key("hyper-x").is_err());
}

#[test]
fn hints_follow_the_keymap() {
    let overrides = BTreeMap::from([("help".to_owned(), vec!["f1".to_owned()])]);
    let map = Keymap::with_overrides(&overrides).unwrap();
    assert_eq!(Keymap::default().hint(Action::Help), "?");
    assert_eq!(map.hint(Action::Help), "F1");
    let unbound = BTreeMap::from([("log".to_owned(), vec![])]);
    assert_eq!(
        Keymap::with_overrides(&unbound).unwrap().hint(Action::Log),
        "(unbound)"
    );
}

#[test]
fn remapping_replaces_an_actions_keys() {
    let overrides = BTreeMap::from([("down".to_owned(), vec!["n".to_owned(), "down".to_owned()])]);
    let map = Keymap::with_overrides(&overrides).unwrap();
    assert_eq!(
        map.action_for(&KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE)),
        Some(Action::Down)
    );
    assert_eq!(
        map.action_for(&KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
        None
    );
    assert!(
        map.help_rows()
            .contains(&("n ↓".to_owned(), "next row".to_owned()))
    );
}

#[test]
fn conflicts_and_unknown_names_are_reported_with_the_keys() {
    let clash = BTreeMap::from([("quit".to_owned(), vec!["j".to_owned()])]);
    let err = Keymap::with_overrides(&clash).unwrap_err().to_string();
    assert!(err.contains("j is bound to both down and quit"), "{err}");
    let unknown = BTreeMap::from([("explode".to_owned(), vec!["x".to_owned()])]);
    assert!(
        Keymap::with_overrides(&unknown)
            .unwrap_err()
            .to_string()
            .contains("no such action")
    );
    let bad = BTreeMap::from([("quit".to_owned(), vec!["hyper-q".to_owned()])]);
    assert!(
        Keymap::with_overrides(&bad)
            .unwrap_err()
            .to_string()
            .contains("hyper-q")
    );
}

#[test]
fn conflicts_are_per_mode() {
    let clash = BTreeMap::from([("triage.next_field".to_owned(), vec!["esc".to_owned()])]);
    let err = Keymap::with_overrides(&clash).unwrap_err().to_string();
    assert!(
        err.contains("Esc is bound to both triage.next_field and triage.cancel"),
        "{err}"
    );
    // `j` means "down" in a view and may mean another thing in the form.
    let apart = BTreeMap::from([("triage.next_field".to_owned(), vec!["ctrl-j".to_owned()])]);
    let map = Keymap::with_overrides(&apart).unwrap();
    let key = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
    assert_eq!(
        map.action_in(KeyMode::Triage, &key),
        Some(Action::FieldNext)
    );
    assert_eq!(map.action_for(&key), None);
    assert!(
        Keymap::with_overrides(&BTreeMap::from([("triage.explode".to_owned(), vec![])])).is_err()
    );
}

/// The README's key tables are the help screen, verbatim.
#[test]
fn readme_keys_match_the_table() {
    let readme = include_str!("../../../README.md");
    let map = Keymap::default();
    for (mode, _) in TABLES {
        let heading = format!("| keys | {} |", mode.title());
        assert!(
            readme.contains(&heading),
            "README lacks the table: {heading}"
        );
        for (keys, description) in map.help_rows_in(*mode) {
            let row = format!("| {} | {} |", keys.replace('|', "\\|"), description);
            assert!(readme.contains(&row), "README lacks the row: {row}");
        }
    }
}
