//! The queue's paging in the state machine: near the end of a full window the next one is
//! asked (`$skip` what is held), appended without moving the selection; a short one ends it;
//! a filter or a failure asks nothing more.

use super::*;
use crate::engine::Priority;
use crate::entity::queue::{QUEUE_TOP, Scope};

fn numbered(from: usize, n: usize) -> Vec<Alert> {
    (from..from + n)
        .map(|i| {
            // Newest first, as the API sends them.
            let secs = 1_800_000_000 - i as i64 * 60;
            let at = time::OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let at = at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap();
            serde_json::from_value(serde_json::json!({
                "id": format!("a{i:05}"), "alertCreationTime": at, "status": "New"
            }))
            .unwrap()
        })
        .collect()
}

fn windows(cmds: &[Cmd]) -> Vec<crate::api::AlertQuery> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Engine(Request::Fetch {
                resource: Resource::Alerts(q),
                priority: Priority::Interactive,
                ..
            }) => Some((**q).clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_queue_pages_on_as_the_analyst_nears_its_end() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let queue = Resource::alerts(Scope::Open.query());
    super::super::prompt::run(&mut m, "queue");
    deliver(
        &mut m,
        queue.clone(),
        Payload::Alerts(numbered(0, QUEUE_TOP).into()),
    );
    assert!(
        windows(&key(&mut m, KeyCode::Char('j'))).is_empty(),
        "far from the end"
    );

    let asked = windows(&key(&mut m, KeyCode::Char('G')));
    assert_eq!(asked.len(), 1);
    assert_eq!((asked[0].skip, asked[0].top), (QUEUE_TOP, QUEUE_TOP));
    assert!(
        windows(&key(&mut m, KeyCode::Char('k'))).is_empty(),
        "one at a time"
    );
    let last = m.nav.current.pane().selected_id.clone();

    deliver(
        &mut m,
        Resource::alerts(asked[0].clone()),
        Payload::Alerts(numbered(QUEUE_TOP, 20).into()),
    );
    let Some(Payload::Alerts(held)) = m.store.loaded(&queue) else {
        panic!("the queue is held");
    };
    assert_eq!(held.len(), QUEUE_TOP + 20, "appended");
    assert_eq!(
        m.nav.current.pane().selected_id,
        last,
        "the selection stayed"
    );
    assert!(
        windows(&key(&mut m, KeyCode::Char('G'))).is_empty(),
        "a short window was the end"
    );
}

#[test]
fn a_filtered_queue_does_not_page_through_the_tenant() {
    let mut m = Model::new(Session::demo(), Instant::now());
    let queue = Resource::alerts(Scope::Open.query());
    super::super::prompt::run(&mut m, "queue");
    deliver(
        &mut m,
        queue,
        Payload::Alerts(numbered(0, QUEUE_TOP).into()),
    );
    type_text(&mut m, "/a0000");
    key(&mut m, KeyCode::Enter);
    assert!(windows(&key(&mut m, KeyCode::Char('G'))).is_empty());
}
