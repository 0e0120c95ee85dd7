//! What a kind registers so that nothing above the registry names it: the payload types it
//! shows ([`Wire`]), its `:` command word and argument ([`Word`]), its one-shot subcommand and
//! parts ([`OneShot`]), a search-box shape only it claims, and how its route settles on a
//! canonical id. Each kind module declares one [`Registration`]; `entity::KINDS` lists them.

use std::any::Any;
use std::sync::Arc;

use super::kind::{Entity, Kind};
use super::list::List;
use super::route::{Route, View};
use crate::engine::{Payload, Resource};

/// Everything one kind module adds to the program.
pub struct Registration {
    /// The payload types whose entities and lists are this kind's.
    pub wires: &'static [Wire],
    /// Its `:` command, if the explorer can open it by name.
    pub word: Option<Word>,
    /// Its one-shot subcommand (`mdetui user NAME alerts`), if it has one.
    pub one_shot: Option<OneShot>,
    /// A search-box entry only this kind can be: read before the shared shapes.
    pub claims: Option<Claims>,
    /// Where its route moves once something held says more (a file found by SHA-256 moves
    /// to its SHA-1's view).
    pub settle: Option<Settle>,
    /// Writes its one-shot takes after the argument, each with its help (`mdetui machine
    /// NAME isolate`).
    pub writes: &'static [(&'static str, &'static str)],
}

/// Reads a search-box entry: what it is (`indicator 42`) and where it leads, if this kind's.
pub type Claims = fn(&str) -> Option<(String, Route)>;

/// A route's canonical form once what is held says more.
pub type Settle = fn(&Route, &dyn Held) -> Option<Settled>;

impl Registration {
    /// A kind that only shows payloads: no command, no one-shot, no shape, no settling.
    pub const fn shows(wires: &'static [Wire]) -> Self {
        Self {
            wires,
            word: None,
            one_shot: None,
            claims: None,
            settle: None,
            writes: &[],
        }
    }
}

/// How the registry sees one payload type: as one entity, or as a list of them.
pub struct Wire {
    pub one: fn(&dyn Any) -> Option<&dyn Entity>,
    pub list: fn(&dyn Any) -> Option<&dyn List>,
}

impl Wire {
    /// The payload type `K` (an entity in `Payload`, a list as `Arc<[K]>`).
    pub const fn of<K: Kind>() -> Self {
        Self {
            one: one_of::<K>,
            list: list_of::<K>,
        }
    }
}

fn one_of<K: Kind>(any: &dyn Any) -> Option<&dyn Entity> {
    any.downcast_ref::<K>().map(|k| k as &dyn Entity)
}

fn list_of<K: Kind>(any: &dyn Any) -> Option<&dyn List> {
    any.downcast_ref::<Arc<[K]>>().map(|l| l as &dyn List)
}

/// A `:` command word that opens a kind's view.
pub struct Word {
    /// `user`; the first word completes, and every word names the kind in messages.
    pub word: &'static str,
    /// A short form (`u`).
    pub short: Option<&'static str>,
    /// What the argument is, for ":user needs a user name"; `None` when it may be left out.
    pub needs: Option<&'static str>,
    /// The route the argument names, or why it names none; `me` is the analyst's address.
    pub open: fn(arg: &str, me: Option<&str>) -> Result<Route, String>,
    /// What Tab offers for the argument.
    pub complete: Complete,
}

/// Where an argument's completions come from.
pub enum Complete {
    /// The names of this kind seen in the session (see [`super::Mentions`]).
    Seen,
    /// A fixed list of words.
    Words(&'static [&'static str]),
    /// Nothing: the argument is not a name one meets (an incident number).
    Nothing,
}

/// A one-shot subcommand: `mdetui WORD ARG [PART]`, with the usual output flags.
#[derive(Debug)]
pub struct OneShot {
    /// Its help line.
    pub about: &'static str,
    /// The argument's name in help (`NAME`, `HASH`) and what it may be.
    pub arg: &'static str,
    pub arg_help: &'static str,
    /// An argument that names one (from the demo tenant), for its help and its tests.
    pub example: &'static str,
    /// The parts it prints besides the entity itself, each with its help; named after the
    /// view's panes (their export names) and extra facts.
    pub parts: &'static [(&'static str, &'static str)],
    /// The route the argument names for a one-shot, stricter than the explorer where the
    /// API cannot answer at all (an MD5).
    pub lookup: fn(arg: &str) -> Result<Route, String>,
    /// The resource that prints `part` of a route (`None`: the entity itself), when the
    /// view has it; see [`view_part`] for the usual reading.
    pub part: fn(&Route, Option<&str>) -> Option<Resource>,
    /// Why a part is not there even after settling (a file with no SHA-1 known).
    pub missing: &'static str,
}

/// The usual part of a view: none is its own entity (its facts, or for a view of a list
/// alone, that list); a name is a pane's (by its export name) or a fact resource's.
pub fn view_part(route: &Route, part: Option<&str>) -> Option<Resource> {
    let View {
        facts, more, panes, ..
    } = route.view();
    let Some(part) = part else {
        return facts.or_else(|| panes.into_iter().next().map(|p| p.resource));
    };
    panes
        .into_iter()
        .find(|p| p.export_part == part)
        .map(|p| p.resource)
        .or_else(|| {
            more.into_iter()
                .find(|(name, _)| *name == part)
                .map(|(_, r)| r)
        })
}

/// What the explorer holds, as settling reads it.
pub trait Held {
    fn loaded(&self, resource: &Resource) -> Option<&Payload>;
    /// Every payload held, for a search by content (a file by its MD5).
    fn each(&self) -> Box<dyn Iterator<Item = &Payload> + '_>;
}

/// A route's canonical form, and the answers to keep under its resources too (so the new
/// view asks for nothing it already has).
#[derive(Debug)]
pub struct Settled {
    pub route: Route,
    pub keep: Vec<(Resource, Payload)>,
}

#[cfg(test)]
mod tests {
    use super::super::{KINDS, one_shots, word, words};

    #[test]
    fn every_one_shot_part_is_a_part_of_its_view() {
        for (word, shot) in one_shots() {
            let name = word.word;
            let route = (shot.lookup)(shot.example)
                .unwrap_or_else(|e| panic!("{name} {}: {e}", shot.example));
            assert!((shot.part)(&route, None).is_some(), "{name}: its entity");
            // A part may show only once the route settles (a machine named, not by id, has
            // its actions asked by id): only a kind that settles may say so.
            let settles = KINDS
                .iter()
                .any(|k| k.word.as_ref().is_some_and(|w| w.word == name) && k.settle.is_some());
            for (part, _) in shot.parts {
                assert!(
                    (shot.part)(&route, Some(part)).is_some() || settles,
                    "{name} {} {part}",
                    shot.example
                );
            }
            assert!((shot.part)(&route, Some("nonsense")).is_none());
        }
    }

    #[test]
    fn words_and_short_forms_name_one_kind_each() {
        let mut seen = Vec::new();
        for w in words() {
            for name in std::iter::once(w.word).chain(w.short) {
                assert!(!seen.contains(&name), "{name} twice");
                assert!(!["q", "quit"].contains(&name), "{name} is the prompt's");
                seen.push(name);
            }
            assert!(std::ptr::eq(word(w.word).unwrap(), w));
        }
        assert!(
            KINDS
                .iter()
                .all(|k| !k.wires.is_empty() || k.word.is_some())
        );
    }
}
