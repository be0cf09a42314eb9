//! The others' selections in the live session, drawn over the text in their colours with their
//! names at the caret, and their places beside the theme map.

use crate::dom::selection::{boundary_at, document_article};
use crate::state::Peer;
use yew::prelude::*;

/// The props of [`PeerSelections`].
#[derive(Properties, PartialEq)]
pub struct PeerSelectionsProps {
    /// The others in the room.
    pub peers: Vec<Peer>,
    /// The document shown, and its length in code points.
    pub document: (String, usize),
}

/// One box of a drawn selection, in pixels from the document pane's corner.
#[derive(Clone, PartialEq)]
struct Drawn {
    colour: String,
    name: String,
    boxes: Vec<(f64, f64, f64, f64)>,
    share: f64,
}

/// Draws the others' selections (after the text is laid out, from the DOM's own boxes).
#[function_component(PeerSelections)]
pub fn peer_selections(props: &PeerSelectionsProps) -> Html {
    let layer = use_node_ref();
    let drawn = use_state(Vec::<Drawn>::new);
    {
        let layer = layer.clone();
        let drawn = drawn.clone();
        use_effect_with((props.peers.clone(), props.document.clone()), move |(peers, (document_id, length))| {
            let origin = layer.cast::<web_sys::Element>().and_then(|layer| layer.parent_element());
            let (Some(article), Some(origin)) = (document_article(), origin) else { return };
            let corner = origin.get_bounding_client_rect();
            let mut next = Vec::new();
            for peer in peers {
                let Some((document, span)) = &peer.selection else { continue };
                if document != document_id {
                    continue;
                }
                let mut boxes = Vec::new();
                if let (Some((start, start_offset)), Some((end, end_offset))) =
                    (boundary_at(&article, span.start()), boundary_at(&article, span.end()))
                {
                    if let Ok(range) = gloo::utils::document().create_range() {
                        if range.set_start(&start, start_offset).is_ok() && range.set_end(&end, end_offset).is_ok() {
                            if let Some(rects) = range.get_client_rects() {
                                for index in 0..rects.length() {
                                    let Some(rect) = rects.item(index) else { continue };
                                    boxes.push((
                                        rect.left() - corner.left(),
                                        rect.top() - corner.top(),
                                        rect.width(),
                                        rect.height(),
                                    ));
                                }
                            }
                        }
                    }
                }
                let share = if *length == 0 { 0.0 } else { span.start() as f64 / *length as f64 };
                next.push(Drawn { colour: peer.colour.clone(), name: peer.name.clone(), boxes, share });
            }
            drawn.set(next);
        });
    }
    let overlays: Html = drawn
        .iter()
        .map(|peer| {
            let caret = peer.boxes.last().map(|(left, top, width, height)| {
                html! {
                    <span class="peer-caret" style={format!("left: {}px; top: {top}px; height: {height}px; border-color: {}", left + width, peer.colour)}>
                        <span class="peer-name" style={format!("background: {}", peer.colour)}>{ peer.name.clone() }</span>
                    </span>
                }
            });
            let boxes: Html = peer
                .boxes
                .iter()
                .map(|(left, top, width, height)| {
                    html! { <span class="peer-selection" style={format!("left: {left}px; top: {top}px; width: {width}px; height: {height}px; background: {}", peer.colour)}></span> }
                })
                .collect();
            html! { <>{ boxes }{ caret }</> }
        })
        .collect();
    let places: Html = drawn
        .iter()
        .map(|peer| {
            html! { <span class="peer-place" title={peer.name.clone()} style={format!("top: {:.2}%; background: {}", peer.share * 100.0, peer.colour)}></span> }
        })
        .collect();
    html! {
        <>
            <div class="peer-layer" ref={layer} aria-hidden="true">{ overlays }</div>
            <div class="peer-map" aria-hidden="true">{ places }</div>
        </>
    }
}
