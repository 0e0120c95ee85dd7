//! What is fixed for the whole run: who and where we are, and how the analyst set things up.

use crate::entity::queue::Scope;
use std::time::Duration;

use super::keymap::Keymap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    /// No colour at all (`NO_COLOR`).
    Mono,
}

#[derive(Debug, Clone)]
pub struct Session {
    /// "DEMO", or the tenant / credential in use.
    pub label: String,
    /// The embedded demo tenant: the status bar says so loudly.
    pub demo: bool,
    /// The cloud's portal host, for `o`.
    pub portal: String,
    /// The tenant, for portal links (`tid=`).
    pub tenant_id: Option<String>,
    pub keymap: Keymap,
    pub theme: ThemeName,
    /// Whether the terminal captures the mouse (config `mouse = true`).
    pub mouse: bool,
    /// Running inside tmux, whose `set-clipboard` decides whether a copy arrives.
    pub tmux: bool,
    /// When the session began, on the wall clock (the runtime reads it; tests fix it).
    pub started: std::time::SystemTime,
    /// How long an answer stays fresh: a list row younger than this stands for its entity.
    pub fresh_for: Duration,
    /// Fetching the view a resting selection would open, in the background; `None` is off.
    pub prefetch: Option<Prefetch>,
    /// No writes: no write key, no write command (`--read-only`, `read_only = true`).
    pub read_only: bool,
    /// Writes to this many alerts or more are confirmed by typing their count.
    pub typed_confirm_at: usize,
    /// The most rows a live queue holds: its window and the new alerts since, up to this.
    pub live_cap: usize,
    /// Who "me" is when assigning (config `me`, else the token's user when it names one).
    pub me: Option<String>,
    /// The permissions the token carries (its `roles` or `scp`), when it says: the response
    /// menu dims what it cannot do. `None`: not known (yet — client credentials sign in on
    /// the first call, and the engine says them then), nothing dimmed.
    pub permissions: Option<Vec<String>>,
    /// The queue under the search box where the session starts (`None`: the box alone).
    pub start_queue: Option<Scope>,
    /// How often a live queue may ask what changed (`None`: never): its share of the hourly
    /// budget as a period, see `live::period`.
    pub live_every: Option<Duration>,
    /// Full times in this zone (the local one, by config); `None`: UTC.
    pub time_offset: Option<time::UtcOffset>,
    /// The saved hunts (`H`): the shipped ones and the analyst's own.
    pub hunts: Vec<crate::api::Template>,
    /// Where a package is offered to go first: the working directory the session began in.
    pub folder: String,
    /// The timeline of alerts over time shows in the views' headers (config `timeline`;
    /// `w` turns it and the config remembers).
    pub timeline: bool,
}

/// When prefetch may spend a call: after the selection rests `dwell`, and only while the
/// tightest API's windows are below the given shares (the engine enforces them too).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prefetch {
    pub dwell: Duration,
    pub minute: f64,
    pub hour: f64,
}

impl Default for Prefetch {
    fn default() -> Self {
        Self {
            dwell: Duration::from_millis(400),
            minute: 0.5,
            hour: 0.7,
        }
    }
}

impl Session {
    /// A session on the embedded demo tenant with default settings.
    pub fn demo() -> Self {
        Self {
            label: "DEMO".to_owned(),
            demo: true,
            // The fixed demo tenant's "now" (noon of its incident's day), so ages and clocks
            // read the same on every run.
            started: std::time::UNIX_EPOCH + Duration::from_secs(1_795_089_600),
            ..Self::remote("")
        }
    }

    /// A session on a real tenant, labelled by the credential in use.
    pub fn remote(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            demo: false,
            portal: "https://security.microsoft.com".to_owned(),
            tenant_id: None,
            keymap: Keymap::default(),
            theme: ThemeName::Dark,
            mouse: false,
            tmux: false,
            started: std::time::SystemTime::UNIX_EPOCH,
            fresh_for: Duration::from_secs(300),
            prefetch: Some(Prefetch::default()),
            read_only: false,
            typed_confirm_at: 10,
            live_cap: 5_000,
            me: None,
            permissions: None,
            start_queue: None,
            live_every: None,
            time_offset: None,
            folder: ".".to_owned(),
            hunts: Vec::new(),
            timeline: false,
        }
    }
}
