//! One block of the document, drawn from its runs and the highlights that touch it.

use super::highlight_style::mark_style;
use annotator_core::text_units::slice;
use annotator_core::{segment, AnnotationId, Block, BlockKind, RunKind, Span, ThemeId};
use std::rc::Rc;
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
    pub theme_ids: Vec<ThemeId>,
    /// Their colours, in the same order.
    pub colours: Vec<String>,
    /// Its coder's colour, drawn as an edge when several coders' highlights are shown.
    pub coder_colour: Option<String>,
    /// Their names, for the tooltip.
    pub label: String,
    /// What a screen reader says of it: its themes and note.
    pub description: String,
}

/// The props of [`BlockView`]: a block re-renders only when its own text, its own highlights or
/// whether it is drawn with them change (the lists are compared by address first, as they are
/// `Eq`, so an unchanged block costs a pointer comparison).
#[derive(Properties, PartialEq)]
pub struct BlockViewProps {
    /// The block.
    pub content: Rc<BlockContent>,
    /// Its place among the document's blocks (`data-block-index`, which the viewport watcher
    /// reads).
    pub index: usize,
    /// The highlights touching it.
    pub highlights: Rc<Vec<BlockHighlight>>,
    /// Whether its highlights are drawn: in a long document only blocks near the viewport draw
    /// them; the others show their text alone, which lays out the same.
    pub drawn: bool,
}

/// One block: a heading, paragraph, list item, quotation, code block or rule.
#[function_component(BlockView)]
pub fn block_view(props: &BlockViewProps) -> Html {
    RENDERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let BlockContent { block, text } = props.content.as_ref();
    let covers: Vec<(Span, AnnotationId)> = if props.drawn {
        props.highlights.iter().map(|highlight| (highlight.span, highlight.id)).collect()
    } else {
        Vec::new()
    };
    let segments = segment(block.span, &covers);
    let block_start = block.span.start();

    let runs: Html = block
        .runs
        .iter()
        .map(|run| {
            let pieces: Html = segments
                .iter()
                .filter_map(|segment| segment.span.intersection(run.span).map(|piece| (piece, &segment.annotation_ids)))
                .map(|(piece, annotation_ids)| {
                    let leaf = match run.kind {
                        RunKind::LineBreak => html! { <br data-start={piece.start().to_string()} /> },
                        RunKind::Text => {
                            let piece_text =
                                slice(text, piece.start() - block_start, piece.end() - block_start).to_owned();
                            html! { <span class="text" data-start={piece.start().to_string()}>{ piece_text }</span> }
                        }
                    };
                    annotation_ids
                        .iter()
                        .rev()
                        .fold(leaf, |inner, id| wrap_in_mark(inner, piece, id, &props.highlights))
                })
                .collect();
            let mut styled = pieces;
            if run.marks.code {
                styled = html! { <code>{ styled }</code> };
            }
            if run.marks.emphasis {
                styled = html! { <em>{ styled }</em> };
            }
            if run.marks.strong {
                styled = html! { <strong>{ styled }</strong> };
            }
            match run.marks.safe_link() {
                Some(link) if link.to_ascii_lowercase().starts_with("mailto:") => {
                    html! { <a href={link.to_owned()}>{ styled }</a> }
                }
                Some(link) => {
                    html! { <a href={link.to_owned()} target="_blank" rel="noopener noreferrer">{ styled }</a> }
                }
                None => styled,
            }
        })
        .collect();

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
            {class}
            data-block-index={index}
            data-block-start={block.span.start().to_string()}
            data-block-end={block.span.end().to_string()}
        >{ runs }</@>
    }
}

/// Wraps a piece of text in the `<mark>` of one highlight. The mark where the highlight starts
/// is its keyboard stop (Tab reaches every highlight once, in reading order) and is described
/// by the highlight's themes and note for screen readers.
fn wrap_in_mark(inner: Html, piece: Span, id: &AnnotationId, highlights: &[BlockHighlight]) -> Html {
    let Some(highlight) = highlights.iter().find(|highlight| highlight.id == *id) else {
        return inner;
    };
    let theme_ids: Vec<String> = highlight.theme_ids.iter().map(ToString::to_string).collect();
    let starts_here = piece.start() == highlight.span.start();
    html! {
        <mark
            class="highlight"
            data-annotation-id={id.to_string()}
            data-theme-ids={theme_ids.join(" ")}
            style={mark_style(&highlight.colours, highlight.coder_colour.as_deref())}
            data-coder={highlight.coder_colour.is_some().then_some("shown")}
            title={highlight.label.clone()}
            tabindex={starts_here.then_some("0")}
            aria-describedby={starts_here.then(|| description_id(id))}
        >{ inner }</mark>
    }
}

/// The props of [`BlockDescriptions`].
#[derive(Properties, PartialEq)]
pub struct BlockDescriptionsProps {
    /// The block.
    pub content: Rc<BlockContent>,
    /// The highlights touching it.
    pub highlights: Rc<Vec<BlockHighlight>>,
}

/// What a screen reader says of the highlights starting in one block, as hidden elements their
/// first marks point to with `aria-describedby`. Kept per block, like the block itself, so a
/// change remakes only its own block's descriptions.
#[function_component(BlockDescriptions)]
pub fn block_descriptions(props: &BlockDescriptionsProps) -> Html {
    let block = props.content.block.span;
    props
        .highlights
        .iter()
        .filter(|highlight| block.start() <= highlight.span.start() && highlight.span.start() < block.end())
        .map(|highlight| {
            html! { <span key={highlight.id.to_string()} id={description_id(&highlight.id)}>{ highlight.description.clone() }</span> }
        })
        .collect()
}

/// The id of the hidden element describing a highlight.
pub fn description_id(id: &AnnotationId) -> String {
    format!("describe-{id}")
}

/// Counts renders of blocks, so a test can check that a change re-renders only the blocks it
/// touches. One relaxed atomic add per block render costs nothing measurable.
pub static RENDERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
