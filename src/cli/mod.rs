//! Command-line arguments. Flags win over environment variables (clap reads both), which win
//! over the config file (see `config.rs`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod args;
mod indicator;
mod kinds;

use crate::api::{Cloud, Region};
use crate::sim::Faults;
use crate::sim::generate::ScaleSpec;
pub use args::{AuditArgs, Output, QueueArgs, WriteArgs, parse_span};
pub use indicator::{AddArgs, IndicatorCommand};
pub use kinds::KindCommand;

#[derive(Debug, Parser)]
#[command(
    name = "mdetui",
    version,
    about = "A keyboard-driven terminal explorer for the Microsoft Defender for Endpoint API",
    long_about = "A keyboard-driven terminal explorer for the Microsoft Defender for Endpoint API.\n\n\
        With no command, opens the explorer. With no credentials configured, it explores the \
        built-in demo tenant through an embedded simulator.\n\n\
        Credentials, in order: MDETUI_TOKEN (a bearer token); AZURE_TENANT_ID + AZURE_CLIENT_ID + \
        AZURE_CLIENT_SECRET (an app registration); --azure-cli (the signed-in Azure CLI user).\n\n\
        Config file: $XDG_CONFIG_HOME/mdetui/config.toml (keys: tenant_id, client_id, cloud, region, \
        api_url, authority_host, auth, calls_per_minute, calls_per_hour, cache_ttl_secs, timeout_secs, theme, and a [keys] table \
        that rebinds actions; see the README).\n\
        Logs: $XDG_STATE_HOME/mdetui/mdetui.log."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The arguments, or the one line that says what is wrong with them — as every other
    /// mistake is said — instead of clap's several. Help and the version print and exit.
    pub fn parse_or_say() -> Result<Self, String> {
        use clap::error::ErrorKind;
        Self::try_parse().map_err(|e| match e.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
            _ => one_line(&e.render().to_string()),
        })
    }
}

