//! Text that repeats across a list's items — a title, a description, a machine, a category, an
//! assignee — held once and shared: 100,000 alerts name a few hundred machines and titles, and
//! a `String` each was most of what a long list held.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

/// A shared piece of text (reads as `&str`).
pub type Shared = Arc<str>;

/// Distinct texts one thread remembers before starting afresh: sharing is an economy, never a
/// promise, and a stream of unique texts must not grow the table for ever.
const REMEMBERED: usize = 50_000;

thread_local! {
    static SEEN: RefCell<HashSet<Shared>> = RefCell::new(HashSet::new());
}

/// `text` as the copy this thread already holds, or a new one it keeps.
pub fn share(text: &str) -> Shared {
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(held) = seen.get(text) {
            return held.clone();
        }
        if seen.len() >= REMEMBERED {
            seen.clear();
        }
        let held: Shared = Arc::from(text);
        seen.insert(held.clone());
        held
    })
}

/// A few texts that repeat together across a list's items (an alert's MITRE techniques), held
/// as one shared text: 100,000 alerts name a few dozen distinct sets, and reading one touches
/// that shared text alone — a `Vec` of them was a block of its own for every alert, one more
/// cache miss for each row a `tech:` filter reads. Serialized as the list it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedList(Option<Shared>);

/// Between the items of a [`SharedList`]: a control character, never shown (text is cleaned
/// before it reaches a screen), so no item worth reading has it.
const SEPARATOR: char = '\u{1f}';

impl SharedList {
    pub fn new<'a>(items: impl IntoIterator<Item = &'a str>) -> Self {
        let mut joined = String::new();
        for item in items {
            if !joined.is_empty() {
                joined.push(SEPARATOR);
            }
            joined.push_str(item);
        }
        Self((!joined.is_empty()).then(|| share(&joined)))
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0
            .as_deref()
            .into_iter()
            .flat_map(|t| t.split(SEPARATOR))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn join(&self, between: &str) -> String {
        self.iter().collect::<Vec<_>>().join(between)
    }
}

impl serde::Serialize for SharedList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Lets go of the texts this thread remembers: what holds them keeps its copies, and the next
/// texts are remembered afresh (a one-shot between pages, which it prints and drops).
pub fn forget() {
    SEEN.with(|seen| *seen.borrow_mut() = HashSet::new());
}

/// Deserializes optional text as shared text.
pub(super) fn shared<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Shared>, D::Error> {
    // Borrowed when the wire has no escapes in it; owned otherwise.
    let text = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
    Ok(text.map(|t| share(&t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_are_one_copy() {
        let a = share("Suspicious PowerShell command line");
        let b = share(&String::from("Suspicious PowerShell command line"));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*a, "Suspicious PowerShell command line");
        let decoded: Vec<crate::api::model::Alert> = serde_json::from_str(
            r#"[{"id":"a","title":"T \"q\""},{"id":"b","title":"T \"q\""},{"id":"c"}]"#,
        )
        .unwrap();
        let (x, y) = (decoded[0].title.as_ref(), decoded[1].title.as_ref());
        assert!(Arc::ptr_eq(x.unwrap(), y.unwrap()), "escaped text too");
        assert_eq!(x.map(|t| &**t), Some("T \"q\""));
        assert_eq!(decoded[2].title, None);
    }

    #[test]
    fn a_list_of_texts_is_one_shared_text_and_serializes_as_the_list() {
        let a = SharedList::new(["T1059.001", "T1566"]);
        let b = SharedList::new(["T1059.001", "T1566"]);
        assert!(Arc::ptr_eq(a.0.as_ref().unwrap(), b.0.as_ref().unwrap()));
        assert_eq!(a.iter().collect::<Vec<_>>(), ["T1059.001", "T1566"]);
        assert_eq!(a.join(", "), "T1059.001, T1566");
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"["T1059.001","T1566"]"#
        );
        let none = SharedList::new([]);
        assert!(none.is_empty() && none.iter().next().is_none());
        assert_eq!(serde_json::to_string(&none).unwrap(), "[]");
    }
}
