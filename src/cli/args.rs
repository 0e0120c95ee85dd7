//! The argument groups the commands share: a queue's scope, output formats, a write's
//! flags, the audit log's filters, and the span parser (`30m`, `24h`, `7d`).

use clap::Args;

/// Which of the tenant's alerts `mdetui alerts` lists: sent to the API as one `$filter`.
#[derive(Debug, Clone, Default, Args)]
pub struct QueueArgs {
    /// Only alerts created within this span: 30m, 24h, 7d
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub since: Option<std::time::Duration>,
    /// Only alerts of this severity or above (informational, low, medium, high)
    #[arg(long, value_name = "LEVEL")]
    pub severity: Option<String>,
    /// Only alerts in these statuses (new, inprogress, resolved), comma-separated
    #[arg(long, value_name = "STATUS", value_delimiter = ',')]
    pub status: Vec<String>,
    /// Only alerts assigned to: me (the config's `me`), nobody, or an address
    #[arg(long, value_name = "WHO")]
    pub assigned_to: Option<String>,
    /// Only the alerts of this incident
    #[arg(long, value_name = "N")]
    pub incident: Option<i64>,
    /// Resolved alerts too
    #[arg(long)]
    pub all: bool,
    /// At most this many alerts (the API allows 10,000)
    #[arg(long, default_value_t = 100, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub top: u32,
    /// Skip this many first (with --top: the next page)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub skip: u32,
}

/// `30m`, `24h`, `7d`, `90s`: a span of time back from now.
pub fn parse_span(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("“{text}”: a number and a unit, like 30m, 24h or 7d"))?;
    let secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(format!("“{text}”: the unit is s, m, h, d or w (24h, 7d)")),
    };
    match n.checked_mul(secs) {
        Some(0) | None => Err(format!("“{text}”: a span from 1s to centuries")),
        Some(total) => Ok(std::time::Duration::from_secs(total)),
    }
}

#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Output {
    /// Print JSON (an array for lists) instead of a table
    #[arg(long, conflicts_with_all = ["tsv", "csv", "jsonl"])]
    pub json: bool,
    /// Print a list as JSON Lines: one object a line, each printed as its page arrives
    #[arg(long, conflicts_with_all = ["tsv", "csv"])]
    pub jsonl: bool,
    /// Print tab-separated values (a header line, then one line a row) for cut and awk
    #[arg(long, conflicts_with = "csv")]
    pub tsv: bool,
    /// Print a list as CSV (RFC 4180, every column, cells defused for spreadsheets)
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Clone, Default, Args)]
pub struct WriteArgs {
    /// With `set`: a comment to add to each alert
    #[arg(long)]
    pub comment: Option<String>,
    /// With `set`: do not ask for confirmation on a terminal
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Only records from within this span: 30m, 24h, 7d
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub since: Option<std::time::Duration>,
    /// Only the records of this target: an alert's id, an indicator's value
    #[arg(long, visible_alias = "alert", value_name = "ID")]
    pub target: Option<String>,
    /// Print the records as a JSON array (the file's own schema)
    #[arg(long)]
    pub json: bool,
}
