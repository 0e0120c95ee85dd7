//! The API's entities as they arrive on the wire.
//!
//! Real responses carry undocumented fields, miss documented ones and are full of nulls, so almost
//! every field is optional, unknown keys are ignored, enums keep values they do not know
//! (`Other`), numbers the docs call strings are accepted either way, and timestamps keep their
//! raw text when they do not parse. Nothing in a response decodes into an error that a human
//! would not also call broken.

mod alert;
mod decode;
mod enums;
mod file;
mod machine;
mod shared;
mod user;

use serde::Deserialize;

pub use alert::{Alert, Comment, Evidence, LOGGED_ON, LoggedOnUser, RelatedUser};
/// Nulls as empty lists, for the wire types of kinds declared in their own API modules too.
pub(in crate::api) use decode::null_as_default;
pub use decode::{SHORT_FORMAT, Timestamp};
pub use enums::*;
pub use file::{DomainStats, File, FileStats, IpStats, OrgStats};
pub use machine::{IpAddress, Machine, VmMetadata, names_machine, short_host};
pub use shared::{Shared, SharedList, forget as forget_shared, share};
pub use user::User;

/// The list envelope: `{"value": [...], "@odata.nextLink": "..."}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Collection<T> {
    #[serde(default = "Vec::new", deserialize_with = "null_as_default")]
    pub value: Vec<T>,
    #[serde(default, rename = "@odata.nextLink")]
    pub next_link: Option<String>,
}

/// `{"error": {"code", "message", "target"}}`; every part optional, since proxies and gateways
/// answer with other shapes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: Option<ErrorDetail>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorDetail {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
}

#[cfg(test)]
mod tests;
