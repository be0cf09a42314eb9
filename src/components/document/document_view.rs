//! The `<article>` holding the document, and what the mouse and keyboard do in it: a selection
//! becomes a pending span for the toolbar, a click on highlights opens their popover.
//!
//! Blocks go in groups ([`BlockGroup`], an element each). A long document draws its highlights
//! only in the groups within a screen of the viewport (an `IntersectionObserver` says which); the
//! other groups show their text alone, so the page still holds the whole text (find in page,
//! selection and scrolling work everywhere) while drawing stays proportional to what is on
//! screen, and the browser skips laying out and painting the groups far from it.

use super::block_highlights::{BlockList, HighlightsByBlock};
use super::block_view::{coded_by_id, BlockContent, BlockDescriptions, BlockView};
use crate::dom::selection::pending_selection;
use crate::dom::viewport::NearViewport;
use crate::state::{Anchor, OpenHighlights, PendingSelection};
use annotator_core::{AnnotationId, CoderId, Document, Span};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent, MouseEvent};
use yew::prelude::*;

/// The props of [`DocumentView`].
#[derive(Properties, PartialEq)]
pub struct DocumentViewProps {
    /// The document (for its length and for trimming selections).
    pub document: Rc<Document>,
    /// Its blocks, made once.
    pub blocks: Rc<Vec<Rc<BlockContent>>>,
    /// The highlights of each block, in the same order.
    pub highlights: HighlightsByBlock,
    /// The rules of the classes that colour them ([`super::BlockHighlights::stylesheet`]).
    #[prop_or_default]
    pub stylesheet: AttrValue,
    /// The find box's matches in each block, in the same order (empty when nothing is looked for).
    #[prop_or_default]
    pub matches: MatchesByBlock,
    /// The coders whose highlights show their coder's colour as an edge, with their names (every
    /// coder shown when several are, [`annotator_core::layers::Layers::marked_coders`]; else
    /// none). Every mark carries its coder's colour; this only says whether it is drawn, so a
    /// second coder joining draws no block again.
    #[prop_or_default]
    pub marked_coders: Rc<Vec<(CoderId, String)>>,
    /// Called with the new selection, or `None` when it is cleared.
    pub on_select: Callback<Option<PendingSelection>>,
    /// Called with the highlights under a click, or `None` for a click elsewhere.
    pub on_open: Callback<Option<OpenHighlights>>,
}

