//! The `:` command line: a kind's word and its argument (`:user NAME`, `:alert ID`,
//! `:queue high`, as the registry says), `:q`, with Tab completion from what has been seen.

pub use crate::entity::Mentions as Candidates;
use crate::entity::{Complete, Route};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandLine {
    /// A view to open.
    Open(Route),
    Quit,
}

/// The words `:` knows: each kind's, then quitting.
fn names() -> impl Iterator<Item = &'static str> {
    crate::entity::words().map(|w| w.word).chain(["q"])
}

/// Why a command line cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("type a command: {}", list(" or "))]
    Empty,
    #[error("unknown command “{0}” ({known})", known = list(", "))]
    Unknown(String),
    #[error(":{command} needs {what}")]
    MissingArgument { command: String, what: &'static str },
    /// The kind's own word on what is wrong with the argument.
    #[error("{0}")]
    Bad(String),
}

/// The command words, the last joined by `last`.
fn list(last: &str) -> String {
    let words: Vec<&str> = names().collect();
    match words.split_last() {
        Some((end, rest)) => format!("{}{last}{end}", rest.join(", ")),
        None => String::new(),
    }
}

/// Reads a command line; `me` is the analyst's address (for `:queue mine`).
pub fn parse(line: &str, me: Option<&str>) -> Result<CommandLine, CommandError> {
    let line = line.trim().trim_start_matches(':');
    let (word, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let arg = arg.trim();
    match word {
        "" => Err(CommandError::Empty),
        "q" | "quit" => Ok(CommandLine::Quit),
        _ => {
            let Some(kind) = crate::entity::word(word) else {
                return Err(CommandError::Unknown(word.to_owned()));
            };
            match kind.needs {
                Some(what) if arg.is_empty() => Err(CommandError::MissingArgument {
                    command: word.to_owned(),
                    what,
                }),
                _ => (kind.open)(arg, me)
                    .map(CommandLine::Open)
                    .map_err(CommandError::Bad),
            }
        }
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

/// What the argument of `word` can be: fixed words (a queue's scopes), or the names seen.
fn arguments<'a>(word: &str, seen: &'a Candidates) -> Option<Vec<&'a str>> {
    let kind = crate::entity::word(word)?;
    match kind.complete {
        Complete::Seen => Some(seen.of(kind.word).iter().map(String::as_str).collect()),
        Complete::Words(words) => Some(words.to_vec()),
        Complete::Nothing => None,
    }
}

/// Completes the command word, or the argument from what was seen: to the one match, or to
/// what all matches share. `None` when nothing matches.
pub fn complete(line: &str, seen: &Candidates) -> Option<String> {
    let line = line.trim_start();
    match line.split_once(' ') {
        None => {
            let word = common_prefix(names().filter(|n| n.starts_with(line)))?;
            let unique = names().filter(|n| n.starts_with(line)).count() == 1;
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
                pool.into_iter()
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
        None => names()
            .filter(|n| n.starts_with(line))
            .map(str::to_owned)
            .collect(),
        Some((word, arg)) => {
            let Some(pool) = arguments(word, seen) else {
                return Vec::new();
            };
            let arg = arg.trim_start().to_lowercase();
            pool.into_iter()
                .filter(|c| c.to_lowercase().starts_with(&arg))
                .map(|c| format!("{word} {c}"))
                .collect()
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{AlertId, Domain, Ip, MachineId, UserName};
    use crate::entity::queue::Scope;

    fn parse(line: &str) -> Result<CommandLine, CommandError> {
        super::parse(line, Some("me@contoso.com"))
    }

    fn open(line: &str) -> Option<Route> {
        match parse(line) {
            Ok(CommandLine::Open(route)) => Some(route),
            _ => None,
        }
    }

    #[test]
    fn the_queue_and_incidents_have_commands() {
        assert_eq!(open(":queue"), Some(Route::Queue(Scope::Open)));
        assert_eq!(open("queue high"), Some(Route::Queue(Scope::High)));
        assert_eq!(
            open("queue mine"),
            Some(Route::Queue(Scope::Mine("me@contoso.com".into())))
        );
        assert!(super::parse("queue mine", None).is_err(), "who is me?");
        assert!(parse("queue someday").is_err());
        assert_eq!(open(":incident 2211"), Some(Route::Incident(2211)));
        assert_eq!(
            parse(":incident 22x"),
            Err(CommandError::Bad("“22x” is not an incident number".into()))
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
            open(":user CONTOSO\\jdoe"),
            Some(Route::User(UserName::parse("jdoe").unwrap()))
        );
        assert_eq!(
            open("alert da1_2"),
            Some(Route::Alert(AlertId::parse("da1_2").unwrap()))
        );
        assert_eq!(
            open("m wks-fin-042"),
            Some(Route::Machine(MachineId::parse("wks-fin-042").unwrap()))
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
            open(":ip 185.225.19.40"),
            Some(Route::Ip(Ip::parse("185.225.19.40").unwrap(), None))
        );
        assert!(
            parse(":ip 999.1.1.1")
                .unwrap_err()
                .to_string()
                .contains("IP address")
        );
        assert_eq!(
            open(":domain https://g.api.mega.co.nz/cs"),
            Some(Route::Domain(Domain::parse("g.api.mega.co.nz").unwrap()))
        );
        assert!(matches!(parse(":file ab12"), Err(CommandError::Bad(_))));
        // The messages list every kind's word, as the registry has them, and `q` last.
        let empty = parse("").unwrap_err().to_string();
        let unknown = parse("zap").unwrap_err().to_string();
        assert!(
            empty.starts_with("type a command: user, alert, machine, queue, incident"),
            "{empty}"
        );
        let names: Vec<&str> = crate::entity::words()
            .map(|w| w.word)
            .chain(["q"])
            .collect();
        assert_eq!(
            unknown,
            format!("unknown command “zap” ({})", names.join(", "))
        );
        let (last, rest) = names.split_last().unwrap();
        assert_eq!(
            empty,
            format!("type a command: {} or {last}", rest.join(", "))
        );
    }

    #[test]
    fn completes_commands_and_arguments() {
        let mut seen = Candidates::default();
        for (kind, names) in [
            ("user", &["jdoe", "jsmith", "adm-mchen"][..]),
            (
                "alert",
                &[
                    "da638671455870001234_-1907733125",
                    "da638671461884445555_-360112478",
                ],
            ),
            ("machine", &["wks-fin-042", "srv-fs-01"]),
            ("file", &["6a1f3e5d7c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f"]),
            ("ip", &["185.225.19.40", "10.20.14.42"]),
            ("domain", &["g.api.mega.co.nz"]),
        ] {
            seen.extend(kind, names.iter().map(|n| (*n).to_owned()));
        }
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
