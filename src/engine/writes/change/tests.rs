use std::time::Duration;

use super::super::shape::{ChangeAnswer, Found, Phase};
use super::super::{Answer, Finished};
use super::*;
use crate::api::{Indicator, IndicatorAction, IndicatorType, NewIndicator};
use crate::engine::budget::{Budget, Limits};
use crate::engine::change::Changed;
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
    assert!(answer(&mut writes, ChangeAnswer::Sent(Err(ApiError::Timeout))).is_none());
    let step = &writes.steps[0];
    assert!((step.change_call().phase == Phase::Verify) && step.not_before.is_some());
    assert!(
        answer(
            &mut writes,
            ChangeAnswer::Found(Ok(Found::Indicators(Vec::new())))
        )
        .is_none()
    );
    assert!(
        (writes.steps[0].change_call().phase == Phase::Verify),
        "read once more first"
    );
    assert!(
        answer(
            &mut writes,
            ChangeAnswer::Found(Ok(Found::Indicators(Vec::new())))
        )
        .is_none()
    );
    let again = &writes.steps[0];
    assert!(
        again.change_call().phase == Phase::Send && again.resent,
        "then sent again"
    );
    let ok = stored("9", "45.137.21.10", "Block");
    let outcome = answer(
        &mut writes,
        ChangeAnswer::Sent(Ok(Some(Changed::Indicator(Box::new(ok.clone()))))),
    )
    .unwrap();
    assert_eq!(
        outcome.result,
        ChangeResult::Done(Some(Changed::Indicator(Box::new(ok))))
    );
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
    assert!(answer(&mut writes, ChangeAnswer::Sent(Err(server))).is_none());
    let found = vec![stored("9", "45.137.21.10", "Block")];
    let outcome = answer(
        &mut writes,
        ChangeAnswer::Found(Ok(Found::Indicators(found))),
    )
    .unwrap();
    assert!(matches!(outcome.result, ChangeResult::Done(Some(_))));
    assert!(writes.steps.is_empty());
}

#[test]
fn a_value_reading_otherwise_than_sent_is_uncertain() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    submit(&mut writes, block("45.137.21.10"));
    answer(&mut writes, ChangeAnswer::Sent(Err(ApiError::Timeout)));
    let found = vec![stored("9", "45.137.21.10", "Allowed")];
    let outcome = answer(
        &mut writes,
        ChangeAnswer::Found(Ok(Found::Indicators(found))),
    )
    .unwrap();
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
    answer(&mut writes, ChangeAnswer::Sent(Err(server())));
    answer(
        &mut writes,
        ChangeAnswer::Found(Ok(Found::Indicators(vec![indicator]))),
    );
    assert!(writes.steps[0].resent, "proved not applied: sent once more");
    let gone = ApiError::NotFound {
        message: "no such indicator".into(),
    };
    let outcome = answer(&mut writes, ChangeAnswer::Sent(Err(gone))).unwrap();
    assert_eq!(outcome.result, ChangeResult::Done(None));
    let records = audit(dir.path());
    assert_eq!(records[0].before.as_ref().unwrap().get("id"), Some("9"));
    assert_eq!(records[1].action, "delete");
}

fn isolate() -> Change {
    let machine = serde_json::from_value(serde_json::json!({
        "id": "3a7f1c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f13",
        "computerDnsName": "wks-fin-042", "osPlatform": "Windows11", "healthStatus": "Active"
    }))
    .unwrap();
    Change::Respond {
        machine: Box::new(machine),
        action: crate::api::ResponseAction::Isolate { selective: false },
        comment: "  beaconing to C2  ".into(),
    }
}

fn action(status: &str, comment: &str) -> crate::api::MachineAction {
    serde_json::from_value(serde_json::json!({
        "id": "a1b2", "type": "Isolate", "status": status, "requestorComment": comment,
        "machineId": "3a7f1c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f13"
    }))
    .unwrap()
}

#[test]
fn an_isolation_already_pending_is_said_and_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    assert!(
        writes
            .start_change(WriteId(1), isolate(), Origin(1))
            .is_none()
    );
    assert_eq!(
        writes.steps[0].change_call().phase,
        Phase::Check,
        "a look first"
    );
    let found = Found::Actions(vec![action("Pending", "someone else's")]);
    let outcome = answer(&mut writes, ChangeAnswer::Found(Ok(found))).unwrap();
    match &outcome.result {
        ChangeResult::Failed(ApiError::NotSent(why)) => {
            assert!(
                why.contains("already Pending on wks-fin-042 (action a1b2"),
                "{why}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(writes.steps.is_empty(), "nothing sent");
    let records = audit(dir.path());
    assert_eq!(records[0].action, "Isolate");
    assert_eq!(
        records[0].comment.as_deref(),
        Some("beaconing to C2"),
        "trimmed"
    );
    assert_eq!(
        records[0].target,
        Target::new("machine", "3a7f1c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f13")
    );
    assert_eq!(records[1].result, Some(Outcome::Failed));
}

#[test]
fn an_isolation_that_timed_out_is_found_by_its_comment_and_not_resent() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    writes.start_change(WriteId(1), isolate(), Origin(1));
    answer(
        &mut writes,
        ChangeAnswer::Found(Ok(Found::Actions(Vec::new()))),
    );
    assert_eq!(writes.steps[0].change_call().phase, Phase::Send);
    answer(&mut writes, ChangeAnswer::Sent(Err(ApiError::Timeout)));
    assert_eq!(writes.steps[0].change_call().phase, Phase::Verify);
    let found = Found::Actions(vec![action("Pending", "beaconing to C2")]);
    let outcome = answer(&mut writes, ChangeAnswer::Found(Ok(found))).unwrap();
    assert!(
        matches!(&outcome.result, ChangeResult::Done(Some(Changed::Action(a))) if a.id == "a1b2"),
        "{outcome:?}"
    );
    assert!(writes.steps.is_empty());
    let records = audit(dir.path());
    assert_eq!(records[1].after.as_ref().unwrap().get("id"), Some("a1b2"));
}

#[test]
fn a_response_action_without_a_comment_is_refused_unsent() {
    let dir = tempfile::tempdir().unwrap();
    let mut writes = writes(dir.path());
    let Change::Respond {
        machine, action, ..
    } = isolate()
    else {
        unreachable!()
    };
    let bare = Change::Respond {
        machine,
        action,
        comment: " ".into(),
    };
    let outcome = writes.start_change(WriteId(1), bare, Origin(1)).unwrap();
    assert!(matches!(
        outcome.result,
        ChangeResult::Failed(ApiError::NotSent(_))
    ));
    assert!(writes.steps.is_empty() && audit(dir.path()).is_empty());
}
