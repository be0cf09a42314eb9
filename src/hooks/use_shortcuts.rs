//! Keys that work anywhere on the page: Escape closes the toolbar and popover, Ctrl/Cmd+Z undoes,
//! Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes. In a text field the browser's own undo is left alone.

use crate::dom::clock::now;
use crate::state::{Action, AppState};
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// Listens for the page-wide shortcuts while the app is mounted.
#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::document(), "keydown", move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
            let in_field = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .is_some_and(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            let command = event.ctrl_key() || event.meta_key();
            let key = event.key().to_lowercase();
            if key == "escape" {
                dispatcher.dispatch(Action::Select(None));
                dispatcher.dispatch(Action::Open(None));
            } else if command && !in_field && key == "z" && !event.shift_key() {
                event.prevent_default();
                dispatcher.dispatch(Action::Undo(now()));
            } else if command && !in_field && ((key == "z" && event.shift_key()) || key == "y") {
                event.prevent_default();
                dispatcher.dispatch(Action::Redo);
            }
        });
        move || drop(listener)
    });
}
