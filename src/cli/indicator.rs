//! `mdetui indicator add|delete|import`: the writes of custom indicators, as scripts and
//! people type them. Every value is checked (by the API layer's rules) before any call.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Clone, Subcommand)]
pub enum IndicatorCommand {
    /// Submit an indicator, or update the one with the same value and type
    Add(AddArgs),
    /// Delete an indicator by its id (`mdetui indicators` lists them)
    Delete {
        /// The indicator's id (a number)
        id: String,
        /// Do not ask for confirmation on a terminal
        #[arg(long)]
        yes: bool,
    },
    /// Submit every row of a CSV file with a header (value, type, action, title;
    /// optionally description, severity, expires, generateAlert, recommendedActions):
    /// every row is checked before the first call; a result line a row
    Import {
        /// The CSV file (`-`: standard input)
        file: PathBuf,
        /// Do not ask for confirmation on a terminal
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// sha1, sha256, md5, ip, domain, url or certificate
    #[arg(value_name = "TYPE")]
    pub kind: String,
    /// The hash, address, domain, URL or thumbprint
    pub value: String,
    /// allow, audit, warn, block or blockandremediate (files)
    #[arg(long)]
    pub action: String,
    #[arg(long)]
    pub title: String,
    /// What it is and why (default: the title)
    #[arg(long)]
    pub description: Option<String>,
    /// A span from now (30d, 12h), an RFC 3339 time, or never
    #[arg(long, default_value = "30d", value_name = "WHEN")]
    pub expires: String,
    /// informational, low, medium or high
    #[arg(long, value_name = "LEVEL")]
    pub severity: Option<String>,
    /// What to do where it matches
    #[arg(long, value_name = "TEXT")]
    pub recommended: Option<String>,
    /// Raise no alert where it matches (not with audit)
    #[arg(long)]
    pub no_alert: bool,
    /// Do not ask for confirmation on a terminal
    #[arg(long)]
    pub yes: bool,
}
