//! Which alerts a queue shows: its scope, the `$filter` it asks with, and its words.

use crate::api::AlertQuery;
use crate::api::model::{AlertStatus, Severity};

/// How many alerts the queue asks for in one call (one window; more as the analyst scrolls).
pub const QUEUE_TOP: usize = 500;

/// Which alerts the queue shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Not resolved.
    Open,
    /// Not looked at yet.
    New,
    /// High severity and not resolved.
    High,
    /// Assigned to this analyst and not resolved.
    Mine(String),
    /// Assigned to nobody and not resolved.
    Unassigned,
}

impl Scope {
    /// The scopes' words, in the order their keys (1–5) and completions offer them.
    pub const WORDS: [&'static str; 5] = ["open", "new", "high", "mine", "unassigned"];

    /// The scope a word names (`:queue high`); `me` is who `mine` means.
    pub fn named(word: &str, me: Option<&str>) -> Result<Self, String> {
        Ok(match word.trim().to_ascii_lowercase().as_str() {
            "" | "open" => Self::Open,
            "new" => Self::New,
            "high" => Self::High,
            "mine" | "me" => Self::Mine(
                me.ok_or(
                    "the queue cannot tell who you are: set me = \"you@example.com\" in the config",
                )?
                .to_owned(),
            ),
            "unassigned" | "nobody" => Self::Unassigned,
            other => {
                return Err(format!(
                    "no queue scope “{other}” (open, new, high, mine, unassigned)"
                ));
            }
        })
    }

    /// The word for the scope, in crumbs, titles and file names.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::New => "new",
            Self::High => "high",
            Self::Mine(_) => "mine",
            Self::Unassigned => "unassigned",
        }
    }

    pub fn query(&self) -> AlertQuery {
        let open = AlertQuery {
            open: true,
            top: QUEUE_TOP,
            ..AlertQuery::default()
        };
        match self {
            Self::Open => open,
            Self::New => AlertQuery {
                open: false,
                statuses: vec![AlertStatus::New],
                ..open
            },
            Self::High => AlertQuery {
                min_severity: Some(Severity::High),
                ..open
            },
            Self::Mine(me) => AlertQuery {
                assigned_to: Some(Some(me.clone())),
                ..open
            },
            Self::Unassigned => AlertQuery {
                assigned_to: Some(None),
                ..open
            },
        }
    }

    /// What the queue's header says the scope is.
    pub fn describe(&self) -> String {
        match self {
            Self::Open => "alerts not resolved".to_owned(),
            Self::New => "new alerts".to_owned(),
            Self::High => "high-severity alerts not resolved".to_owned(),
            Self::Mine(me) => format!("alerts assigned to {me}, not resolved"),
            Self::Unassigned => "alerts assigned to nobody, not resolved".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    #[test]
    fn each_scope_is_one_filter() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let filter = |s: Scope| s.query().filter(now).unwrap();
        assert_eq!(filter(Scope::Open), "status ne 'Resolved'");
        assert_eq!(filter(Scope::New), "status in ('New')");
        assert_eq!(
            filter(Scope::High),
            "status ne 'Resolved' and severity in ('High')"
        );
        assert_eq!(
            filter(Scope::named("mine", Some("a@b.c")).unwrap()),
            "status ne 'Resolved' and assignedTo eq 'a@b.c'"
        );
        assert_eq!(
            filter(Scope::Unassigned),
            "status ne 'Resolved' and assignedTo eq null"
        );
        assert!(Scope::named("mine", None).unwrap_err().contains("me ="));
        assert!(Scope::named("urgent", None).is_err());
    }
}
