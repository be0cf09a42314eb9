//! One block of the document, drawn from its runs and the highlights that touch it.

use super::block_highlights::BlockList;
use super::block_markup::{block_markup, descriptions_markup};
use annotator_core::{AnnotationId, Block, BlockKind, CoderId, Span, ThemeId};
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// A block and its text, made once per document.
#[derive(Debug, PartialEq, Eq)]
pub struct BlockContent {
    /// The block.
    pub block: Block,
    /// The block's own text (the document's text under `block.span`).
    pub text: String,
}

/// What a block needs to know of a highlight that touches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockHighlight {
    /// The annotation.
    pub id: AnnotationId,
    /// Its whole span (it may reach beyond the block).
    pub span: Span,
    /// Its themes.
    pub theme_ids: Rc<[ThemeId]>,
    /// Whose it is.
    pub coder: CoderId,
    /// The classes that colour it ([`super::highlight_style::Looks`]): its themes' fill and its
    /// coder's colour (drawn as an edge when several coders are shown).
    pub look: Rc<str>,
    /// Their names, for the tooltip.
    pub label: Rc<str>,
    /// What a screen reader says of it: its themes and note.
    pub description: Rc<str>,
}

/// The props of [`BlockView`]: a block re-renders only when its own text, its own highlights or
/// whether it is drawn with them change (the lists are compared by address first, as they are
/// `Eq`, so an unchanged block costs a pointer comparison).
#[derive(Properties, PartialEq)]
pub struct BlockViewProps {
    /// The block.
    pub content: Rc<BlockContent>,
    /// Its place among the document's blocks (`data-block-index`).
    pub index: usize,
    /// The highlights touching it (made only if the block is drawn).
    pub highlights: Rc<BlockList>,
    /// Whether its highlights are drawn: in a long document only blocks near the viewport draw
    /// them; the others show their text alone, which lays out the same.
    pub drawn: bool,
    /// The find box's matches in it (compared by value, so a new search re-renders only the
    /// blocks whose matches changed).
    #[prop_or_default]
    pub matches: Rc<[Span]>,
}

/// One block: a heading, paragraph, list item, quotation, code block or rule. Its element is
/// kept from one render to the next; what is inside is put in as one piece of markup
/// ([`block_markup`]).
#[function_component(BlockView)]
pub fn block_view(props: &BlockViewProps) -> Html {
    RENDERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let element = use_node_ref();
    // Markup put in anew replaces the marks, and with them the focus a mark of this block had
    // (a theme toggled by its key on the focused highlight redraws its block): the highlight
    // with the focus is noted before the block is drawn again, and focused again after.
    let focused = use_mut_ref(|| None::<AnnotationId>);
    *focused.borrow_mut() = focused_highlight_within(&element);
    {
        let element = element.clone();
        use_effect(move || {
            if let Some(id) = focused.borrow_mut().take() {
                refocus_highlight(&element, id);
            }
        });
    }
    let BlockContent { block, .. } = props.content.as_ref();
    let highlights: &[BlockHighlight] = if props.drawn { &props.highlights } else { &[] };
    let markup = block_markup(&props.content, highlights, &props.matches, props.drawn);

    let index = props.index.to_string();
    let (tag, class) = match block.kind {
        BlockKind::Heading(1) => ("h1", "block"),
        BlockKind::Heading(2) => ("h2", "block"),
        BlockKind::Heading(3) => ("h3", "block"),
        BlockKind::Heading(_) => ("h4", "block"),
        BlockKind::Paragraph => ("p", "block"),
        BlockKind::ListItem => ("p", "block list-item"),
        BlockKind::Quote => ("blockquote", "block"),
        BlockKind::Code => ("pre", "block"),
        BlockKind::Rule => return html! { <hr data-block-index={index} /> },
    };
    html! {
        <@{tag}
            ref={element}
            {class}
            data-block-index={index}
            data-block-start={block.span.start().to_string()}
            data-block-end={block.span.end().to_string()}
        >{ Html::from_html_unchecked(AttrValue::from(markup)) }</@>
    }
}

/// The highlight whose mark in `block` has the focus, if one has.
fn focused_highlight_within(block: &NodeRef) -> Option<AnnotationId> {
    let block = block.cast::<Element>()?;
    let focused = gloo::utils::document().active_element()?;
    if !block.contains(Some(&focused)) {
        return None;
    }
    let id = focused.closest("mark[data-annotation-id]").ok()??.get_attribute("data-annotation-id")?;
    Uuid::parse_str(&id).ok().map(AnnotationId)
}

/// Gives the focus back to the keyboard stop of highlight `id` in `block`, if the focus was lost
/// with the marks it was on (it went elsewhere otherwise, and stays there).
fn refocus_highlight(block: &NodeRef, id: AnnotationId) {
    let Some(block) = block.cast::<Element>() else { return };
    let page = gloo::utils::document();
    if page.active_element().is_some_and(|active| Some(&active) != page.body().as_ref().map(AsRef::as_ref)) {
        return;
    }
    let selector = format!("mark[data-annotation-id=\"{id}\"][tabindex]");
    if let Some(mark) =
        block.query_selector(&selector).ok().flatten().and_then(|mark| mark.dyn_into::<HtmlElement>().ok())
    {
        let _ = mark.focus();
    }
}

/// The props of [`BlockDescriptions`].
#[derive(Properties, PartialEq)]
pub struct BlockDescriptionsProps {
    /// The block.
    pub content: Rc<BlockContent>,
    /// The highlights touching it.
    pub highlights: Rc<BlockList>,
}

/// What a screen reader says of the highlights starting in one block, as hidden elements their
/// first marks point to with `aria-describedby`. Kept per block, like the block itself, so a
/// change remakes only its own block's descriptions.
#[function_component(BlockDescriptions)]
pub fn block_descriptions(props: &BlockDescriptionsProps) -> Html {
    Html::from_html_unchecked(AttrValue::from(descriptions_markup(&props.content, &props.highlights)))
}

/// The id of the hidden element describing a highlight.
pub fn description_id(id: &AnnotationId) -> String {
    format!("describe-{id}")
}

/// The id of the hidden element naming a coder, which every highlight of theirs points to as
/// well: there while several coders are shown, so that a screen reader names the coder exactly
/// when the marks show whose they are (and showing a second coder draws no block again).
pub fn coded_by_id(coder: &CoderId) -> String {
    format!("coded-by-{}", coder.0)
}

/// Counts renders of blocks, so a test can check that a change re-renders only the blocks it
/// touches. One relaxed atomic add per block render costs nothing measurable.
pub static RENDERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
