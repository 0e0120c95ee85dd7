//! The `:` command line: `:user NAME`, `:alert ID`, `:machine ID-or-name`, `:q`, with Tab
//! completion from what has been seen and Up/Down history.

use crate::api::ids::IdError;
use crate::api::{AlertId, MachineId, UserName};
pub use crate::entity::Mentions as Candidates;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    User(UserName),
    Alert(AlertId),
    Machine(MachineId),
    Quit,
}

const NAMES: [&str; 4] = ["user", "alert", "machine", "q"];

/// Why a command line cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("type a command: user, alert, machine or q")]
    Empty,
    #[error("unknown command “{0}” (user, alert, machine, q)")]
    Unknown(String),
    #[error(":{command} needs {what}")]
    MissingArgument { command: String, what: &'static str },
    #[error(transparent)]
    BadId(#[from] IdError),
}

pub fn parse(line: &str) -> Result<Command, CommandError> {
    let line = line.trim().trim_start_matches(':');
    let (word, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let arg = arg.trim();
    let need = |what: &'static str| CommandError::MissingArgument {
        command: word.to_owned(),
        what,
    };
    match word {
        "user" | "u" if arg.is_empty() => Err(need("a user name")),
        "user" | "u" => Ok(Command::User(UserName::parse(arg)?)),
        "alert" | "a" if arg.is_empty() => Err(need("an alert id")),
        "alert" | "a" => Ok(Command::Alert(AlertId::parse(arg)?)),
        "machine" | "m" if arg.is_empty() => Err(need("a machine id or name")),
        "machine" | "m" => Ok(Command::Machine(MachineId::parse(arg)?)),
        "q" | "quit" => Ok(Command::Quit),
        "" => Err(CommandError::Empty),
        other => Err(CommandError::Unknown(other.to_owned())),
    }
}

pub fn common_prefix<'a>(mut matches: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = matches.next()?;
    let mut prefix = first.to_owned();
    for m in matches {
        let shared = prefix
            .chars()
            .zip(m.chars())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
        prefix = prefix.chars().take(shared).collect();
    }
    Some(prefix)
}

/// Completes the command word, or the argument from what was seen: to the one match, or to
/// what all matches share. `None` when nothing matches.
pub fn complete(line: &str, seen: &Candidates) -> Option<String> {
    let line = line.trim_start();
    match line.split_once(' ') {
        None => {
            let word = common_prefix(NAMES.iter().copied().filter(|n| n.starts_with(line)))?;
            let unique = NAMES.iter().filter(|n| n.starts_with(line)).count() == 1;
            Some(if unique && word != "q" {
                format!("{word} ")
            } else {
                word
            })
        }
        Some((word, arg)) => {
            let pool = match word {
                "user" | "u" => &seen.users,
                "alert" | "a" => &seen.alerts,
                "machine" | "m" => &seen.machines,
                _ => return None,
            };
            let arg = arg.trim_start().to_lowercase();
            let done = common_prefix(
                pool.iter()
                    .map(String::as_str)
                    .filter(|c| c.to_lowercase().starts_with(&arg)),
            )?;
            Some(format!("{word} {done}"))
        }
    }
}

/// Every full line Tab could lead to from `line`: command words, or arguments seen.
pub fn options(line: &str, seen: &Candidates) -> Vec<String> {
    let line = line.trim_start();
    match line.split_once(' ') {
        None => NAMES
            .iter()
            .filter(|n| n.starts_with(line))
            .map(|n| (*n).to_owned())
            .collect(),
        Some((word, arg)) => {
            let pool = match word {
                "user" | "u" => &seen.users,
                "alert" | "a" => &seen.alerts,
                "machine" | "m" => &seen.machines,
                _ => return Vec::new(),
            };
            let arg = arg.trim_start().to_lowercase();
            pool.iter()
                .filter(|c| c.to_lowercase().starts_with(&arg))
                .map(|c| format!("{word} {c}"))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_command_and_says_what_is_wrong() {
        assert_eq!(
            parse(":user CONTOSO\\jdoe"),
            Ok(Command::User(UserName::parse("jdoe").unwrap()))
        );
        assert_eq!(
            parse("alert da1_2"),
            Ok(Command::Alert(AlertId::parse("da1_2").unwrap()))
        );
        assert_eq!(
            parse("m wks-fin-042"),
            Ok(Command::Machine(MachineId::parse("wks-fin-042").unwrap()))
        );
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(parse("quit"), Ok(Command::Quit));
        assert!(
            parse("user")
                .unwrap_err()
                .to_string()
                .contains("needs a user name")
        );
        assert!(
            parse("delete everything")
                .unwrap_err()
                .to_string()
                .contains("unknown command “delete”")
        );
        assert!(parse("alert ..").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn completes_commands_and_arguments() {
        let seen = Candidates {
            users: vec!["jdoe".into(), "jsmith".into(), "adm-mchen".into()],
            alerts: vec![
                "da638671455870001234_-1907733125".into(),
                "da638671461884445555_-360112478".into(),
            ],
            machines: vec!["wks-fin-042".into(), "srv-fs-01".into()],
        };
        assert_eq!(complete("us", &seen).as_deref(), Some("user "));
        assert_eq!(complete("ma", &seen).as_deref(), Some("machine "));
        assert_eq!(complete("zz", &seen), None);
        assert_eq!(complete("user a", &seen).as_deref(), Some("user adm-mchen"));
        assert_eq!(
            complete("user j", &seen).as_deref(),
            Some("user j"),
            "ambiguous: the shared part"
        );
        assert_eq!(complete("user JD", &seen).as_deref(), Some("user jdoe"));
        assert_eq!(
            complete("alert da6386714618", &seen).as_deref(),
            Some("alert da638671461884445555_-360112478")
        );
        assert_eq!(
            complete("alert da638671", &seen).as_deref(),
            Some("alert da6386714")
        );
        assert_eq!(
            complete("machine s", &seen).as_deref(),
            Some("machine srv-fs-01")
        );
        assert_eq!(complete("machine x", &seen), None);
    }
}
