//! The toolbar that appears under a selection: one button per theme, a small form to add a
//! theme and tag the selection with it at once, and "New theme from selection" (in-vivo coding).
//! The find box's "Tag all N matches" opens it too, for every match at once.

use crate::state::Anchor;
use annotator_core::{Project, ThemeId};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The props of [`SelectionToolbar`].
#[derive(Properties, PartialEq)]
pub struct SelectionToolbarProps {
    /// Whose codebook to offer.
    pub project: Rc<Project>,
    /// Where the selection ends on the page.
    pub anchor: Anchor,
    /// Tags the selection with a theme.
    pub on_tag: Callback<ThemeId>,
    /// Adds a theme (name, colour) and tags the selection with it.
    pub on_create_theme: Callback<(String, String)>,
    /// Set while a highlight waits to be moved here: offers "Move highlight here".
    pub on_move_here: Option<Callback<()>>,
    /// Cancels the move.
    pub on_cancel_move: Callback<()>,
    /// Set for a selection: offers "New theme from selection", a theme named after its words.
    #[prop_or_default]
    pub on_in_vivo: Option<Callback<()>>,
    /// What the toolbar tags, for its name and heading, when it is not the selection ("12
    /// matches" for the find box's).
    #[prop_or_default]
    pub tagging: Option<AttrValue>,
}

/// The toolbar under a selection.
#[function_component(SelectionToolbar)]
pub fn selection_toolbar(props: &SelectionToolbarProps) -> Html {
    let adding = use_state(|| false);
    let name_input = use_node_ref();
    let colour_input = use_node_ref();

    // Pressing a button must not take the selection away before it is read.
    let keep_selection = Callback::from(|event: MouseEvent| {
        let target_is_field = event.target_dyn_into::<HtmlInputElement>().is_some();
        if !target_is_field {
            event.prevent_default();
        }
    });

    let buttons: Html = props
        .project
        .themes()
        .enumerate()
        .map(|(index, theme)| {
            let on_tag = props.on_tag.clone();
            let id = theme.id;
            html! {
                <button type="button" class="theme-button" onclick={move |_| on_tag.emit(id)} title={theme.description.clone()}>
                    if index < 9 { <kbd aria-hidden="true">{ index + 1 }</kbd> }
                    <span class="swatch" style={format!("background: {}", theme.colour)} aria-hidden="true"></span>
                    { theme.name.clone() }
                </button>
            }
        })
        .collect();

    let toggle_adding = {
        let adding = adding.clone();
        Callback::from(move |_| adding.set(!*adding))
    };
    let on_submit = {
        let on_create_theme = props.on_create_theme.clone();
        let name_input = name_input.clone();
        let colour_input = colour_input.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let name = name_input.cast::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default();
            let colour = colour_input.cast::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default();
            on_create_theme.emit((name, colour));
        })
    };
    let next_colour = props.project.unused_colour();

    let label = match &props.tagging {
        Some(what) => format!("Tag all {what} with a theme"),
        None => "Tag the selection with a theme".to_owned(),
    };
    html! {
        <div
            class="floating selection-toolbar"
            role="toolbar"
            aria-label={label}
            style={format!("--anchor-x: {}px; --anchor-y: {}px", props.anchor.left, props.anchor.top)}
            onmousedown={keep_selection}
        >
            if let Some(on_move_here) = props.on_move_here.clone() {
                <div class="move-here">
                    <button type="button" class="primary" onclick={move |_| on_move_here.emit(())}>{ "Move highlight here" }</button>
                    <button type="button" onclick={let cancel = props.on_cancel_move.clone(); move |_| cancel.emit(())}>{ "Cancel move" }</button>
                </div>
            }
            if let Some(what) = props.tagging.clone() {
                <p class="toolbar-heading">{ format!("Tag all {what}, each as its own highlight, with:") }</p>
            }
            <div class="theme-buttons">{ buttons }</div>
            if *adding {
                <form class="new-theme" onsubmit={on_submit}>
                    <label>{ "Theme name " }<input ref={name_input} type="text" name="theme-name" required=true maxlength="80" /></label>
                    <label>{ "Colour " }<input ref={colour_input} type="color" name="theme-colour" value={next_colour} /></label>
                    <button type="submit">{ "Add and tag" }</button>
                </form>
            } else {
                <div class="toolbar-actions">
                    <button type="button" class="add-theme" onclick={toggle_adding}>{ "+ New theme…" }</button>
                    if let Some(on_in_vivo) = props.on_in_vivo.clone() {
                        <button
                            type="button" class="add-theme" onclick={move |_| on_in_vivo.emit(())}
                            title="A new theme named after the words selected, and the selection tagged with it"
                        >{ "New theme from selection" }</button>
                    }
                </div>
            }
        </div>
    }
}
