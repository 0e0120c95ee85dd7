//! The one-shot subcommands the entity registry declares (`mdetui user NAME alerts`,
//! `mdetui file HASH machines`, `mdetui machine NAME isolate --comment …`): one per kind with
//! a one-shot, its argument, parts and writes as the kind names them, and the usual output
//! flags (and, for a kind with writes, theirs). Built at start from the registry, so a new
//! kind's subcommand needs nothing here.

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches, Subcommand};

use super::args::Output;

/// A registry kind's one-shot, as typed.
#[derive(Debug, Clone)]
pub struct KindCommand {
    /// The kind's word (`user`).
    pub word: &'static str,
    /// Its argument, as typed (checked by the kind).
    pub arg: String,
    /// The part asked for (`alerts`), or the write (`isolate`), one of the kind's.
    pub part: Option<String>,
    /// What a write takes after its name: a file's SHA-1, a tag.
    pub value: Option<String>,
    pub write: KindWrite,
    pub output: Output,
}

/// The flags of a kind's writes.
#[derive(Debug, Clone, Default)]
pub struct KindWrite {
    pub comment: Option<String>,
    pub selective: bool,
    pub full: bool,
    pub yes: bool,
    pub wait: bool,
    /// With `collect --wait`: the folder to save the package in.
    pub out: Option<std::path::PathBuf>,
}

impl KindCommand {
    /// Whether it is one of the kind's writes rather than a query.
    pub fn is_write(&self) -> bool {
        let part = self.part.as_deref();
        crate::entity::writes(self.word)
            .iter()
            .any(|(name, _)| Some(*name) == part)
    }
}

impl FromArgMatches for KindCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let missing = || clap::Error::new(clap::error::ErrorKind::MissingSubcommand);
        let (name, sub) = matches.subcommand().ok_or_else(missing)?;
        let (word, _) = crate::entity::one_shots()
            .find(|(word, _)| word.word == name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidSubcommand))?;
        let arg = sub.get_one::<String>("arg").cloned();
        let flag = |name: &str| sub.try_get_one::<bool>(name).ok().flatten() == Some(&true);
        Ok(Self {
            word: word.word,
            // An argument the kind can do without (`indicators`: all of them) is empty.
            arg: match word.needs {
                Some(_) => arg.ok_or_else(missing)?,
                None => arg.unwrap_or_default(),
            },
            part: sub.get_one::<String>("part").cloned(),
            value: sub.try_get_one::<String>("value").ok().flatten().cloned(),
            write: KindWrite {
                comment: sub.try_get_one::<String>("comment").ok().flatten().cloned(),
                selective: flag("selective"),
                full: flag("full"),
                yes: flag("yes"),
                wait: flag("wait"),
                out: sub
                    .try_get_one::<std::path::PathBuf>("out")
                    .ok()
                    .flatten()
                    .cloned(),
            },
            output: Output::from_arg_matches(sub)?,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for KindCommand {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        crate::entity::one_shots().fold(command, |command, (word, shot)| {
            let writes = crate::entity::writes(word.word);
            let parts = shot
                .parts
                .iter()
                .chain(writes)
                .map(|(name, help)| clap::builder::PossibleValue::new(*name).help(*help));
            let mut sub = clap::Command::new(word.word)
                .about(shot.about)
                .arg(
                    Arg::new("arg")
                        .value_name(shot.arg)
                        .help(format!("{}, e.g. {}", shot.arg_help, shot.example))
                        .required(word.needs.is_some()),
                )
                .arg(
                    Arg::new("part")
                        .value_name("PART")
                        .value_parser(PossibleValuesParser::new(parts)),
                );
            if !writes.is_empty() {
                sub = write_args(sub);
            }
            command.subcommand(Output::augment_args(sub))
        })
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        crate::entity::one_shots().any(|(word, _)| word.word == name)
    }
}

/// The arguments and flags of a kind's writes.
fn write_args(sub: clap::Command) -> clap::Command {
    let flag = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .action(ArgAction::SetTrue)
            .help(help)
    };
    sub.arg(
        Arg::new("value")
            .value_name("VALUE")
            .help("What a write takes: quarantine's SHA-1, tag's tag"),
    )
    .arg(
        Arg::new("comment")
            .long("comment")
            .value_name("TEXT")
            .help("Why: required by a response action, kept by the audit and the portal"),
    )
    .arg(flag("selective", "With isolate: selective isolation"))
    .arg(flag("full", "With scan: a full scan"))
    .arg(flag(
        "yes",
        "With a write: do not ask for confirmation on a terminal",
    ))
    .arg(flag(
        "wait",
        "With a response action: wait for it to end, its status on stderr",
    ))
    .arg(
        Arg::new("out")
            .long("out")
            .value_name("DIR")
            .value_parser(clap::value_parser!(std::path::PathBuf))
            .requires("wait")
            .help("With collect --wait: save the investigation package in this folder"),
    )
}
