//! Following an element's size with a `ResizeObserver`, which reports it after the browser has
//! laid the page out: reading a size in the task of a change (`clientWidth`, a bounding
//! rectangle) would make the browser lay out the whole document an extra time before the frame,
//! which on a long text costs more than the change itself.

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver, ResizeObserverEntry, ResizeObserverSize};

/// An element's border box, in CSS pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Size {
    /// Its width.
    pub width: f64,
    /// Its height.
    pub height: f64,
}

/// Calls back with an element's size when it is first laid out and whenever it changes; stops
/// when dropped.
pub struct SizeFollower {
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeFollower {
    /// Starts following `element`.
    pub fn follow(element: &Element, mut on_size: impl FnMut(Size) + 'static) -> Option<Self> {
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(entry) = entries.get(0).dyn_into::<ResizeObserverEntry>().ok() else { return };
            // One box per fragment; an element that is not split across columns has one.
            let Some(size) = entry.border_box_size().get(0).dyn_into::<ResizeObserverSize>().ok() else { return };
            on_size(Size { width: size.inline_size(), height: size.block_size() });
        });
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(SizeFollower { observer, _on_resize: on_resize })
    }
}

impl Drop for SizeFollower {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The CSS property the stylesheet offsets what sticks below the top bar by.
const TOP_BAR_HEIGHT: &str = "--top-bar-height";

/// Keeps `--top-bar-height` on the page's root equal to the top bar's height: the bar wraps to
/// more rows on a narrower window and while it asks "Who is coding?", so a fixed offset would let
/// it cover the side panel's tabs once the page scrolls.
pub fn follow_top_bar_height(bar: &Element) -> Option<SizeFollower> {
    SizeFollower::follow(bar, |size| {
        if let Ok(root) = gloo::utils::document_element().dyn_into::<web_sys::HtmlElement>() {
            let _ = root.style().set_property(TOP_BAR_HEIGHT, &format!("{:.1}px", size.height));
        }
    })
}
