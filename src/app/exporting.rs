//! An export being written in the background: what the status bar says of it, and how it
//! starts and ends.

use std::path::PathBuf;

use super::model::{Exporting, Model};
use super::msg::{Cmd, Export};

/// Hands `export` to the runtime and shows it under way from this frame on.
pub fn start(model: &mut Model, export: Export) -> Vec<Cmd> {
    model.exporting = Some(Exporting {
        path: export.path.clone(),
        done: 0,
        total: export.rows,
    });
    vec![Cmd::Export(export)]
}

/// Why a new export cannot start now: one is being written.
pub fn busy(model: &Model) -> Option<String> {
    let under_way = model.exporting.as_ref()?;
    Some(format!(
        "an export is being written ({}): wait for it to finish",
        under_way.path.display()
    ))
}

/// `done` rows of the export are on disk.
pub fn progress(model: &mut Model, done: usize) {
    if let Some(under_way) = &mut model.exporting {
        under_way.done = done.min(under_way.total);
    }
}

/// The export ended, written or not; the runtime says how.
pub fn ended(model: &mut Model, written: Result<(PathBuf, usize), String>) {
    model.exporting = None;
    match written {
        Ok((path, rows)) => model.flash(format!("exported {rows} rows to {}", path.display())),
        Err(e) => model.flash(format!("export failed: {e}")),
    }
}

/// `export mdetui-user-jdoe-alerts.csv ████░░░░░░ 42% 42,000 of 100,000 rows`, or
/// `export 42%` where room is short.
pub fn line(under_way: &Exporting, short: bool) -> String {
    let share = (under_way.done * 100)
        .checked_div(under_way.total)
        .unwrap_or(100)
        .min(100);
    if short {
        return format!("export {share}%");
    }
    let name = under_way.path.file_name().map_or_else(
        || under_way.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!(
        "export {name} {} {} of {} rows",
        crate::entity::share_bar(share as u64),
        thousands(under_way.done),
        thousands(under_way.total)
    )
}

/// 100000 as `100,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_how_far_in_rows_and_a_bar() {
        let under_way = Exporting {
            path: PathBuf::from("/tmp/out/alerts.csv"),
            done: 42_000,
            total: 100_000,
        };
        assert_eq!(
            line(&under_way, false),
            "export alerts.csv ████░░░░░░ 42% 42,000 of 100,000 rows"
        );
        assert_eq!(line(&under_way, true), "export 42%");
        let empty = Exporting {
            total: 0,
            done: 0,
            ..under_way
        };
        assert_eq!(line(&empty, true), "export 100%");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
    }
}
