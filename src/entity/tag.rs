//! Machine tags: `:tag NAME` (and `mdetui tag NAME`) lists the machines that carry a tag
//! (`machines/findbytag`, the tag exactly), such as those marked "under investigation".

use super::registry::{Complete, OneShot, Registration, Word, view_part};
use super::route::{PaneSpec, Route, View};
use crate::engine::Resource;

pub fn view(tag: &str) -> View {
    View {
        facts: None,
        more: Vec::new(),
        aside: Vec::new(),
        panes: vec![PaneSpec::new(
            Resource::MachinesByTag(tag.to_owned()),
            "machines",
            "No machine carries this tag (tags are matched exactly).",
            "machines",
        )],
    }
}

/// Tags open by `:tag NAME` and `mdetui tag NAME`.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "tag",
        short: None,
        needs: Some("a machine tag"),
        open: |arg, _| open(arg),
        complete: Complete::Nothing,
    }),
    one_shot: Some(OneShot {
        about: "The machines that carry a tag (exactly)",
        arg: "TAG",
        arg_help: "A machine tag, as the machines carry it",
        example: "finance",
        parts: &[],
        lookup: open,
        part: view_part,
        missing: "",
    }),
    ..Registration::shows(&[])
};

fn open(arg: &str) -> Result<Route, String> {
    crate::api::check_tag(arg)
        .map(|()| Route::Tag(arg.trim().to_owned()))
        .map_err(|e| e.short())
}
