use std::time::Duration;

use super::super::shape::{AlertAnswer, StepKind};
use super::super::{Answer, Finished};
use super::*;
use crate::engine::budget::{Budget, Limits};
use crate::engine::writes::audit::{AuditConfig, WriteOrigin};

fn note(text: &str) -> AlertUpdate {
    AlertUpdate {
        comment: Some(text.into()),
        ..AlertUpdate::default()
    }
}

/// The alert with `comments` comments reading "IR-123".
fn alert(comments: usize) -> crate::api::model::Alert {
    let comments: Vec<_> = (0..comments)
        .map(|_| serde_json::json!({"comment": "IR-123"}))
        .collect();
    serde_json::from_value(serde_json::json!({"id": "a1", "comments": comments})).unwrap()
}

/// One write of "IR-123" to a1, which had it once already; its audit log in `dir`.
fn one_write(dir: &std::path::Path) -> Writes {
    let audit = AuditConfig {
        path: dir.join("audit.jsonl"),
        tenant: "t".into(),
        app: "a".into(),
        principal: "p".into(),
        me: None,
        origin: WriteOrigin::Explorer,
    };
    let mut writes = Writes::new(Some(audit), Duration::from_secs(5));
    let target = WriteTarget {
        alert: AlertId::parse("a1").unwrap(),
        before: Some(alert(1)),
    };
    assert!(
        writes
            .start(WriteId(1), vec![target], note("IR-123"), Origin(1), 50)
            .is_none()
    );
    writes
}

/// Feeds `answer` to the first waiting step; the finished outcome, if any.
fn answer(writes: &mut Writes, answer: AlertAnswer) -> Option<WriteOutcome> {
    let step = writes.steps.pop_front().expect("a step waits");
    let mut budget = Budget::new(Limits::default());
    match writes.finish(
        step,
        Answer::Alerts(Box::new(answer)),
        &mut budget,
        Instant::now(),
    )? {
        Finished::Alerts(outcome) => Some(outcome),
        Finished::Change(_) => unreachable!(),
    }
}

fn kind(step: &Step) -> StepKind {
    step.alert_call().kind
}

#[test]
fn after_a_timeout_a_comment_seen_once_more_than_before_is_ok_and_not_resent() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = one_write(dir.path());
    assert!(answer(&mut writes, AlertAnswer::Patched(Err(ApiError::Timeout))).is_none());
    let verify = &writes.steps[0];
    assert_eq!(kind(verify), StepKind::Verify, "read back, not resent");
    assert!(
        verify.not_before.is_some(),
        "after the server had time to finish"
    );
    // Not there yet (still the one from before): read once more, still not resent.
    assert!(answer(&mut writes, AlertAnswer::Verified(Ok(alert(1)))).is_none());
    assert_eq!(kind(&writes.steps[0]), StepKind::Verify);
    let outcome = answer(&mut writes, AlertAnswer::Verified(Ok(alert(2)))).unwrap();
    assert_eq!(outcome.done.len(), 1);
    assert!(writes.steps.is_empty(), "nothing sent again");
}

#[test]
fn a_write_proved_not_applied_is_sent_once_more_and_a_second_doubt_is_uncertain() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = one_write(dir.path());
    let server = || ApiError::Server {
        status: 502,
        message: "bad gateway".into(),
    };
    answer(&mut writes, AlertAnswer::Patched(Err(server())));
    answer(&mut writes, AlertAnswer::Verified(Ok(alert(1))));
    assert_eq!(kind(&writes.steps[0]), StepKind::Patch);
    assert!(writes.steps[0].resent);
    answer(&mut writes, AlertAnswer::Patched(Err(server())));
    // The read-back after the resend cannot be made: uncertain, not failed, not ok.
    let outcome = answer(&mut writes, AlertAnswer::Verified(Err(ApiError::Timeout))).unwrap();
    assert_eq!(outcome.uncertain.len(), 1, "{outcome:?}");
    assert!(outcome.done.is_empty() && outcome.failed.is_empty());
    let log = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert!(
        log.lines()
            .last()
            .unwrap()
            .contains("\"result\":\"uncertain\"")
    );
}

#[test]
fn a_write_of_no_alert_ends_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = one_write(dir.path());
    let empty = writes.start(WriteId(2), Vec::new(), note("x"), Origin(1), 50);
    assert!(
        empty.is_some_and(|o| o.total == 0),
        "not left open for ever"
    );
}

#[test]
fn stopping_settles_what_waits_as_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = one_write(dir.path());
    let finished = writes.stop();
    assert!(matches!(&finished[..],
        [Finished::Alerts(o)] if matches!(&o.failed[..], [(_, ApiError::NotSent(_))])));
    let log = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2, "an intent and its result: {log}");
}
