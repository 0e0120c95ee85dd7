//! The `:` command line: `:user NAME`, `:alert ID`, `:machine ID-or-name`, `:q`, with Tab
//! completion from what has been seen and Up/Down history.

use crate::api::ids::IdError;
use crate::api::{AlertId, Domain, FileHash, Ip, MachineId, UserName};
pub use crate::entity::Mentions as Candidates;
use crate::entity::Route;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandLine {
    User(UserName),
    Alert(AlertId),
    Machine(MachineId),
    /// The queue in the scope the word names (checked where `me` is known).
    Queue(String),
    Incident(i64),
    File(FileHash),
    Ip(Ip),
    Domain(Domain),
    Quit,
}

impl CommandLine {
    /// Where the command goes, for those that open one entity's view.
    pub fn route(&self) -> Option<Route> {
        Some(match self {
            Self::User(u) => Route::User(u.clone()),
            Self::Alert(a) => Route::Alert(a.clone()),
            Self::Machine(m) => Route::Machine(m.clone()),
            Self::Incident(id) => Route::Incident(*id),
            Self::File(h) => Route::File(h.clone()),
            Self::Ip(ip) => Route::Ip(*ip, None),
            Self::Domain(d) => Route::Domain(d.clone()),
            Self::Queue(_) | Self::Quit => return None,
        })
    }
}

const NAMES: [&str; 9] = [
    "user", "alert", "machine", "queue", "incident", "file", "ip", "domain", "q",
];

/// Why a command line cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("type a command: user, alert, machine, queue, incident, file, ip, domain or q")]
    Empty,
    #[error("unknown command “{0}” (user, alert, machine, queue, incident, file, ip, domain, q)")]
    Unknown(String),
    #[error("“{0}” is not an incident number")]
    BadIncident(String),
    #[error(":{command} needs {what}")]
    MissingArgument { command: String, what: &'static str },
    #[error(transparent)]
    BadId(#[from] IdError),
}

pub fn parse(line: &str) -> Result<CommandLine, CommandError> {
    let line = line.trim().trim_start_matches(':');
    let (word, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let arg = arg.trim();
    let need = |what: &'static str| CommandError::MissingArgument {
        command: word.to_owned(),
        what,
    };
    match word {
        "user" | "u" if arg.is_empty() => Err(need("a user name")),
        "user" | "u" => Ok(CommandLine::User(UserName::parse(arg)?)),
        "alert" | "a" if arg.is_empty() => Err(need("an alert id")),
        "alert" | "a" => Ok(CommandLine::Alert(AlertId::parse(arg)?)),
        "machine" | "m" if arg.is_empty() => Err(need("a machine id or name")),
        "machine" | "m" => Ok(CommandLine::Machine(MachineId::parse(arg)?)),
        "queue" => Ok(CommandLine::Queue(arg.to_owned())),
        "incident" | "i" if arg.is_empty() => Err(need("an incident number")),
        "incident" | "i" => arg
            .parse()
            .ok()
            .filter(|n: &i64| *n > 0)
            .map(CommandLine::Incident)
            .ok_or_else(|| CommandError::BadIncident(arg.to_owned())),
        "file" | "f" if arg.is_empty() => Err(need("a SHA-1, SHA-256 or MD5")),
        "file" | "f" => Ok(CommandLine::File(FileHash::parse(arg)?)),
        "ip" if arg.is_empty() => Err(need("an IP address")),
        "ip" => Ok(CommandLine::Ip(Ip::parse(arg)?)),
        "domain" | "d" if arg.is_empty() => Err(need("a domain or URL")),
        "domain" | "d" => Ok(CommandLine::Domain(
            Domain::parse(arg).or_else(|_| Domain::of_url(arg))?,
        )),
        "q" | "quit" => Ok(CommandLine::Quit),
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

/// What the argument of `word` can be: a queue's scopes, or the names seen.
fn arguments<'a>(word: &str, seen: &'a Candidates) -> Option<&'a [String]> {
    static SCOPES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        crate::entity::queue::Scope::WORDS
            .map(str::to_owned)
            .to_vec()
    });
    match word {
        "queue" => Some(&SCOPES),
        "user" | "u" => Some(&seen.users),
        "alert" | "a" => Some(&seen.alerts),
        "machine" | "m" => Some(&seen.machines),
        "file" | "f" => Some(&seen.files),
        "ip" => Some(&seen.ips),
        "domain" | "d" => Some(&seen.domains),
        _ => None,
    }
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
            let pool = arguments(word, seen)?;
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
            let Some(pool) = arguments(word, seen) else {
                return Vec::new();
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
    fn the_queue_and_incidents_have_commands() {
        assert_eq!(parse(":queue"), Ok(CommandLine::Queue(String::new())));
        assert_eq!(parse("queue high"), Ok(CommandLine::Queue("high".into())));
        assert_eq!(parse(":incident 2211"), Ok(CommandLine::Incident(2211)));
        assert_eq!(
            parse(":incident 22x"),
            Err(CommandError::BadIncident("22x".into()))
        );
        assert!(parse(":incident -1").is_err());
        assert!(matches!(
            parse(":incident"),
            Err(CommandError::MissingArgument { .. })
        ));
        let none = Candidates::default();
        assert_eq!(complete("queue h", &none).as_deref(), Some("queue high"));
        assert_eq!(options("queue ", &none).len(), 5);
    }

    #[test]
    fn parses_each_command_and_says_what_is_wrong() {
        assert_eq!(
            parse(":user CONTOSO\\jdoe"),
            Ok(CommandLine::User(UserName::parse("jdoe").unwrap()))
        );
        assert_eq!(
            parse("alert da1_2"),
            Ok(CommandLine::Alert(AlertId::parse("da1_2").unwrap()))
        );
        assert_eq!(
            parse("m wks-fin-042"),
            Ok(CommandLine::Machine(
                MachineId::parse("wks-fin-042").unwrap()
            ))
        );
        assert_eq!(parse("q"), Ok(CommandLine::Quit));
        assert_eq!(parse("quit"), Ok(CommandLine::Quit));
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
        assert_eq!(
            parse(":ip 185.225.19.40").unwrap().route(),
            Some(Route::Ip(Ip::parse("185.225.19.40").unwrap(), None))
        );
        assert!(
            parse(":ip 999.1.1.1")
                .unwrap_err()
                .to_string()
                .contains("IP address")
        );
        assert_eq!(
            parse(":domain https://g.api.mega.co.nz/cs"),
            Ok(CommandLine::Domain(
                Domain::parse("g.api.mega.co.nz").unwrap()
            ))
        );
        assert!(matches!(parse(":file ab12"), Err(CommandError::BadId(_))));
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
            files: vec!["6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f".into()],
            ips: vec!["185.225.19.40".into(), "10.20.14.42".into()],
            domains: vec!["g.api.mega.co.nz".into()],
        };
        assert_eq!(
            complete("file 6a", &seen).as_deref(),
            Some("file 6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f")
        );
        assert_eq!(
            complete("ip 18", &seen).as_deref(),
            Some("ip 185.225.19.40")
        );
        assert_eq!(
            complete("domain g", &seen).as_deref(),
            Some("domain g.api.mega.co.nz")
        );
        assert_eq!(complete("do", &seen).as_deref(), Some("domain "));
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
