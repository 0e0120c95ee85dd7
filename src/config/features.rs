//! The file's switches for what the explorer does on its own: prefetch and the live queue
//! (shares of the budget), and the zone full times are shown in.

use std::time::Duration;

use super::file::{ConfigError, ConfigFile};
use crate::app::session::Prefetch;

/// The live queue's share of the hourly budget: 0.1 unless `live = false` or `live_share`.
pub(super) fn live_share(file: &ConfigFile) -> Result<Option<f64>, ConfigError> {
    if file.live == Some(false) {
        return Ok(None);
    }
    match file.live_share {
        None => Ok(Some(0.1)),
        Some(v) if v > 0.0 && v <= 0.5 => Ok(Some(v)),
        Some(v) => Err(ConfigError::Incomplete(format!(
            "live_share = {v}: give a share of the hourly budget above 0 and at most 0.5 (0.1 is a tenth)"
        ))),
    }
}

/// Prefetch as the file sets it: on unless `prefetch = false`, shares between 0 and 1.
pub(super) fn prefetch_settings(file: &ConfigFile) -> Result<Option<Prefetch>, ConfigError> {
    if file.prefetch == Some(false) {
        return Ok(None);
    }
    let defaults = Prefetch::default();
    let share = |name: &str, value: Option<f64>, default: f64| match value {
        None => Ok(default),
        Some(v) if (0.0..=1.0).contains(&v) => Ok(v),
        Some(v) => Err(ConfigError::Incomplete(format!(
            "{name} = {v}: give a share of the window between 0 and 1 (0.5 is half)"
        ))),
    };
    Ok(Some(Prefetch {
        dwell: file
            .prefetch_dwell_ms
            .map_or(defaults.dwell, Duration::from_millis),
        minute: share("prefetch_minute", file.prefetch_minute, defaults.minute)?,
        hour: share("prefetch_hour", file.prefetch_hour, defaults.hour)?,
    }))
}

/// Full times in the local zone (`times = "local"`) or UTC (the default).
pub(super) fn local_times(file: &ConfigFile) -> Result<bool, ConfigError> {
    match file
        .times
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("utc") => Ok(false),
        Some("local") => Ok(true),
        Some(other) => Err(ConfigError::Incomplete(format!(
            "times = \"{other}\": \"utc\" or \"local\""
        ))),
    }
}
