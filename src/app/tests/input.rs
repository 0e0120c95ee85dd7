//! Input that must not act as more than it is: pastes, hostile text on its way to the
//! clipboard, and a silent server's retries.

use super::*;

#[test]
fn a_paste_is_text_never_keys() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let cmds = update(&mut m, Msg::Paste("jdoe\ne\n".into()));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(m.input.search.value(), "jdoe e");
    assert_eq!(m.nav.current.route, Route::Search, "nothing opened");
    assert_eq!(m.mode, Mode::Search);
}

#[test]
fn copies_carry_what_the_screen_shows() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let id = AlertId::parse("a1").unwrap();
    crate::app::go::navigate(&mut m, Route::Alert(id.clone()));
    let hostile: Alert = serde_json::from_value(serde_json::json!({
        "id": "a1",
        "computerDnsName": "pwn\u{1b}]0;owned\u{7}\u{1b}[2J--host\u{202e}",
        "title": "t\u{9b}31m"
    }))
    .unwrap();
    deliver(
        &mut m,
        Resource::Alert(id),
        Payload::Alert(Arc::new(hostile)),
    );
    key(&mut m, KeyCode::Char('Y'));
    let cmds = key(&mut m, KeyCode::Char('3'));
    assert_eq!(cmds, vec![Cmd::Copy("pwn--host".into())]);
    key(&mut m, KeyCode::Char('Y'));
    let cmds = key(&mut m, KeyCode::Char('6'));
    let [Cmd::Copy(json)] = &cmds[..] else {
        panic!("{cmds:?}")
    };
    assert!(
        !json
            .chars()
            .any(|c| c != '\n' && crate::sanitize::is_unsafe(c)),
        "{json}"
    );
    let back: Alert = serde_json::from_str(json).unwrap();
    assert!(
        back.computer_dns_name.unwrap().contains('\u{1b}'),
        "the JSON keeps the text"
    );
}

#[test]
fn a_server_that_does_not_answer_is_said_to_while_retrying() {
    let mut m = Model::new(Session::demo(), Instant::now());
    type_text(&mut m, "jdoe");
    key(&mut m, KeyCode::Enter);
    let jdoe = UserName::parse("jdoe").unwrap();
    let at = m.now + std::time::Duration::from_secs(2);
    update(
        &mut m,
        Msg::Engine(Event::Pending {
            resource: Resource::UserAlerts(jdoe),
            state: crate::engine::Pending::Retrying {
                attempt: 1,
                at,
                cause: crate::engine::RetryCause::Timeout,
            },
        }),
    );
    let (message, _) = m.notices.message.clone().unwrap();
    assert!(
        message.contains("not answering") && message.contains("retry 1"),
        "{message}"
    );
    assert_eq!(
        m.notices.log.last().map(|(_, text)| text),
        Some(&message),
        "and it stays in the log"
    );
}
