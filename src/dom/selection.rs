//! From a DOM selection to a span of the document's plain text.
//!
//! The document view renders every piece of text as a leaf element carrying `data-start`, the
//! code-point offset of its first character (a line break is a `<br data-start>` worth one code
//! point). A selection boundary inside a leaf's text node is that start plus the boundary's UTF-16
//! offset converted to code points; a boundary between elements goes to the next leaf in document
//! order. The `<article>` carries `data-length`, used when nothing follows.

use annotator_core::text_units::{code_point_len, code_points_to_utf16, utf16_to_code_points};
use annotator_core::Span;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};

/// The attribute of a leaf holding its first code-point offset.
pub const START_ATTRIBUTE: &str = "data-start";

/// The span the current window selection covers inside `article`, or `None` when nothing (or
/// nothing of the article) is selected.
pub fn selected_span(article: &Element) -> Option<Span> {
    let selection = gloo::utils::window().get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    range_to_span(article, &range)
}

/// The span a DOM range covers inside `article` (parts outside it are cut off).
pub fn range_to_span(article: &Element, range: &Range) -> Option<Span> {
    let start = boundary_offset(article, &range.start_container().ok()?, range.start_offset().ok()?)?;
    let end = boundary_offset(article, &range.end_container().ok()?, range.end_offset().ok()?)?;
    let span = Span::between(start, end);
    (!span.is_empty()).then_some(span)
}

/// The code-point offset of the DOM boundary point (`node`, `offset`).
pub fn boundary_offset(article: &Element, node: &Node, offset: u32) -> Option<usize> {
    let article_node: &Node = article.as_ref();
    if !article_node.contains(Some(node)) {
        return Some(if boundary_follows_article(article_node, node, offset) { document_length(article) } else { 0 });
    }
    if node.node_type() == Node::TEXT_NODE {
        if let Some(leaf) = node.parent_element().filter(|parent| parent.has_attribute(START_ATTRIBUTE)) {
            let text = node.text_content().unwrap_or_default();
            return Some(leaf_start(&leaf)? + utf16_to_code_points(&text, offset as usize));
        }
        return first_leaf_from(article, node).map_or(Some(document_length(article)), |leaf| leaf_start(&leaf));
    }
    let element: &Element = node.dyn_ref()?;
    if element.has_attribute(START_ATTRIBUTE) {
        return if offset == 0 { leaf_start(element) } else { leaf_end(element) };
    }
    let children = node.child_nodes();
    let next_leaf = match children.get(offset) {
        Some(child) => first_leaf_from(article, &child),
        None => first_leaf_after(article, node),
    };
    match next_leaf {
        Some(leaf) => leaf_start(&leaf),
        None => Some(document_length(article)),
    }
}

/// Whether a boundary outside the article lies after it (else it lies before it).
fn boundary_follows_article(article: &Node, node: &Node, offset: u32) -> bool {
    if !node.contains(Some(article)) {
        return article.compare_document_position(node) & Node::DOCUMENT_POSITION_FOLLOWING != 0;
    }
    // The boundary is in an ancestor of the article: before or after the child holding it.
    match node.child_nodes().get(offset) {
        None => true,
        Some(child) if child.contains(Some(article)) => false,
        Some(child) => article.compare_document_position(&child) & Node::DOCUMENT_POSITION_FOLLOWING != 0,
    }
}

fn leaf_start(leaf: &Element) -> Option<usize> {
    leaf.get_attribute(START_ATTRIBUTE)?.parse().ok()
}

fn leaf_end(leaf: &Element) -> Option<usize> {
    let length = if leaf.tag_name().eq_ignore_ascii_case("br") {
        1
    } else {
        code_point_len(&leaf.text_content().unwrap_or_default())
    };
    Some(leaf_start(leaf)? + length)
}

fn document_length(article: &Element) -> usize {
    article.get_attribute("data-length").and_then(|length| length.parse().ok()).unwrap_or(0)
}

/// The first leaf at `node` or after it in document order, within `article`.
fn first_leaf_from(article: &Element, node: &Node) -> Option<Element> {
    leaf_within(node).or_else(|| first_leaf_after(article, node))
}

