//! Which blocks of the document are near the viewport: an `IntersectionObserver` on every block,
//! reaching one screen above and one below, so that a block is drawn before it scrolls into view.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// The attribute every block element carries with its place in the document.
pub const BLOCK_INDEX_ATTRIBUTE: &str = "data-block-index";

/// Watches the blocks of an article; stops when dropped.
pub struct NearViewport {
    observer: IntersectionObserver,
    _on_change: Closure<dyn FnMut(js_sys::Array)>,
}

impl NearViewport {
    /// Starts watching the `block_count` blocks in `article`. `on_change` is called with, for
    /// each block, whether it is within a screen of the viewport, whenever that changes (the
    /// first call comes with the next frame).
    pub fn watch(article: &Element, block_count: usize, on_change: impl Fn(Vec<bool>) + 'static) -> Option<Self> {
        let near = Rc::new(RefCell::new(vec![false; block_count]));
        let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let mut near = near.borrow_mut();
            let mut changed = false;
            for entry in entries.iter() {
                let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else { continue };
                let index = entry.target().get_attribute(BLOCK_INDEX_ATTRIBUTE).and_then(|index| index.parse().ok());
                if let Some(slot) = index.and_then(|index: usize| near.get_mut(index)) {
                    changed |= *slot != entry.is_intersecting();
                    *slot = entry.is_intersecting();
                }
            }
            if changed {
                on_change(near.clone());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin("100% 0px 100% 0px");
        let observer = IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options).ok()?;
        let blocks = article.query_selector_all(&format!("[{BLOCK_INDEX_ATTRIBUTE}]")).ok()?;
        for index in 0..blocks.length() {
            if let Some(block) = blocks.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
                observer.observe(&block);
            }
        }
        Some(NearViewport { observer, _on_change: on_change })
    }
}

impl Drop for NearViewport {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
