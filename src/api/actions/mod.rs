//! Response actions on machines (`mde-api.md` §12): isolate and release, an antivirus scan,
//! an investigation package, restricting app execution, stopping and quarantining a file —
//! each a `POST machines/{id}/<action>` with a required comment, answered with a machine
//! action that moves from `Pending` to a final status; listing those actions, cancelling
//! one, and a machine's tags. Each call is its own budget family, named with the permission
//! it needs, so a 403 says which.

mod package;
mod wire;

use std::fmt;

use serde_json::{Value, json};

pub use package::{PackageLink, download_package};
pub use wire::MachineAction;
use wire::action_id;

use super::client::{Client, Page};
use super::endpoint::Endpoint;
use super::error::ApiError;
use super::ids::MachineId;
use super::model::Machine;
use super::observable::Sha1;
use super::update::rules::visible;

impl Endpoint {
    pub const ISOLATE: Self = Self::new("POST machines/{id}/isolate", "Machine.Isolate");
    pub const RELEASE: Self = Self::new("POST machines/{id}/unisolate", "Machine.Isolate");
    pub const SCAN: Self = Self::new("POST machines/{id}/runAntiVirusScan", "Machine.Scan");
    pub const COLLECT: Self = Self::new(
        "POST machines/{id}/collectInvestigationPackage",
        "Machine.CollectForensics",
    );
    pub const RESTRICT: Self = Self::new(
        "POST machines/{id}/restrictCodeExecution",
        "Machine.RestrictExecution",
    );
    pub const UNRESTRICT: Self = Self::new(
        "POST machines/{id}/unrestrictCodeExecution",
        "Machine.RestrictExecution",
    );
    pub const QUARANTINE: Self = Self::new(
        "POST machines/{id}/StopAndQuarantineFile",
        "Machine.StopAndQuarantine",
    );
    pub const CANCEL_ACTION: Self =
        Self::new("POST machineactions/{id}/cancel", "Machine.ReadWrite.All");
    pub const LIST_ACTIONS: Self = Self::new("machineactions", "Machine.Read.All");
    pub const TAG_MACHINE: Self = Self::new("POST machines/{id}/tags", "Machine.ReadWrite.All");
    pub const FIND_BY_TAG: Self = Self::new("machines/findbytag", "Machine.ReadWrite.All");
}

/// The longest comment mdetui sends with an action.
pub const MAX_COMMENT_CHARS: usize = 1_000;
/// The longest machine tag.
pub const MAX_TAG_CHARS: usize = 200;

/// A response action to take on a machine.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResponseAction {
    /// Cut it off the network but for Defender (`selective`: Outlook, Teams and Skype too).
    Isolate {
        selective: bool,
    },
    Release,
    Scan {
        full: bool,
    },
    Collect,
    Restrict,
    Unrestrict,
    /// Stop the file's processes and quarantine it, on this machine.
    Quarantine(Sha1),
}

impl ResponseAction {
    /// Every action a machine's menu offers, in its order (quarantine needs a file: it is
    /// offered from a file).
    pub const MENU: [Self; 8] = [
        Self::Isolate { selective: false },
        Self::Isolate { selective: true },
        Self::Release,
        Self::Scan { full: false },
        Self::Scan { full: true },
        Self::Collect,
        Self::Restrict,
        Self::Unrestrict,
    ];

    /// Its budget family and permission.
    pub fn endpoint(&self) -> Endpoint {
        match self {
            Self::Isolate { .. } => Endpoint::ISOLATE,
            Self::Release => Endpoint::RELEASE,
            Self::Scan { .. } => Endpoint::SCAN,
            Self::Collect => Endpoint::COLLECT,
            Self::Restrict => Endpoint::RESTRICT,
            Self::Unrestrict => Endpoint::UNRESTRICT,
            Self::Quarantine(_) => Endpoint::QUARANTINE,
        }
    }