/// The document as an `<article>` of blocks.
#[function_component(DocumentView)]
pub fn document_view(props: &DocumentViewProps) -> Html {
    let article = use_node_ref();

    // The person may let go of the mouse outside the article, so the whole page is listened to.
    // The latest props are read through a ref, so the listener is added once.
    let latest = use_mut_ref(|| (props.document.clone(), props.on_select.clone(), props.on_open.clone()));
    *latest.borrow_mut() = (props.document.clone(), props.on_select.clone(), props.on_open.clone());
    {
        let article = article.clone();
        use_effect_with((), move |_| {
            let page = gloo::utils::document();
            let on_pointer_up = {
                let article = article.clone();
                let latest = latest.clone();
                move |event: &Event| {
                    let (document, on_select, on_open) = latest.borrow().clone();
                    respond_to_pointer_up(&article, &document, &on_select, &on_open, event);
                }
            };
            let on_key_up = move |event: &Event| {
                let shifted =
                    event.dyn_ref::<KeyboardEvent>().is_some_and(|key| key.shift_key() || key.key() == "Shift");
                if shifted {
                    let (document, on_select, _) = latest.borrow().clone();
                    read_selection(&article, &document, &on_select);
                }
            };
            // Chrome gives up a drag that starts on the edge of a focusable element (it moves the
            // focus there instead), and the mark where a highlight starts is a keyboard stop: so
            // while the button is down that mark is not focusable, and a press on a highlight's
            // first letter starts a selection like a press anywhere else.
            let held_stop = Rc::new(RefCell::new(None::<Element>));
            let on_press = {
                let held_stop = held_stop.clone();
                move |event: &Event| {
                    let stop = event
                        .target()
                        .and_then(|target| target.dyn_into::<Element>().ok())
                        .and_then(|target| target.closest("article mark[tabindex]").ok().flatten());
                    if let Some(stop) = stop {
                        let _ = stop.remove_attribute("tabindex");
                        *held_stop.borrow_mut() = Some(stop);
                    }
                }
            };
            let on_release = move |_: &Event| {
                if let Some(stop) = held_stop.borrow_mut().take() {
                    let _ = stop.set_attribute("tabindex", "0");
                }
            };
            let capture = EventListenerOptions::run_in_capture_phase();
            let listeners = [
                EventListener::new_with_options(&page, "mousedown", capture, on_press),
                EventListener::new_with_options(&page, "mouseup", capture, on_release),
                EventListener::new(&page, "mouseup", on_pointer_up.clone()),
                EventListener::new(&page, "touchend", on_pointer_up),
                EventListener::new(&page, "keyup", on_key_up),
            ];
            move || drop(listeners)
        });
    }

    // A long document is put in the page a slice at a time, one slice per task, so that its
    // first screen is painted without waiting for the rest (the rest follows within a few
    // tenths of a second, the page answering input between slices).
    let total = props.blocks.len();
    let long = total > DRAW_ALL_UP_TO;
    let slice = use_state(|| (props.blocks.clone(), FIRST_SLICE));
    let in_page = if !long {
        total
    } else if Rc::ptr_eq(&slice.0, &props.blocks) {
        slice.1.min(total)
    } else {
        FIRST_SLICE.min(total)
    };
    {
        let slice = slice.clone();
        let blocks = props.blocks.clone();
        use_effect_with((props.blocks.clone(), in_page), move |_| {
            let next = (in_page < total)
                .then(|| Timeout::new(0, move || slice.set((blocks, (in_page + NEXT_SLICES).min(total)))));
            move || drop(next)
        });
    }

    // Which groups are near the viewport, for a document long enough to need it; watched again
    // as slices arrive.
    let near = use_state_eq(|| Rc::new(Vec::<bool>::new()));
    {
        let article = article.clone();
        let near = near.clone();
        use_effect_with((props.blocks.clone(), in_page), move |(blocks, _)| {
            let watcher = long.then(|| article.cast::<Element>()).flatten().and_then(|article| {
                NearViewport::watch(&article, blocks.len().div_ceil(GROUP_SIZE), move |now| near.set(Rc::new(now)))
            });
            move || drop(watcher)
        });
    }
    let near_known = near.len() == total.div_ceil(GROUP_SIZE);
    // Until the watcher first reports (the next frame), the blocks of about a screen from the
    // top are drawn: counted in characters, as a screen holds about as many of dense paragraphs
    // as of short ones, and ten thousand highlights nest a few thousand marks per paragraph.
    let drawn_before_watching = use_memo(props.blocks.clone(), |blocks| {
        let mut characters = 0;
        blocks
            .iter()
            .take_while(|content| {
                let before = characters;
                characters += content.block.span.len();
                before < DRAWN_CHARACTERS_BEFORE_WATCHING
            })
            .count()
    });
    // The first group draws its highlights wherever the viewport is: a visit opens on it, and the
    // copy of the first frame kept with the work is made of it (`dom::first_paint`), so that
    // copy can be made however far down the person is reading. The browser skips laying it out
    // while it is far from the viewport. (One group, not the first slice of two: ten coders'
    // highlights overlapping nest some twenty-five thousand marks in a group, which took half a
    // second to draw.)
    let drawn = |index: usize| {
        !long
            || if near_known { near[index / GROUP_SIZE] || index < GROUP_SIZE } else { index < *drawn_before_watching }
    };

    // Blocks go in groups, so that a change compares a few dozen groups, not every block.
    let blocks: Html = (0..in_page)
        .step_by(GROUP_SIZE)
        .map(|first| {
            let range = first..(first + GROUP_SIZE).min(in_page);
            html! {
                <BlockGroup
                    key={first}
                    blocks={props.blocks.clone()}
                    highlights={props.highlights[range.clone()].to_vec()}
                    drawn={range.clone().map(drawn).collect::<Vec<_>>()}
                    matches={range.clone().map(|index| props.matches.get(index).cloned().unwrap_or_default()).collect::<Vec<_>>()}
                    {first}
                />
            }
        })
        .collect();
    // Room for the blocks still to come, so that the scroll bar is about right meanwhile.
    let to_come = (in_page < total).then(|| {
        let height = estimated_height(&props.blocks[in_page..]);
        html! { <div class="blocks-to-come" aria-hidden="true" style={format!("height: {height:.0}em")}></div> }
    });
    let descriptions: Html = props
        .blocks
        .iter()
        .zip(props.highlights.iter())
        .enumerate()
        .take(in_page)
        .filter(|(index, _)| drawn(*index))
        .map(|(index, (content, highlights))| {
            html! { <BlockDescriptions key={index} content={content.clone()} highlights={highlights.clone()} /> }
        })
        .collect();

    html! {
        <>
        <article
            ref={article}
            class={classes!("document", long.then_some("long"), (!props.marked_coders.is_empty()).then_some("marks-coders"))}
            lang="en"
            data-length={props.document.len().to_string()}
        >
            { blocks }
            { for to_come }
        </article>
        <div class="descriptions" hidden=true>
            { descriptions }
            { for props.marked_coders.iter().map(|(coder, name)| html! {
                <span key={coded_by_id(coder)} id={coded_by_id(coder)}>{ format!("Coded by {name}.") }</span>
            }) }
        </div>
        <style>{ props.stylesheet.clone() }</style>
        </>
    }
}

