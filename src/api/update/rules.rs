//! What an alert update may say, checked in one place for the explorer's form and the one-shot
//! CLI alike (`mde-api.md` §8): the settable values with the portal's names, the determinations
//! each classification allows, and the limits on the free text (assignee, comment). The client
//! refuses an update that fails here before any call.

use super::AlertUpdate;
use crate::api::error::ApiError;
use crate::api::model::{AlertStatus, Classification, Determination};

/// The longest comment mdetui sends. The API documents none; a triage note longer than this is
/// more likely a paste gone wrong than a verdict.
pub const MAX_COMMENT_CHARS: usize = 2_000;

/// The longest assignee: an e-mail address is at most 254 characters (RFC 5321).
pub const MAX_ASSIGNEE_CHARS: usize = 254;

/// The statuses an update may set, with the portal's names.
pub const STATUSES: [(AlertStatus, &str); 3] = [
    (AlertStatus::New, "New"),
    (AlertStatus::InProgress, "In progress"),
    (AlertStatus::Resolved, "Resolved"),
];

/// The classifications an update may set, with the portal's names.
pub const CLASSIFICATIONS: [(Classification, &str); 3] = [
    (Classification::TruePositive, "True positive"),
    (
        Classification::InformationalExpectedActivity,
        "Informational, expected activity",
    ),
    (Classification::FalsePositive, "False positive"),
];

/// The determinations a classification allows, with the portal's names, in the portal's
/// order. Only the spelling of `alerts.md`; [`belongs`] accepts the other one too.
pub fn determinations(c: &Classification) -> &'static [(Determination, &'static str)] {
    match c {
        Classification::TruePositive => &[
            (Determination::MultiStagedAttack, "Multistage attack"),
            (
                Determination::MaliciousUserActivity,
                "Malicious user activity",
            ),
            (Determination::CompromisedUser, "Compromised account"),
            (Determination::Malware, "Malware"),
            (Determination::Phishing, "Phishing"),
            (Determination::UnwantedSoftware, "Unwanted software"),
            (Determination::OtherDetermination, "Other"),
        ],
        Classification::InformationalExpectedActivity => &[
            (Determination::SecurityTesting, "Security test"),
            (
                Determination::LineOfBusinessApplication,
                "Line-of-business application",
            ),
            (Determination::ConfirmedUserActivity, "Confirmed activity"),
            (Determination::OtherDetermination, "Other"),
        ],
        Classification::FalsePositive => &[
            (Determination::Clean, "Not malicious"),
            (
                Determination::InsufficientData,
                "Not enough data to validate",
            ),
            (Determination::OtherDetermination, "Other"),
        ],
        _ => &[],
    }
}

/// Whether `d` may go with `c`, in either documented spelling.
pub fn belongs(c: &Classification, d: &Determination) -> bool {
    let d = match d {
        Determination::ConfirmedActivity => &Determination::ConfirmedUserActivity,
        Determination::NotMalicious => &Determination::Clean,
        d => d,
    };
    determinations(c).iter().any(|(allowed, _)| allowed == d)
}

/// Why an update cannot be sent: one message, the same wherever the update was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        Self::NotSent(invalid.0)
    }
}

impl AlertUpdate {
    /// Checks every field against the API's vocabularies and mdetui's limits.
    pub fn check(&self) -> Result<(), Invalid> {
        let invalid = |text: String| Err(Invalid(text));
        if self.is_empty() {
            return invalid("nothing to change: set a field or write a comment".into());
        }
        if let Some(s) = &self.status
            && !STATUSES.iter().any(|(allowed, _)| allowed == s)
        {
            return invalid(format!(
                "status {s} cannot be set (New, InProgress or Resolved)"
            ));
        }
        if let Some(c) = &self.classification
            && !CLASSIFICATIONS.iter().any(|(allowed, _)| allowed == c)
        {
            return invalid(format!(
                "classification {c} cannot be set (TruePositive, InformationalExpectedActivity or FalsePositive)"
            ));
        }
        match (&self.classification, &self.determination) {
            (Some(c), Some(d)) if !belongs(c, d) => {
                let allowed: Vec<&str> =
                    determinations(c).iter().map(|(d, _)| d.as_str()).collect();
                return invalid(format!(
                    "determination {d} does not go with classification {c} (it allows {})",
                    allowed.join(", ")
                ));
            }
            (None, Some(d)) => {
                return invalid(format!(
                    "determination {d} needs its classification in the same update"
                ));
            }
            _ => {}
        }
        if let Some(a) = &self.assigned_to {
            check_assignee(a)?;
        }
        if let Some(c) = &self.comment {
            check_comment(c)?;
        }
        Ok(())
    }
}

