//! The "Coders" control: every coder of the project with their colour and count, each layer
//! shown or hidden by a checkbox named after the coder, and "Only mine" in one click.

use annotator_core::layers::Layers;
use annotator_core::{Coder, CoderId, Project};
use std::collections::HashMap;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The props of [`CodersControl`].
#[derive(Properties, PartialEq)]
pub struct CodersControlProps {
    /// The project.
    pub project: Rc<Project>,
    /// Its coders with live highlights, the project's coders first ([`coders_with_annotations`],
    /// worked out once per change of the project for this control and the highlights list).
    ///
    /// [`coders_with_annotations`]: annotator_core::layers::coders_with_annotations
    pub coders: Rc<Vec<CoderId>>,
    /// The id of the document shown (counts are of its highlights).
    pub document_id: String,
    /// Whose highlights are shown.
    pub layers: Layers,
    /// The person coding here (as they call themselves now, which the project learns with
    /// their next change).
    pub me: Coder,
    /// Shows other layers.
    pub on_layers: Callback<Layers>,
    /// Whether the project is coded blind.
    pub blind: bool,
    /// Whether this person sees the others' work (not while coding blind, until they reveal it).
    pub sees_others: bool,
    /// Turns blind coding on or off.
    pub on_blind: Callback<bool>,
    /// Reveals the others' work.
    pub on_reveal: Callback<()>,
}

/// The coders and their layers.
#[function_component(CodersControl)]
pub fn coders_control(props: &CodersControlProps) -> Html {
    let project = &props.project;
    let me = props.me.id;
    let mut coders = if props.sees_others { (*props.coders).clone() } else { vec![me] };
    if !coders.contains(&me) {
        coders.insert(0, me);
    }
    // Each coder's highlights in the document shown, counted in one pass.
    let mut counts: HashMap<CoderId, usize> = HashMap::new();
    for annotation in project.annotations_in(&props.document_id) {
        *counts.entry(annotation.coder).or_default() += 1;
    }
    let count = |coder: CoderId| counts.get(&coder).copied().unwrap_or(0);
    let rows: Html = coders
        .iter()
        .map(|coder| {
            let coder = *coder;
            let (name, colour) = if coder == me {
                (props.me.display_name(), props.me.colour.clone())
            } else {
                let colour = project.coder_colour(coder).to_owned();
                (project.coder_name(coder), colour)
            };
            let shown = props.layers.shows_coder(coder);
            let onchange = {
                let on_layers = props.on_layers.clone();
                let layers = props.layers.clone();
                Callback::from(move |event: Event| {
                    let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
                    on_layers.emit(layers.with_coder_shown(coder, input.checked()));
                })
            };
            let you = if coder == me { " (you)" } else { "" };
            html! {
                <li key={coder.to_string()}>
                    <label>
                        <input type="checkbox" checked={shown} {onchange} aria-label={name.clone()} />
                        <span class="swatch" style={format!("background: {colour}")} aria-hidden="true"></span>
                        <span>{ format!("{name}{you}") }</span>
                        <span class="coder-count">{ count(coder) }</span>
                    </label>
                </li>
            }
        })
        .collect();
    let only_mine = {
        let on_layers = props.on_layers.clone();
        let project = project.clone();
        Callback::from(move |_: MouseEvent| on_layers.emit(Layers::only(me, &project)))
    };
    let everyone = {
        let on_layers = props.on_layers.clone();
        Callback::from(move |_: MouseEvent| on_layers.emit(Layers::default()))
    };
    let hidden = coders.iter().filter(|coder| !props.layers.shows_coder(**coder)).count();
    let summary = if hidden == 0 {
        format!("Coders ({})", coders.len())
    } else {
        format!("Coders ({} of {} shown)", coders.len() - hidden, coders.len())
    };
    let on_blind = {
        let on_blind = props.on_blind.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            on_blind.emit(input.checked());
        })
    };
    let on_reveal = {
        let on_reveal = props.on_reveal.clone();
        Callback::from(move |_: MouseEvent| on_reveal.emit(()))
    };
    let summary = if props.sees_others { summary } else { "Coders (blind)".to_owned() };
    html! {
        <details class="menu coders">
            <summary class="button">{ summary }</summary>
            <div class="menu-items coders-items" role="group" aria-label="Coders">
                <ul class="coder-rows">{ rows }</ul>
                if props.sees_others {
                    <div class="coder-actions">
                        <button type="button" onclick={only_mine}>{ "Only mine" }</button>
                        <button type="button" onclick={everyone} disabled={hidden == 0}>{ "Show all" }</button>
                    </div>
                } else {
                    <p class="blind-note">{ "Coding blind: the other coders' highlights and the agreement stay hidden until you reveal them." }</p>
                    <button type="button" onclick={on_reveal}>{ "Reveal" }</button>
                }
                <label class="blind-setting" title="As reliability studies require: every coder of the project sees only their own highlights, and no agreement, until they choose Reveal">
                    <input type="checkbox" checked={props.blind} onchange={on_blind} />
                    { "Blind coding for this project" }
                </label>
            </div>
        </details>
    }
}
