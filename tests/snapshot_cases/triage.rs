//! Snapshots of the triage form (empty and filled) and of its confirmation.

use super::toolkit::press;
use super::*;

#[test]
fn triage_form_and_confirmation() {
    let mut m = loaded_user();
    m.session.me = Some("analyst@contoso.com".into());
    press(&mut m, " j ");
    press(&mut m, "t");
    snap("triage_form", &m);
    for key in [KeyCode::Right, KeyCode::Right, KeyCode::Right] {
        update(&mut m, Msg::Key(KeyEvent::new(key, KeyModifiers::NONE)));
    }
    press(&mut m, "\t");
    press(&mut m, "me");
    press(&mut m, "\t");
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)),
    );
    press(&mut m, "\t");
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)),
    );
    press(&mut m, "\t");
    press(&mut m, "Credential dump confirmed");
    snap("triage_form_filled", &m);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
    );
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    snap("triage_confirm", &m);
}

/// Enter pressed in the same burst that opened the confirmation is dropped, and it says so.
#[test]
fn a_confirmation_says_which_keys_it_ignored() {
    let mut m = loaded_user();
    press(&mut m, "t");
    for key in [KeyCode::Right, KeyCode::Enter, KeyCode::Enter] {
        update(&mut m, Msg::Key(KeyEvent::new(key, KeyModifiers::NONE)));
    }
    update(&mut m, Msg::Shown);
    let confirm = m.triage.as_ref().unwrap().confirm.as_ref().unwrap();
    assert!(confirm.armed);
    assert_eq!(confirm.ignored, 1);
    snap("triage_confirm_ignored", &m);
}

/// Help opened in the triage form lists the form's keys first.
#[test]
fn help_in_the_triage_form_lists_its_keys() {
    let mut m = loaded_user();
    press(&mut m, "t");
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE)),
    );
    snap("help_triage", &m);
}
