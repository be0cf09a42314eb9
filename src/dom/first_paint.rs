//! A copy of what the app's first frame draws with stored work (the top bar, the document and its
//! highlights), kept beside that work in local storage: on the next visit an inline script of
//! the page (written by scripts/prerender.py) paints it while the app's WebAssembly loads, and
//! the app replaces it when it mounts. It is the app's own rendering of the stored project,
//! written in the same task as the project, so the two never disagree; and the page's
//! Content-Security-Policy lets nothing in it run.

use super::storage::{remove, FIRST_PAINT_KEY};
use js_sys::{Function, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// Copies larger than this (a long document's thousands of marks) are not kept: reading and
/// drawing them ahead would cost what it saves.
const LIMIT: usize = 600_000;

/// Keeps a copy of what is drawn now, just after the project was written to local storage. A
/// copy that cannot be made or stored is dropped, never reported: the work itself is saved.
pub fn keep() {
    let Some(copy) = copy() else { return forget() };
    if !stored(&copy) {
        forget();
    }
}

/// Drops the copy: the project was written elsewhere (IndexedDB) or not at all.
pub fn forget() {
    remove(FIRST_PAINT_KEY);
}

// The copy is made and stored as JavaScript strings, never brought into the WebAssembly's
// memory: a long document's markup would grow that memory for good, to be dropped at once.

/// An element's markup, as a JavaScript string.
fn markup(element: &Element) -> Option<JsString> {
    Reflect::get(element, &JsValue::from_str("outerHTML")).ok()?.dyn_into().ok()
}

/// The app's first frame as markup: the top bar, and the document pane with the document and
/// its highlights' stylesheet (not the controls, panels and menus drawn after it). `None` when
/// the page has no document drawn, or its markup is over [`LIMIT`].
fn copy() -> Option<JsString> {
    let page = gloo::utils::document();
    let find = |selector: &str| page.query_selector(selector).ok().flatten();
    let article = markup(&find(".app .document-pane > article.document")?)?;
    if article.length() as usize > LIMIT {
        return None;
    }
    // The next visit starts with no history: its Undo and Redo are off.
    let bar: Element = find(".app > header.top-bar")?.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    if let Ok(buttons) = bar.query_selector_all("button[title^=\"Undo\"], button[title^=\"Redo\"]") {
        for index in 0..buttons.length() {
            if let Some(button) = buttons.item(index).and_then(|button| button.dyn_into::<Element>().ok()) {
                let _ = button.set_attribute("disabled", "");
            }
        }
    }
    let empty = || JsString::from("");
    let style = find(".app .document-pane > style").and_then(|style| markup(&style)).unwrap_or_else(empty);
    let tabs = find(".app > nav.narrow-tabs").and_then(|tabs| markup(&tabs)).unwrap_or_else(empty);
    let pieces = [
        JsString::from("<div class=\"app\">"),
        markup(&bar)?,
        JsString::from("<main class=\"workspace\" data-narrow-view=\"document\"><div class=\"document-pane\"><div class=\"document-bar\"></div>"),
        article,
        style,
        JsString::from("</div></main>"),
        tabs,
        JsString::from("</div>"),
    ];
    Some(pieces.iter().fold(empty(), |copy, piece| copy.concat(piece)))
}

/// Stores the copy under [`FIRST_PAINT_KEY`]; false when the browser refuses (storage full).
fn stored(copy: &JsString) -> bool {
    let Ok(Some(storage)) = gloo::utils::window().local_storage() else { return false };
    let Ok(set_item) = Reflect::get(&storage, &JsValue::from_str("setItem")).and_then(|set| set.dyn_into::<Function>())
    else {
        return false;
    };
    set_item.call2(&storage, &JsValue::from_str(FIRST_PAINT_KEY), copy).is_ok()
}
