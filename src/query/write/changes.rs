//! One-shot changes sent and reported: every change of a command handed to the engine at once
//! (it paces them under the budget, audits each ahead, sends each once) and a result line
//! printed for each as it ends.

use crate::engine::{
    Change, ChangeOutcome, ChangeResult, Changed, EngineHandle, Event, Origin, Request, WriteId,
};
use crate::sanitize;

/// Sends every change at once (the engine paces them under the budget) and prints a line
/// for each as it ends; true when all were done.
pub async fn send(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    changes: Vec<Change>,
) -> (bool, Vec<ChangeOutcome>) {
    let total = changes.len();
    let numbered = total > 1;
    for (i, change) in changes.into_iter().enumerate() {
        handle.send(Request::Change {
            id: WriteId(i as u64 + 1),
            change,
            origin: Origin(0),
        });
    }
    let mut outcomes = Vec::new();
    let finished = super::wait::until_done(handle, events, |event| {
        let Event::Changed(outcome) = event else {
            return None;
        };
        super::print(&result_line(&outcome, numbered));
        outcomes.push(*outcome);
        (outcomes.len() == total).then_some(())
    })
    .await;
    let all_done = outcomes
        .iter()
        .all(|o| matches!(o.result, ChangeResult::Done(_)));
    (finished.is_some() && all_done, outcomes)
}

/// `row 3  Block 185.225.19.40 (IpAddress)  submitted: indicator 4108`.
fn result_line(outcome: &ChangeOutcome, numbered: bool) -> String {
    let row = if numbered {
        format!("row {}  ", outcome.id.0)
    } else {
        String::new()
    };
    let what = outcome.change.describe();
    let result = match &outcome.result {
        ChangeResult::Done(Some(Changed::Indicator(stored))) => {
            format!("done: indicator {}", stored.id)
        }
        ChangeResult::Done(Some(Changed::Action(action))) => format!(
            "done: action {} ({})",
            action.id,
            action.status.as_deref().unwrap_or("sent")
        ),
        ChangeResult::Done(Some(Changed::Machine(machine))) => {
            format!("done: tags {}", machine.machine_tags.join(", "))
        }
        ChangeResult::Done(None) => "done".to_owned(),
        ChangeResult::Failed(e) => format!("FAILED: {}", e.short()),
        ChangeResult::Uncertain(check) => format!("UNCERTAIN: {check}"),
    };
    let mut line = sanitize::line(&format!("{row}{what}  {result}")).into_owned();
    for note in &outcome.notes {
        line.push_str(&format!("\n  note: {}", sanitize::line(note)));
    }
    line.push('\n');
    line
}
