//! A hostile server (`common::hostile`) against the client, the engine and the one-shot CLI:
//! redirects, next links that loop or wander, absurd `Retry-After`, error bodies full of
//! escape sequences, and a server that never answers.

mod common;

use std::time::Duration;

use common::hostile::{self, HOSTILE};
use mdetui::api::{ApiError, UserName};
use mdetui::engine::{
    self, EngineConfig, Event, Limits, Origin, Pending, Priority, Request, Resource, RetryCause,
};

fn alerts_of(name: &str) -> Resource {
    Resource::UserAlerts(UserName::parse(name).unwrap())
}

/// Runs one request through an engine with room for hundreds of calls; returns its outcome
/// and every wait it announced.
async fn through_engine(
    server: &hostile::Hostile,
    name: &str,
    timeout: Duration,
) -> (Result<(), ApiError>, Vec<Pending>) {
    let config = EngineConfig {
        limits: Limits {
            per_minute: 10_000,
            per_hour: 100_000,
        },
        max_retries: 1,
        ..EngineConfig::default()
    };
    let (handle, mut events) = engine::spawn(hostile::client(server, timeout), config);
    handle.fetch(alerts_of(name), Priority::Interactive, Origin(1));
    let mut waits = Vec::new();
    loop {
        match events.recv().await.unwrap() {
            Event::Fetched { .. } => return (Ok(()), waits),
            Event::Failed { error, .. } => return (Err(error), waits),
            Event::Pending { state, .. } => waits.push(state),
            Event::Budget(_)
            | Event::Written(_)
            | Event::Changed(_)
            | Event::WriteProgress { .. }
            | Event::Download(_)
            | Event::Permissions(_)
            | Event::Throttled { .. }
            | Event::Page { .. }
            | Event::Arriving { .. }
            | Event::Stopped => {}
        }
    }
}

#[tokio::test]
async fn redirects_are_never_followed() {
    let server = hostile::start().await;
    let client = hostile::client(&server, Duration::from_secs(5));
    for (name, status) in [("redirect-here", 302), ("redirect-away", 307)] {
        let error = client
            .user_alerts(&UserName::parse(name).unwrap())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, ApiError::Redirected { status: s, .. } if *s == status),
            "{error}"
        );
        assert!(error.to_string().contains("never followed"), "{error}");
    }
    assert_eq!(
        server.seen.count("/api/users/victim/alerts"),
        0,
        "the token never went where the redirect pointed"
    );
}

#[tokio::test]
async fn next_links_that_loop_or_wander_are_refused() {
    let server = hostile::start().await;
    for name in ["self-link", "elsewhere"] {
        let (outcome, _) = through_engine(&server, name, Duration::from_secs(5)).await;
        assert!(
            matches!(outcome, Err(ApiError::BadNextLink(_))),
            "{name}: {outcome:?}"
        );
        assert_eq!(
            server.seen.count(&format!("/api/users/{name}/alerts")),
            1,
            "{name}: the bad link was not followed"
        );
    }
}

#[tokio::test]
async fn an_endless_list_stops_after_a_sane_number_of_pages() {
    let server = hostile::start().await;
    let (outcome, _) = through_engine(&server, "endless", Duration::from_secs(5)).await;
    let Err(ApiError::TooManyPages { pages }) = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(pages, 100);
    assert_eq!(server.seen.count("/api/users/endless/alerts"), 100);
}

#[tokio::test(start_paused = true)]
async fn absurd_retry_after_is_capped_and_a_server_that_only_throttles_gives_up() {
    let server = hostile::start().await;
    let start = engine::now();
    let (outcome, waits) = through_engine(&server, "retry-forever", Duration::from_secs(5)).await;
    assert!(
        matches!(outcome, Err(ApiError::Throttled { .. })),
        "{outcome:?}"
    );
    let longest = waits
        .iter()
        .filter_map(|w| match w {
            Pending::WaitingForBudget { until } => Some(until.saturating_duration_since(start)),
            _ => None,
        })
        .max()
        .unwrap();
    assert!(
        longest <= Duration::from_secs(9 * 3600),
        "no single wait past the hour: {longest:?}"
    );

    // Nonsense is a back-off, and the request gives up after a few rounds, not never.
    let start = engine::now();
    let (outcome, _) = through_engine(&server, "retry-negative", Duration::from_secs(5)).await;
    assert!(
        matches!(outcome, Err(ApiError::Throttled { .. })),
        "{outcome:?}"
    );
    assert_eq!(server.seen.count("/api/users/retry-negative/alerts"), 9);
    assert!(engine::now() - start < Duration::from_secs(10 * 60));
}

