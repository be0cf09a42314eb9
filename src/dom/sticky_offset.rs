//! How tall the sticky top bar is, kept in a CSS property for what sticks below it.
//!
//! The bar wraps to more rows on a narrower window and while it asks "Who is coding?", so a fixed
//! offset would let it cover the side panel's tabs once the page scrolls. A `ResizeObserver`
//! keeps `--top-bar-height` on the page's root equal to its height.

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver};

/// The CSS property the stylesheet offsets sticky and fixed elements by.
const PROPERTY: &str = "--top-bar-height";

/// Follows the height of an element; stops when dropped.
pub struct HeightFollower {
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl HeightFollower {
    /// Starts writing `bar`'s height into the page root's `--top-bar-height`.
    pub fn follow(bar: &Element) -> Option<Self> {
        let measured = bar.clone();
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            let height = measured.get_bounding_client_rect().height();
            let root = gloo::utils::document_element().dyn_into::<web_sys::HtmlElement>().ok();
            if let Some(root) = root {
                let _ = root.style().set_property(PROPERTY, &format!("{height:.1}px"));
            }
        });
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(bar);
        Some(HeightFollower { observer, _on_resize: on_resize })
    }
}

impl Drop for HeightFollower {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
