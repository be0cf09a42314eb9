//! The keyboard: everything can be done without a mouse. Escape closes what is open; `?` lists
//! the shortcuts; S and Shift+S select sentences; Shift+arrows extend by a word; 1–9 tag the
//! selection or toggle a theme on the focused highlight; Enter opens it; Delete removes it; M
//! moves it; Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z undo and redo. In a text field the keys are the
//! field's own.

use crate::dom::clock::{new_annotation_id, now};
use crate::dom::reveal::{anchor_under, first_mark, reveal_annotation};
use crate::dom::selection::{
    clear_selection, document_article, extend_selection_by_word, pending_selection, select_span, WordDirection,
};
use crate::state::{Action, AppState, OpenHighlights, PendingSelection};
use annotator_core::{AnnotationId, Span};
use gloo::events::{EventListener, EventListenerOptions};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// Listens for the page-wide shortcuts while the app is mounted.
#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<AppState>) {
    // The listener is added once and reads the latest state through this ref.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    use_effect_with((), move |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
            let state = latest.borrow().clone();
            if handle_key(&state, event) {
                event.prevent_default();
            }
        });
        move || drop(listener)
    });
}

/// Acts on one key press; says whether it was ours.
fn handle_key(state: &UseReducerHandle<AppState>, event: &KeyboardEvent) -> bool {
    let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
    let in_field = target.as_ref().is_some_and(|element| {
        matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || element.has_attribute("contenteditable")
    });
    let key = event.key();
    let command = event.ctrl_key() || event.meta_key();

    if key == "Escape" {
        close_everything(state);
        return true;
    }
    if in_field {
        return false;
    }
    if command {
        return match key.to_lowercase().as_str() {
            "z" if event.shift_key() => redo(state),
            "z" => {
                state.dispatch(Action::Undo(now()));
                true
            }
            "y" => redo(state),
            _ => false,
        };
    }
    if event.alt_key() {
        return false;
    }
    let focused = target.as_ref().and_then(focused_highlight);
    match key.as_str() {
        "?" => state.dispatch(Action::ShowHelp(true)),
        "s" | "S" => return select_sentence(state, focused, event.shift_key()),
        "ArrowRight" | "ArrowLeft" if event.shift_key() && state.selection.is_some() => {
            let direction = if key == "ArrowRight" { WordDirection::Forward } else { WordDirection::Backward };
            extend_selection_by_word(direction);
            let Some(article) = document_article() else { return false };
            state.dispatch(Action::Select(pending_selection(&article, &state.document)));
        }
        digit if digit.len() == 1 && ('1'..='9').contains(&digit.chars().next().unwrap_or('0')) => {
            let index = digit.parse::<usize>().unwrap_or(1) - 1;
            let Some(theme_id) = state.project.themes().nth(index).map(|theme| theme.id) else { return false };
            if let Some(selection) = state.selection {
                let annotation_id = new_annotation_id();
                state.dispatch(Action::TagSelection { theme_id, annotation_id, at: now() });
                clear_selection();
                // The keyboard goes on from the new highlight, once it is drawn.
                gloo::timers::callback::Timeout::new(0, move || reveal_annotation(annotation_id, selection.span))
                    .forget();
            } else if let Some((annotation_id, _)) = focused {
                state.dispatch(Action::ToggleTheme { annotation_id, theme_id, at: now() });
            } else {
                return false;
            }
        }
        "Enter" if state.moving.is_some() && state.selection.is_some() => {
            state.dispatch(Action::MoveToSelection(now()));
            clear_selection();
        }
        "Enter" => {
            let Some((annotation_id, mark)) = focused else { return false };
            let open = OpenHighlights {
                annotation_ids: vec![annotation_id],
                shown: annotation_id,
                anchor: anchor_under(&mark),
            };
            state.dispatch(Action::Open(Some(open)));
        }
        "Delete" | "Backspace" => {
            let Some((annotation_id, _)) = focused else { return false };
            state.dispatch(Action::Apply(vec![annotator_core::Operation::DeleteAnnotation { annotation_id }], now()));
        }
        "m" | "M" => {
            let Some((annotation_id, _)) = focused else { return false };
            state.dispatch(Action::StartMoving(Some(annotation_id)));
        }
        _ => return false,
    }
    true
}

fn redo(state: &UseReducerHandle<AppState>) -> bool {
    state.dispatch(Action::Redo(now()));
    true
}

/// Escape: closes the help, the popover (focus goes back to its highlight), the toolbar and a move.
fn close_everything(state: &UseReducerHandle<AppState>) {
    let reopened_mark = state.open.as_ref().and_then(|open| first_mark(open.shown));
    state.dispatch(Action::ShowHelp(false));
    state.dispatch(Action::Open(None));
    state.dispatch(Action::Select(None));
    if state.moving.is_some() {
        state.dispatch(Action::StartMoving(None));
    }
    clear_selection();
    if let Some(mark) = reopened_mark.and_then(|mark| mark.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = mark.focus();
    }
}

/// The highlight whose mark has the focus, with that mark.
fn focused_highlight(target: &Element) -> Option<(AnnotationId, Element)> {
    let mark = target.closest("mark[data-annotation-id]").ok()??;
    let id = Uuid::parse_str(&mark.get_attribute("data-annotation-id")?).ok()?;
    Some((AnnotationId(id), mark))
}

/// Selects the sentence after (or, going back, before) the current selection, the focused
/// highlight, or the start of the document.
fn select_sentence(
    state: &UseReducerHandle<AppState>,
    focused: Option<(AnnotationId, Element)>,
    backwards: bool,
) -> bool {
    let Some(article) = document_article() else { return false };
    let from: Option<Span> = state
        .selection
        .map(|selection| selection.span)
        .or_else(|| focused.and_then(|(id, _)| state.project.annotation(id)).map(|annotation| annotation.span));
    let sentences = state.document.sentences();
    let next = match (from, backwards) {
        (None, _) => sentences.first(),
        (Some(from), false) => sentences.iter().find(|sentence| sentence.start() >= from.end()).or(sentences.last()),
        (Some(from), true) => {
            sentences.iter().rev().find(|sentence| sentence.end() <= from.start()).or(sentences.first())
        }
    };
    let Some(span) = next.copied() else { return false };
    let Some(anchor) = select_span(&article, span) else { return false };
    state.dispatch(Action::Select(Some(PendingSelection { span, anchor })));
    true
}
