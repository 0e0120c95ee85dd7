//! A write's calls answered: what each answer settles (done, failed, uncertain), what it
//! leads to (a wait after a 429, the other spelling, a read-back, one resend), and the audit
//! record of every alert settled.

use std::time::Instant;

use super::audit::{Fields, Outcome, RecordKind};
use super::{Answer, Settled, Step, StepKind, Writes};
use crate::api::update::ReadBack;
use crate::api::{AlertId, AlertUpdate, ApiError, Endpoint};
use crate::engine::budget::{Budget, MAX_THROTTLES};
use crate::engine::protocol::{WriteId, WriteOutcome};

impl Writes {
    /// Stops sending: every step still waiting is settled as not sent (a read-back not made
    /// is uncertain), and audited. Calls in flight finish as usual. The writes this ends.
    pub fn stop(&mut self) -> Vec<WriteOutcome> {
        self.stopping = true;
        let mut finished = Vec::new();
        for step in std::mem::take(&mut self.steps) {
            let write = step.write;
            let why = not_sent(&step);
            finished.extend(self.conclude(write, Vec::new(), vec![(step.alerts, why)]));
        }
        finished
    }

    /// Takes in one call's answer; a write whose calls are all answered comes back finished.
    pub fn finish(
        &mut self,
        step: Step,
        answer: Answer,
        budget: &mut Budget<Endpoint>,
        now: Instant,
    ) -> Option<WriteOutcome> {
        let family = step.family();
        let mut more: Vec<Step> = Vec::new();
        let mut settled: Vec<(Vec<AlertId>, Settled)> = Vec::new();
        let error = match answer {
            Answer::Patched(Ok(alert)) => {
                budget.succeeded(family);
                settled.push((step.alerts.clone(), Settled::Ok(Some(Box::new(alert)))));
                None
            }
            Answer::Batched(Ok(())) => {
                budget.succeeded(family);
                settled.push((step.alerts.clone(), Settled::Ok(None)));
                None
            }
            Answer::Verified(Ok(alert)) => {
                budget.succeeded(family);
                let before = self
                    .open
                    .get(&step.write)
                    .and_then(|o| o.before.get(&step.alerts[0]))
                    .and_then(|a| step.update.comments_in(a));
                match step.update.read_back(&alert, before) {
                    ReadBack::Applied => {
                        settled.push((step.alerts.clone(), Settled::Ok(Some(Box::new(alert)))))
                    }
                    ReadBack::NotApplied if step.after_timeout => {
                        // Not yet, perhaps: the server may still be at it. Look once more.
                        more.push(step.verify(&step.alerts[0], false, now + self.settle));
                    }
                    ReadBack::NotApplied if !step.resent => {
                        let mut again = Step::new(
                            step.write,
                            StepKind::Patch,
                            step.alerts.clone(),
                            step.update.clone(),
                        );
                        again.resent = true;
                        again.respelled = step.respelled;
                        more.push(again);
                    }
                    ReadBack::NotApplied => settled.push((
                        step.alerts.clone(),
                        Settled::Failed(ApiError::NotSent(
                            "read back twice, the write did not take effect".into(),
                        )),
                    )),
                    ReadBack::Unknown => settled.push((
                        step.alerts.clone(),
                        Settled::Uncertain(format!(
                            "alert {} shows part of the change: read it and its comments",
                            step.alerts[0]
                        )),
                    )),
                }
                None
            }
            Answer::Patched(Err(e)) | Answer::Batched(Err(e)) | Answer::Verified(Err(e)) => Some(e),
        };
        let write = step.write;
        if let Some(error) = error {
            self.on_error(step, error, budget, now, &mut more, &mut settled);
        }
        self.conclude(write, more, settled)
    }

    /// A call failed: wait out a 429 (a bounded number of times), try the other spelling of
    /// a refused determination, read back what may or may not have applied, or fail.
    fn on_error(
        &mut self,
        step: Step,
        error: ApiError,
        budget: &mut Budget<Endpoint>,
        now: Instant,
        more: &mut Vec<Step>,
        settled: &mut Vec<(Vec<AlertId>, Settled)>,
    ) {
        let doubtful = matches!(
            error,
            ApiError::Timeout
                | ApiError::Network(_)
                | ApiError::Server { .. }
                | ApiError::WrongTarget { .. }
        );
        match error {
            ApiError::Throttled { .. } if step.throttles + 1 >= MAX_THROTTLES => {
                settled.push((step.alerts, Settled::Failed(error)));
            }
            ApiError::Throttled { retry_after, .. } => {
                // Nothing was written: wait out the block and send it again.
                let until = budget.throttled(step.family(), retry_after, now);
                self.blocks.push((step.family(), until));
                more.push(Step {
                    not_before: Some(until),
                    throttles: step.throttles + 1,
                    ..step
                });
            }
            ApiError::BadRequest { .. }
                if !step.respelled
                    && step.kind != StepKind::Verify
                    && step.update.other_spelling().is_some() =>
            {
                let update = step.update.other_spelling().expect("checked");
                if let Some(open) = self.open.get_mut(&step.write) {
                    open.outcome.notes.push(format!(
                        "the API refused determination {}; sent {} instead",
                        spelling(&step.update),
                        spelling(&update)
                    ));
                    open.outcome.update = update.clone();
                }
                more.push(Step {
                    update,
                    respelled: true,
                    ..step
                });
            }
            _ if doubtful && step.kind != StepKind::Verify => {
                // Unknown whether it took effect: read each alert back before anything is
                // sent again; after a timeout, give the server time to finish first.
                let late = matches!(error, ApiError::Timeout | ApiError::Network(_));
                let at = if late { now + self.settle } else { now };
                more.extend(step.alerts.iter().map(|id| step.verify(id, late, at)));
            }
            _ if step.kind == StepKind::Verify => settled.push((
                step.alerts.clone(),
                Settled::Uncertain(format!(
                    "alert {} could not be read back ({}): read it and its comments",
                    step.alerts[0],
                    error.short()
                )),
            )),
            _ => settled.push((step.alerts, Settled::Failed(error))),
        }
    }