/// The find box's matches of each block of a document, in block order.
pub type MatchesByBlock = Rc<Vec<Rc<[Span]>>>;

/// The find box's matches cut up by block: each block gets the matches (whole) that touch it.
/// Blocks without any share one empty list.
pub fn matches_by_block(document: &Document, matches: &[Span]) -> MatchesByBlock {
    let none: Rc<[Span]> = Rc::from(Vec::new());
    let mut by_block: Vec<Vec<Span>> = vec![Vec::new(); document.blocks().len()];
    for found in matches {
        for block in document.blocks_touching(*found) {
            by_block[block].push(*found);
        }
    }
    Rc::new(by_block.into_iter().map(|found| if found.is_empty() { none.clone() } else { Rc::from(found) }).collect())
}

/// Documents of up to this many blocks are drawn whole (the communiqué has under forty).
const DRAW_ALL_UP_TO: usize = 64;

/// In a longer one, how many characters of blocks from the top are drawn before the viewport
/// watcher first reports: about a screen (a column of some 90 characters a line, and 27 lines
/// of it below the bars on a screen 900 pixels high).
const DRAWN_CHARACTERS_BEFORE_WATCHING: usize = 2_400;

/// How many blocks of a long document are put in the page at first (some ten screens of text:
/// the first frame of a new document holds them, so no more than that), and then per task.
const FIRST_SLICE: usize = 32;
const NEXT_SLICES: usize = 256;

/// About how high `blocks` are laid out, in em: the room kept for blocks still to come, and
/// what a group far from the viewport is taken to measure until it has been laid out once (then
/// the browser remembers its size).
fn estimated_height(blocks: &[Rc<BlockContent>]) -> f64 {
    // About how many characters fill a line, and how high a line is (the document's line-height).
    const CHARACTERS_PER_LINE: f64 = 80.0;
    const LINE_EM: f64 = 1.7;
    let lines: f64 =
        blocks.iter().map(|content| (content.block.span.len() as f64 / CHARACTERS_PER_LINE).ceil() + 1.0).sum();
    lines * LINE_EM
}