#[tokio::test(start_paused = true)]
async fn leaving_cancels_a_request_waiting_out_a_throttle() {
    let server = hostile::start().await;
    let (handle, mut events) = engine::spawn(
        hostile::client(&server, Duration::from_secs(5)),
        EngineConfig::default(),
    );
    handle.fetch(alerts_of("retry-forever"), Priority::Interactive, Origin(7));
    loop {
        if let Event::Pending {
            state: Pending::WaitingForBudget { .. },
            ..
        } = events.recv().await.unwrap()
        {
            break;
        }
    }
    handle.send(Request::Cancel { origin: Origin(7) });
    tokio::time::sleep(Duration::from_secs(7200)).await;
    assert_eq!(
        server.seen.count("/api/users/retry-forever/alerts"),
        1,
        "nothing was sent after the analyst left"
    );
}

#[tokio::test]
async fn a_silent_server_is_reported_as_not_answering() {
    let server = hostile::start().await;
    let (outcome, waits) = through_engine(&server, "silent", Duration::from_millis(300)).await;
    assert!(matches!(
        waits.iter().find(|w| matches!(w, Pending::Retrying { .. })),
        Some(Pending::Retrying {
            cause: RetryCause::Timeout,
            ..
        })
    ));
    assert_eq!(outcome, Err(ApiError::Timeout));
}

/// The one-shot CLI prints a server's error message on stderr: cleaned, one line.
#[tokio::test]
async fn hostile_error_messages_reach_stderr_inert() {
    let server = hostile::start().await;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_mdetui"))
        .args([
            "--api-url",
            &server.base(),
            "user",
            "hostile-error",
            "alerts",
        ])
        .env("MDETUI_TOKEN", "hostile-test-token")
        .env("XDG_STATE_HOME", tempfile::tempdir().unwrap().path())
        .env("XDG_CONFIG_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .await
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("owned"), "{stderr:?}");
    assert!(
        stderr.contains("FAKE LOG LINE"),
        "the text is kept: {stderr:?}"
    );
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{85}', '\u{202e}', '\r'] {
        assert!(!stderr.contains(bad), "{bad:?} reached stderr: {stderr:?}");
    }
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
}

/// `--json` keeps the API's bytes for a pipe, and escapes what a terminal would act on.
#[test]
fn json_is_exact_for_a_pipe_and_inert_on_a_terminal() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(hostile::start());
    let args = [
        "--api-url",
        &server.base(),
        "user",
        "hostile-title",
        "alerts",
        "--json",
    ];
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_mdetui"))
        .args(args)
        .env("MDETUI_TOKEN", "hostile-test-token")
        .env("XDG_STATE_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert!(piped.status.success());
    let piped = String::from_utf8(piped.stdout).unwrap();
    let decoded: serde_json::Value = serde_json::from_str(&piped).unwrap();
    assert_eq!(decoded[0]["title"], HOSTILE, "a pipe gets the text exactly");
    assert!(
        piped.contains('\u{9b}') && piped.contains('\u{202e}'),
        "as the API sent it"
    );

    let mut tty =
        common::pty::Session::start_with(&args, &[("MDETUI_TOKEN", "hostile-test-token")]);
    assert!(tty.wait_exit().success());
    let raw = String::from_utf8_lossy(&tty.raw()).into_owned();
    assert!(raw.contains("gnp.exe"), "{raw:?}");
    for bad in ['\u{9b}', '\u{85}', '\u{202e}', '\u{7}'] {
        assert!(!raw.contains(bad), "{bad:?} reached the terminal: {raw:?}");
    }
    assert!(raw.contains("\\u202e"), "shown as an escape: {raw:?}");
}

/// Pages asked at once that fail are asked again with the headroom left then: a step asks
/// exactly as many pages as it took slots of the budget, so the budget counts every call made
/// (a step once kept its four pages when asked again with one slot, and spent three calls
/// the budget never saw).
#[tokio::test(start_paused = true)]
async fn pages_asked_again_after_a_failure_are_all_counted_in_the_budget() {
    let server = hostile::start().await;
    let config = EngineConfig {
        limits: Limits {
            per_minute: 10,
            per_hour: 1_000,
        },
        max_retries: 2,
        ..EngineConfig::default()
    };
    let (handle, mut events) =
        engine::spawn(hostile::client(&server, Duration::from_secs(5)), config);
    handle.fetch(alerts_of("stumbling"), Priority::Interactive, Origin(1));
    let mut counted = 0;
    let rows = loop {
        match events.recv().await.unwrap() {
            Event::Fetched {
                payload: engine::Payload::Alerts(list),
                ..
            } => break list.len(),
            Event::Failed { error, .. } => panic!("{error}"),
            Event::Budget(status) => counted = status.snapshot.total_minute,
            _ => {}
        }
    };
    assert_eq!(rows, 4);
    // The first page; pages 2-5 at once (all failing: 5 of 10 used, no headroom left);
    // then pages 2, 3 and 4 a call each.
    let made = server.seen.count("/api/users/stumbling/alerts");
    assert_eq!(made, 8);
    let budget = loop {
        match tokio::time::timeout(Duration::from_millis(50), events.recv()).await {
            Ok(Some(Event::Budget(status))) => counted = status.snapshot.total_minute,
            Ok(Some(_)) => {}
            _ => break counted,
        }
    };
    assert_eq!(u64::from(budget), made, "every call made is counted");
}
