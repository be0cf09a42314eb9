//! The bar above the document: undo and redo, saving and opening project files, and the name
//! new highlights are signed with.

use crate::dom::resize::follow_top_bar_height;
use crate::exchange::{AgreementReportFormat, ExportFormat};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The largest file "Open JSON / Import" reads.
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
    /// Whether to ask for the coder's name (none given, not skipped).
    pub ask_name: bool,
    /// The person skips giving their name.
    pub on_skip_name: Callback<()>,
    /// Undo.
    pub on_undo: Callback<()>,
    /// Redo.
    pub on_redo: Callback<()>,
    /// Save the project as a file.
    pub on_save: Callback<()>,
    /// Export the project in another format.
    pub on_export: Callback<ExportFormat>,
    /// Export the agreement report of what the Agreement tab compares.
    pub on_export_agreement: Callback<AgreementReportFormat>,
    /// Read a file the person picked (project file, W3C annotations or CSV).
    pub on_open: Callback<Vec<web_sys::File>>,
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
            if let Some(files) = input.files() {
                on_open.emit((0..files.length()).filter_map(|index| files.get(index)).collect());
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
    // The field is written only when the name changes: a value set on every render would wipe
    // what the person is typing whenever something else redraws the bar (a highlight arriving
    // from a live session, say) before their change is in.
    let creator_field = use_node_ref();
    {
        let creator_field = creator_field.clone();
        use_effect_with(props.creator.clone(), move |creator| {
            if let Some(input) = creator_field.cast::<HtmlInputElement>() {
                if input.value() != *creator {
                    input.set_value(creator);
                }
            }
        });
    }
    // What sticks below the bar starts where it ends, however many rows it has.
    let bar = use_node_ref();
    {
        let bar = bar.clone();
        use_effect_with((), move |_| {
            let follower = bar.cast::<web_sys::Element>().and_then(|bar| follow_top_bar_height(&bar));
            move || drop(follower)
        });
    }
    let export_menu = use_node_ref();
    // A menu entry closes the menu once chosen.
    let entry = |label: &'static str, title: Option<&'static str>, chosen: Callback<()>| {
        let export_menu = export_menu.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            chosen.emit(());
            if let Some(menu) = export_menu.cast::<web_sys::HtmlDetailsElement>() {
                menu.set_open(false);
            }
        });
        html! { <button type="button" {onclick} {title}>{ label }</button> }
    };
    let export_items: Html = ExportFormat::ALL
        .iter()
        .map(|format| entry(format.label(), None, props.on_export.reform(|()| *format)))
        .collect();
    let agreement_title = Some("The figures of the coders and themes the Agreement tab compares");
    let agreement_items: Html = AgreementReportFormat::ALL
        .iter()
        .map(|format| entry(format.label(), agreement_title, props.on_export_agreement.reform(|()| *format)))
        .collect();
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    html! {
        <header class="top-bar" ref={bar}>
            <h1 class="app-name">{ "Communiqué annotator" }</h1>
            <p class="count" aria-live="polite">{ format!("{} highlight{}", props.highlight_count, crate::state::plural(props.highlight_count)) }</p>
            <div class="actions" role="group" aria-label="Project">
                <button type="button" onclick={click(&props.on_undo)} disabled={!props.can_undo} title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button type="button" onclick={click(&props.on_redo)} disabled={!props.can_redo} title="Redo (Ctrl+Shift+Z)">{ "Redo" }</button>
                <button type="button" onclick={click(&props.on_save)}>{ "Save JSON" }</button>
                <label class="button">
                    { "Open JSON / Import" }
                    <input type="file" multiple=true class="visually-hidden" accept=".json,.jsonld,.csv,.qdpx,.qdc,application/json,application/ld+json,text/csv" onchange={on_file} />
                </label>
                <details class="menu" ref={export_menu.clone()}>
                    <summary class="button">{ "Export" }</summary>
                    <div class="menu-items">{ export_items }<hr />{ agreement_items }</div>
                </details>
                <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={let on_help = props.on_help.clone(); move |_| on_help.emit(true)}>{ "?" }</button>
                <label class="creator">
                    { "Coder " }
                    <input type="text" ref={creator_field} onchange={on_creator} maxlength="60" size="12" placeholder="your name" />
                </label>
            </div>
            if props.ask_name {
                <p class="name-prompt">
                    <span>{ "Who is coding? Type your name under “Coder”: others see it beside your highlights when you share files." }</span>
                    <button type="button" onclick={click(&props.on_skip_name)}>{ "Skip" }</button>
                </p>
            }
        </header>
    }
}
