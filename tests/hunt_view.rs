//! Hunting in the real loop against the simulator: a saved hunt run from the entity on
//! screen, a query typed in the editor, and results whose cells open what their columns name.

mod common;

use std::time::Duration;

use mdetui::app::Session;
use mdetui::term::driver::Driver;

async fn until(d: &mut Driver, texts: &[&str]) -> String {
    match d.until(texts, Duration::from_secs(20)).await {
        Some(screen) => screen,
        None => panic!("never showed {texts:?}:\n{}", d.screen()),
    }
}

async fn driver() -> (mdetui::sim::RunningSim, Driver) {
    let sim = common::sim_with(
        mdetui::sim::generate::demo_at(time::OffsetDateTime::now_utc()),
        |c| c.latency = Duration::from_millis(1_200),
    )
    .await;
    let session = Session {
        prefetch: None,
        hunts: mdetui::config::hunts::starter(),
        ..Session::demo()
    };
    let d = Driver::new(common::client_for(&sim), session, 160, 48);
    (sim, d)
}

#[tokio::test]
async fn a_saved_hunt_runs_from_the_machine_and_its_cells_open_entities() {
    let (_sim, mut d) = driver().await;
    d.press(":machine wks-fin-042\n");
    until(&mut d, &["logged-on users (3)"]).await;
    d.press("H");
    let form = until(
        &mut d,
        &["saved hunts for machine wks-fin-042", "machine-logons"],
    )
    .await;
    assert!(
        !form.contains("user-logons"),
        "only what a machine fills: {form}"
    );
    d.press("\n");
    // While Graph works, the seconds are counted; then the title says how long it took.
    let counting = async {
        while !d.screen().contains("hunting… 1 s") {
            d.step().await.unwrap();
        }
    };
    tokio::time::timeout(Duration::from_secs(10), counting)
        .await
        .expect("the seconds are counted while Graph works");
    let results = until(&mut d, &["results (3) · 1.", "svc_backup", "›AccountName"]).await;
    assert!(
        results.contains("DeviceLogonEvents"),
        "the query in the header: {results}"
    );
    // The column cursor on AccountName: Enter opens the user.
    d.press("\n");
    until(&mut d, &["account: jdoe"]).await;
    d.press("\x1b");
    until(&mut d, &["results (3)"]).await;
    // To a column that opens nothing: said, and the row's first entity instead.
    d.press("lll");
    until(&mut d, &["›Logons"]).await;
    d.press("h");
    until(&mut d, &["›AccountSid"]).await;
}

#[tokio::test]
async fn a_typed_query_runs_and_an_error_points_at_its_line() {
    let (_sim, mut d) = driver().await;
    d.press(":queue open\n");
    until(&mut d, &["queue"]).await;
    d.press("H");
    let form = until(&mut d, &["query (KQL"]).await;
    assert!(
        !form.contains("saved hunts"),
        "a queue fills no saved hunt: {form}"
    );
    d.press("AlertInfo\n| where Title has 'cobalt'\n| project AlertId, Title⑤");
    until(
        &mut d,
        &["results (1)", "Cobalt Strike command and control detected"],
    )
    .await;
    d.press("\n");
    until(
        &mut d,
        &["Cobalt Strike command and control detected", "evidence"],
    )
    .await;
    d.press("\x1b");
    until(&mut d, &["results (1)"]).await;
    // H on results edits their query; a mistake is answered with where it is.
    d.press("H");
    until(&mut d, &["| project AlertId, Title"]).await;
    d.press("\n| frobnicate⑤");
    until(&mut d, &["'frobnicate' on line [4,3]"]).await;
}
