//! `mdetui indicator add|delete|import`: custom indicators written from a script or a
//! shell. Everything is checked before the first call (an import's every row: one bad row
//! and nothing is sent), confirmed on the terminal as the explorer confirms it (what it will
//! do, the request as sent; a block needs `block` typed, a large import its count), then sent
//! through the engine's write path — audited ahead, paced by the budget, sent once — with a
//! result line for each indicator as it comes.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::ask;
use crate::api::model::Severity;
use crate::api::{Indicator, IndicatorAction, IndicatorScope, IndicatorType, NewIndicator};
use crate::app::review;
use crate::cli::{AddArgs, IndicatorCommand, parse_span};
use crate::engine::{Change, EngineHandle, Event, Payload, Resource};
use crate::sanitize;

/// Rows of an import named one by one in its confirmation before "and N more".
const LISTED: usize = 10;

/// What the command will send, and how to ask before it does.
struct Prepared {
    changes: Vec<Change>,
    question: String,
    word: Option<String>,
    yes: bool,
}

/// Runs the command: the result lines are printed as they come; true when every change was
/// done. An error (nothing sent) is the one line to print.
pub async fn run(
    command: IndicatorCommand,
    tenant: &str,
    typed_at: usize,
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
) -> Result<bool, String> {
    let now = OffsetDateTime::now_utc();
    let prepared = match command {
        IndicatorCommand::Add(args) => {
            let indicator =
                new_indicator(&args, now).map_err(|e| format!("{e}: nothing was sent"))?;
            let before = existing(handle, events, &indicator).await;
            let change = Change::SubmitIndicator {
                indicator: Box::new(indicator),
                before: before.map(Box::new),
            };
            one(change, tenant, args.yes)
        }
        IndicatorCommand::Delete { id, yes } => {
            let indicator = by_id(handle, events, &id).await?;
            one(
                Change::DeleteIndicator {
                    indicator: Box::new(indicator),
                },
                tenant,
                yes,
            )
        }
        IndicatorCommand::Import { file, yes } => {
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())
            } else {
                std::fs::read_to_string(&file)
            }
            .map_err(|e| format!("{}: {e}", file.display()))?;
            let rows = read_import(&text, now).map_err(|refused| {
                // A line a bad row, each cleaned: the file's text cannot act on the terminal.
                for problem in &refused.problems {
                    eprintln!("mdetui: {}", sanitize::line(problem));
                }
                refused.summary
            })?;
            import(rows, tenant, typed_at, yes)
        }
    };
    if !prepared.yes {
        match ask(&prepared.question, prepared.word.as_deref()) {
            Ok(true) => {}
            Ok(false) => return Err("cancelled: nothing was sent".into()),
            Err(e) => return Err(format!("{e}; nothing was sent")),
        }
    }
    Ok(super::changes::send(handle, events, prepared.changes)
        .await
        .0)
}

fn one(change: Change, tenant: &str, yes: bool) -> Prepared {
    let blocks =
        matches!(&change, Change::SubmitIndicator { indicator, .. } if indicator.action.blocks());
    let mut question = review::lines(&change, tenant, None).join("\n");
    question.push('\n');
    Prepared {
        changes: vec![change],
        question,
        word: blocks.then(|| "block".to_owned()),
        yes,
    }
}

fn import(rows: Vec<NewIndicator>, tenant: &str, typed_at: usize, yes: bool) -> Prepared {
    let count = rows.len();
    let blocks = rows.iter().filter(|r| r.action.blocks()).count();
    let mut question = format!(
        "mdetui: about to submit {count} indicator{} to {tenant} ({blocks} blocking); each \
         updates the one with its value and type, if any:\n",
        if count == 1 { "" } else { "s" }
    );
    for row in rows.iter().take(LISTED) {
        question.push_str(&format!(
            "  {:?} {} ({:?})\n",
            row.action, row.value, row.kind
        ));
    }
    if count > LISTED {
        question.push_str(&format!("  … and {} more\n", count - LISTED));
    }
    let word = if count >= typed_at {
        Some(count.to_string())
    } else {
        (blocks > 0).then(|| "block".to_owned())
    };
    let changes = rows
        .into_iter()
        .map(|indicator| Change::SubmitIndicator {
            indicator: Box::new(indicator),
            before: None,
        })
        .collect();
    Prepared {
        changes,
        question,
        word,
        yes,
    }
}

/// The indicator `args` describe, checked as the API would at `now`.
pub fn new_indicator(args: &AddArgs, now: OffsetDateTime) -> Result<NewIndicator, String> {
    let indicator = NewIndicator {
        kind: IndicatorType::named(&args.kind).map_err(|e| e.to_string())?,
        value: args.value.clone(),
        action: IndicatorAction::named(&args.action).map_err(|e| e.to_string())?,
        title: args.title.clone(),
        description: args
            .description
            .clone()
            .unwrap_or_else(|| args.title.clone()),
        severity: args.severity.as_deref().map(severity).transpose()?,
        expires: expiry(&args.expires, now)?,
        generate_alert: !args.no_alert,
        recommended_actions: args.recommended.clone(),
        rbac_group_names: Vec::new(),
    };
    indicator.check(now).map_err(|e| e.to_string())
}

