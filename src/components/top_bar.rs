//! The bar above the document: undo and redo, saving and opening project files, and the name
//! new highlights are signed with.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The largest project file "Open JSON" reads.
pub const MAX_PROJECT_FILE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// The props of [`TopBar`].
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// How many live highlights there are.
    pub highlight_count: usize,
    /// Whether undo and redo can do anything.
    pub can_undo: bool,
    /// Whether redo can do anything.
    pub can_redo: bool,
    /// The coder's name.
    pub creator: String,
    /// Undo.
    pub on_undo: Callback<()>,
    /// Redo.
    pub on_redo: Callback<()>,
    /// Save the project as a file.
    pub on_save: Callback<()>,
    /// Read a project file the person picked.
    pub on_open: Callback<web_sys::File>,
    /// Change the coder's name.
    pub on_creator: Callback<String>,
    /// Show the keyboard shortcuts.
    pub on_help: Callback<bool>,
}

/// The app's top bar.
#[function_component(TopBar)]
pub fn top_bar(props: &TopBarProps) -> Html {
    let on_file = {
        let on_open = props.on_open.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_open.emit(file);
            }
            // Picking the same file again must fire a change again.
            input.set_value("");
        })
    };
    let on_creator = {
        let on_creator = props.on_creator.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                on_creator.emit(input.value().trim().to_owned());
            }
        })
    };
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    html! {
        <header class="top-bar">
            <h1 class="app-name">{ "Communiqué annotator" }</h1>
            <p class="count" aria-live="polite">{ format!("{} highlight{}", props.highlight_count, crate::state::plural(props.highlight_count)) }</p>
            <div class="actions" role="group" aria-label="Project">
                <button type="button" onclick={click(&props.on_undo)} disabled={!props.can_undo} title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button type="button" onclick={click(&props.on_redo)} disabled={!props.can_redo} title="Redo (Ctrl+Shift+Z)">{ "Redo" }</button>
                <button type="button" onclick={click(&props.on_save)}>{ "Save JSON" }</button>
                <label class="button">
                    { "Open JSON" }
                    <input type="file" class="visually-hidden" accept=".json,application/json" onchange={on_file} />
                </label>
                <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={let on_help = props.on_help.clone(); move |_| on_help.emit(true)}>{ "?" }</button>
                <label class="creator">
                    { "Coder " }
                    <input type="text" value={props.creator.clone()} onchange={on_creator} maxlength="60" size="12" />
                </label>
            </div>
        </header>
    }
}
