//! Which document is shown, and adding others: a `.txt`, `.md` or `.html` file, or pasted text.

use annotator_core::Project;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The props of [`DocumentPicker`].
#[derive(Properties, PartialEq)]
pub struct DocumentPickerProps {
    /// The project and its documents.
    pub project: Rc<Project>,
    /// The id of the document shown.
    pub shown: String,
    /// Shows the document with this id.
    pub on_show: Callback<String>,
    /// Adds a document from a file the person picked.
    pub on_add_file: Callback<web_sys::File>,
    /// Adds pasted text as a document: (title, text).
    pub on_paste: Callback<(String, String)>,
}

/// The document picker above the document.
#[function_component(DocumentPicker)]
pub fn document_picker(props: &DocumentPickerProps) -> Html {
    let pasting = use_state(|| false);
    let title_input = use_node_ref();
    let text_input = use_node_ref();
    let options: Html = props
        .project
        .documents()
        .iter()
        .map(|document| {
            let selected = document.id() == props.shown;
            html! { <option value={document.id().to_owned()} {selected}>{ document.title().to_owned() }</option> }
        })
        .collect();
    let on_change = {
        let on_show = props.on_show.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                on_show.emit(select.value());
            }
        })
    };
    let on_file = {
        let on_add_file = props.on_add_file.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_add_file.emit(file);
            }
            input.set_value("");
        })
    };
    let toggle = {
        let pasting = pasting.clone();
        Callback::from(move |_: MouseEvent| pasting.set(!*pasting))
    };
    let on_submit = {
        let on_paste = props.on_paste.clone();
        let pasting = pasting.clone();
        let title_input = title_input.clone();
        let text_input = text_input.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let title = title_input.cast::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default();
            let text = text_input.cast::<HtmlTextAreaElement>().map(|input| input.value()).unwrap_or_default();
            on_paste.emit((title, text));
            pasting.set(false);
        })
    };
    html! {
        <div class="document-picker">
            <label for="document-choice">{ "Document" }</label>
            <select id="document-choice" onchange={on_change}>{ options }</select>
            <label class="button">
                { "Add a document…" }
                <input type="file" class="visually-hidden" accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html" onchange={on_file} />
            </label>
            <button type="button" onclick={toggle} aria-expanded={pasting.to_string()}>{ "Paste text…" }</button>
            if *pasting {
                <form class="paste-form" onsubmit={on_submit} aria-label="Paste a document">
                    <label>{ "Title " }<input ref={title_input} type="text" required=true maxlength="200" /></label>
                    <label class="paste-text">{ "Text" }<textarea ref={text_input} rows="8" required=true /></label>
                    <button type="submit">{ "Add document" }</button>
                </form>
            }
        </div>
    }
}
