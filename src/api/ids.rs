//! Identities as an analyst types them and as the API wants them in a path.
//!
//! Every id that reaches a URL goes through [`path_segment`], which percent-encodes all but the
//! RFC 3986 unreserved characters, so an id can only ever be one path segment: `../machines`,
//! `a/b`, `x?y#z` and `%2e%2e` are data, never navigation or a query.

use std::fmt;
use std::hash::{Hash, Hasher};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Longest id accepted; real ids are under 100 characters.
const MAX_ID_LEN: usize = 256;

/// Everything except `A-Z a-z 0-9 - . _ ~` is escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("the {0} is empty")]
    Empty(&'static str),
    #[error("the {0} is longer than {MAX_ID_LEN} characters")]
    TooLong(&'static str),
    #[error("“{1}” is not a valid {0}")]
    Invalid(&'static str, String),
}

/// Percent-encodes `raw` as exactly one path segment.
pub fn path_segment(raw: &str) -> String {
    utf8_percent_encode(raw, SEGMENT).to_string()
}

/// Shared checks: trimmed, non-empty, bounded, and never a dot segment (which URL parsers
/// resolve even when the dots are escaped).
fn validate(kind: &'static str, input: &str) -> Result<String, IdError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(IdError::Empty(kind));
    }
    if trimmed.chars().count() > MAX_ID_LEN {
        return Err(IdError::TooLong(kind));
    }
    // `$count`, `$metadata`, `$value` and the like are OData's own segments: as an id they
    // would reach another endpoint (`alerts/$count`), so no id may start with `$`.
    if trimmed == "."
        || trimmed == ".."
        || trimmed.starts_with('$')
        || trimmed.chars().any(char::is_control)
    {
        return Err(IdError::Invalid(kind, trimmed.escape_debug().to_string()));
    }
    Ok(trimmed.to_owned())
}

/// A user as the API's `/users/{id}` paths want it: the bare account name.
///
/// Analysts type `jdoe`, `jdoe@contoso.com` or `CONTOSO\jdoe`; responses say `contoso\jdoe`.
/// All of them name the same account. Equality and hashing ignore case and domain, because the
/// API itself only sees the bare name (the same name in two domains is ambiguous there too).
#[derive(Clone)]
pub struct UserName {
    name: String,
    domain: Option<String>,
    key: String,
}

impl UserName {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let text = validate("user name", input)?;
        let (domain, name) = if let Some((domain, name)) = text.rsplit_once('\\') {
            (Some(domain.trim()), name.trim())
        } else if let Some((name, domain)) = text.rsplit_once('@') {
            (Some(domain.trim()), name.trim())
        } else {
            (None, text.as_str())
        };
        if name.is_empty() {
            return Err(IdError::Empty("user name"));
        }
        if name == "." || name == ".." || name.starts_with('$') {
            return Err(IdError::Invalid("user name", name.to_owned()));
        }
        Ok(Self {
            key: name.to_lowercase(),
            name: name.to_owned(),
            domain: domain.filter(|d| !d.is_empty()).map(str::to_owned),
        })
    }

    /// The bare account name the API wants.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The domain the analyst typed or the API reported, when known.
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_deref()
    }

    pub fn segment(&self) -> String {
        path_segment(&self.name)
    }
}

impl PartialEq for UserName {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for UserName {}
impl Hash for UserName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Debug for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.domain {
            Some(d) => write!(f, "UserName({d}\\{})", self.name),
            None => write!(f, "UserName({})", self.name),
        }
    }
}

macro_rules! opaque_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn parse(input: &str) -> Result<Self, IdError> {
                validate($kind, input).map(Self)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn segment(&self) -> String {
                path_segment(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

opaque_id!(
    /// An alert id: `da…_…`, `ar…`, `da<guid>_1` or an old all-digit id. Opaque to us.
    AlertId,
    "alert id"
);
opaque_id!(
    /// A machine: its 40-hex device id, or its computer name (the API accepts both).
    MachineId,
    "machine id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_forms_reduce_to_the_bare_account_name() {
        for input in ["jdoe", "jdoe@contoso.com", "CONTOSO\\jdoe", "  JDoe  "] {
            let user = UserName::parse(input).unwrap();
            assert_eq!(user.name().to_lowercase(), "jdoe", "{input}");
            assert_eq!(user, UserName::parse("jdoe").unwrap());
        }
        assert_eq!(
            UserName::parse("CONTOSO\\jdoe").unwrap().domain(),
            Some("CONTOSO")
        );
        assert_eq!(
            UserName::parse("jdoe@contoso.com").unwrap().domain(),
            Some("contoso.com")
        );
    }

    #[test]
    fn local_accounts_with_spaces_are_encoded() {
        let user = UserName::parse("WKS-07\\Guest User").unwrap();
        assert_eq!(user.segment(), "Guest%20User");
    }

    #[test]
    fn empty_and_dot_ids_are_rejected() {
        assert!(UserName::parse("").is_err());
        assert!(UserName::parse("CONTOSO\\").is_err());
        assert!(UserName::parse("@contoso.com").is_err());
        assert!(AlertId::parse("..").is_err());
        assert!(MachineId::parse(".").is_err());
        assert!(AlertId::parse("a\u{1b}[2J").is_err());
        assert!(AlertId::parse(&"x".repeat(300)).is_err());
    }

    #[test]
    fn odata_segments_are_not_ids() {
        assert!(UserName::parse("CONTOSO\\$count").is_err());
        for id in ["$count", "$metadata", "$value", " $batch", "$ref"] {
            assert!(AlertId::parse(id).is_err(), "{id}");
            assert!(MachineId::parse(id).is_err(), "{id}");
            assert!(UserName::parse(id).is_err(), "{id}");
        }
        assert!(
            AlertId::parse("da6386_$1").is_ok(),
            "a dollar inside is an id"
        );
    }

    #[test]
    fn hostile_ids_stay_one_segment() {
        for (raw, encoded) in [
            ("../machines", "..%2Fmachines"),
            ("a/b", "a%2Fb"),
            ("x?y#z", "x%3Fy%23z"),
            ("%2e%2e", "%252e%252e"),
            ("a\\b", "a%5Cb"),
            ("lt-ops-117.ad.fabrikam.com", "lt-ops-117.ad.fabrikam.com"),
            (
                "da638533212345678901_-1204857733",
                "da638533212345678901_-1204857733",
            ),
        ] {
            assert_eq!(path_segment(raw), encoded, "{raw}");
        }
    }
}
