//! The popover of a clicked highlight: its passage, its themes (remove one, add another), its
//! note, and deletion. When the click fell on several overlapping highlights, it lists them all.

use crate::state::OpenHighlights;
use annotator_core::{AnnotationId, Project, ThemeId};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What the person asked the popover to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PopoverRequest {
    /// Show another of the highlights under the click.
    Show(AnnotationId),
    /// Tag the highlight with a theme.
    AddTheme(AnnotationId, ThemeId),
    /// Take a theme off the highlight.
    RemoveTheme(AnnotationId, ThemeId),
    /// Replace the highlight's note.
    SetNote(AnnotationId, String),
    /// Delete the highlight.
    Delete(AnnotationId),
    /// Move the highlight to the next selection.
    StartMoving(AnnotationId),
    /// Close the popover.
    Close,
}

/// The props of [`HighlightPopover`].
#[derive(Properties, PartialEq)]
pub struct HighlightPopoverProps {
    /// The project holding the highlights.
    pub project: Rc<Project>,
    /// The highlights under the click.
    pub open: OpenHighlights,
    /// Carries out what the person asks.
    pub on_request: Callback<PopoverRequest>,
}

/// The popover of the highlights under a click.
#[function_component(HighlightPopover)]
pub fn highlight_popover(props: &HighlightPopoverProps) -> Html {
    let note_input = use_node_ref();
    let dialog = use_node_ref();
    {
        // Opening the popover takes the focus into it, so the keyboard can work it at once.
        let dialog = dialog.clone();
        use_effect_with(props.open.shown, move |_| {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlElement>() {
                let _ = dialog.focus();
            }
        });
    }
    // A note being typed is kept when the popover closes by Escape or a click elsewhere, which
    // fire no change event: what is still a draft when it goes is saved then.
    let draft = use_mut_ref(|| None::<String>);
    {
        let draft = draft.clone();
        let on_request = props.on_request.clone();
        let shown = props.open.shown;
        use_effect_with((), move |_| {
            move || {
                if let Some(note) = draft.borrow_mut().take() {
                    on_request.emit(PopoverRequest::SetNote(shown, note));
                }
            }
        });
    }
    let Some(annotation) = props.project.annotation(props.open.shown) else {
        return html! {};
    };
    let id = annotation.id;
    let request = |make: PopoverRequest| {
        let on_request = props.on_request.clone();
        Callback::from(move |_: MouseEvent| on_request.emit(make.clone()))
    };

    let chooser = (props.open.annotation_ids.len() > 1).then(|| {
        let choices: Html = props
            .open
            .annotation_ids
            .iter()
            .filter_map(|other| props.project.annotation(*other))
            .map(|other| {
                let pressed = if other.id == id { "true" } else { "false" };
                html! {
                    <li><button type="button" aria-pressed={pressed} onclick={request(PopoverRequest::Show(other.id))}>
                        { short(&other.quote.exact, 40) }
                    </button></li>
                }
            })
            .collect();
        html! {
            <nav aria-label="Highlights at this spot">
                <p class="popover-label">{ format!("{} highlights here", props.open.annotation_ids.len()) }</p>
                <ul class="choices">{ choices }</ul>
            </nav>
        }
    });

    let coded_by = |coder: annotator_core::CoderId| props.project.coder_name(coder);
    let tags: Html = annotation
        .applied_codings()
        .filter_map(|coding| props.project.theme(coding.theme_id).map(|theme| (coding, theme)))
        .map(|(coding, theme)| {
            html! {
                <li class="tag" style={format!("--tag-colour: {}", theme.colour)} title={format!("Added by {}", coded_by(coding.stamp.coder))}>
                    <span>{ theme.name.clone() }</span>
                    if coding.stamp.coder != annotation.coder {
                        <span class="tag-coder">{ format!("by {}", coded_by(coding.stamp.coder)) }</span>
                    }
                    <button type="button" aria-label={format!("Remove theme {}", theme.name)} onclick={request(PopoverRequest::RemoveTheme(id, theme.id))}>{ "×" }</button>
                </li>
            }
        })
        .collect();
    let addable: Html = props
        .project
        .themes()
        .filter(|theme| !annotation.has_theme(theme.id))
        .map(|theme| {
            html! {
                <button type="button" class="theme-button" aria-label={format!("Add theme {}", theme.name)} onclick={request(PopoverRequest::AddTheme(id, theme.id))}>
                    <span class="swatch" style={format!("background: {}", theme.colour)} aria-hidden="true"></span>
                    { theme.name.clone() }
                </button>
            }
        })
        .collect();

    let on_note_input = {
        let draft = draft.clone();
        let current = annotation.note.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlTextAreaElement>() {
                let value = input.value();
                *draft.borrow_mut() = (value != current).then_some(value);
            }
        })
    };
    let on_note_change = {
        let on_request = props.on_request.clone();
        let note_input = note_input.clone();
        let current = annotation.note.clone();
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            draft.borrow_mut().take();
            if let Some(input) = note_input.cast::<HtmlTextAreaElement>() {
                if input.value() != current {
                    on_request.emit(PopoverRequest::SetNote(id, input.value()));
                }
            }
        })
    };

    html! {
        <div
            ref={dialog}
            tabindex="-1"
            class="floating highlight-popover"
            role="dialog"
            aria-label="Highlight"
            style={format!("--anchor-x: {}px; --anchor-y: {}px", props.open.anchor.left, props.open.anchor.top)}
        >
            { for chooser }
            <blockquote class="popover-quote">{ short(&annotation.quote.exact, 240) }</blockquote>
            <p class="popover-label">{ "Themes" }</p>
            <ul class="tags">{ tags }</ul>
            if annotation.theme_ids().next().is_none() {
                <p class="hint">{ "No theme yet." }</p>
            }
            <details class="add-themes">
                <summary>{ "Add a theme" }</summary>
                <div class="theme-buttons">{ addable }</div>
            </details>
            <label class="note">
                <span class="popover-label">{ "Note" }</span>
                <textarea key={id.to_string()} ref={note_input} rows="3" value={annotation.note.clone()} oninput={on_note_input} onchange={on_note_change} />
            </label>
            <p class="meta">{ format!("Coded by {}", coded_by(annotation.coder)) }</p>
            <div class="popover-actions">
                <button type="button" class="danger" onclick={request(PopoverRequest::Delete(id))}>{ "Delete highlight" }</button>
                <button type="button" onclick={request(PopoverRequest::StartMoving(id))} title="Select the new passage, then choose Move highlight here">{ "Change passage…" }</button>
                <button type="button" onclick={request(PopoverRequest::Close)}>{ "Close" }</button>
            </div>
        </div>
    }
}

/// `text` cut to `limit` code points, with an ellipsis when cut.
fn short(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    text.chars().take(limit).collect::<String>() + "…"
}