/// clap's error, its usage and tips left out: `invalid value 'machines' for '[PART]'
/// [possible values: alerts, stats] (mdetui --help says more)`.
fn one_line(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut out = first
        .trim_start_matches("error: ")
        .trim_end_matches(':')
        .to_owned();
    for line in lines.take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more")) {
        if !line.starts_with("tip:") {
            out.push(' ');
            out.push_str(line);
        }
    }
    format!("{out} (mdetui --help says more)")
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Explore the built-in demo tenant (an embedded simulator on loopback)
    #[arg(long, global = true)]
    pub demo: bool,
    /// API base URL, for the simulator or a proxy (plain http only on loopback)
    #[arg(
        long,
        global = true,
        env = "MDETUI_API_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub api_url: Option<String>,
    /// Microsoft Graph base URL for hunting (a proxy or the simulator; plain http only on loopback)
    #[arg(
        long,
        global = true,
        env = "MDETUI_GRAPH_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub graph_url: Option<String>,
    /// Cloud whose hosts to use
    #[arg(
        long,
        global = true,
        env = "MDETUI_CLOUD",
        hide_env_values = true,
        value_enum
    )]
    pub cloud: Option<Cloud>,
    /// Geographic API host (us, eu, uk, au, swa, ina, aea)
    #[arg(
        long,
        global = true,
        env = "MDETUI_REGION",
        hide_env_values = true,
        value_enum
    )]
    pub region: Option<Region>,
    /// Entra tenant id of the app registration
    #[arg(
        long,
        global = true,
        env = "AZURE_TENANT_ID",
        hide_env_values = true,
        value_name = "ID"
    )]
    pub tenant_id: Option<String>,
    /// Application (client) id of the app registration; its secret is read from AZURE_CLIENT_SECRET
    #[arg(
        long,
        global = true,
        env = "AZURE_CLIENT_ID",
        hide_env_values = true,
        value_name = "ID"
    )]
    pub client_id: Option<String>,
    /// Login host, e.g. https://login.microsoftonline.us
    #[arg(
        long,
        global = true,
        env = "AZURE_AUTHORITY_HOST",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub authority_host: Option<String>,
    /// Sign in with the Azure CLI's current account (az account get-access-token)
    #[arg(long, global = true)]
    pub azure_cli: bool,
    /// Calls per minute allowed per API (Defender: 100)
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub calls_per_minute: Option<u32>,
    /// Calls per hour allowed per API (Defender: 1,500)
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub calls_per_hour: Option<u32>,
    /// No writes: no triage key in the explorer, write commands refused
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Config file (default: $XDG_CONFIG_HOME/mdetui/config.toml)
    #[arg(
        long,
        global = true,
        env = "MDETUI_CONFIG",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A kind's one-shot, as the entity registry declares it (user, machine, file, ip,
    /// domain…).
    #[command(flatten)]
    Kind(KindCommand),
    /// An alert, or its user, machine or evidence; `set` changes it
    /// (status=resolved assignedto=me classification=truepositive determination=malware)
    Alert {
        id: String,
        #[arg(value_enum)]
        related: Option<AlertPart>,
        /// With `set`: the changes, as field=value
        changes: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
        #[command(flatten)]
        output: Output,
    },
    /// The tenant's alerts, newest first (not resolved, unless --all or --status says so);
    /// `alerts set field=value… --ids FILE` changes many at once (`--ids -`: standard input)
    Alerts {
        #[arg(value_enum)]
        action: Option<AlertsAction>,
        /// With `set`: the changes, as field=value
        changes: Vec<String>,
        /// With `set`: a file of alert ids, one a line (`-`: standard input)
        #[arg(long, value_name = "FILE")]
        ids: Option<PathBuf>,
        #[command(flatten)]
        scope: QueueArgs,
        #[command(flatten)]
        write: WriteArgs,
        #[command(flatten)]
        output: Output,
    },
    /// An incident's summary (from its alerts), or its alerts, users or machines
    Incident {
        id: i64,
        #[arg(value_enum)]
        related: Option<IncidentPart>,
        #[command(flatten)]
        output: Output,
    },
    /// A response action by its id; `cancel --comment …` cancels it before it ends
    Action {
        id: String,
        #[arg(value_enum)]
        cancel: Option<ActionPart>,
        /// With cancel: why (required)
        #[arg(long)]
        comment: Option<String>,
        /// With cancel: do not ask for confirmation on a terminal
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        output: Output,
    },
    /// Submit, delete or import custom indicators (writes; refused with --read-only)
    Indicator {
        #[command(subcommand)]
        action: IndicatorCommand,
    },
    /// Run an advanced hunting query (KQL) through Microsoft Graph: as typed, from a file, or
    /// a saved hunt with its parameters (mdetui hunt --saved machine-logons --param machine=wks-fin-042)
    Hunt(HuntArgs),
    /// The audit log of writes: an intent and a result record for each target written
    Audit(AuditArgs),
    /// Serve the Defender API simulator on loopback
    Simulate(SimulateArgs),
}

impl Command {
    /// Whether the command changes the tenant (`alert ID set`, `alerts set`).
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Self::Alerts {
                action: Some(AlertsAction::Set),
                ..
            } | Self::Alert {
                related: Some(AlertPart::Set),
                ..
            } | Self::Indicator { .. }
                | Self::Action {
                    cancel: Some(ActionPart::Cancel),
                    ..
                }
        ) || matches!(self, Self::Kind(kind) if kind.is_write())
    }
}

