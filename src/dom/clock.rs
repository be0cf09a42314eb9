//! The time and fresh ids, read here so the reducer stays pure.

use annotator_core::{AnnotationId, ThemeId, Timestamp};

/// Now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// A fresh random annotation id.
pub fn new_annotation_id() -> AnnotationId {
    AnnotationId(uuid::Uuid::new_v4())
}

/// A fresh random theme id.
pub fn new_theme_id() -> ThemeId {
    ThemeId(uuid::Uuid::new_v4())
}

/// A time as the browser writes it for the person's locale, e.g. "28/11/2026, 10:04:00": what
/// `Date.toLocaleString()` writes, from one `Intl.DateTimeFormat` made once, as each call of
/// `toLocaleString` makes its own (a third of a millisecond each: a list of a hundred
/// highlights took 34 ms to open).
pub fn local_time(timestamp: Timestamp) -> String {
    thread_local! {
        static FORMAT: js_sys::Function = {
            use js_sys::Reflect;
            let options = js_sys::Object::new();
            for field in ["year", "month", "day", "hour", "minute", "second"] {
                let _ = Reflect::set(&options, &field.into(), &"numeric".into());
            }
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
        };
    }
    FORMAT
        .with(|format| format.call1(&wasm_bindgen::JsValue::NULL, &wasm_bindgen::JsValue::from_f64(timestamp.0 as f64)))
        .ok()
        .and_then(|written| written.as_string())
        .unwrap_or_default()
}

/// Makes the format once while the browser is idle: the first time written for the person's
/// locale loads the browser's locale data (about 10 ms), which would otherwise fall in the frame
/// of the first highlight, whose time the list shows.
pub fn prepare_local_time() {
    use wasm_bindgen::JsCast;
    let prepare = wasm_bindgen::closure::Closure::once_into_js(|| {
        local_time(now());
    });
    let _ = gloo::utils::window().request_idle_callback(prepare.unchecked_ref());
}
