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
}
