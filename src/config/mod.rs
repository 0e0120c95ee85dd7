//! Settings: flags, then environment (both through clap), then the config file. An unknown key
//! or a bad value in the file is an error that names it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::api::cloud::Endpoints;
use crate::api::{Credentials, Secret};
use crate::app::ThemeName;
use crate::app::keymap::Keymap;
use crate::app::session::Prefetch;
use crate::cli::GlobalArgs;
use crate::engine::Limits;
use features::{live_share, local_times, prefetch_settings};
pub use file::{AuthMethod, BudgetScope, ConfigError, ConfigFile, KeysEntry, flat_keys};

/// Who "me" is on the demo tenant: the analyst its storyline assigns incident 2211's alerts to
/// (`assets/demo/storyline.json`).
pub const DEMO_ME: &str = "mlopez@contoso.com";

/// Writes to this many alerts or more are confirmed by typing their count, by default.
pub const TYPED_CONFIRM_AT: usize = 10;

pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("mdetui").join("config.toml"))
}

pub fn state_dir() -> PathBuf {
    dirs::state_dir()
        .or_else(dirs::cache_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("mdetui")
}

/// Reads the config file; a missing default file is an empty config, a missing named one an error.
pub fn load_file(explicit: Option<&Path>) -> Result<ConfigFile, ConfigError> {
    let (path, required) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_config_path() {
            Some(p) => (p, false),
            None => return Ok(ConfigFile::default()),
        },
    };
    let text = match read_capped(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(ConfigFile::default());
        }
        Err(e) => {
            return Err(ConfigError::File {
                path,
                message: e.to_string(),
            });
        }
    };
    parse(&text).map_err(|message| ConfigError::File { path, message })
}

/// A config file is small text: read at most [`MAX_CONFIG_BYTES`], and only from a regular
/// file (a FIFO or a device such as `/dev/zero` would hang or eat memory).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

fn read_capped(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "not a regular file; a config must be a plain text file",
        ));
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} KiB; a config is a few lines of text",
            MAX_CONFIG_BYTES / 1024
        )));
    }
    Ok(text)
}

/// Parses the file; an error says the line and what is wrong there, on one line.
pub fn parse(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(line) => format!("line {line}: {}", e.message()),
            None => e.message().to_owned(),
        }
    })
}

/// Where to talk and as whom. Built once at start-up, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Target {
    /// Start the embedded simulator and explore the demo tenant.
    Demo,
    Remote {
        endpoints: Endpoints,
        credentials: Credentials,
        /// Graph's sign-in, for hunting: the same app or Azure CLI account with Graph's scope,
        /// or `MDETUI_GRAPH_TOKEN` beside a static token; `None`: no hunting.
        graph: Option<Credentials>,
    },
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub target: Target,
    pub limits: Limits,
    /// Graph's hunting allowance (its own family).
    pub hunt_limits: Limits,
    pub cache_ttl: Duration,
    pub timeout: Duration,
    pub keymap: Keymap,
    pub theme: ThemeName,
    pub mouse: bool,
    pub start_queue: bool,
    /// The timeline of alerts over time in the views' headers.
    pub timeline: bool,
    /// Full times in the local zone rather than UTC.
    pub local_times: bool,
    /// The share of the hourly budget a live queue may spend; `None`: not live.
    pub live_share: Option<f64>,
    /// `None`: prefetch is off.
    pub prefetch: Option<Prefetch>,
    pub read_only: bool,
    /// Writes to this many alerts or more are confirmed by typing their count.
    pub typed_confirm_at: usize,
    /// The most rows a live queue holds.
    pub live_cap: usize,
    pub me: Option<String>,
    /// The team's budget: URL, one set of windows for all APIs, shared answers.
    pub team: Option<TeamSettings>,
}

/// Where the team's budget is, as configured (the credentials complete it).
#[derive(Clone)]
pub struct TeamSettings {
    pub url: String,
    pub password: Option<String>,
    pub scope: BudgetScope,
    /// Shared answers, authenticated with this team key (`MDETUI_TEAM_KEY`); `None`: off.
    pub shared_cache: Option<Secret>,
}

impl std::fmt::Debug for TeamSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamSettings")
            .field("url", &crate::engine::team::redact(&self.url))
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("scope", &self.scope)
            .field("shared_cache", &self.shared_cache.is_some())
            .finish()
    }
}