    fn path(&self) -> &'static str {
        match self {
            Self::Isolate { .. } => "isolate",
            Self::Release => "unisolate",
            Self::Scan { .. } => "runAntiVirusScan",
            Self::Collect => "collectInvestigationPackage",
            Self::Restrict => "restrictCodeExecution",
            Self::Unrestrict => "unrestrictCodeExecution",
            Self::Quarantine(_) => "StopAndQuarantineFile",
        }
    }

    /// The action's `type` as the API lists it.
    pub fn wire_type(&self) -> &'static str {
        match self {
            Self::Isolate { .. } => "Isolate",
            Self::Release => "Unisolate",
            Self::Scan { .. } => "RunAntiVirusScan",
            Self::Collect => "CollectInvestigationPackage",
            Self::Restrict => "RestrictCodeExecution",
            Self::Unrestrict => "UnrestrictCodeExecution",
            Self::Quarantine(_) => "StopAndQuarantineFile",
        }
    }

    /// Its scope as the API lists it, if it has one.
    pub fn scope(&self) -> Option<&'static str> {
        match self {
            Self::Isolate { selective: false } => Some("Full"),
            Self::Isolate { selective: true } => Some("Selective"),
            Self::Scan { full: false } => Some("Quick"),
            Self::Scan { full: true } => Some("Full"),
            _ => None,
        }
    }

    /// The request's body, exactly as sent (its keys are case-sensitive).
    pub fn body(&self, comment: &str) -> Value {
        match self {
            Self::Isolate { .. } => {
                json!({"Comment": comment, "IsolationType": self.scope().unwrap_or("Full")})
            }
            Self::Scan { .. } => {
                json!({"Comment": comment, "ScanType": self.scope().unwrap_or("Quick")})
            }
            Self::Quarantine(sha1) => json!({"Comment": comment, "Sha1": sha1.to_string()}),
            _ => json!({"Comment": comment}),
        }
    }

    /// What it does, in words.
    pub fn effect(&self) -> &'static str {
        match self {
            Self::Isolate { selective: false } => {
                "cuts the machine off the network, but for its connection to Defender"
            }
            Self::Isolate { selective: true } => {
                "cuts the machine off the network, but for Defender and Outlook, Teams and Skype"
            }
            Self::Release => "gives the machine its network back",
            Self::Scan { full: false } => "runs a quick Defender Antivirus scan",
            Self::Scan { full: true } => "runs a full Defender Antivirus scan (can take hours)",
            Self::Collect => "collects an investigation package (logs, processes, autoruns)",
            Self::Restrict => "lets only Microsoft-signed programs run",
            Self::Unrestrict => "lifts the restriction on running programs",
            Self::Quarantine(_) => "stops the file's processes and quarantines the file",
        }
    }

    /// Why the machine's OS cannot take it, if it cannot (`mde-api.md` §12).
    pub fn unsupported_on(&self, os_platform: &str) -> Option<&'static str> {
        let os = os_platform.to_ascii_lowercase();
        let windows = os.starts_with("windows");
        let linux = os.contains("linux") || os.contains("ubuntu") || os.contains("rhel");
        match self {
            Self::Isolate { selective: true } if !windows => {
                Some("selective isolation is for Windows 10 1709+ and Windows 11 only")
            }
            Self::Isolate { selective: false } if !(windows || linux) => {
                Some("isolation is for Windows and Linux only")
            }
            Self::Restrict | Self::Unrestrict if !windows => {
                Some("restricting app execution is for Windows only")
            }
            _ => None,
        }
    }
}

impl fmt::Display for ResponseAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Isolate { selective: false } => "isolate (full)".to_owned(),
            Self::Isolate { selective: true } => "isolate (selective)".to_owned(),
            Self::Release => "release from isolation".to_owned(),
            Self::Scan { full: false } => "quick antivirus scan".to_owned(),
            Self::Scan { full: true } => "full antivirus scan".to_owned(),
            Self::Collect => "collect investigation package".to_owned(),
            Self::Restrict => "restrict app execution".to_owned(),
            Self::Unrestrict => "remove app restriction".to_owned(),
            Self::Quarantine(sha1) => format!("stop and quarantine {sha1}"),
        };
        f.write_str(&text)
    }
}

/// A comment the API will take: required (the API refuses an action without one), printable
/// but for line breaks, and not too long.
pub fn check_comment(comment: &str) -> Result<(), ApiError> {
    let refuse = |why: String| Err(ApiError::NotSent(why));
    if comment.trim().is_empty() {
        return refuse("a comment is required: say why".into());
    }
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return refuse(format!(
            "the comment is longer than {MAX_COMMENT_CHARS} characters"
        ));
    }
    if comment
        .chars()
        .any(|c| !matches!(c, '\n' | '\t') && crate::sanitize::is_unsafe(c))
    {
        return refuse(format!(
            "the comment holds control characters: “{}”",
            visible(comment)
        ));
    }
    Ok(())
}

