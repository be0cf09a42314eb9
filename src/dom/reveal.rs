//! Bringing a highlight into view: scroll to it, focus it, and mark it briefly so the eye finds it.

use super::selection::scroll_into_view;
use crate::state::Anchor;
use annotator_core::{AnnotationId, Span};
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, NodeList};

/// How long a revealed highlight stays marked.
const FLASH_MILLISECONDS: u32 = 1600;

/// The first `<mark>` of a highlight.
pub fn first_mark(annotation_id: AnnotationId) -> Option<Element> {
    gloo::utils::document().query_selector(&format!("article mark[data-annotation-id=\"{annotation_id}\"]")).ok()?
}

/// How long to wait for a highlight to be drawn.
const DRAW_WAIT: Duration = Duration::from_millis(2000);

/// Scrolls to the highlight on `span`, focuses it and flashes it. In a long document its block
/// may not be in the page yet, or not draw highlights yet: the block is scrolled into view as
/// soon as it is there, and the highlight revealed as soon as it is drawn.
pub fn reveal_annotation(annotation_id: AnnotationId, span: Span) {
    if reveal_drawn(annotation_id) {
        return;
    }
    yew::platform::spawn_local(async move {
        let step = Duration::from_millis(16);
        let mut waited = Duration::ZERO;
        let mut scrolled = false;
        while waited < DRAW_WAIT && !reveal_drawn(annotation_id) {
            if !scrolled {
                if let Some(block) = block_holding(span.start()) {
                    scroll_into_view(&block);
                    scrolled = true;
                }
            }
            yew::platform::time::sleep(step).await;
            waited += step;
        }
    });
}

/// Scrolls to a match of the find box (its first mark in the text) and marks it as the current
/// one; in a long document whose block is not in the page yet, scrolls to where it will be.
pub fn reveal_match(span: Span) {
    let page = gloo::utils::document();
    if let Ok(current) = page.query_selector_all("article mark.search-match.current") {
        for index in 0..current.length() {
            if let Some(mark) = current.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
                let _ = mark.class_list().remove_1("current");
            }
        }
    }
    let selector = format!("article mark.search-match[data-match-start=\"{}\"]", span.start());
    match page.query_selector(&selector).ok().flatten() {
        Some(mark) => {
            scroll_into_view(&mark);
            let _ = mark.class_list().add_1("current");
        }
        None => {
            if let Some(block) = block_holding(span.start()) {
                scroll_into_view(&block);
            }
        }
    }
}

/// The block element whose text holds the code point at `offset` (or the first after it).
fn block_holding(offset: usize) -> Option<Element> {
    let blocks = gloo::utils::document().query_selector_all("article [data-block-end]").ok()?;
    let end_of = |index: u32| {
        let block: Element = blocks.item(index)?.dyn_into().ok()?;
        let end: usize = block.get_attribute("data-block-end")?.parse().ok()?;
        Some((block, end))
    };
    // Blocks come in text order: the first whose end lies past the offset.
    let (mut low, mut high) = (0, blocks.length());
    while low < high {
        let middle = low + (high - low) / 2;
        match end_of(middle) {
            Some((_, end)) if end <= offset => low = middle + 1,
            _ => high = middle,
        }
    }
    end_of(low).map(|(block, _)| block)
}

/// Scrolls to a drawn highlight, focuses it and flashes it; false if it is not drawn.
fn reveal_drawn(annotation_id: AnnotationId) -> bool {
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