/// After a click, a drag or a touch: a selection in the article goes to the toolbar; a plain
/// click on highlights opens them; anything else closes both. Clicks inside the floating panels
/// are theirs.
fn respond_to_pointer_up(
    article: &NodeRef,
    document: &Document,
    on_select: &Callback<Option<PendingSelection>>,
    on_open: &Callback<Option<OpenHighlights>>,
    event: &Event,
) {
    let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
    if target.as_ref().is_some_and(|target| target.closest(".floating").ok().flatten().is_some()) {
        return;
    }
    if read_selection(article, document, on_select) {
        return;
    }
    on_open.emit(event.dyn_ref::<MouseEvent>().and_then(highlights_under));
}

/// Sends the article's selection to `on_select`; says whether there was one.
fn read_selection(article: &NodeRef, document: &Document, on_select: &Callback<Option<PendingSelection>>) -> bool {
    let selection = article.cast::<Element>().and_then(|element| pending_selection(&element, document));
    let found = selection.is_some();
    on_select.emit(selection);
    found
}

/// The highlights under a click, innermost first, with where their popover goes.
fn highlights_under(event: &MouseEvent) -> Option<OpenHighlights> {
    let target: Element = event.target()?.dyn_into().ok()?;
    let mut annotation_ids = Vec::new();
    let mut current = target.closest("mark[data-annotation-id]").ok()?;
    while let Some(mark) = current {
        if let Some(id) = mark.get_attribute("data-annotation-id").and_then(|id| Uuid::parse_str(&id).ok()) {
            annotation_ids.push(AnnotationId(id));
        }
        current = mark.parent_element().and_then(|parent| parent.closest("mark[data-annotation-id]").ok().flatten());
    }
    let shown = *annotation_ids.first()?;
    let anchor = Anchor { left: f64::from(event.page_x()), top: f64::from(event.page_y()) + 12.0 };
    Some(OpenHighlights { annotation_ids, shown, anchor })
}

/// How many blocks make a [`BlockGroup`]: some two screens of paragraphs, so that a change
/// compares a few hundred groups at most, the viewport watcher observes as many, and a group
/// coming near the viewport draws little more than it shows.
const GROUP_SIZE: usize = 16;

/// The props of [`BlockGroup`].
#[derive(Properties, PartialEq)]
struct BlockGroupProps {
    /// Every block of the document (compared by address).
    blocks: Rc<Vec<Rc<BlockContent>>>,
    /// The index of the group's first block.
    first: usize,
    /// The highlights of the group's blocks.
    highlights: Vec<Rc<BlockList>>,
    /// Whether each of its blocks draws its highlights.
    drawn: Vec<bool>,
    /// The find box's matches in each of its blocks.
    matches: Vec<Rc<[Span]>>,
}

/// A run of blocks in one element, re-rendered only when one of them changes. In a long document
/// the element is what the viewport watcher observes and what the browser skips laying out when
/// it is far from the viewport (`content-visibility`, which needs a size to assume meanwhile).
#[function_component(BlockGroup)]
fn block_group(props: &BlockGroupProps) -> Html {
    let blocks: Html = props
        .highlights
        .iter()
        .zip(&props.drawn)
        .zip(&props.matches)
        .enumerate()
        .map(|(offset, ((highlights, drawn), matches))| {
            let index = props.first + offset;
            let content = props.blocks[index].clone();
            html! { <BlockView key={index} {index} {content} highlights={highlights.clone()} drawn={*drawn} matches={matches.clone()} /> }
        })
        .collect();
    let height = estimated_height(&props.blocks[props.first..props.first + props.highlights.len()]);
    // Said of a group whose blocks all draw their highlights: the copy of the first frame kept
    // with the work takes a long document's first groups only when they are (`dom::first_paint`).
    let all_drawn = props.drawn.iter().all(|drawn| *drawn);
    html! {
        <div
            class="block-group"
            data-group-index={(props.first / GROUP_SIZE).to_string()}
            data-drawn={all_drawn.then_some("")}
            style={format!("contain-intrinsic-size: auto {height:.0}em")}
        >{ blocks }</div>
    }
}
