//! A thin map beside the scroll bar: one lane per theme, a tick wherever a highlight of that
//! theme falls in the document. Clicking a tick jumps to its highlight.

use crate::dom::reveal::reveal_annotation;
use annotator_core::{AnnotationId, Document, Project};
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`ThemeMap`].
#[derive(Properties, PartialEq)]
pub struct ThemeMapProps {
    /// The project.
    pub project: Rc<Project>,
    /// The document shown.
    pub document: Rc<Document>,
}

/// The theme map.
#[function_component(ThemeMap)]
pub fn theme_map(props: &ThemeMapProps) -> Html {
    let length = props.document.len().max(1) as f64;
    let document_id = props.document.id();
    let lanes: Vec<_> = props
        .project
        .themes()
        .filter(|theme| {
            props.project.placed_annotations_in(document_id).any(|annotation| annotation.theme_ids.contains(&theme.id))
        })
        .collect();
    let ticks: Html = lanes
        .iter()
        .enumerate()
        .flat_map(|(lane, theme)| {
            props.project.placed_annotations_in(document_id).filter(move |annotation| annotation.theme_ids.contains(&theme.id)).map(move |annotation| {
                let id: AnnotationId = annotation.id;
                let top = annotation.span.start() as f64 / length * 100.0;
                let height = (annotation.span.len() as f64 / length * 100.0).max(0.4);
                let style = format!("top: {top:.3}%; height: {height:.3}%; left: {}px; background: {}", lane * 5, theme.colour);
                html! {
                    <div class="tick" {style} title={format!("{}: {}", theme.name, annotation.quote.exact)} onclick={move |_| { reveal_annotation(id); }}></div>
                }
            })
        })
        .collect();
    html! {
        <div class="theme-map" aria-hidden="true" style={format!("width: {}px", lanes.len().max(1) * 5 + 2)}>{ ticks }</div>
    }
}
