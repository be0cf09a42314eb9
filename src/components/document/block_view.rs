//! One block of the document, drawn from its runs and the highlights that touch it.

use super::highlight_style::mark_style;
use annotator_core::text_units::slice;
use annotator_core::{segment, AnnotationId, Block, BlockKind, RunKind, Span, ThemeId};
use std::rc::Rc;
use yew::prelude::*;

/// A block and its text, made once per document.
#[derive(Debug, PartialEq)]
pub struct BlockContent {
    /// The block.
    pub block: Block,
    /// The block's own text (the document's text under `block.span`).
    pub text: String,
}

/// What a block needs to know of a highlight that touches it.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockHighlight {
    /// The annotation.
    pub id: AnnotationId,
    /// Its whole span (it may reach beyond the block).
    pub span: Span,
    /// Its themes.
    pub theme_ids: Vec<ThemeId>,
    /// Their colours, in the same order.
    pub colours: Vec<String>,
    /// Their names, for the tooltip.
    pub label: String,
}

/// The props of [`BlockView`]: compared by value, so a block re-renders only when its own text
/// or its own highlights change.
#[derive(Properties, PartialEq)]
pub struct BlockViewProps {
    /// The block.
    pub content: Rc<BlockContent>,
    /// The highlights touching it.
    pub highlights: Rc<Vec<BlockHighlight>>,
}

/// One block: a heading, paragraph, list item, quotation, code block or rule.
#[function_component(BlockView)]
pub fn block_view(props: &BlockViewProps) -> Html {
    RENDERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let BlockContent { block, text } = props.content.as_ref();
    let covers: Vec<(Span, AnnotationId)> =
        props.highlights.iter().map(|highlight| (highlight.span, highlight.id)).collect();
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

    let start = block.span.start().to_string();
    let end = block.span.end().to_string();
    match block.kind {
        BlockKind::Heading(1) => {
            html! { <h1 class="block" data-block-start={start} data-block-end={end}>{ runs }</h1> }
        }
        BlockKind::Heading(2) => {
            html! { <h2 class="block" data-block-start={start} data-block-end={end}>{ runs }</h2> }
        }
        BlockKind::Heading(3) => {
            html! { <h3 class="block" data-block-start={start} data-block-end={end}>{ runs }</h3> }
        }
        BlockKind::Heading(_) => {
            html! { <h4 class="block" data-block-start={start} data-block-end={end}>{ runs }</h4> }
        }
        BlockKind::Paragraph => html! { <p class="block" data-block-start={start} data-block-end={end}>{ runs }</p> },
        BlockKind::ListItem => {
            html! { <p class="block list-item" data-block-start={start} data-block-end={end}>{ runs }</p> }
        }
        BlockKind::Quote => {
            html! { <blockquote class="block" data-block-start={start} data-block-end={end}>{ runs }</blockquote> }
        }
        BlockKind::Code => html! { <pre class="block" data-block-start={start} data-block-end={end}>{ runs }</pre> },
        BlockKind::Rule => html! { <hr /> },
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
            style={mark_style(&highlight.colours)}
            title={highlight.label.clone()}
            tabindex={starts_here.then_some("0")}
            aria-describedby={starts_here.then(|| description_id(id))}
        >{ inner }</mark>
    }
}

/// The id of the hidden element describing a highlight.
pub fn description_id(id: &AnnotationId) -> String {
    format!("describe-{id}")
}

/// Counts renders of blocks, so a test can check that a change re-renders only the blocks it
/// touches. One relaxed atomic add per block render costs nothing measurable.
pub static RENDERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
