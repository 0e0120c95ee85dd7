//! What the search box remembers of a name: that it was searched (a suggestion), and what it
//! turned out to be — the kind of view it opened (#26 item 9). A name that reads two ways
//! (`adm01`: a user or a machine) asks once; after that it opens as what it was, across runs,
//! and a machine the tenant does not have is remembered as not a machine.

use super::history::Searched;
use super::model::Model;
use super::msg::Cmd;
use crate::entity::Mentions;
use crate::entity::shape;

/// Recent searches kept across runs.
pub const HISTORY_LEN: usize = 50;

/// What `name` turned out to be, if the box knows: the kind the analyst opened it as, or the
/// only way its shape reads (a history written before kinds were kept).
pub fn kind_of(model: &Model, name: &str) -> Option<String> {
    let searched = model
        .recall
        .history
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name))?;
    settled(searched)
}

fn settled(searched: &Searched) -> Option<String> {
    searched
        .kind
        .clone()
        .or_else(|| only_reading(&searched.name))
}

fn only_reading(name: &str) -> Option<String> {
    only(readings(name))
}

/// The kinds a name's shape reads as, whatever the session has met.
fn readings(name: &str) -> Vec<&'static str> {
    shape::read(name, &Mentions::default())
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.route.kind_and_id().0)
        .collect()
}

fn only(kinds: Vec<&str>) -> Option<String> {
    match kinds.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    }
}

/// Keeps `name` first among the recent searches with what it opened as (`None`: not yet
/// settled, a choice is open), and says so to the runtime, which keeps it across runs.
pub fn remember(model: &mut Model, name: &str, kind: Option<&str>) -> Cmd {
    let history = &mut model.recall.history;
    let known = history
        .iter()
        .position(|s| s.name.eq_ignore_ascii_case(name))
        .map(|at| history.remove(at));
    // An open choice does not forget what the name was before; a pick replaces it.
    let kind = kind
        .map(str::to_owned)
        .or_else(|| known.and_then(|k| k.kind));
    let searched = Searched {
        name: name.to_owned(),
        kind,
    };
    history.insert(0, searched.clone());
    history.truncate(HISTORY_LEN);
    Cmd::RememberSearch(searched)
}

/// The tenant has no machine by `name`: a name opened as a machine from the box is not one,
/// and reads its other way from now on (or asks again when there are several).
pub fn not_a_machine(model: &mut Model, name: &str) -> Option<Cmd> {
    let searched = model
        .recall
        .history
        .iter_mut()
        .find(|s| s.name.eq_ignore_ascii_case(name) && s.kind.as_deref() == Some("machine"))?;
    let mut others = readings(name);
    others.retain(|kind| *kind != "machine");
    searched.kind = only(others);
    Some(Cmd::RememberSearch(searched.clone()))
}

/// The names the box has seen as `kind`: those it opened as that kind.
pub fn names_of<'a>(model: &'a Model, kind: &'a str) -> impl Iterator<Item = &'a String> + 'a {
    model
        .recall
        .history
        .iter()
        .filter(move |s| settled(s).as_deref() == Some(kind))
        .map(|s| &s.name)
}
