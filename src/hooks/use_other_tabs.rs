//! Two tabs on the same document stay consistent: when another tab stores the project, this one
//! takes it (the browser's `storage` event fires only in the other tabs).

use crate::dom::storage::PROJECT_KEY;
use crate::hooks::use_autosave::read_from_other_tab;
use crate::merging::dispatch_merging;
use crate::state::{Action, AppState};
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
            let (dispatcher, communique) = (dispatcher.clone(), communique.clone());
            yew::platform::spawn_local(async move {
                if let Some(project) = read_from_other_tab(text, communique).await {
                    merge_from_other_tab(&dispatcher, project);
                }
            });
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
