//! What can go wrong with one API call, in terms an analyst can act on.

use std::time::Duration;

use super::auth::AuthError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("not signed in or the token was rejected (401): {message}")]
    Unauthorized { message: String },
    #[error("missing permission {permission} (403): {message}")]
    Forbidden { permission: String, message: String },
    #[error("throttled by the API (429){}: {message}", wait_text(*.retry_after))]
    Throttled {
        retry_after: Option<Duration>,
        message: String,
    },
    #[error("the API refused the request ({code}): {message}")]
    BadRequest { code: String, message: String },
    #[error("server error {status}: {message}")]
    Server { status: u16, message: String },
    #[error("the API did not answer in time")]
    Timeout,
    #[error("network: {0}")]
    Network(String),
    #[error("unreadable answer: {0}")]
    Decode(String),
    #[error("the answer is larger than the {} cap", size(*limit))]
    TooLarge {
        limit: usize,
        /// What was asked, so a list can be asked again in smaller pages.
        url: Option<reqwest::Url>,
    },
    #[error("{0}")]
    Auth(#[from] AuthError),
    #[error("refused to follow a next-page link to another host: {0}")]
    ForeignNextLink(String),
    #[error("refused a next-page link: {0}")]
    BadNextLink(String),
    #[error("stopped after {pages} pages: a list that long is more likely a server fault")]
    TooManyPages { pages: u32 },
    /// Refused or given up before it was sent: nothing reached the API.
    #[error("not sent: {0}")]
    NotSent(String),
    #[error(
        "the API answered about alert {answered} when {asked} was written; the answer was not used"
    )]
    WrongTarget { asked: String, answered: String },
    #[error(
        "the API answered {status} pointing to {location}; redirects are never followed (they would carry the token)"
    )]
    Redirected { status: u16, location: String },
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

fn wait_text(retry_after: Option<Duration>) -> String {
    retry_after.map_or_else(String::new, |d| format!(", retry in {} s", d.as_secs()))
}

impl ApiError {
    /// Worth trying again after a pause: the fault is likely passing.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Server { .. }
                | Self::Timeout
                | Self::Network(_)
                | Self::Auth(AuthError::Network(_))
        )
    }

    /// A one-line summary for a status line or the exit message.
    pub fn short(&self) -> String {
        let text = self.to_string();
        match text.char_indices().nth(160) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    }
}
