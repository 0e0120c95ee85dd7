use std::time::Duration;

use super::super::{Answer, Finished};
use super::*;
use crate::api::{IndicatorAction, IndicatorType, NewIndicator};
use crate::engine::budget::{Budget, Limits};
use crate::engine::writes::audit;
use crate::engine::writes::audit::{AuditConfig, WriteOrigin};

fn block(value: &str) -> NewIndicator {
    NewIndicator {
        value: value.into(),
        kind: IndicatorType::IpAddress,
        action: IndicatorAction::Block,
        title: "C2".into(),
        description: "beacon's address".into(),
        severity: None,
        expires: None,
        generate_alert: true,
        recommended_actions: None,
        rbac_group_names: Vec::new(),
    }
}

fn writes(dir: &std::path::Path) -> Writes {
    let audit = AuditConfig {
        path: dir.join("audit.jsonl"),
        tenant: "t".into(),
        app: "a".into(),
        principal: "p".into(),
        me: None,
        origin: WriteOrigin::Explorer,
    };
    Writes::new(Some(audit), Duration::from_secs(5))
}

fn submit(writes: &mut Writes, indicator: NewIndicator) -> Option<ChangeOutcome> {
    let change = Change::SubmitIndicator {
        indicator: Box::new(indicator),
        before: None,
    };
    writes.start_change(WriteId(1), change, Origin(1))
}

/// Feeds `answer` to the first waiting step; the finished outcome, if any.
fn answer(writes: &mut Writes, answer: ChangeAnswer) -> Option<ChangeOutcome> {
    let step = writes.steps.pop_front().expect("a step waits");
    let mut budget = Budget::new(Limits::default());
    match writes.finish(step, Answer::Change(answer), &mut budget, Instant::now())? {
        Finished::Change(outcome) => Some(outcome),
        Finished::Alerts(_) => unreachable!(),
    }
}

fn stored(id: &str, value: &str, action: &str) -> Indicator {
    serde_json::from_value(serde_json::json!({
        "id": id, "indicatorValue": value, "indicatorType": "IpAddress",
        "action": action, "title": "C2", "description": "beacon's address"
    }))
    .unwrap()
}

fn audit(dir: &std::path::Path) -> Vec<audit::Record> {
    audit::read(&dir.join("audit.jsonl")).unwrap().0
}

#[test]
fn a_timed_out_submit_is_read_back_twice_then_sent_once_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    assert!(submit(&mut writes, block(" 45.137.21.10 ")).is_none());
    let intent = &audit(dir.path())[0];
    assert_eq!(intent.target, Target::new("indicator", "45.137.21.10"));
    assert_eq!(intent.action, "submit");
    assert_eq!(
        intent.requested.as_ref().unwrap().get("action"),
        Some("Block")
    );
    assert!(answer(&mut writes, ChangeAnswer::Submitted(Err(ApiError::Timeout))).is_none());
    let step = &writes.steps[0];
    assert!(step.change_call().verify && step.not_before.is_some());
    assert!(answer(&mut writes, ChangeAnswer::Found(Ok(Vec::new()))).is_none());
    assert!(writes.steps[0].change_call().verify, "read once more first");
    assert!(answer(&mut writes, ChangeAnswer::Found(Ok(Vec::new()))).is_none());
    let again = &writes.steps[0];
    assert!(
        !again.change_call().verify && again.resent,
        "then sent again"
    );
    let ok = stored("9", "45.137.21.10", "Block");
    let outcome = answer(
        &mut writes,
        ChangeAnswer::Submitted(Ok(Box::new(ok.clone()))),
    )
    .unwrap();
    assert_eq!(outcome.result, ChangeResult::Done(Some(Box::new(ok))));
    let records = audit(dir.path());
    assert_eq!(records.len(), 2, "one intent, one result");
    assert_eq!(records[1].result, Some(Outcome::Ok));
    assert_eq!(records[1].after.as_ref().unwrap().get("id"), Some("9"));
}

#[test]
fn a_submit_found_as_sent_after_a_5xx_is_done_and_never_resent() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    submit(&mut writes, block("45.137.21.10"));
    let server = ApiError::Server {
        status: 502,
        message: "bad gateway".into(),
    };
    assert!(answer(&mut writes, ChangeAnswer::Submitted(Err(server))).is_none());
    let found = vec![stored("9", "45.137.21.10", "Block")];
    let outcome = answer(&mut writes, ChangeAnswer::Found(Ok(found))).unwrap();
    assert!(matches!(outcome.result, ChangeResult::Done(Some(_))));
    assert!(writes.steps.is_empty());
}

#[test]
fn a_value_reading_otherwise_than_sent_is_uncertain() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    submit(&mut writes, block("45.137.21.10"));
    answer(&mut writes, ChangeAnswer::Submitted(Err(ApiError::Timeout)));
    let found = vec![stored("9", "45.137.21.10", "Allowed")];
    let outcome = answer(&mut writes, ChangeAnswer::Found(Ok(found))).unwrap();
    assert!(
        matches!(outcome.result, ChangeResult::Uncertain(_)),
        "{outcome:?}"
    );
}

#[test]
fn invalid_changes_and_a_session_without_an_audit_send_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    let mut cert = block(&"ab".repeat(20));
    cert.kind = IndicatorType::CertificateThumbprint;
    let refused = submit(&mut writes, cert).unwrap();
    assert!(
        matches!(refused.result, ChangeResult::Failed(ApiError::NotSent(_))),
        "{refused:?}"
    );
    let private = submit(&mut writes, block("10.1.2.3")).unwrap();
    assert!(matches!(private.result, ChangeResult::Failed(_)));
    let delete = Change::DeleteIndicator {
        indicator: Box::new(stored("../1", "45.137.21.10", "Block")),
    };
    assert!(writes.start_change(WriteId(2), delete, Origin(1)).is_some());
    assert!(writes.steps.is_empty() && audit(dir.path()).is_empty());
    let mut unaudited = Writes::new(None, Duration::from_secs(5));
    let outcome = submit(&mut unaudited, block("45.137.21.10")).unwrap();
    assert!(matches!(
        outcome.result,
        ChangeResult::Failed(ApiError::NotSent(_))
    ));
    assert!(unaudited.steps.is_empty());
}

#[test]
fn a_delete_read_back_gone_is_done_and_one_still_there_is_sent_once_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    let indicator = stored("9", "45.137.21.10", "Block");
    let delete = Change::DeleteIndicator {
        indicator: Box::new(indicator.clone()),
    };
    writes.start_change(WriteId(3), delete, Origin(1));
    let server = || ApiError::Server {
        status: 500,
        message: "oops".into(),
    };
    answer(&mut writes, ChangeAnswer::Deleted(Err(server())));
    answer(&mut writes, ChangeAnswer::Found(Ok(vec![indicator])));
    assert!(writes.steps[0].resent, "proved not applied: sent once more");
    let gone = ApiError::NotFound {
        message: "no such indicator".into(),
    };
    let outcome = answer(&mut writes, ChangeAnswer::Deleted(Err(gone))).unwrap();
    assert_eq!(outcome.result, ChangeResult::Done(None));
    let records = audit(dir.path());
    assert_eq!(records[0].before.as_ref().unwrap().get("id"), Some("9"));
    assert_eq!(records[1].action, "delete");
}
