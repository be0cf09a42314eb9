//! Reading Markdown (CommonMark, by pulldown-cmark) into the blocks of a document: headings,
//! paragraphs, list items, quotations, code and rules, with their inline styles. Only behind the
//! `markdown` feature, so that the browser app, which reads its document at build time, carries
//! no Markdown parser.

use crate::document::{BlockKind, BlockSource, InlineMarks, RunKind};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Reads Markdown into a title (its first level-1 heading, or `fallback_title`) and blocks, as
/// [`Document::from_markdown`](crate::Document::from_markdown) describes.
pub fn markdown_sources(fallback_title: &str, markdown: &str) -> (String, Vec<BlockSource>) {
    let mut pending: Vec<BlockSource> = Vec::new();
    let mut current: Option<BlockSource> = None;
    let mut marks = InlineMarks::default();
    let mut quote_depth = 0usize;
    let mut list_depth = 0usize;

    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                finish(&mut current, &mut pending);
                current = Some(BlockSource { kind: BlockKind::Heading(heading_number(level)), pieces: vec![] })
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph inside a list item continues the item that is already open.
                if current.as_ref().is_some_and(|block| block.kind == BlockKind::ListItem) {
                    continue;
                }
                finish(&mut current, &mut pending);
                let kind = match (list_depth, quote_depth) {
                    (0, 0) => BlockKind::Paragraph,
                    (0, _) => BlockKind::Quote,
                    _ => BlockKind::ListItem,
                };
                current = Some(BlockSource { kind, pieces: vec![] });
            }
            Event::Start(Tag::Item) => {
                finish(&mut current, &mut pending);
                current = Some(BlockSource { kind: BlockKind::ListItem, pieces: vec![] });
            }
            Event::Start(Tag::List(_)) => {
                finish(&mut current, &mut pending);
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => {
                finish(&mut current, &mut pending);
                current = Some(BlockSource { kind: BlockKind::Code, pieces: vec![] })
            }
            // Raw HTML is shown as the text it is, in a block of its own.
            Event::Start(Tag::HtmlBlock) => {
                finish(&mut current, &mut pending);
                current = Some(BlockSource { kind: BlockKind::Code, pieces: vec![] })
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                if let Some(block) = current.as_mut() {
                    trim_trailing_newline(block);
                }
                finish(&mut current, &mut pending);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => {
                // The paragraph of a list item ends with the item, not before.
                let in_item = current.as_ref().is_some_and(|block| block.kind == BlockKind::ListItem);
                if !in_item || matches!(event, Event::End(TagEnd::Item)) {
                    finish(&mut current, &mut pending);
                }
            }
            Event::Start(Tag::Strong) => marks.strong = true,
            Event::End(TagEnd::Strong) => marks.strong = false,
            Event::Start(Tag::Emphasis) => marks.emphasis = true,
            Event::End(TagEnd::Emphasis) => marks.emphasis = false,
            Event::Start(Tag::Link { dest_url, .. }) => marks.link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => marks.link = None,
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                let block = current.get_or_insert_with(|| BlockSource { kind: BlockKind::Paragraph, pieces: vec![] });
                block.push(&text, RunKind::Text, &marks);
            }
            Event::Code(text) => {
                let block = current.get_or_insert_with(|| BlockSource { kind: BlockKind::Paragraph, pieces: vec![] });
                let code_marks = InlineMarks { code: true, ..marks.clone() };
                block.push(&text, RunKind::Text, &code_marks);
            }
            Event::SoftBreak => {
                if let Some(block) = current.as_mut() {
                    block.push(" ", RunKind::Text, &marks);
                }
            }
            Event::HardBreak => {
                if let Some(block) = current.as_mut() {
                    block.push("\n", RunKind::LineBreak, &InlineMarks::default());
                }
            }
            Event::Rule => {
                finish(&mut current, &mut pending);
                pending.push(BlockSource { kind: BlockKind::Rule, pieces: vec![] });
            }
            _ => {}
        }
    }
    finish(&mut current, &mut pending);
    let pending = join_broken_sentences(pending);
    let title = pending
        .iter()
        .find(|block| block.kind == BlockKind::Heading(1))
        .map(block_text)
        .unwrap_or_else(|| fallback_title.to_owned());
    (title, pending)
}

