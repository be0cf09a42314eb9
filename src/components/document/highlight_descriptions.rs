//! What a screen reader says of each highlight (its themes and note): hidden elements the marks
//! point to with `aria-describedby`. A component of its own, so that they are made again only
//! when the project or the document changes, not on every render of the app.

use super::block_view::description_id;
use annotator_core::{Document, Project};
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`HighlightDescriptions`].
#[derive(Properties, PartialEq)]
pub struct HighlightDescriptionsProps {
    /// The project.
    pub project: Rc<Project>,
    /// The document shown.
    pub document: Rc<Document>,
}

/// The hidden descriptions of the shown document's highlights.
#[function_component(HighlightDescriptions)]
pub fn highlight_descriptions(props: &HighlightDescriptionsProps) -> Html {
    let project = &props.project;
    let descriptions: Html = project
        .placed_annotations_in(props.document.id())
        .map(|annotation| {
            let themes: Vec<&str> = annotation.theme_ids.iter().filter_map(|id| project.theme(*id)).map(|theme| theme.name.as_str()).collect();
            let themes = if themes.is_empty() { "no theme".to_owned() } else { themes.join(", ") };
            let note = if annotation.note.is_empty() { String::new() } else { format!(" Note: {}", annotation.note) };
            html! { <span key={annotation.id.to_string()} id={description_id(&annotation.id)}>{ format!("Highlight, {themes}.{note}") }</span> }
        })
        .collect();
    html! { <div hidden=true>{ descriptions }</div> }
}
