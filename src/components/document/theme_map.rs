//! A thin map beside the scroll bar: one lane per theme, a tick wherever a highlight of that
//! theme falls in the document. Clicking a tick jumps to its highlight.
//!
//! The ticks are painted on a `<canvas>` and found again by arithmetic on the pointer's
//! position, not as one element each: ten thousand highlights are ten thousand rectangles,
//! painted in a millisecond, instead of ten thousand elements to diff on every change.

use crate::dom::resize::{Size, SizeFollower};
use crate::dom::reveal::reveal_annotation;
use annotator_core::layers::Layers;
use annotator_core::overview::passages_by_theme;
use annotator_core::{Annotation, Document, Project, Span};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// The width of one lane, in CSS pixels (the tick is one pixel narrower).
const LANE_WIDTH: f64 = 5.0;

/// The least height a tick is drawn with, and how near the pointer must come, in CSS pixels.
const MIN_TICK_HEIGHT: f64 = 3.0;

/// One theme's lane.
#[derive(Debug, PartialEq)]
pub struct Lane {
    /// The theme's name, for the tooltip.
    pub name: String,
    /// Its colour.
    pub colour: String,
    /// Its highlights, in the order they were made.
    pub ticks: Vec<Tick>,
}

/// One highlight in a lane: the shared record, so making the map copies no passages.
pub type Tick = Rc<Annotation>;

/// The lanes of a document: the live themes that have highlights in it, in codebook order.
#[derive(Debug, PartialEq)]
pub struct Map {
    /// The document's length in code points (at least one).
    pub length: usize,
    /// The lanes.
    pub lanes: Vec<Lane>,
}

impl Map {
    /// The map of `project`'s highlights on `document`, in one pass over the highlights, grouped
    /// by theme as every view of the themes groups them ([`passages_by_theme`]).
    pub fn new(project: &Project, document: &Document, layers: &Layers) -> Map {
        let placed = project.shared_annotations().iter().filter(|annotation| annotation.is_placed());
        let shown = placed.filter(|annotation| annotation.document_id == document.id() && layers.shows(annotation));
        let lanes = passages_by_theme(project, shown.cloned())
            .into_iter()
            .filter(|(_, ticks)| !ticks.is_empty())
            .map(|(theme, ticks)| Lane { name: theme.name.clone(), colour: theme.colour.clone(), ticks })
            .collect();
        Map { length: document.len().max(1), lanes }
    }

    /// How many ticks there are in all.
    pub fn tick_count(&self) -> usize {
        self.lanes.iter().map(|lane| lane.ticks.len()).sum()
    }

    /// Where a tick is drawn on a map `height` pixels tall: its top and its height.
    fn place(&self, span: Span, height: f64) -> (f64, f64) {
        let scale = height / self.length as f64;
        (span.start() as f64 * scale, (span.len() as f64 * scale).max(MIN_TICK_HEIGHT))
    }

    /// The stretches of a lane that ticks cover on a map `height` pixels tall, to the pixel:
    /// overlapping ticks are painted as one rectangle, so ten thousand highlights cost a few
    /// hundred rectangles at most.
    fn runs(&self, lane: &Lane, height: f64) -> Vec<(f64, f64)> {
        let rows = height.ceil().max(0.0) as usize;
        let mut covered = vec![false; rows + 1];
        for tick in &lane.ticks {
            let (top, tall) = self.place(tick.span, height);
            let first = (top.floor().max(0.0) as usize).min(rows);
            let last = ((top + tall).ceil().max(0.0) as usize).min(rows);
            covered[first..last].fill(true);
        }
        let mut runs = Vec::new();
        let mut start = None;
        for (row, is_covered) in covered.iter().enumerate() {
            match (start, is_covered) {
                (None, true) => start = Some(row),
                (Some(first), false) => {
                    runs.push((first as f64, (row - first) as f64));
                    start = None;
                }
                _ => {}
            }
        }
        runs
    }

    /// The tick under the point (`x`, `y`) of a map `height` pixels tall, if one is within
    /// reach: in the lane under `x`, the one drawn nearest `y`.
    pub fn tick_at(&self, x: f64, y: f64, height: f64) -> Option<(&Lane, &Tick)> {
        let lane = self.lanes.get((x / LANE_WIDTH).floor().max(0.0) as usize)?;
        let distance = |tick: &Tick| {
            let (top, tall) = self.place(tick.span, height);
            (top - y).max(y - (top + tall)).max(0.0)
        };
        let nearest = lane.ticks.iter().min_by(|a, b| distance(a).total_cmp(&distance(b)))?;
        (distance(nearest) <= MIN_TICK_HEIGHT).then_some((lane, nearest))
    }
}

/// The props of [`ThemeMap`].
#[derive(Properties, PartialEq)]
pub struct ThemeMapProps {
    /// The project.
    pub project: Rc<Project>,
    /// The document shown.
    pub document: Rc<Document>,
    /// Whose highlights are shown.
    pub layers: Layers,
}

