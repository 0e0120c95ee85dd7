//! `mdetui hunt`: the query as typed, from a file (or standard input), or a saved hunt filled
//! with `--param name=value` (each value a string literal: it cannot change the query); and
//! `--list`, the saved hunts.

use std::collections::BTreeMap;
use std::io::Read;

use crate::api::{HuntQuery, MAX_QUERY_CHARS, Template};
use crate::cli::HuntArgs;
use crate::engine::Resource;

/// The hunt to run, checked before any call.
pub fn resource(args: &HuntArgs, saved: &[Template]) -> Result<Resource, String> {
    if !args.params.is_empty() && args.saved.is_none() {
        return Err("--param fills a saved hunt: give --saved NAME".into());
    }
    let text = match (&args.query, &args.file, &args.saved) {
        (Some(query), _, _) => query.clone(),
        (_, Some(path), _) => read(path)?,
        (_, _, Some(name)) => fill(name, &args.params, saved)?,
        _ => {
            return Err(
                "give a query, --file FILE or --saved NAME (mdetui hunt --list names the saved hunts)"
                    .into(),
            );
        }
    };
    HuntQuery::new(&text, args.timespan.as_deref())
        .map(|q| Resource::Hunt(Box::new(q)))
        .map_err(|e| e.to_string())
}

fn fill(name: &str, params: &[String], saved: &[Template]) -> Result<String, String> {
    let hunt = saved.iter().find(|h| h.name == name).ok_or_else(|| {
        format!(
            "no saved hunt named “{}” (mdetui hunt --list names them)",
            crate::sanitize::line(name)
        )
    })?;
    let mut values = BTreeMap::new();
    for param in params {
        let (key, value) = param.split_once('=').ok_or_else(|| {
            format!(
                "--param {}: write it as name=value",
                crate::sanitize::line(param)
            )
        })?;
        values.insert(key.trim().to_owned(), value.to_owned());
    }
    hunt.fill(&values).map_err(|e| e.to_string())
}

fn read(path: &std::path::Path) -> Result<String, String> {
    let mut text = String::new();
    let limit = (MAX_QUERY_CHARS * 4) as u64;
    let read = if path.as_os_str() == "-" {
        std::io::stdin().take(limit).read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_string(&mut text))
    };
    read.map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text)
}

/// The saved hunts: name, the parameters each takes, and what it answers.
pub fn list(saved: &[Template]) -> String {
    let width = saved.iter().map(|h| h.name.len()).max().unwrap_or(4);
    let mut out = String::new();
    for hunt in saved {
        let params: Vec<String> = hunt.params.iter().map(|p| format!("{p}=…")).collect();
        out.push_str(&crate::sanitize::line(&format!(
            "{:width$}  {:14}  {}",
            hunt.name,
            params.join(" "),
            hunt.description
        )));
        out.push('\n');
    }
    out
}