/// A block's text, its pieces joined.
fn block_text(block: &BlockSource) -> String {
    block.pieces.iter().map(|(text, _, _)| text.as_str()).collect()
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn finish(current: &mut Option<BlockSource>, pending: &mut Vec<BlockSource>) {
    if let Some(block) = current.take() {
        if !block_text(&block).trim().is_empty() {
            pending.push(block);
        }
    }
}

fn trim_trailing_newline(block: &mut BlockSource) {
    if let Some((text, _, _)) = block.pieces.last_mut() {
        while text.ends_with('\n') {
            text.pop();
        }
    }
}

/// Joins a paragraph that stops mid-sentence with the paragraph that carries the sentence on.
fn join_broken_sentences(blocks: Vec<BlockSource>) -> Vec<BlockSource> {
    let mut joined: Vec<BlockSource> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(previous) = joined.last_mut() {
            if is_sentence_broken_across(previous, &block) {
                let no_marks = InlineMarks::default();
                previous.push(" ", RunKind::Text, &no_marks);
                for (text, kind, marks) in block.pieces {
                    previous.push(&text, kind, &marks);
                }
                continue;
            }
        }
        joined.push(block);
    }
    joined
}

fn is_sentence_broken_across(first: &BlockSource, second: &BlockSource) -> bool {
    if first.kind != BlockKind::Paragraph || second.kind != BlockKind::Paragraph {
        return false;
    }
    let first_text = block_text(first);
    let ends_open = first_text.trim_end().chars().last().is_some_and(|c| c.is_alphanumeric() || c == ',');
    let starts_lower = block_text(second).chars().next().is_some_and(char::is_lowercase);
    ends_open && starts_lower
}

#[cfg(test)]
mod tests {
    use crate::document::{BlockKind, Document};

    fn kinds_and_texts(document: &Document) -> Vec<(BlockKind, String)> {
        document.blocks().iter().map(|block| (block.kind, document.quote(block.span).to_owned())).collect()
    }

    #[test]
    fn markdown_becomes_blocks_over_one_plain_text() {
        let check = |markdown: &str, expected: &[(BlockKind, &str)], expected_text: &str| {
            let document = Document::from_markdown("d", "Untitled", markdown);
            let expected: Vec<(BlockKind, String)> =
                expected.iter().map(|(kind, text)| (*kind, (*text).to_owned())).collect();
            assert_eq!(kinds_and_texts(&document), expected, "{markdown:?}");
            assert_eq!(document.text(), expected_text, "{markdown:?}");
            for block in document.blocks() {
                let covered: usize = block.runs.iter().map(|run| run.span.len()).sum();
                assert_eq!(covered, block.span.len(), "runs cover their block in {markdown:?}");
            }
        };
        check(
            "# Title\n\nOne *two* three.",
            &[(BlockKind::Heading(1), "Title"), (BlockKind::Paragraph, "One two three.")],
            "Title\n\nOne two three.",
        );
        check("a\nb", &[(BlockKind::Paragraph, "a b")], "a b");
        check("x  \ny", &[(BlockKind::Paragraph, "x\ny")], "x\ny");
        check(
            "one\n\n---\n\ntwo",
            &[(BlockKind::Paragraph, "one"), (BlockKind::Rule, ""), (BlockKind::Paragraph, "two")],
            "one\n\ntwo",
        );
        check("- a\n- b", &[(BlockKind::ListItem, "a"), (BlockKind::ListItem, "b")], "a\n\nb");
        check("> q", &[(BlockKind::Quote, "q")], "q");
        check(
            "<script>alert(1)</script>\n\nok",
            &[(BlockKind::Code, "<script>alert(1)</script>"), (BlockKind::Paragraph, "ok")],
            "<script>alert(1)</script>\n\nok",
        );
        // A sentence broken by a page break is one paragraph; a finished sentence is not joined.
        check(
            "able to raise\n\nrevenue, and more.",
            &[(BlockKind::Paragraph, "able to raise revenue, and more.")],
            "able to raise revenue, and more.",
        );
        check(
            "It ends.\n\nnext one",
            &[(BlockKind::Paragraph, "It ends."), (BlockKind::Paragraph, "next one")],
            "It ends.\n\nnext one",
        );
    }

    #[test]
    fn links_and_strong_text_keep_their_marks() {
        let document = Document::from_markdown("d", "Untitled", "**From: X** and [site](https://example.org)");
        let runs = &document.blocks()[0].runs;
        assert_eq!(runs.len(), 3);
        assert!(runs[0].marks.strong);
        assert_eq!(document.quote(runs[0].span), "From: X");
        assert_eq!(runs[2].marks.link.as_deref(), Some("https://example.org"));
        assert_eq!(document.quote(runs[2].span), "site");
    }
}