/// Which machine actions a list asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ActionQuery {
    pub machine: Option<MachineId>,
    /// Of this `type` only.
    pub kind: Option<&'static str>,
    /// Only `Pending` and `InProgress` ones.
    pub in_flight: bool,
}

impl ActionQuery {
    pub fn filter(&self) -> Option<String> {
        let mut terms = Vec::new();
        if let Some(machine) = &self.machine {
            terms.push(format!(
                "machineId eq '{}'",
                machine.as_str().replace('\'', "''")
            ));
        }
        if let Some(kind) = self.kind {
            terms.push(format!("type eq '{kind}'"));
        }
        if self.in_flight {
            terms.push("(status eq 'Pending' or status eq 'InProgress')".to_owned());
        }
        (!terms.is_empty()).then(|| terms.join(" and "))
    }
}

impl Client {
    /// `POST machines/{id}/<action>`: checked first (nothing is sent when the comment is
    /// not one the API takes); the machine action the API created.
    pub async fn respond(
        &self,
        machine: &MachineId,
        action: &ResponseAction,
        comment: &str,
    ) -> Result<MachineAction, ApiError> {
        check_comment(comment)?;
        let url = self.url(&["machines", machine.as_str(), action.path()]);
        let body = action.body(comment.trim());
        self.send_json(reqwest::Method::POST, action.endpoint(), url, &body)
            .await
    }

    /// `GET machineactions`, newest first, page by page.
    pub async fn machine_actions(
        &self,
        query: &ActionQuery,
    ) -> Result<Page<MachineAction>, ApiError> {
        let mut url = self.url(&["machineactions"]);
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(filter) = query.filter() {
                pairs.append_pair("$filter", &filter);
            }
            pairs.append_pair("$orderby", "creationDateTimeUtc desc");
        }
        self.get_page(Endpoint::LIST_ACTIONS, url).await
    }

    /// `GET machineactions/{id}`.
    pub async fn machine_action(&self, id: &str) -> Result<MachineAction, ApiError> {
        action_id(id)?;
        let url = self.url(&["machineactions", id]);
        self.get(Endpoint::LIST_ACTIONS, url).await
    }

    /// `POST machineactions/{id}/cancel`, before the action reaches a final status.
    pub async fn cancel_action(&self, id: &str, comment: &str) -> Result<MachineAction, ApiError> {
        check_comment(comment)?;
        action_id(id)?;
        let url = self.url(&["machineactions", id, "cancel"]);
        let body = json!({"Comment": comment.trim()});
        self.send_json(reqwest::Method::POST, Endpoint::CANCEL_ACTION, url, &body)
            .await
    }

    /// `POST machines/{id}/tags`: adds (or removes) `tag`; the machine as it now is.
    pub async fn tag_machine(
        &self,
        machine: &MachineId,
        tag: &str,
        add: bool,
    ) -> Result<Machine, ApiError> {
        check_tag(tag)?;
        let url = self.url(&["machines", machine.as_str(), "tags"]);
        let body = json!({"Value": tag.trim(), "Action": if add { "Add" } else { "Remove" }});
        self.send_json(reqwest::Method::POST, Endpoint::TAG_MACHINE, url, &body)
            .await
    }

    /// `GET machines/findbytag`: the machines carrying `tag` exactly.
    pub async fn machines_by_tag(&self, tag: &str) -> Result<Page<Machine>, ApiError> {
        check_tag(tag)?;
        let mut url = self.url(&["machines", "findbytag"]);
        url.query_pairs_mut()
            .append_pair("tag", tag.trim())
            .append_pair("useStartsWithFilter", "false");
        self.get_page(Endpoint::FIND_BY_TAG, url).await
    }
}

/// A tag the API will take: non-empty, printable, not too long.
pub fn check_tag(tag: &str) -> Result<(), ApiError> {
    let tag = tag.trim();
    if tag.is_empty() || tag.chars().count() > MAX_TAG_CHARS {
        return Err(ApiError::NotSent(format!(
            "a tag has 1 to {MAX_TAG_CHARS} characters"
        )));
    }
    if tag.chars().any(crate::sanitize::is_unsafe) {
        return Err(ApiError::NotSent(format!(
            "the tag holds control characters: “{}”",
            visible(tag)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
