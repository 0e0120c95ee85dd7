//! A JSON export of hostile text: no raw control, bidi or zero-width character in the file,
//! and the same values to any JSON reader.

use super::*;
use crate::entity::queue::Scope;

#[test]
fn a_json_export_of_hostile_alerts_is_inert_and_lossless() {
    let session = Session {
        prefetch: None,
        start_queue: Some(Scope::Open),
        ..Session::demo()
    };
    let mut m = Model::new(session, Instant::now());
    let title = "pwn \u{9b}31m \u{202e}gnp.exe \u{200b}\u{7f} \u{1b}]0;x\u{7}";
    let alerts: Vec<Alert> =
        vec![serde_json::from_value(serde_json::json!({"id": "a1", "title": title})).unwrap()];
    deliver(
        &mut m,
        Resource::alerts(Scope::Open.query()),
        Payload::Alerts(Arc::from(alerts)),
    );
    key(&mut m, KeyCode::Down);
    let export = crate::app::export::build(&m, "out.json").unwrap();
    let content = crate::app::export::whole(&export.content);
    let raw = content.trim_end();
    assert!(
        !raw.chars()
            .any(|c| crate::sanitize::is_unsafe(c) && c != '\n'),
        "{raw:?}"
    );
    let back: serde_json::Value = serde_json::from_str(raw).unwrap();
    assert_eq!(back[0]["title"], title, "the same value, escaped");
}

/// Quitting while a package is being saved asks once: the second `q` leaves without it.
#[test]
fn quitting_midway_through_a_package_asks_once() {
    let mut m = Model::new(Session::demo(), Instant::now());
    m.downloads.push(crate::app::model::Download {
        action: "a1".into(),
        machine: "wks-fin-042".into(),
        path: None,
        state: crate::engine::DownloadState::Saving {
            saved: 10,
            total: Some(100),
        },
    });
    m.mode = Mode::Normal;
    key(&mut m, KeyCode::Char('q'));
    assert!(!m.quit);
    let said = &m.notices.message.as_ref().unwrap().0;
    assert!(said.contains("still being saved"), "{said}");
    key(&mut m, KeyCode::Char('q'));
    assert!(m.quit);
}

/// A write's key in a read-only session says why it does nothing (#26 item 6).
#[test]
fn a_write_key_in_a_read_only_session_says_so() {
    let mut session = Session {
        read_only: true,
        ..Session::demo()
    };
    session.keymap.remove_writes();
    let mut m = Model::new(session, Instant::now());
    m.mode = Mode::Normal;
    key(&mut m, KeyCode::Char('t'));
    let said = m.notices.message.as_ref().map(|(t, _)| t.as_str());
    assert_eq!(said, Some("read-only: no writes in this session"));
    assert!(m.triage.is_none());
}
