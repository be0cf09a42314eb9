//! Bringing a highlight into view: scroll to it, focus it, and mark it briefly so the eye finds it.

use super::selection::scroll_into_view;
use crate::state::Anchor;
use annotator_core::AnnotationId;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, NodeList};

/// How long a revealed highlight stays marked.
const FLASH_MILLISECONDS: u32 = 1600;

/// The first `<mark>` of a highlight.
pub fn first_mark(annotation_id: AnnotationId) -> Option<Element> {
    gloo::utils::document().query_selector(&format!("article mark[data-annotation-id=\"{annotation_id}\"]")).ok()?
}

/// Scrolls to a highlight, focuses it and flashes it; false if it is not drawn.
pub fn reveal_annotation(annotation_id: AnnotationId) -> bool {
    let Some(mark) = first_mark(annotation_id) else { return false };
    scroll_into_view(&mark);
    if let Some(element) = mark.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    }
    let Ok(marks) =
        gloo::utils::document().query_selector_all(&format!("article mark[data-annotation-id=\"{annotation_id}\"]"))
    else {
        return true;
    };
    set_flash(&marks, Flash::On);
    gloo::timers::callback::Timeout::new(FLASH_MILLISECONDS, move || set_flash(&marks, Flash::Off)).forget();
    true
}

enum Flash {
    On,
    Off,
}

fn set_flash(marks: &NodeList, flash: Flash) {
    for index in 0..marks.length() {
        if let Some(mark) = marks.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
            let _ = match flash {
                Flash::On => mark.class_list().add_1("flash"),
                Flash::Off => mark.class_list().remove_1("flash"),
            };
        }
    }
}

/// Where the popover of an element goes: under it, in page coordinates.
pub fn anchor_under(element: &Element) -> Anchor {
    let window = gloo::utils::window();
    let rect = element.get_bounding_client_rect();
    Anchor {
        left: rect.left() + rect.width().min(200.0) / 2.0 + window.scroll_x().unwrap_or(0.0),
        top: rect.bottom() + window.scroll_y().unwrap_or(0.0),
    }
}