/// The theme map.
#[function_component(ThemeMap)]
pub fn theme_map(props: &ThemeMapProps) -> Html {
    let canvas = use_node_ref();
    let map = use_memo(
        (props.project.clone(), props.document.clone(), props.layers.clone()),
        |(project, document, layers)| Map::new(project, document, layers),
    );
    // Painted after every change of the map, and again when the canvas's size changes (with the
    // window, or as the lanes set its width). The size comes from a `ResizeObserver`, after the
    // browser's own layout: reading it while painting would lay the whole document out again in
    // the task of every new highlight.
    let size = use_state(Size::default);
    {
        let (canvas, size) = (canvas.clone(), size.clone());
        use_effect_with((), move |_| {
            let follower = canvas
                .cast::<web_sys::Element>()
                .and_then(|canvas| SizeFollower::follow(&canvas, move |now| size.set(now)));
            move || drop(follower)
        });
    }
    {
        let canvas = canvas.clone();
        use_effect_with((map.clone(), *size), move |(map, size)| {
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                paint(&canvas, map, *size);
            }
        });
    }

    let on_move = {
        let map = map.clone();
        Callback::from(move |event: MouseEvent| {
            let Some(canvas) = event.target_dyn_into::<HtmlCanvasElement>() else { return };
            let under = map.tick_at(
                f64::from(event.offset_x()),
                f64::from(event.offset_y()),
                f64::from(canvas.client_height()),
            );
            let title = under.map_or_else(String::new, |(lane, tick)| format!("{}: {}", lane.name, tick.quote.exact));
            let _ = canvas.set_attribute("title", &title);
            let _ = canvas.style().set_property("cursor", if under.is_some() { "pointer" } else { "default" });
        })
    };
    let on_click = {
        let map = map.clone();
        Callback::from(move |event: MouseEvent| {
            let Some(canvas) = event.target_dyn_into::<HtmlCanvasElement>() else { return };
            let height = f64::from(canvas.client_height());
            if let Some((_, tick)) = map.tick_at(f64::from(event.offset_x()), f64::from(event.offset_y()), height) {
                reveal_annotation(tick.id, tick.span);
            }
        })
    };
    let width = map.lanes.len().max(1) as f64 * LANE_WIDTH + 2.0;
    html! {
        <canvas
            ref={canvas}
            class="theme-map"
            aria-hidden="true"
            data-ticks={map.tick_count().to_string()}
            style={format!("width: {width}px")}
            onmousemove={on_move}
            onclick={on_click}
        />
    }
}

/// Paints the ticks on a canvas of `size`, at the screen's pixel density.
fn paint(canvas: &HtmlCanvasElement, map: &Map, Size { width, height }: Size) {
    let ratio = gloo::utils::window().device_pixel_ratio();
    let (pixels_wide, pixels_high) = ((width * ratio).round() as u32, (height * ratio).round() as u32);
    // Setting a canvas's size clears it and lays it out again: only when it changes.
    if (canvas.width(), canvas.height()) != (pixels_wide, pixels_high) {
        canvas.set_width(pixels_wide);
        canvas.set_height(pixels_high);
    }
    let Some(context) =
        canvas.get_context("2d").ok().flatten().and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    context.clear_rect(0.0, 0.0, width, height);
    for (index, lane) in map.lanes.iter().enumerate() {
        context.set_fill_style_str(&lane.colour);
        for (top, tall) in map.runs(lane, height) {
            context.fill_rect(index as f64 * LANE_WIDTH, top, LANE_WIDTH - 1.0, tall);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, AnnotationId, Command, Operation, Origin, Stamp};
    use uuid::Uuid;

    #[test]
    fn ticks_are_found_under_the_pointer_in_their_lane() {
        let document = Document::from_plain_text("doc", "Doc", &"word ".repeat(200));
        let mut project = Project::new(&document, starter_codebook(Stamp::default()));
        let themes: Vec<_> = project.themes().map(|theme| theme.id).collect();
        for (n, start, theme) in [(1u128, 0, themes[2]), (2, 500, themes[0]), (3, 900, themes[0])] {
            let operation = Operation::CreateAnnotation {
                id: AnnotationId(Uuid::from_u128(n)),
                span: Span::new(start, start + 50).unwrap(),
                theme_ids: vec![theme],
            };
            let command = Command { document_id: "doc".into(), stamp: Stamp::default(), operation };
            apply(&mut project, command, Origin::Local).unwrap();
        }
        let map = Map::new(&project, &document, &Layers::default());
        assert_eq!(map.lanes.len(), 2, "only themes with highlights have a lane, in codebook order");
        assert_eq!((map.lanes[0].ticks.len(), map.lanes[1].ticks.len(), map.tick_count()), (2, 1, 3));
        // A map 1,000 pixels tall: one pixel per code point.
        let id = |x: f64, y: f64| map.tick_at(x, y, 1000.0).map(|(_, tick)| tick.id.0.as_u128());
        assert_eq!(id(2.0, 520.0), Some(2));
        assert_eq!(id(2.0, 952.0), Some(3), "within reach below the tick");
        assert_eq!(id(2.0, 700.0), None, "nothing near");
        assert_eq!(id(7.0, 10.0), Some(1), "the second lane");
        assert_eq!(id(12.0, 10.0), None, "no third lane");
        // Painted as covered stretches: ticks at 500-550 and 900-950 in the first lane.
        assert_eq!(map.runs(&map.lanes[0], 1000.0), vec![(500.0, 50.0), (900.0, 50.0)]);
        // On a map 10 pixels tall, each is at least 3 pixels, and the two stay apart.
        assert_eq!(map.runs(&map.lanes[0], 10.0), vec![(5.0, 3.0), (9.0, 1.0)]);
    }
}
