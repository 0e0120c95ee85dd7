//! A list streamed page by page (#27 item 2): each page said as it arrives, the next asked
//! only when the reader takes one (a slow reader holds two pages at most), each page a
//! budgeted call, and nothing kept — a stream is never the cached whole of a list.

use super::*;

async fn five_pages() -> mdetui::sim::RunningSim {
    let spec = ScaleSpec {
        users: 1,
        machines: 1,
        alerts: 500,
        seed: 5,
    };
    sim_with(generate::scale(spec), |c| c.page_size = 100).await
}

fn user1() -> Resource {
    Resource::UserAlerts(UserName::parse("user1").unwrap())
}

/// The next event about pages, skipping the engine's word on budgets and states.
async fn next_page(events: &mut UnboundedReceiver<Event>) -> (usize, bool) {
    loop {
        match events.recv().await.expect("engine alive") {
            Event::Page {
                page: engine::Payload::Alerts(list),
                last,
                ..
            } => return (list.len(), last),
            event @ (Event::Fetched { .. } | Event::Failed { .. }) => panic!("{event:?}"),
            _ => {}
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_stream_waits_for_its_reader_and_keeps_nothing() {
    let sim = five_pages().await;
    let (engine, mut events) = engine_for(&sim, EngineConfig::default());
    engine.send(Request::Stream {
        resource: user1(),
        origin: Origin(1),
    });
    assert_eq!(next_page(&mut events).await, (100, false));
    // The reader has not taken it: no second call, however long it takes.
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(calls(&stats(&sim).await, "users/{id}/alerts", 200), 1);
    let mut pages = 1;
    loop {
        engine.send(Request::More { resource: user1() });
        let (rows, last) = next_page(&mut events).await;
        pages += 1;
        assert_eq!(rows, 100);
        if last {
            break;
        }
    }
    assert_eq!(pages, 5);
    assert_eq!(
        calls(&stats(&sim).await, "users/{id}/alerts", 200),
        5,
        "a call a page"
    );
    // Nothing of it was kept: the whole list asked now is asked of the API.
    engine.fetch(user1(), Priority::Interactive, Origin(2));
    match &answers(&mut events, 1).await[0].0 {
        Event::Fetched {
            payload: engine::Payload::Alerts(list),
            ..
        } => assert_eq!(list.len(), 500),
        other => panic!("{other:?}"),
    }
    assert_eq!(calls(&stats(&sim).await, "users/{id}/alerts", 200), 10);
}

#[tokio::test(start_paused = true)]
async fn a_stream_of_a_list_held_whole_comes_whole_and_a_cancel_stops_it() {
    let sim = five_pages().await;
    let (engine, mut events) = engine_for(&sim, EngineConfig::default());
    engine.fetch(user1(), Priority::Interactive, Origin(1));
    answers(&mut events, 1).await;
    let spent = calls(&stats(&sim).await, "users/{id}/alerts", 200);
    engine.send(Request::Stream {
        resource: user1(),
        origin: Origin(2),
    });
    match &answers(&mut events, 1).await[0].0 {
        Event::Fetched {
            payload: engine::Payload::Alerts(list),
            ..
        } => assert_eq!(list.len(), 500),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        calls(&stats(&sim).await, "users/{id}/alerts", 200),
        spent,
        "from the cache"
    );

    // A reader that goes away (a closed pipe) stops the stream where it stands (another
    // process: its cache is its own).
    let (engine, mut events) = engine_for(&sim, EngineConfig::default());
    engine.send(Request::Stream {
        resource: user1(),
        origin: Origin(3),
    });
    next_page(&mut events).await;
    engine.send(Request::Cancel { origin: Origin(3) });
    engine.send(Request::More { resource: user1() });
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(
        calls(&stats(&sim).await, "users/{id}/alerts", 200),
        spent + 1
    );
}
