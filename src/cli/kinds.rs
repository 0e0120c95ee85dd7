//! The one-shot subcommands the entity registry declares (`mdetui user NAME alerts`,
//! `mdetui file HASH machines`): one per kind with a one-shot, its argument and parts as the
//! kind names them, and the usual output flags. Built at start from the registry, so a new
//! kind's subcommand needs nothing here.

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgMatches, Args, FromArgMatches, Subcommand};

use super::args::Output;

/// A registry kind's one-shot, as typed.
#[derive(Debug, Clone)]
pub struct KindCommand {
    /// The kind's word (`user`).
    pub word: &'static str,
    /// Its argument, as typed (checked by the kind).
    pub arg: String,
    /// The part asked for (`alerts`), one of the kind's.
    pub part: Option<String>,
    pub output: Output,
}

impl FromArgMatches for KindCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let missing = || clap::Error::new(clap::error::ErrorKind::MissingSubcommand);
        let (name, sub) = matches.subcommand().ok_or_else(missing)?;
        let (word, _) = crate::entity::one_shots()
            .find(|(word, _)| word.word == name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidSubcommand))?;
        let arg = sub.get_one::<String>("arg").cloned();
        Ok(Self {
            word: word.word,
            // An argument the kind can do without (`indicators`: all of them) is empty.
            arg: match word.needs {
                Some(_) => arg.ok_or_else(missing)?,
                None => arg.unwrap_or_default(),
            },
            part: sub.get_one::<String>("part").cloned(),
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
            let parts = shot
                .parts
                .iter()
                .map(|(name, help)| clap::builder::PossibleValue::new(*name).help(*help));
            let sub = clap::Command::new(word.word)
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
