//! What a change's confirmation says, as text: what it will do (an indicator across the
//! tenant: the action in words, which devices, alerts, until when, what it replaces; a
//! response action to a machine: which, its state, what to weigh), then the request exactly
//! as it will be sent. The confirmation scrolls these lines; the one-shot prints them.

use time::format_description::well_known::Rfc3339;

use crate::api::model::Machine;
use crate::api::{Indicator, IndicatorAction, IndicatorType, NewIndicator, ResponseAction};
use crate::engine::Change;
use crate::entity::column::{opt, time};

/// The confirmation's lines for `change` in `tenant`, with `warning` said first.
pub fn lines(change: &Change, tenant: &str, warning: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(warning) = warning {
        lines.push(format!("⚠ {warning}"));
    }
    match change {
        Change::SubmitIndicator { indicator, before } => {
            submit(&mut lines, indicator, before.as_deref(), tenant)
        }
        Change::DeleteIndicator { indicator } => {
            lines.push(format!(
                "This deletes indicator {} from {tenant}:",
                indicator.id
            ));
            lines.push(format!(
                "  {} {} {} “{}”, created by {}",
                opt(&indicator.action),
                opt(&indicator.indicator_type),
                opt(&indicator.indicator_value),
                opt(&indicator.title),
                opt(&indicator.created_by)
            ));
            lines.push("Devices stop applying it within hours.".into());
            lines.push(format!("DELETE /api/indicators/{}", indicator.id));
        }
        Change::Respond {
            machine,
            action,
            comment,
        } => respond(&mut lines, machine, action, comment),
        Change::Tag { machine, tag, add } => {
            lines.push(format!(
                "This {} the tag “{tag}” {} {} in {tenant}.",
                if *add { "adds" } else { "removes" },
                if *add { "to" } else { "from" },
                opt(&machine.computer_dns_name)
            ));
            lines.push(format!("POST /api/machines/{}/tags", machine.id));
            let body =
                serde_json::json!({"Value": tag, "Action": if *add { "Add" } else { "Remove" }});
            lines.extend(pretty(&body));
        }
        Change::CancelAction { action, comment } => {
            lines.push(format!(
                "This cancels {} {} on {} (requested by {}), still {}.",
                opt(&action.kind),
                action.id,
                opt(&action.computer_dns_name),
                opt(&action.requestor),
                opt(&action.status)
            ));
            lines.push(format!("POST /api/machineactions/{}/cancel", action.id));
            lines.extend(pretty(&serde_json::json!({"Comment": comment})));
        }
    }
    lines
}

fn respond(lines: &mut Vec<String>, m: &Machine, action: &ResponseAction, comment: &str) {
    lines.push(format!("This will {action} {}:", opt(&m.computer_dns_name)));
    lines.push(format!("  {}", action.effect()));
    lines.push(format!(
        "  machine {} · {} · {} · last seen {}",
        m.id,
        opt(&m.os_platform),
        opt(&m.health_status),
        time(&m.last_seen)
    ));
    if m.health_status
        .as_ref()
        .is_some_and(|h| h.as_str() != "Active")
    {
        lines.push("⚠ the machine is not active: the action waits until it is seen again".into());
    }
    if let Some(why) = m
        .os_platform
        .as_deref()
        .and_then(|os| action.unsupported_on(os))
    {
        lines.push(format!("⚠ {why}"));
    }
    if matches!(action, ResponseAction::Isolate { .. }) {
        lines.push(
            "⚠ a machine on a full-tunnel VPN can lose its link to Defender once isolated".into(),
        );
    }
    lines.push("The request, exactly as sent:".into());
    lines.push(format!(
        "POST /api/machines/{}/{}",
        m.id,
        action_path(action)
    ));
    lines.extend(pretty(&action.body(comment)));
}

/// The action's path under the machine, as sent.
fn action_path(action: &ResponseAction) -> &'static str {
    action
        .endpoint()
        .name()
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

fn pretty(value: &serde_json::Value) -> Vec<String> {
    serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn submit(lines: &mut Vec<String>, i: &NewIndicator, before: Option<&Indicator>, tenant: &str) {
    let what = match i.kind {
        IndicatorType::DomainName => format!("{} and every subdomain", i.value),
        _ => i.value.clone(),
    };
    lines.push(format!(
        "This submits an indicator to {tenant}, on every device{}:",
        groups(i)
    ));
    lines.push(format!(
        "  {:?} — {}",
        i.action,
        effect(i.action, i.kind, &what)
    ));
    lines.push(if i.generate_alert {
        "  raises an alert at each match".into()
    } else {
        "  raises no alert".into()
    });
    lines.push(match i.expires.and_then(|t| t.format(&Rfc3339).ok()) {
        Some(at) => format!("  until {at}, then it expires"),
        None => "  never expires: it stays until deleted".into(),
    });
    lines.push(match before {
        Some(b) => format!(
            "  replaces indicator {} ({} “{}”) — same value and type",
            b.id,
            opt(&b.action),
            opt(&b.title)
        ),
        None => "  a new indicator (the same value and type again would update it)".into(),
    });
    lines.push("Devices apply it within hours. The request, exactly as sent:".into());
    lines.push("POST /api/indicators".into());
    lines.extend(pretty(&serde_json::to_value(i).unwrap_or_default()));
}

fn groups(i: &NewIndicator) -> String {
    if i.rbac_group_names.is_empty() {
        String::new()
    } else {
        format!(" in {}", i.rbac_group_names.join(", "))
    }
}

/// What the action does where it matches, in words.
fn effect(action: IndicatorAction, kind: IndicatorType, what: &str) -> String {
    let file = matches!(
        kind,
        IndicatorType::FileSha1 | IndicatorType::FileSha256 | IndicatorType::FileMd5
    );
    match action {
        IndicatorAction::Allowed => {
            format!("allows {what}: Defender neither detects nor blocks it (over Warn and Block)")
        }
        IndicatorAction::Audit => format!("audits {what}: alerts, blocks nothing"),
        IndicatorAction::Warn if file => format!("warns before {what} runs; the user may go on"),
        IndicatorAction::Warn => format!("warns before connecting to {what}; the user may go on"),
        IndicatorAction::Block if file => format!("stops {what} from running"),
        IndicatorAction::Block => format!("blocks connections to {what}"),
        IndicatorAction::BlockAndRemediate => {
            format!("stops {what} from running and quarantines the copies found")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_says_what_it_does_and_shows_the_exact_body() {
        let i = NewIndicator {
            value: "cdn-update.net".into(),
            kind: IndicatorType::DomainName,
            action: IndicatorAction::Block,
            title: "C2".into(),
            description: "d".into(),
            severity: None,
            expires: None,
            generate_alert: true,
            recommended_actions: None,
            rbac_group_names: Vec::new(),
        };
        let change = Change::SubmitIndicator {
            indicator: Box::new(i.clone()),
            before: None,
        };
        let text = lines(&change, "Contoso", Some("careful")).join("\n");
        assert!(text.starts_with("⚠ careful"));
        assert!(text.contains("blocks connections to cdn-update.net and every subdomain"));
        assert!(text.contains("never expires"));
        let body = &text[text.find('{').unwrap()..];
        let shown: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(shown, serde_json::to_value(&i).unwrap(), "the body as sent");
    }
}
