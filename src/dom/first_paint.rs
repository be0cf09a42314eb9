//! A copy of what the app's first frame draws with stored work (the top bar, the document and its
//! highlights), kept in local storage beside that work (or beside the note that the work is in
//! IndexedDB): on the next visit an inline script of the page (written by scripts/prerender.py)
//! paints it while the app's WebAssembly loads, and the app replaces it once it has drawn the
//! stored work itself. It is the app's own rendering of the stored project, made in the task
//! that writes the project and kept when that write is done, so the two never disagree; and the
//! page's Content-Security-Policy lets nothing in it run.

use super::storage::{remove, FIRST_PAINT_KEY};
use js_sys::{Function, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// Copies larger than this are not kept whole: reading and drawing them ahead would cost what
/// it saves. A long document's copy holds its first groups of blocks instead (up to
/// [`LONG_DOCUMENT_GROUPS`]), the screens a visit opens on.
const LIMIT: usize = 600_000;

/// How many groups of blocks (sixteen blocks each) a long document's copy holds at most: its
/// first two, the first slice the app itself puts in the page, some ten screens of text, when
/// both are drawn with their highlights (the first always is).
const LONG_DOCUMENT_GROUPS: u32 = 2;

/// Markup holding more marks than this is not copied, and is counted before it is written out:
/// a mark's markup is some hundred characters, so more would be over [`LIMIT`], and writing it
/// out only to drop it cost a tenth of a second in each autosave (ten coders' highlights
/// overlapping on one text nest some fifty thousand marks in its first two groups).
const MARKS_LIMIT: u32 = 6_000;

/// A copy of what is drawn now, made when the project is written (`None` when none can be made),
/// to be kept with [`keep`] once that write is done: the two then always agree.
pub struct FrameCopy(Option<JsString>);

/// Makes the copy of what is drawn now.
pub fn take() -> FrameCopy {
    FrameCopy(copy())
}

/// Keeps `copy` beside the project just written. A copy that cannot be made or stored is
/// dropped, never reported: the work itself is saved.
pub fn keep(copy: FrameCopy) {
    let FrameCopy(Some(copy)) = copy else { return forget() };
    if !stored(&copy) {
        forget();
    }
}

/// Removes what the page drew before the app (the first page rendered ahead, or this copy), once
/// the app has drawn the work in its place. Until then the app's own frame is hidden behind it
/// (styles/app.css), so a project kept in IndexedDB stays painted while the app reads it.
pub fn remove_drawn_ahead() {
    if let Some(drawn_ahead) = gloo::utils::document().get_element_by_id("prerendered") {
        drawn_ahead.remove();
    }
}

/// Drops the copy: the project was not written, or no copy could be made.
pub fn forget() {
    remove(FIRST_PAINT_KEY);
}

// The copy is made and stored as JavaScript strings, never brought into the WebAssembly's
// memory: a long document's markup would grow that memory for good, to be dropped at once.

/// An element's markup, as a JavaScript string.
fn markup(element: &Element) -> Option<JsString> {
    Reflect::get(element, &JsValue::from_str("outerHTML")).ok()?.dyn_into().ok()
}

/// How many marks an element holds (counted without writing its markup out).
fn marks_in(element: &Element) -> u32 {
    element.get_elements_by_tag_name("mark").length()
}

/// The app's first frame as markup: the top bar, and the document pane with the document (a
/// long one's first groups) and its highlights' stylesheet (not the controls, panels and menus
/// drawn after it). `None` when the page has no document drawn, its markup is over [`LIMIT`],
/// or a long document's first group is not drawn with its highlights yet (they are, but for the
/// first frame of a document opened further down).
fn copy() -> Option<JsString> {
    let page = gloo::utils::document();
    let find = |selector: &str| page.query_selector(selector).ok().flatten();
    let article = find(".app .document-pane > article.document")?;
    let article = if article.class_list().contains("long") {
        first_groups(&article)?
    } else if marks_in(&article) <= MARKS_LIMIT {
        markup(&article)?
    } else {
        return None;
    };
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

/// A long document's article with its first groups of blocks only, each drawn with its
/// highlights (`data-drawn`, [`crate::components::document`]), as many as hold up to
/// [`MARKS_LIMIT`] marks; `None` if the first is not drawn or holds more.
fn first_groups(article: &Element) -> Option<JsString> {
    let shallow: Element = article.clone_node().ok()?.dyn_into().ok()?;
    let mut groups = JsString::from("");
    let mut marks = 0;
    for index in 0..LONG_DOCUMENT_GROUPS {
        let selector = format!(":scope > .block-group[data-group-index=\"{index}\"][data-drawn]");
        let Some(group) = article.query_selector(&selector).ok().flatten() else { break };
        marks += marks_in(&group);
        if marks > MARKS_LIMIT {
            break;
        }
        let piece = markup(&group)?;
        groups = groups.concat(&piece);
    }
    if groups.length() == 0 {
        return None;
    }
    // The shallow copy's markup is the article's tags with nothing between them.
    let tags = markup(&shallow)?;
    let closing = JsString::from("</article>");
    Some(tags.slice(0, tags.length() - closing.length()).concat(&groups).concat(&closing))
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
