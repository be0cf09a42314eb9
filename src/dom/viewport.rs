//! Which groups of blocks of a long document are near the viewport: an `IntersectionObserver`
//! on every group, reaching one screen above and one below, so that a group is drawn before it
//! scrolls into view.
//!
//! Groups, not blocks: the browser works out every observed element's intersection in every
//! frame, and five thousand paragraphs cost some ten milliseconds a frame in that alone.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// The attribute every group element carries with its place among the groups.
pub const GROUP_INDEX_ATTRIBUTE: &str = "data-group-index";

/// Watches the groups of an article; stops when dropped.
pub struct NearViewport {
    observer: IntersectionObserver,
    _on_change: Closure<dyn FnMut(js_sys::Array)>,
}

impl NearViewport {
    /// Starts watching the `group_count` groups in `article`. `on_change` is called with, for
    /// each group, whether it is within a screen of the viewport, whenever that changes (the
    /// first call comes with the next frame).
    pub fn watch(article: &Element, group_count: usize, on_change: impl Fn(Vec<bool>) + 'static) -> Option<Self> {
        let near = Rc::new(RefCell::new(vec![false; group_count]));
        let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let mut near = near.borrow_mut();
            let mut changed = false;
            for entry in entries.iter() {
                let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else { continue };
                let index = entry.target().get_attribute(GROUP_INDEX_ATTRIBUTE).and_then(|index| index.parse().ok());
                if let Some(slot) = index.and_then(|index: usize| near.get_mut(index)) {
                    changed |= *slot != entry.is_intersecting();
                    *slot = entry.is_intersecting();
                }
            }
            // A report with no group near is not passed on: the article is then off screen or
            // not laid out yet (seen for a moment, once in a few opens, as a long document's
            // last slices go in), and undrawing every highlight would be undone a frame later.
            if changed && near.contains(&true) {
                on_change(near.clone());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin("100% 0px 100% 0px");
        let observer = IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options).ok()?;
        let groups = article.query_selector_all(&format!("[{GROUP_INDEX_ATTRIBUTE}]")).ok()?;
        for index in 0..groups.length() {
            if let Some(group) = groups.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
                observer.observe(&group);
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