/// The shortest team key accepted for the shared cache.
const TEAM_KEY_MIN: usize = 16;

/// `shared_cache = true` needs the team's key, from the environment only: without it anyone
/// who can write to the Redis could serve every analyst a crafted answer.
fn team_key(value: Option<String>) -> Result<Secret, ConfigError> {
    match value.map(|v| v.trim().to_owned()) {
        Some(key) if key.chars().count() >= TEAM_KEY_MIN => Ok(Secret::new(key)),
        _ => Err(ConfigError::Incomplete(format!(
            "shared_cache = true needs MDETUI_TEAM_KEY in the environment (a secret of at least {TEAM_KEY_MIN} characters the team shares): without it, anyone who can write to the Redis could serve every analyst a crafted answer"
        ))),
    }
}

/// Combines flags/environment with the file. `token` and `secret` come from the environment
/// only (`MDETUI_TOKEN`, `AZURE_CLIENT_SECRET`), never from a flag or file, so they stay out of
/// shell history and process lists.
pub fn resolve(
    args: &GlobalArgs,
    file: ConfigFile,
    token: Option<String>,
    secret: Option<String>,
    no_color: bool,
) -> Result<Settings, ConfigError> {
    let defaults = Limits::default();
    let limits = Limits {
        per_minute: args
            .calls_per_minute
            .or(file.calls_per_minute)
            .unwrap_or(defaults.per_minute),
        per_hour: args
            .calls_per_hour
            .or(file.calls_per_hour)
            .unwrap_or(defaults.per_hour),
    };
    for (name, value) in [
        ("calls_per_minute", limits.per_minute),
        ("calls_per_hour", limits.per_hour),
    ] {
        if value == 0 {
            return Err(ConfigError::Incomplete(format!(
                "{name} = 0 would allow no call at all: give at least 1 (Defender allows 100 a minute and 1,500 an hour)"
            )));
        }
    }
    let hunt_limits = Limits {
        per_minute: file
            .hunt_calls_per_minute
            .unwrap_or(crate::engine::HUNT_LIMITS.per_minute)
            .max(1),
        per_hour: file
            .hunt_calls_per_hour
            .unwrap_or(crate::engine::HUNT_LIMITS.per_hour)
            .max(1),
    };
    if file.timeout_secs == Some(0) {
        return Err(ConfigError::Incomplete(
            "timeout_secs = 0 would fail every call: give the seconds to wait for an answer (default 30)".into(),
        ));
    }
    let prefetch = prefetch_settings(&file)?;
    let live_share = live_share(&file)?;
    let local_times = local_times(&file)?;
    let cache_ttl = Duration::from_secs(file.cache_ttl_secs.unwrap_or(300));
    let timeout = Duration::from_secs(file.timeout_secs.unwrap_or(30));
    let read_only = args.read_only || file.read_only == Some(true);
    let mut keymap = match &file.keys {
        Some(keys) => Keymap::with_overrides(&flat_keys(keys)).map_err(ConfigError::Keys)?,
        None => Keymap::default(),
    };
    if read_only {
        keymap.remove_writes();
    }
    let me = file.me.clone().filter(|m| !m.trim().is_empty());
    let shared_cache = match file.shared_cache {
        Some(true) => Some(team_key(std::env::var("MDETUI_TEAM_KEY").ok())?),
        _ => None,
    };
    let team = std::env::var("MDETUI_BUDGET_URL")
        .ok()
        .or(file.budget_url.clone())
        .filter(|u| !u.trim().is_empty())
        .map(|url| TeamSettings {
            url,
            password: std::env::var("MDETUI_REDIS_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty()),
            scope: file.budget_scope.unwrap_or_default(),
            shared_cache,
        });
    let mouse = file.mouse.unwrap_or(false);
    let start_queue = file.start_queue.unwrap_or(true);
    let theme = if no_color {
        ThemeName::Mono
    } else {
        file.theme.unwrap_or_default()
    };
    let settings = |target| Settings {
        target,
        limits,
        hunt_limits,
        cache_ttl,
        timeout,
        keymap: keymap.clone(),
        theme,
        mouse,
        start_queue,
        timeline: file.timeline.unwrap_or(false),
        local_times,
        live_share,
        prefetch,
        read_only,
        typed_confirm_at: file.typed_confirm_at.unwrap_or(TYPED_CONFIRM_AT).max(1),
        live_cap: file.live_cap.unwrap_or(5_000).max(500),
        me: me.clone(),
        team: team.clone(),
    };
    let tenant = args.tenant_id.clone().or(file.tenant_id);
    let client_id = args.client_id.clone().or(file.client_id);
    let azure_cli = args.azure_cli || file.auth == Some(AuthMethod::AzureCli);
    let token = token.filter(|t| !t.trim().is_empty());
    let secret = secret.filter(|s| !s.is_empty());
    let secret_set = secret.is_some();
    let credentials = if let Some(token) = token {
        Some(Credentials::StaticToken(Secret::new(token.trim())))
    } else if azure_cli {
        Some(Credentials::AzureCli)
    } else if let (Some(tenant), Some(client_id), Some(secret)) =
        (tenant.clone(), client_id.clone(), secret)
    {
        Some(Credentials::ClientSecret {
            tenant,
            client_id,
            secret: Secret::new(secret),
        })
    } else {
        None
    };
    // "Me" is the config's, else the user a delegated token was issued to.
    let me_or_token = me.clone().or_else(|| match &credentials {
        Some(Credentials::StaticToken(token)) => token.user_claim(),
        _ => None,
    });
    let settings = |target| Settings {
        me: me_or_token.clone(),
        ..settings(target)
    };
    let api_url = args.api_url.clone().or(file.api_url);
    let Some(credentials) = credentials.filter(|_| !args.demo) else {
        if args.demo || (api_url.is_none() && tenant.is_none() && client_id.is_none()) {
            // The demo's analyst, unless the config names another: "mine" and "me" then
            // mean the alerts the storyline assigned to her.
            return Ok(Settings {
                me: me_or_token.clone().or_else(|| Some(DEMO_ME.to_owned())),
                ..settings(Target::Demo)
            });
        }
        // Some of an app's sign-in is there: say exactly what is missing.
        let parts = [
            ("AZURE_TENANT_ID", tenant.is_some()),
            ("AZURE_CLIENT_ID", client_id.is_some()),
            ("AZURE_CLIENT_SECRET", secret_set),
        ];
        let given: Vec<&str> = parts.iter().filter(|p| p.1).map(|p| p.0).collect();
        let missing: Vec<&str> = parts.iter().filter(|p| !p.1).map(|p| p.0).collect();
        if !given.is_empty() && !missing.is_empty() {
            return Err(ConfigError::Incomplete(format!(
                "signing in as an app needs {}: {} {} set, {} missing (or set MDETUI_TOKEN, or use --azure-cli, or --demo)",
                "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET",
                given.join(" and "),
                if given.len() == 1 { "is" } else { "are" },
                missing.join(" and "),
            )));
        }
        return Err(ConfigError::Incomplete(
            "no credentials: set MDETUI_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or use --azure-cli (or --demo for the demo tenant)".into(),
        ));
    };
    let mut endpoints = Endpoints::for_cloud(
        args.cloud.or(file.cloud).unwrap_or_default(),
        args.region.or(file.region),
    )?;
    if let Some(url) = api_url {
        endpoints = endpoints.with_api_url(&url)?;
    }
    if let Some(host) = args.authority_host.clone().or(file.authority_host) {
        endpoints = endpoints.with_authority(&host)?;
    }
    if let Some(url) = args.graph_url.clone().or(file.graph_url) {
        endpoints = endpoints.with_graph_url(&url)?;
    }
    let graph = graph_credentials(&credentials, std::env::var("MDETUI_GRAPH_TOKEN").ok());
    Ok(settings(Target::Remote {
        endpoints,
        credentials,
        graph,
    }))
}

/// The sign-in for Graph: an app's or the Azure CLI's own (a token for Graph's audience is
/// asked for separately), or a static Graph token given beside a static Defender one.
pub fn graph_credentials(
    credentials: &Credentials,
    graph_token: Option<String>,
) -> Option<Credentials> {
    match credentials {
        Credentials::ClientSecret { .. } | Credentials::AzureCli => Some(credentials.clone()),
        Credentials::StaticToken(_) => graph_token
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .map(|t| Credentials::StaticToken(Secret::new(t))),
    }
}

mod features;
mod file;
pub mod hunts;
#[cfg(test)]
mod tests;