/// The first leaf after `node` and everything inside it, within `article`.
fn first_leaf_after(article: &Element, node: &Node) -> Option<Element> {
    let article_node: &Node = article.as_ref();
    let mut current = node.clone();
    loop {
        if &current == article_node {
            return None;
        }
        if let Some(sibling) = current.next_sibling() {
            if let Some(leaf) = leaf_within(&sibling) {
                return Some(leaf);
            }
            current = sibling;
        } else {
            current = current.parent_node()?;
        }
    }
}

/// `node` itself if it is a leaf, else its first leaf descendant.
fn leaf_within(node: &Node) -> Option<Element> {
    let element: &Element = node.dyn_ref()?;
    if element.has_attribute(START_ATTRIBUTE) {
        return Some(element.clone());
    }
    element.query_selector(&format!("[{START_ATTRIBUTE}]")).ok()?
}

/// The article's current selection, trimmed of white space, as a selection awaiting a theme.
pub fn pending_selection(
    article: &Element,
    document: &annotator_core::Document,
) -> Option<crate::state::PendingSelection> {
    let span = document.trim_span(selected_span(article)?);
    if span.is_empty() {
        return None;
    }
    Some(crate::state::PendingSelection { span, anchor: selection_anchor()? })
}

/// The document's `<article>`.
pub fn document_article() -> Option<Element> {
    gloo::utils::document().query_selector("article.document").ok()?
}

/// The page rectangle of the current selection: where its toolbar hangs from.
pub fn selection_anchor() -> Option<crate::state::Anchor> {
    let window = gloo::utils::window();
    let range = window.get_selection().ok()??.get_range_at(0).ok()?;
    let rect = range.get_bounding_client_rect();
    Some(crate::state::Anchor {
        left: rect.left() + rect.width() / 2.0 + window.scroll_x().unwrap_or(0.0),
        top: rect.bottom() + window.scroll_y().unwrap_or(0.0),
    })
}

/// Clears the window selection, once its text has been tagged.
pub fn clear_selection() {
    if let Ok(Some(selection)) = gloo::utils::window().get_selection() {
        let _ = selection.remove_all_ranges();
    }
}

/// The DOM boundary point of the code-point `offset`: a leaf's text node and the UTF-16 offset
/// inside it. Leaves are in document order, so the leaf is found by binary search.
pub fn boundary_at(article: &Element, offset: usize) -> Option<(Node, u32)> {
    let leaves = article.query_selector_all(&format!("span[{START_ATTRIBUTE}]")).ok()?;
    let count = leaves.length();
    let start_of = |index: u32| -> Option<usize> { leaf_start(leaves.item(index)?.dyn_ref::<Element>()?) };
    // The last leaf starting at or before `offset`.
    let (mut low, mut high) = (0u32, count);
    while low < high {
        let middle = (low + high) / 2;
        if start_of(middle)? <= offset {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    let leaf = leaves.item(low.checked_sub(1)?)?;
    let text_node = leaf.first_child()?;
    let text = text_node.text_content().unwrap_or_default();
    let inside = offset - start_of(low - 1)?;
    Some((text_node, code_points_to_utf16(&text, inside) as u32))
}

/// Makes `span` the window selection (as if the person had dragged over it) and scrolls it into
/// view; returns where its toolbar goes.
pub fn select_span(article: &Element, span: Span) -> Option<crate::state::Anchor> {
    let (start_node, start_offset) = boundary_at(article, span.start())?;
    let (end_node, end_offset) = boundary_at(article, span.end())?;
    let range = gloo::utils::document().create_range().ok()?;
    range.set_start(&start_node, start_offset).ok()?;
    range.set_end(&end_node, end_offset).ok()?;
    let selection = gloo::utils::window().get_selection().ok()??;
    selection.remove_all_ranges().ok()?;
    selection.add_range(&range).ok()?;
    if let Some(element) = start_node.parent_element() {
        scroll_into_view(&element);
    }
    selection_anchor()
}

/// Moves the focus end of the window selection by one word, forward or back.
pub fn extend_selection_by_word(direction: WordDirection) {
    let Ok(Some(selection)) = gloo::utils::window().get_selection() else { return };
    let direction = match direction {
        WordDirection::Forward => "forward",
        WordDirection::Backward => "backward",
    };
    let _ = selection.modify("extend", direction, "word");
}

/// Which way a selection grows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordDirection {
    /// Towards the end of the document.
    Forward,
    /// Towards its start.
    Backward,
}

/// Scrolls `element` to the middle of the view, unless it is already in view.
pub fn scroll_into_view(element: &Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}