    /// Records what settled (in the outcome and the audit log) and queues what follows; the
    /// write comes back once nothing of it is left. While stopping, what would follow is
    /// settled as not sent instead.
    pub(super) fn conclude(
        &mut self,
        write: WriteId,
        mut more: Vec<Step>,
        mut settled: Vec<(Vec<AlertId>, Settled)>,
    ) -> Option<WriteOutcome> {
        if self.stopping {
            settled.extend(more.drain(..).map(|s| {
                let why = not_sent(&s);
                (s.alerts, why)
            }));
        }
        let open = self.open.get_mut(&write)?;
        let mut records = Vec::new();
        for (alerts, result) in settled {
            for alert in &alerts {
                let mut record = self.audit.as_ref().map(|config| {
                    config.record(RecordKind::Result, &open.audit_id, alert.as_str())
                });
                let (kind, reason, after) = match &result {
                    Settled::Ok(answer) => {
                        open.outcome.done.push(alert.clone());
                        if let Some(answer) = answer {
                            open.outcome.answers.push((**answer).clone());
                        }
                        // A batch answers nothing: the alert reads as before, changed.
                        let after = answer.as_deref().cloned().or_else(|| {
                            let before = open.before.get(alert)?;
                            Some(open.outcome.update.applied_to(before))
                        });
                        (Outcome::Ok, None, after.as_ref().map(Fields::of))
                    }
                    Settled::Failed(error) => {
                        open.outcome.failed.push((alert.clone(), error.clone()));
                        (Outcome::Failed, Some(error.to_string()), None)
                    }
                    Settled::Uncertain(check) => {
                        open.outcome.uncertain.push((alert.clone(), check.clone()));
                        (Outcome::Uncertain, Some(check.clone()), None)
                    }
                };
                if let Some(record) = record.as_mut() {
                    record.result = Some(kind);
                    record.reason = reason;
                    record.after = after;
                    records.push(record.clone());
                }
            }
        }
        if let Some(config) = &self.audit
            && !records.is_empty()
            && let Err(e) = config.append(&records)
        {
            open.outcome.notes.push(format!(
                "the audit log {} could not record {} result(s): {e}",
                config.path.display(),
                records.len()
            ));
        }
        open.pending = open.pending + more.len() - 1;
        let finished = open.pending == 0;
        self.steps.extend(more);
        if finished {
            self.open.remove(&write).map(|open| open.outcome)
        } else {
            None
        }
    }
}

/// What a step never sent means for its alerts.
pub(super) fn not_sent(step: &Step) -> Settled {
    match step.kind {
        StepKind::Verify => Settled::Uncertain(format!(
            "mdetui stopped before reading alert {} back: read it and its comments",
            step.alerts[0]
        )),
        _ if step.resent => Settled::Failed(ApiError::NotSent(
            "it did not take effect, and mdetui stopped before sending it again".into(),
        )),
        _ => Settled::Failed(ApiError::NotSent("mdetui stopped before sending it".into())),
    }
}

fn spelling(update: &AlertUpdate) -> String {
    update
        .determination
        .as_ref()
        .map_or_else(String::new, |d| d.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::engine::budget::Limits;
    use crate::engine::protocol::{Origin, WriteTarget};
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
    fn answer(writes: &mut Writes, answer: Answer) -> Option<WriteOutcome> {
        let step = writes.steps.pop_front().expect("a step waits");
        let mut budget = Budget::new(Limits::default());
        writes.finish(step, answer, &mut budget, Instant::now())
    }

    #[test]
    fn after_a_timeout_a_comment_seen_once_more_than_before_is_ok_and_not_resent() {
        let dir = tempfile::tempdir().unwrap();
        let mut writes = one_write(dir.path());
        assert!(answer(&mut writes, Answer::Patched(Err(ApiError::Timeout))).is_none());
        let verify = &writes.steps[0];
        assert_eq!(verify.kind, StepKind::Verify, "read back, not resent");
        assert!(
            verify.not_before.is_some(),
            "after the server had time to finish"
        );
        // Not there yet (still the one from before): read once more, still not resent.
        assert!(answer(&mut writes, Answer::Verified(Ok(alert(1)))).is_none());
        assert_eq!(writes.steps[0].kind, StepKind::Verify);
        let outcome = answer(&mut writes, Answer::Verified(Ok(alert(2)))).unwrap();
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
        answer(&mut writes, Answer::Patched(Err(server())));
        answer(&mut writes, Answer::Verified(Ok(alert(1))));
        assert_eq!(writes.steps[0].kind, StepKind::Patch);
        assert!(writes.steps[0].resent);
        answer(&mut writes, Answer::Patched(Err(server())));
        // The read-back after the resend cannot be made: uncertain, not failed, not ok.
        let outcome = answer(&mut writes, Answer::Verified(Err(ApiError::Timeout))).unwrap();
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
        assert!(
            matches!(&finished[..], [o] if matches!(&o.failed[..], [(_, ApiError::NotSent(_))]))
        );
        let log = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
        assert_eq!(log.lines().count(), 2, "an intent and its result: {log}");
    }
}