/// `mdetui hunt`: the query, from one place, and how much time it covers.
#[derive(Debug, Clone, clap::Args)]
pub struct HuntArgs {
    /// The KQL query (or use --file, or --saved)
    #[arg(conflicts_with_all = ["file", "saved"])]
    pub query: Option<String>,
    /// Read the query from a file (`-`: standard input)
    #[arg(long, value_name = "FILE", conflicts_with = "saved")]
    pub file: Option<PathBuf>,
    /// Run a saved hunt by name (the shipped ones, and $XDG_CONFIG_HOME/mdetui/hunts/*.kql)
    #[arg(long, value_name = "NAME")]
    pub saved: Option<String>,
    /// A saved hunt's parameter, as name=value (repeatable); filled in as a string literal
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The time the query covers, ISO 8601 (P7D, P30D, start/end; default P30D)
    #[arg(long, value_name = "SPAN")]
    pub timespan: Option<String>,
    /// List the saved hunts instead
    #[arg(long, conflicts_with_all = ["query", "file", "saved"])]
    pub list: bool,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertsAction {
    Set,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActionPart {
    /// Cancel it (a write; refused with --read-only)
    Cancel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IncidentPart {
    Alerts,
    Users,
    Machines,
}

impl Command {
    /// The output flags of a query command.
    pub fn output(&self) -> Option<Output> {
        match self {
            Self::Kind(KindCommand { output, .. })
            | Self::Alert { output, .. }
            | Self::Alerts { output, .. }
            | Self::Incident { output, .. }
            | Self::Action { output, .. }
            | Self::Hunt(HuntArgs { output, .. }) => Some(*output),
            Self::Simulate(_) | Self::Audit(_) | Self::Indicator { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertPart {
    User,
    Machine,
    /// Its evidence and logged-on users, a row each (from the alert itself: one call)
    Evidence,
    /// Change the alert (writes; refused with --read-only)
    Set,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Listen on a non-loopback address too (the simulator has no real security)
    #[arg(long)]
    pub allow_remote: bool,
    /// Added latency per call, in milliseconds
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency: u64,
    /// Random extra latency up to this many milliseconds
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub jitter: u64,
    /// Serve this tenant file instead of the demo
    #[arg(long, value_name = "FILE", conflicts_with = "scale")]
    pub tenant: Option<PathBuf>,
    /// Generate a tenant: users=N,machines=N,alerts=N[,seed=N]
    #[arg(long, value_name = "SPEC")]
    pub scale: Option<ScaleSpec>,
    /// Token lifetime in seconds
    #[arg(long, default_value_t = 3599, value_name = "SECS")]
    pub token_lifetime: u64,
    /// Also accept this fixed bearer token (for scripts and curl)
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Inject faults: 500=0.1,hang=0.05,truncate=0.1,malformed=0.1,reset=0.1
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<Faults>,
    /// Items per page before an @odata.nextLink
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub page_size: usize,
    /// The app's roles, comma-separated (default: all); calls needing others get 403
    #[arg(long, value_delimiter = ',', value_name = "ROLES")]
    pub roles: Option<Vec<String>>,
}

impl SimulateArgs {
    /// The simulator's settings as these arguments and the global limits ask.
    pub fn config(&self, tenant_id: &str, global: &GlobalArgs) -> crate::sim::SimConfig {
        let mut config = crate::sim::SimConfig::new(tenant_id);
        let defaults = config.limits;
        config.limits.per_minute = global.calls_per_minute.unwrap_or(defaults.per_minute);
        config.limits.per_hour = global.calls_per_hour.unwrap_or(defaults.per_hour);
        config.latency = std::time::Duration::from_millis(self.latency);
        config.jitter = std::time::Duration::from_millis(self.jitter);
        config.token_lifetime = std::time::Duration::from_secs(self.token_lifetime);
        config.fixed_token = self.token.clone();
        config.faults = self.faults.clone().unwrap_or_default();
        config.page_size = self.page_size.max(1);
        config.roles = self.roles.clone();
        config
    }
}

#[cfg(test)]
mod tests {
    use super::parse_span;
    use std::time::Duration;

    #[test]
    fn spans_read_as_analysts_write_them() {
        assert_eq!(parse_span("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_span("24h"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_span(" 7d"), Ok(Duration::from_secs(604_800)));
        for bad in ["", "7", "d", "0h", "1y", "-1d", "99999999999999999999d"] {
            assert!(parse_span(bad).is_err(), "{bad}");
        }
    }
}
