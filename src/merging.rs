//! The core's merge (`annotator_core::merge`), which the page needs only when work comes from
//! elsewhere (project files, imports, another tab, a live room): a part of the page's
//! WebAssembly fetched then (see `crate::on_demand`) and handed to the reducer with the action
//! that merges, so that the page loaded on opening does not carry it. It is the one merge every
//! way in uses; only where its code is fetched from changes.

use crate::on_demand::with_part;
use crate::state::{Action, AppState, Notice};
use annotator_core::{Merged, Project};
use yew::prelude::*;

/// The merge, as functions the reducer calls.
#[derive(Clone, Copy)]
pub struct Merging {
    /// Merges one project into another.
    pub merge: fn(&mut Project, &Project) -> Merged,
    /// Merges several at once, each record written once.
    pub merge_all: fn(&mut Project, Vec<Project>) -> Merged,
}

/// The core's merge. Named only where the part is made (and in native tests), so that its code
/// goes with the part.
pub const CORE_MERGE: Merging = Merging { merge: annotator_core::merge, merge_all: annotator_core::merge_all };

// The merge is one and the same function wherever it was fetched from.
impl PartialEq for Merging {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Merging {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Merging")
    }
}

crate::on_demand!(
    /// The merge's code, fetched the first time work comes from elsewhere.
    pub MERGING: Merging, merging => CORE_MERGE
);

/// Dispatches the action `merging` makes once the merge's code is here (at once if it is); if
/// it cannot be fetched, says so instead, naming `what` could not be merged: the work stays.
pub fn dispatch_merging(
    dispatcher: &UseReducerDispatcher<AppState>,
    what: String,
    merging: impl FnOnce(Merging) -> Action + 'static,
) {
    let (merged, failed) = (dispatcher.clone(), dispatcher.clone());
    with_part(
        &MERGING,
        move |code| merged.dispatch(merging(code)),
        move || {
            failed.dispatch(Action::Notify(Notice::error(format!(
                "Could not merge {what}: the code that merges could not be fetched (the server may be gone or the connection lost). Your work is unchanged."
            ))))
        },
    );
}
