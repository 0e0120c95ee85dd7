//! Package downloads through the engine (`Request::Download`): the link asked once under its
//! own allowance and never handed out in an event; two saves of one package share that call;
//! a collection not yet succeeded fails with a reason and leaves nothing.

use super::*;
use mdetui::api::ResponseAction;
use mdetui::engine::{DownloadState, Payload};

/// Every event until each of `paths` has ended, and how each ended.
async fn until_ended(
    events: &mut UnboundedReceiver<Event>,
    paths: usize,
) -> (Vec<Event>, Vec<DownloadState>) {
    let mut seen = Vec::new();
    let mut ended = Vec::new();
    while ended.len() < paths {
        let event = tokio::time::timeout(Duration::from_secs(20), events.recv())
            .await
            .expect("the download ends")
            .expect("engine alive");
        if let Event::Download(report) = &event
            && matches!(
                report.state,
                DownloadState::Saved { .. } | DownloadState::Failed(_)
            )
        {
            ended.push(report.state.clone());
        }
        seen.push(event);
    }
    (seen, ended)
}

/// A collection on the demo's laptop, sent straight to the simulator: its id.
async fn collect(sim: &mdetui::sim::RunningSim) -> mdetui::api::MachineAction {
    let laptop = MachineId::parse("3a7f1c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f13").unwrap();
    client_for(sim)
        .respond(&laptop, &ResponseAction::Collect, "gather evidence")
        .await
        .unwrap()
}

#[tokio::test]
async fn a_package_is_saved_by_the_engine_and_its_link_never_leaves_it() {
    let sim = demo_sim(|c| c.action_stage = Duration::from_millis(10)).await;
    let action = collect(&sim).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (engine, mut events) = engine_for(&sim, EngineConfig::default());
    let dir = tempfile::tempdir().unwrap();
    let paths = [dir.path().join("one.zip"), dir.path().join("two.zip")];
    for path in &paths {
        engine.send(Request::Download {
            action: action.id.clone(),
            path: path.clone(),
        });
    }
    let (seen, ended) = until_ended(&mut events, 2).await;
    assert!(
        ended
            .iter()
            .all(|s| matches!(s, DownloadState::Saved { .. })),
        "{ended:?}"
    );
    for path in &paths {
        assert!(std::fs::read(path).unwrap().starts_with(b"PK"));
    }
    assert!(
        !seen.iter().any(|e| matches!(
            e,
            Event::Fetched {
                payload: Payload::Link(_),
                ..
            }
        )),
        "the link stayed inside the engine"
    );
    assert!(
        seen.iter()
            .all(|e| !format!("{e:?}").contains("sim-signature")),
        "no event carries the link"
    );
    let stats = stats(&sim).await;
    assert_eq!(
        calls(&stats, "machineactions/{id}/getPackageUri", 200),
        1,
        "one link for both saves"
    );
}

#[tokio::test]
async fn a_collection_not_yet_succeeded_fails_with_a_reason() {
    let sim = demo_sim(|c| c.action_stage = Duration::from_secs(60)).await;
    let action = collect(&sim).await;
    let (engine, mut events) = engine_for(&sim, EngineConfig::default());
    let dir = tempfile::tempdir().unwrap();
    engine.send(Request::Download {
        action: action.id.clone(),
        path: dir.path().join("p.zip"),
    });
    let (_, ended) = until_ended(&mut events, 1).await;
    match &ended[0] {
        DownloadState::Failed(why) => assert!(why.contains("no package yet"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
