//! The DOM glue in a real browser: the document view renders, and DOM selections inside it map
//! to the right code-point spans (within a leaf, across paragraphs, from inside a highlight,
//! at element boundaries, around emoji and Arabic text).
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test dom_glue` (headless Chromium).
#![cfg(target_arch = "wasm32")]

use annotator_core::{AnnotationId, Document, Span, ThemeId};
use communique_annotator::components::document::{BlockContent, BlockHighlight, BlockList, DocumentView};
use communique_annotator::dom::selection::{boundary_offset, range_to_span};
use std::rc::Rc;
use std::time::Duration;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Node};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const MARKDOWN: &str = "# Title 😀\n\nAlpha داعش beta 👩‍🔬 gamma.\n\n**Strong** and [link](https://example.org) end.\n\nLine one  \nLine two";

#[derive(Properties, PartialEq)]
struct HostProps {
    document: Rc<Document>,
    highlights: Vec<(Span, u128)>,
}

#[function_component(Host)]
fn host(props: &HostProps) -> Html {
    let document = props.document.clone();
    let blocks: Rc<Vec<Rc<BlockContent>>> = Rc::new(
        document
            .blocks()
            .iter()
            .map(|block| Rc::new(BlockContent { block: block.clone(), text: document.quote(block.span).to_owned() }))
            .collect(),
    );
    let mut by_block = vec![Vec::new(); document.blocks().len()];
    for (span, n) in &props.highlights {
        for index in document.blocks_touching(*span) {
            by_block[index].push(BlockHighlight {
                id: AnnotationId(Uuid::from_u128(*n)),
                span: *span,
                theme_ids: vec![ThemeId(Uuid::from_u128(1))].into(),
                look: "hl-d1495b".into(),
                coder: annotator_core::CoderId(Uuid::from_u128(7)),
                label: "Theme".into(),
                description: "Highlight, Theme.".into(),
            });
        }
    }
    let highlights = Rc::new(by_block.into_iter().map(|list| Rc::new(BlockList::from(list))).collect::<Vec<_>>());
    html! { <DocumentView {document} {blocks} {highlights} on_select={Callback::noop()} on_open={Callback::noop()} /> }
}

fn span(start: usize, end: usize) -> Span {
    Span::new(start, end).unwrap()
}

/// Renders the test document with highlights into a fresh container and returns its `<article>`.
async fn render(highlights: Vec<(Span, u128)>) -> (Rc<Document>, Element) {
    render_document(Rc::new(Document::from_markdown("test", "Test", MARKDOWN)), highlights).await
}

/// Renders `document` with highlights into a fresh container and returns its `<article>`.
async fn render_document(document: Rc<Document>, highlights: Vec<(Span, u128)>) -> (Rc<Document>, Element) {
    let page = gloo::utils::document();
    let root = page.create_element("div").unwrap();
    page.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { document: document.clone(), highlights })
        .render();
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    let article = root.query_selector("article").unwrap().expect("the document renders an <article>");
    (document, article)
}

/// The text node of the leaf whose text is exactly `text`.
fn leaf_text(article: &Element, text: &str) -> Node {
    let leaves = article.query_selector_all("[data-start]").unwrap();
    for index in 0..leaves.length() {
        let leaf = leaves.item(index).unwrap();
        if leaf.text_content().as_deref() == Some(text) {
            return leaf.first_child().expect("a leaf holds its text");
        }
    }
    panic!("no leaf with text {text:?}");
}

/// The span of the DOM range from (start node, UTF-16 offset) to (end node, UTF-16 offset).
fn span_of(article: &Element, start: (&Node, u32), end: (&Node, u32)) -> Option<Span> {
    let range = gloo::utils::document().create_range().unwrap();
    range.set_start(start.0, start.1).unwrap();
    range.set_end(end.0, end.1).unwrap();
    range_to_span(article, &range)
}

#[wasm_bindgen_test]
async fn the_document_renders_blocks_leaves_and_links() {
    let (document, article) = render(vec![]).await;
    assert_eq!(article.get_attribute("data-length"), Some(document.len().to_string()));
    assert_eq!(article.query_selector("h1").unwrap().unwrap().text_content().unwrap(), "Title 😀");
    let link = article.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(article.query_selector_all("br[data-start]").unwrap().length(), 1);
}

#[wasm_bindgen_test]
async fn a_selection_in_one_leaf_counts_code_points_not_utf16_units() {
    let (document, article) = render(vec![]).await;
    let paragraph = leaf_text(&article, "Alpha داعش beta 👩‍🔬 gamma.");
    // Paragraph starts after "Title 😀" (7 code points) and "\n\n".
    let base = 9;
    let check = |start: u32, end: u32, expected: Span, quote: &str| {
        let got = span_of(&article, (&paragraph, start), (&paragraph, end)).unwrap();
        assert_eq!(got, expected, "utf16 {start}..{end}");
        assert_eq!(document.quote(got), quote);
    };
    check(6, 10, span(base + 6, base + 10), "داعش");
    // 👩‍🔬 is five UTF-16 units and three code points: "gamma" starts at UTF-16 22, code point 20.
    check(16, 21, span(base + 16, base + 19), "👩‍🔬");
    check(22, 27, span(base + 20, base + 25), "gamma");
}

#[wasm_bindgen_test]
async fn a_selection_across_paragraphs_and_styles() {
    let (document, article) = render(vec![]).await;
    let first = leaf_text(&article, "Alpha داعش beta 👩‍🔬 gamma.");
    let strong = leaf_text(&article, "Strong");
    let link = leaf_text(&article, "link");
    let got = span_of(&article, (&first, 22), (&strong, 3)).unwrap();
    assert_eq!(document.quote(got), "gamma.\n\nStr");
    let got = span_of(&article, (&strong, 0), (&link, 4)).unwrap();
    assert_eq!(document.quote(got), "Strong and link");
    let line_two = leaf_text(&article, "Line two");
    let line_one = leaf_text(&article, "Line one");
    let got = span_of(&article, (&line_one, 5), (&line_two, 4)).unwrap();
    assert_eq!(document.quote(got), "one\nLine");
}

#[wasm_bindgen_test]
async fn a_selection_starting_or_ending_inside_a_highlight() {
    let document = Document::from_markdown("test", "Test", MARKDOWN);
    let beta = document.text().find("beta").map(|byte| document.text()[..byte].chars().count()).unwrap();
    let (document, article) = render(vec![(span(beta, beta + 4), 7), (span(beta + 2, beta + 12), 8)]).await;
    assert_eq!(
        article.query_selector_all("mark[data-annotation-id]").unwrap().length(),
        4,
        "two overlapping highlights make four marks"
    );
    let nested = article.query_selector("mark mark").unwrap().expect("the overlap nests one mark in the other");
    assert_eq!(nested.text_content().unwrap(), "ta");
    let inside_first = leaf_text(&article, "be");
    // The second highlight ends inside "gamma", so the rest is a leaf of its own.
    let after = leaf_text(&article, "ma.");
    let got = span_of(&article, (&inside_first, 1), (&after, 1)).unwrap();
    assert_eq!(document.quote(got), "eta 👩‍🔬 gamm");
    let before = leaf_text(&article, "Alpha داعش ");
    let overlap = leaf_text(&article, "ta");
    let got = span_of(&article, (&before, 6), (&overlap, 1)).unwrap();
    assert_eq!(document.quote(got), "داعش bet");
}

#[wasm_bindgen_test]
async fn boundaries_between_elements_go_to_the_next_leaf() {
    let (document, article) = render(vec![]).await;
    let paragraphs = article.query_selector_all("p").unwrap();
    let first: Node = paragraphs.item(0).unwrap();
    let second: Node = paragraphs.item(1).unwrap();
    // (paragraph, 0) is its first character; (article, index of second paragraph) is its start.
    let got = span_of(&article, (&first, 0), (&second, 0)).unwrap();
    assert_eq!(document.quote(document.trim_span(got)), "Alpha داعش beta 👩‍🔬 gamma.");
    let article_node: &Node = article.as_ref();
    let child_count = article_node.child_nodes().length();
    assert_eq!(boundary_offset(&article, article_node, child_count), Some(document.len()));
    let body = gloo::utils::document().body().unwrap();
    let body_node: &Node = body.as_ref();
    assert_eq!(boundary_offset(&article, body_node, 0), Some(0), "before the article");
    assert_eq!(
        boundary_offset(&article, body_node, body_node.child_nodes().length()),
        Some(document.len()),
        "after the article"
    );
    let element: Element = second.dyn_into().unwrap();
    assert!(element.text_content().unwrap().starts_with("Strong"));
}

/// Highlights as (span, id number).
type TestHighlights = Vec<(Span, u128)>;

// Holds the setter of the re-render host's highlights, so the test can change them.
thread_local! {
    static SET_HIGHLIGHTS: std::cell::RefCell<Option<UseStateSetter<TestHighlights>>> = const { std::cell::RefCell::new(None) };
}

#[function_component(ChangingHost)]
fn changing_host() -> Html {
    let highlights = use_state(Vec::new);
    SET_HIGHLIGHTS.with(|cell| *cell.borrow_mut() = Some(highlights.setter()));
    let document = Rc::new(Document::from_markdown("test", "Test", MARKDOWN));
    html! { <Host {document} highlights={(*highlights).clone()} /> }
}

#[wasm_bindgen_test]
async fn a_new_highlight_re_renders_only_the_blocks_it_touches() {
    use communique_annotator::components::document::block_view::RENDERS;
    use std::sync::atomic::Ordering;
    let page = gloo::utils::document();
    let root = page.create_element("div").unwrap();
    page.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<ChangingHost>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    let blocks = root.query_selector_all(".block").unwrap().length() as usize;
    assert_eq!(blocks, 4);
    let set =
        |highlights: Vec<(Span, u128)>| SET_HIGHLIGHTS.with(|cell| cell.borrow().as_ref().unwrap().set(highlights));
    let renders_after = |highlights: TestHighlights| {
        let before = RENDERS.load(Ordering::Relaxed);
        set(highlights);
        async move {
            yew::platform::time::sleep(Duration::from_millis(30)).await;
            RENDERS.load(Ordering::Relaxed) - before
        }
    };
    // "Alpha" lies in the second block (after "Title 😀\n\n").
    assert_eq!(renders_after(vec![(span(9, 14), 1)]).await, 1, "a highlight in one block re-renders that block");
    assert_eq!(root.query_selector_all("mark").unwrap().length(), 1);
    assert_eq!(
        renders_after(vec![(span(9, 14), 1), (span(20, 40), 2)]).await,
        2,
        "one that crosses two blocks re-renders both"
    );
    assert_eq!(renders_after(vec![(span(20, 40), 2)]).await, 1, "removing the first re-renders its block only");
}

#[wasm_bindgen_test]
async fn a_long_document_draws_highlights_only_near_the_viewport() {
    // Ids no other test uses: the tests share one page.
    let paragraphs: Vec<String> =
        (0..400).map(|n| format!("Paragraph {n} of a long text, with enough words to wrap.")).collect();
    let document = Rc::new(Document::from_plain_text("long", "Long", &paragraphs.join("\n\n")));
    let block_start = |index: usize| document.blocks()[index].span.start();
    let first_highlight = span(0, 9);
    let middle_highlight = span(block_start(200), block_start(200) + 9);
    let last_highlight = span(block_start(399), block_start(399) + 9);
    let (_, article) =
        render_document(document, vec![(first_highlight, 1001), (middle_highlight, 1003), (last_highlight, 1002)])
            .await;
    let page = gloo::utils::window();
    page.scroll_to_with_x_and_y(0.0, 0.0);
    // The blocks go in a slice per task: on a busy machine the last comes after some tenths of
    // a second.
    for _ in 0..40 {
        if article.query_selector_all(".block").unwrap().length() == 400 {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(50)).await;
    }
    yew::platform::time::sleep(Duration::from_millis(150)).await;
    let marks = |id: u128| {
        article.query_selector_all(&format!("mark[data-annotation-id=\"{}\"]", Uuid::from_u128(id))).unwrap().length()
    };
    let drawn = || (marks(1001), marks(1003), marks(1002));
    let described =
        |id: u128| gloo::utils::document().get_element_by_id(&format!("describe-{}", Uuid::from_u128(id))).is_some();
    assert_eq!(article.query_selector_all(".block").unwrap().length(), 400, "every block holds its text");
    assert_eq!(drawn(), (1, 0, 0), "only the block in view draws its highlight");
    assert_eq!((described(1001), described(1003), described(1002)), (true, false, false));

    let scroll_to = |index: usize| {
        let block = article.query_selector(&format!("[data-block-index=\"{index}\"]")).unwrap().unwrap();
        block.scroll_into_view();
        block
    };
    scroll_to(200);
    yew::platform::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(drawn(), (1, 1, 0), "scrolling draws the blocks come into view; the first group stays drawn");
    let last_block = scroll_to(399);
    yew::platform::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(drawn(), (1, 0, 1), "and undraws those left, but for the first group");
    assert_eq!((described(1003), described(1002)), (false, true));
    assert!(last_block.text_content().unwrap().starts_with("Paragraph 399"));
    article.parent_element().unwrap().remove();
    page.scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
async fn the_browsers_database_keeps_a_text_and_gives_it_back() {
    use communique_annotator::dom::indexed_db;
    let key = "dom-glue-test";
    let text = "A project file: Daesh/ISIS, داعش, 👩‍🔬 and \"quotes\".".repeat(1000);
    indexed_db::put(key, &text).await.expect("stored");
    assert_eq!(indexed_db::get(key).await.expect("read"), Some(text));
    indexed_db::delete(key).await.expect("cleared");
    assert_eq!(indexed_db::get(key).await.expect("read"), None);
}
