//! A copy of what the app's first frame draws with stored work (the top bar, the document and its
//! highlights), kept beside that work in local storage: on the next visit an inline script of
//! the page (written by scripts/prerender.py) paints it while the app's WebAssembly loads, and
//! the app replaces it when it mounts. It is the app's own rendering of the stored project,
//! written in the same task as the project, so the two never disagree; and the page's
//! Content-Security-Policy lets nothing in it run.

use super::storage::{remove, store, FIRST_PAINT_KEY};
use wasm_bindgen::JsCast;

/// Copies larger than this (a long document's thousands of marks) are not kept: reading and
/// drawing them ahead would cost what it saves.
const LIMIT: usize = 600_000;

/// Keeps a copy of what is drawn now, just after the project was written to local storage. A
/// copy that cannot be made or stored is dropped, never reported: the work itself is saved.
pub fn keep() {
    let Some(copy) = copy().filter(|copy| copy.len() <= LIMIT) else { return forget() };
    if store(FIRST_PAINT_KEY, &copy).is_err() {
        forget();
    }
}

/// Drops the copy: the project was written elsewhere (IndexedDB) or not at all.
pub fn forget() {
    remove(FIRST_PAINT_KEY);
}

/// The app's first frame as markup: the top bar, and the document pane with the document and
/// its highlights' stylesheet (not the controls, panels and menus drawn after it).
fn copy() -> Option<String> {
    let page = gloo::utils::document();
    let find = |selector: &str| page.query_selector(selector).ok().flatten();
    // The next visit starts with no history: its Undo and Redo are off.
    let bar: web_sys::Element = find(".app > header.top-bar")?.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    if let Ok(buttons) = bar.query_selector_all("button[title^=\"Undo\"], button[title^=\"Redo\"]") {
        for index in 0..buttons.length() {
            if let Some(button) = buttons.item(index).and_then(|button| button.dyn_into::<web_sys::Element>().ok()) {
                let _ = button.set_attribute("disabled", "");
            }
        }
    }
    let article = find(".app .document-pane > article.document")?;
    let style = find(".app .document-pane > style").map(|style| style.outer_html()).unwrap_or_default();
    let tabs = find(".app > nav.narrow-tabs").map(|tabs| tabs.outer_html()).unwrap_or_default();
    Some(format!(
        "<div class=\"app\">{}<main class=\"workspace\" data-narrow-view=\"document\"><div class=\"document-pane\"><div class=\"document-bar\"></div>{}{style}</div></main>{tabs}</div>",
        bar.outer_html(),
        article.outer_html()
    ))
}
