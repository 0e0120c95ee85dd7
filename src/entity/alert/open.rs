//! How an alert is opened by name: `:alert ID`.

use crate::api::AlertId;
use crate::api::model::Alert;
use crate::entity::registry::{Complete, Registration, Wire, Word};
use crate::entity::route::Route;

/// Alerts open by `:alert ID`; their one-shot (`mdetui alert ID [user|machine|evidence|set]`)
/// is the CLI's own, for it writes too.
pub const KIND: Registration = Registration {
    word: Some(Word {
        word: "alert",
        short: Some("a"),
        needs: Some("an alert id"),
        open: |arg, _| {
            AlertId::parse(arg)
                .map(Route::Alert)
                .map_err(|e| e.to_string())
        },
        complete: Complete::Seen,
    }),
    ..Registration::shows(&[Wire::of::<Alert>()])
};