/// Shown in messages: the characters, not what they would do.
/// At most 60 characters of `text`, with anything unprintable escaped: how a message quotes
/// what was typed.
pub(in crate::api) fn visible(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    cut.escape_debug().to_string()
}

fn is_hidden(c: char) -> bool {
    crate::sanitize::is_unsafe(c)
}

/// An assignee is an address (`name@domain`), as the portal assigns, without spaces or
/// control characters.
pub fn check_assignee(assignee: &str) -> Result<(), Invalid> {
    let fail = |why: &str| Err(Invalid(format!("assignee “{}” {why}", visible(assignee))));
    if assignee.chars().count() > MAX_ASSIGNEE_CHARS {
        return fail(&format!("is longer than {MAX_ASSIGNEE_CHARS} characters"));
    }
    if assignee.chars().any(is_hidden) {
        return fail("holds control or invisible characters");
    }
    if assignee.chars().any(char::is_whitespace) {
        return fail("holds spaces");
    }
    match assignee.split_once('@') {
        Some((user, domain)) if !user.is_empty() && !domain.is_empty() && !domain.contains('@') => {
            Ok(())
        }
        _ => fail("is not an address (name@domain)"),
    }
}

/// A comment is text: line breaks and tabs are kept, other controls and invisible characters
/// refused, and its length bounded.
pub fn check_comment(comment: &str) -> Result<(), Invalid> {
    let count = comment.chars().count();
    if count > MAX_COMMENT_CHARS {
        return Err(Invalid(format!(
            "the comment has {count} characters; at most {MAX_COMMENT_CHARS} are sent"
        )));
    }
    if let Some(c) = comment
        .chars()
        .find(|&c| !matches!(c, '\n' | '\t') && is_hidden(c))
    {
        return Err(Invalid(format!(
            "the comment holds a control or invisible character ({})",
            c.escape_unicode()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(c: Option<Classification>, d: Option<Determination>) -> AlertUpdate {
        AlertUpdate {
            classification: c,
            determination: d,
            ..AlertUpdate::default()
        }
    }

    #[test]
    fn pairs_follow_the_classification_in_either_spelling() {
        use Classification::*;
        use Determination::*;
        assert!(update(Some(TruePositive), Some(Malware)).check().is_ok());
        assert!(
            update(Some(FalsePositive), Some(NotMalicious))
                .check()
                .is_ok()
        );
        assert!(
            update(Some(InformationalExpectedActivity), Some(ConfirmedActivity))
                .check()
                .is_ok()
        );
        let refused = update(Some(FalsePositive), Some(Malware))
            .check()
            .unwrap_err();
        assert_eq!(
            refused.0,
            "determination Malware does not go with classification FalsePositive (it allows Clean, InsufficientData, Other)"
        );
        assert!(update(None, Some(Malware)).check().is_err());
        assert!(update(Some(Classification::Unknown), None).check().is_err());
        assert!(update(Some(TruePositive), Some(Apt)).check().is_err());
    }

    #[test]
    fn free_text_is_bounded_and_inert() {
        let assign = |a: &str| AlertUpdate {
            assigned_to: Some(a.into()),
            ..AlertUpdate::default()
        };
        assert!(assign("analyst@contoso.com").check().is_ok());
        for bad in [
            "evil\u{1b}]0;PWN\u{7}@x.com",
            "a b@x.com",
            "nobody",
            "@x.com",
            "a@",
            "a\u{202e}@x.com",
        ] {
            assert!(assign(bad).check().is_err(), "{bad:?}");
        }
        assert!(
            assign(&format!("{}@x.com", "a".repeat(260)))
                .check()
                .is_err()
        );
        let comment = |c: String| AlertUpdate {
            comment: Some(c),
            ..AlertUpdate::default()
        };
        assert!(
            comment("line one\nline two\twith a tab".into())
                .check()
                .is_ok()
        );
        assert!(comment("x".repeat(MAX_COMMENT_CHARS)).check().is_ok());
        assert!(comment("x".repeat(120 * 1024)).check().is_err());
        assert!(comment("bad \u{9b}31m".into()).check().is_err());
        assert!(comment("bidi \u{202e}".into()).check().is_err());
        let message = assign("evil\u{1b}]0;PWN\u{7}@x.com").check().unwrap_err().0;
        assert!(
            !message.chars().any(crate::sanitize::is_unsafe),
            "{message}"
        );
        assert!(AlertUpdate::default().check().is_err());
    }
}
