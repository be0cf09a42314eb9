//! The toolbar that appears under a selection: one button per theme, and a small form to add a
//! theme and tag the selection with it at once.

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

    html! {
        <div
            class="floating selection-toolbar"
            role="toolbar"
            aria-label="Tag the selection with a theme"
            style={format!("--anchor-x: {}px; --anchor-y: {}px", props.anchor.left, props.anchor.top)}
            onmousedown={keep_selection}
        >
            if let Some(on_move_here) = props.on_move_here.clone() {
                <div class="move-here">
                    <button type="button" class="primary" onclick={move |_| on_move_here.emit(())}>{ "Move highlight here" }</button>
                    <button type="button" onclick={let cancel = props.on_cancel_move.clone(); move |_| cancel.emit(())}>{ "Cancel move" }</button>
                </div>
            }
            <div class="theme-buttons">{ buttons }</div>
            if *adding {
                <form class="new-theme" onsubmit={on_submit}>
                    <label>{ "Theme name " }<input ref={name_input} type="text" name="theme-name" required=true maxlength="80" /></label>
                    <label>{ "Colour " }<input ref={colour_input} type="color" name="theme-colour" value={next_colour} /></label>
                    <button type="submit">{ "Add and tag" }</button>
                </form>
            } else {
                <button type="button" class="add-theme" onclick={toggle_adding}>{ "+ New theme…" }</button>
            }
        </div>
    }
}
