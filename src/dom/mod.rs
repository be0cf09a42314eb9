//! Every call into the browser that is more than rendering: the selection, the clock, downloads,
//! storage and what is near the viewport. The DOM counts UTF-16 code units and the core counts code points: the conversion
//! happens here and nowhere else.

pub mod clock;
pub mod download;
pub mod first_paint;
pub mod html_document;
pub mod indexed_db;
pub mod resize;
pub mod reveal;
pub mod selection;
pub mod storage;
pub mod viewport;

/// Runs `then` in a task after the next frame is painted: for what may wait until what is on
/// screen has been shown (the frame's callback runs before that frame's paint; the timeout
/// after it).
pub fn after_next_frame(then: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let after_paint = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, then).forget();
    });
    let _ = gloo::utils::window().request_animation_frame(after_paint.unchecked_ref());
}