/// `30d`, `12h`, an RFC 3339 time, or `never`.
fn expiry(text: &str, now: OffsetDateTime) -> Result<Option<OffsetDateTime>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(Some(at));
    }
    let span = parse_span(text).map_err(|e| format!("expires {e}, an RFC 3339 time or never"))?;
    let span = time::Duration::try_from(span).map_err(|e| e.to_string())?;
    now.checked_add(span)
        .map(Some)
        .ok_or_else(|| format!("expires “{text}”: too far away"))
}

fn severity(text: &str) -> Result<Severity, String> {
    Severity::named(text, &["Informational", "Low", "Medium", "High"])
        .map_err(|e| format!("severity {e}"))
}

/// Why an import sends nothing: each bad row's problem (`row N: …`, the first 20), and a
/// summary line.
#[derive(Debug)]
pub struct Refused {
    pub problems: Vec<String>,
    pub summary: String,
}

impl Refused {
    fn whole(summary: impl Into<String>) -> Self {
        Self {
            problems: Vec::new(),
            summary: summary.into(),
        }
    }
}

/// Every row of an import's CSV, checked; or every row's problem.
pub fn read_import(text: &str, now: OffsetDateTime) -> Result<Vec<NewIndicator>, Refused> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let heads: Vec<String> = reader
        .headers()
        .map_err(|e| Refused::whole(format!("the file's header: {e}")))?
        .iter()
        .map(|h| h.to_ascii_lowercase().replace(['_', ' ', '-'], ""))
        .collect();
    let column = |names: &[&str]| heads.iter().position(|h| names.contains(&h.as_str()));
    let value = column(&["value", "indicatorvalue"]);
    let kind = column(&["type", "indicatortype"]);
    let action = column(&["action"]);
    let title = column(&["title"]);
    let (Some(value), Some(kind), Some(action), Some(title)) = (value, kind, action, title) else {
        return Err(Refused::whole(
            "the file's header must name value, type, action and title",
        ));
    };
    let description = column(&["description"]);
    let severity_at = column(&["severity"]);
    let expires = column(&["expires", "expirationtime"]);
    let alerts = column(&["generatealert", "alert"]);
    let recommended = column(&["recommendedactions", "recommended"]);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("row {row}: {e}"));
                continue;
            }
        };
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).filter(|c| !c.is_empty());
        let args = AddArgs {
            kind: cell(Some(kind)).unwrap_or_default().to_owned(),
            value: cell(Some(value)).unwrap_or_default().to_owned(),
            action: cell(Some(action)).unwrap_or_default().to_owned(),
            title: cell(Some(title)).unwrap_or_default().to_owned(),
            description: cell(description).map(str::to_owned),
            expires: cell(expires).unwrap_or("30d").to_owned(),
            severity: cell(severity_at).map(str::to_owned),
            recommended: cell(recommended).map(str::to_owned),
            no_alert: cell(alerts).is_some_and(|a| a.eq_ignore_ascii_case("false")),
            yes: true,
        };
        match new_indicator(&args, now) {
            Ok(indicator) => rows.push(indicator),
            Err(e) => problems.push(format!("row {row}: {e}")),
        }
    }
    if !problems.is_empty() {
        let summary = format!(
            "{} of {} rows cannot be sent: nothing was sent",
            problems.len(),
            problems.len() + rows.len()
        );
        let more = problems.len().saturating_sub(20);
        problems.truncate(20);
        if more > 0 {
            problems.push(format!("… and {more} more"));
        }
        return Err(Refused { problems, summary });
    }
    if rows.is_empty() {
        return Err(Refused::whole("the file has no rows: nothing was sent"));
    }
    Ok(rows)
}

/// The tenant's indicator of the same value and type, read through the engine; none when
/// the list cannot be read (the submit then says "new", and updates all the same).
async fn existing(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    new: &NewIndicator,
) -> Option<Indicator> {
    let resource = Resource::Indicators(IndicatorScope::of(new.kind));
    let Ok(Payload::Indicators(list)) =
        crate::engine::fetch_once(handle, events, resource, |_| {}).await
    else {
        return None;
    };
    let kind = format!("{:?}", new.kind);
    list.iter()
        .find(|i| {
            i.indicator_value
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case(&new.value))
                && i.indicator_type.as_deref() == Some(kind.as_str())
        })
        .cloned()
}

/// The indicator `id` names, from the tenant's list; an error (nothing sent) when none does.
async fn by_id(
    handle: &EngineHandle,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    id: &str,
) -> Result<Indicator, String> {
    let id = id.trim();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "“{}” is not an indicator id (a number): nothing was sent",
            sanitize::line(id)
        ));
    }
    let resource = Resource::Indicators(IndicatorScope::All);
    match crate::engine::fetch_once(handle, events, resource, |_| {}).await {
        Ok(Payload::Indicators(list)) => list
            .iter()
            .find(|i| i.id == id)
            .cloned()
            .ok_or_else(|| format!("no indicator {id} in the tenant: nothing was sent")),
        Ok(_) => Err("the indicators could not be read: nothing was sent".into()),
        Err(e) => Err(format!(
            "the indicators could not be read ({}): nothing was sent",
            e.short()
        )),
    }
}

#[cfg(test)]
#[path = "indicators_tests.rs"]
mod tests;
