//! Two tabs on the same document stay consistent: when another tab stores the project, this one
//! takes it (the browser's `storage` event fires only in the other tabs).

use crate::dom::storage::{is_in_database_note, PROJECT_KEY};
use crate::hooks::use_autosave::read_from_database;
use crate::merging::dispatch_merging;
use crate::state::{Action, AppState};
use annotator_formats::project_file;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::StorageEvent;
use yew::prelude::*;

/// Listens for the project being stored by another tab.
#[hook]
pub fn use_other_tabs(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let communique = state.document.clone();
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "storage", move |event| {
            let Some(event) = event.dyn_ref::<StorageEvent>() else { return };
            if event.key().as_deref() != Some(PROJECT_KEY) {
                return;
            }
            let Some(text) = event.new_value() else { return };
            // A project the other tab wrote is read like any file; one that cannot be read is ignored
            // here, since this tab's own copy is intact and will be written again on its next change.
            if is_in_database_note(&text) {
                let dispatcher = dispatcher.clone();
                let communique = communique.clone();
                yew::platform::spawn_local(async move {
                    if let Ok(Some((project, _))) = read_from_database(communique).await {
                        merge_from_other_tab(&dispatcher, project);
                    }
                });
            } else if let Ok((project, _)) = project_file::read(&text, std::slice::from_ref(&communique)) {
                merge_from_other_tab(&dispatcher, project);
            }
        });
        move || drop(listener)
    });
}

/// Merges what another tab stored. If the merge's code cannot be fetched, the person is told:
/// that tab's changes are not here, and this tab's next write would stand beside them only once
/// it has merged them (the other tab merges what this one writes, and keeps its own).
fn merge_from_other_tab(dispatcher: &UseReducerDispatcher<AppState>, project: annotator_core::Project) {
    let what = "the changes made in another tab (reload this tab to see them)".to_owned();
    dispatch_merging(dispatcher, what, move |merging| Action::ProjectFromOtherTab(project, merging));
}
