//! The inside of one block as markup: its runs, cut into segments where highlights start and
//! end, each segment's text in a leaf wrapped in one `<mark>` per highlight covering it.
//!
//! A block is put in the page as one piece of markup rather than as virtual nodes made one by
//! one: ten thousand highlights on a hundred kilobytes nest ten marks deep, a few thousand marks
//! per paragraph, and the browser's parser makes them several times faster than as many calls
//! across from WebAssembly (one per element and per attribute). Every piece of text and every
//! attribute value is escaped here, so that text from any input stays text.

use super::block_view::{coded_by_id, description_id, BlockContent, BlockHighlight};
use annotator_core::{segment, AnnotationId, RunKind, Span};
use std::collections::HashMap;
use std::fmt::Write;

/// The markup of a block's runs, with its highlights drawn if `drawn` (else its text alone,
/// which lays out the same), and the find box's `matches` in it (sorted, not overlapping)
/// marked either way: a match is wrapped in `<mark class="search-match">` inside any highlight's
/// marks, so it is told apart from them and a click on it still opens the highlight.
pub fn block_markup(content: &BlockContent, highlights: &[BlockHighlight], matches: &[Span], drawn: bool) -> String {
    let BlockContent { block, text } = content;
    let covers: Vec<(Span, AnnotationId)> =
        if drawn { highlights.iter().map(|highlight| (highlight.span, highlight.id)).collect() } else { Vec::new() };
    let segments = segment(block.span, &covers);
    // Each highlight's opening tag is written once: it opens a mark in every segment it covers.
    let by_id: HashMap<AnnotationId, (&BlockHighlight, String)> =
        highlights.iter().map(|highlight| (highlight.id, (highlight, mark_tag(highlight)))).collect();
    // The byte offset of each code point of the block's text, and of its end.
    let bytes: Vec<usize> = text.char_indices().map(|(byte, _)| byte).chain(std::iter::once(text.len())).collect();
    let block_start = block.span.start();
    let slice = |piece: Span| {
        let at = |offset: usize| bytes[(offset - block_start).min(bytes.len() - 1)];
        &text[at(piece.start())..at(piece.end())]
    };

    let mut markup = String::with_capacity(text.len() * 2);
    for run in &block.runs {
        let link = run.marks.safe_link();
        match link {
            Some(link) if link.to_ascii_lowercase().starts_with("mailto:") => {
                let _ = write!(markup, "<a href=\"{}\">", Escaped(link));
            }
            Some(link) => {
                let _ = write!(markup, "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">", Escaped(link));
            }
            None => {}
        }
        let styles = [(run.marks.strong, "strong"), (run.marks.emphasis, "em"), (run.marks.code, "code")];
        for (_, tag) in styles.iter().filter(|(on, _)| *on) {
            let _ = write!(markup, "<{tag}>");
        }
        let pieces =
            segments.iter().filter_map(|segment| segment.span.intersection(run.span).map(|piece| (piece, segment)));
        for (piece, segment) in pieces {
            let marks: Vec<&(&BlockHighlight, String)> =
                segment.annotation_ids.iter().filter_map(|id| by_id.get(id)).collect();
            for (highlight, tag) in &marks {
                open_mark(&mut markup, highlight, tag, piece.start() == highlight.span.start());
            }
            match run.kind {
                RunKind::LineBreak => {
                    let _ = write!(markup, "<br data-start=\"{}\">", piece.start());
                }
                RunKind::Text => {
                    for (part, in_match) in cut_by_matches(piece, matches) {
                        if let Some(found) = in_match {
                            let _ =
                                write!(markup, "<mark class=\"search-match\" data-match-start=\"{}\">", found.start());
                        }
                        let _ = write!(
                            markup,
                            "<span class=\"text\" data-start=\"{}\">{}</span>",
                            part.start(),
                            Escaped(slice(part))
                        );
                        if in_match.is_some() {
                            markup.push_str("</mark>");
                        }
                    }
                }
            }
            for _ in &marks {
                markup.push_str("</mark>");
            }
        }
        for (_, tag) in styles.iter().rev().filter(|(on, _)| *on) {
            let _ = write!(markup, "</{tag}>");
        }
        if link.is_some() {
            markup.push_str("</a>");
        }
    }
    markup
}

/// `piece` cut where matches start and end, each part with the match it lies in, if any.
fn cut_by_matches(piece: Span, matches: &[Span]) -> Vec<(Span, Option<Span>)> {
    let mut parts = Vec::new();
    let mut at = piece.start();
    let first = matches.partition_point(|found| found.end() <= piece.start());
    for found in matches[first..].iter().take_while(|found| found.start() < piece.end()) {
        let Some(inside) = found.intersection(piece) else { continue };
        if at < inside.start() {
            parts.push((Span::between(at, inside.start()), None));
        }
        parts.push((inside, Some(*found)));
        at = inside.end();
    }
    if at < piece.end() || parts.is_empty() {
        parts.push((Span::between(at, piece.end()), None));
    }
    parts
}

/// The markup of what a screen reader says of the highlights starting in a block: one hidden
/// element each, which their first marks point to with `aria-describedby`.
pub fn descriptions_markup(content: &BlockContent, highlights: &[BlockHighlight]) -> String {
    let block = content.block.span;
    let mut markup = String::new();
    let starting = highlights
        .iter()
        .filter(|highlight| block.start() <= highlight.span.start() && highlight.span.start() < block.end());
    for highlight in starting {
        let _ =
            write!(markup, "<span id=\"{}\">{}</span>", description_id(&highlight.id), Escaped(&highlight.description));
    }
    markup
}

/// The opening tag of one highlight's marks, but its end: what every mark of it has.
fn mark_tag(highlight: &BlockHighlight) -> String {
    let theme_ids: Vec<String> = highlight.theme_ids.iter().map(ToString::to_string).collect();
    format!(
        "<mark class=\"highlight {}\" data-annotation-id=\"{}\" data-theme-ids=\"{}\" title=\"{}\"",
        Escaped(&highlight.look),
        highlight.id,
        theme_ids.join(" "),
        Escaped(&highlight.label)
    )
}

/// Opens one mark of a highlight (`tag` is its [`mark_tag`]). The mark where the highlight
/// starts is its keyboard stop (Tab reaches every highlight once, in reading order) and is
/// described by the highlight's themes and note for screen readers.
fn open_mark(markup: &mut String, highlight: &BlockHighlight, tag: &str, starts_here: bool) {
    markup.push_str(tag);
    if starts_here {
        let (highlight_id, coder_id) = (description_id(&highlight.id), coded_by_id(&highlight.coder));
        let _ = write!(markup, " tabindex=\"0\" aria-describedby=\"{highlight_id} {coder_id}\"");
    }
    markup.push('>');
}

/// Text made safe for markup, in an element or in a quoted attribute value. A carriage return
/// is written as a reference, which the parser keeps (a bare one it would turn into a line
/// feed); a NUL, which the parser drops from text, becomes U+FFFD, as the parser turns `&#0;`
/// into: one code point for one, so offsets into the text still hold.
struct Escaped<'a>(&'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'', '\r', '\0']) {
            formatter.write_str(&rest[..at])?;
            formatter.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                b'\r' => "&#13;",
                _ => "\u{fffd}",
            })?;
            rest = &rest[at + 1..];
        }
        formatter.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::{Document, ThemeId};
    use uuid::Uuid;

    fn content(document: &Document, index: usize) -> BlockContent {
        let block = document.blocks()[index].clone();
        BlockContent { text: document.quote(block.span).to_owned(), block }
    }

    fn highlight(n: u128, start: usize, end: usize, label: &str) -> BlockHighlight {
        BlockHighlight {
            id: AnnotationId(Uuid::from_u128(n)),
            span: Span::between(start, end),
            theme_ids: vec![ThemeId(Uuid::from_u128(100 + n))].into(),
            coder: annotator_core::CoderId(Uuid::from_u128(7)),
            look: "hl-f0".into(),
            label: label.into(),
            description: "".into(),
        }
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let check = |input: &str, expected: &str| assert_eq!(Escaped(input).to_string(), expected, "{input:?}");
        check("plain", "plain");
        check("<img src=x onerror=\"alert(1)\">", "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
        check("Tom & Jerry's", "Tom &amp; Jerry&#39;s");
        check("a\r\nb\0c", "a&#13;\nb\u{fffd}c");
        check("😀 داعش", "😀 داعش");
    }

    #[test]
    fn a_block_without_highlights_is_its_leaves_in_their_styles() {
        let document = Document::from_markdown(
            "d",
            "D",
            "**Strong** and [link](https://example.org) <b>x</b>.\n\nLine one  \nLine two",
        );
        assert_eq!(
            block_markup(&content(&document, 0), &[], &[], true),
            "<strong><span class=\"text\" data-start=\"0\">Strong</span></strong>\
             <span class=\"text\" data-start=\"6\"> and </span>\
             <a href=\"https://example.org\" target=\"_blank\" rel=\"noopener noreferrer\"><span class=\"text\" data-start=\"11\">link</span></a>\
             <span class=\"text\" data-start=\"15\"> &lt;b&gt;x&lt;/b&gt;.</span>"
        );
        let second = document.blocks()[1].span.start();
        assert_eq!(
            block_markup(&content(&document, 1), &[], &[], true),
            format!(
                "<span class=\"text\" data-start=\"{second}\">Line one</span><br data-start=\"{}\"><span class=\"text\" data-start=\"{}\">Line two</span>",
                second + 8,
                second + 9
            )
        );
    }

    #[test]
    fn overlapping_highlights_nest_and_only_their_first_marks_are_keyboard_stops() {
        let document = Document::from_plain_text("d", "D", "Alpha beta gamma");
        let outer = highlight(1, 0, 10, "Theme \"one\"");
        let inner = highlight(2, 6, 16, "Two");
        let open = |h: &BlockHighlight, first: bool| {
            let mut markup = String::new();
            open_mark(&mut markup, h, &mark_tag(h), first);
            markup
        };
        let expected = format!(
            "{}<span class=\"text\" data-start=\"0\">Alpha </span></mark>\
             {}{}<span class=\"text\" data-start=\"6\">beta</span></mark></mark>\
             {}<span class=\"text\" data-start=\"10\"> gamma</span></mark>",
            open(&outer, true),
            open(&outer, false),
            open(&inner, true),
            open(&inner, false),
        );
        let highlights = [outer.clone(), inner.clone()];
        assert_eq!(block_markup(&content(&document, 0), &highlights, &[], true), expected);
        assert!(
            open(&outer, true).contains("title=\"Theme &quot;one&quot;\" tabindex=\"0\" aria-describedby=\"describe-")
        );
        assert!(!open(&outer, false).contains("tabindex"));
        assert_eq!(
            block_markup(&content(&document, 0), &highlights, &[], false),
            "<span class=\"text\" data-start=\"0\">Alpha beta gamma</span>",
            "a block not drawn shows its text alone"
        );
    }

    #[test]
    fn matches_are_marked_inside_highlights_and_in_blocks_not_drawn() {
        let document = Document::from_plain_text("d", "D", "Alpha beta gamma");
        let inner = highlight(2, 6, 16, "Two");
        let matches = [Span::between(0, 5), Span::between(9, 12)];
        let mut open = String::new();
        open_mark(&mut open, &inner, &mark_tag(&inner), true);
        let expected = format!(
            "<mark class=\"search-match\" data-match-start=\"0\"><span class=\"text\" data-start=\"0\">Alpha</span></mark>\
             <span class=\"text\" data-start=\"5\"> </span>\
             {open}<span class=\"text\" data-start=\"6\">bet</span>\
             <mark class=\"search-match\" data-match-start=\"9\"><span class=\"text\" data-start=\"9\">a g</span></mark>\
             <span class=\"text\" data-start=\"12\">amma</span></mark>"
        );
        assert_eq!(block_markup(&content(&document, 0), std::slice::from_ref(&inner), &matches, true), expected);
        assert_eq!(
            block_markup(&content(&document, 0), &[inner], &matches[1..], false),
            "<span class=\"text\" data-start=\"0\">Alpha bet</span>\
             <mark class=\"search-match\" data-match-start=\"9\"><span class=\"text\" data-start=\"9\">a g</span></mark>\
             <span class=\"text\" data-start=\"12\">amma</span>",
            "a block not drawn still marks its matches"
        );
    }

    #[test]
    fn each_highlight_starting_in_a_block_is_described_once_there() {
        let document = Document::from_plain_text("d", "D", "Alpha beta\n\ngamma delta");
        let mut across = highlight(1, 6, 16, "One");
        across.description = "Highlight, One. Note: <b>bold</b> & \"quoted\"".into();
        let mut second = highlight(2, 12, 17, "Two");
        second.description = "Highlight, Two.".into();
        let highlights = [across.clone(), second.clone()];
        assert_eq!(
            descriptions_markup(&content(&document, 0), &highlights),
            format!("<span id=\"describe-{}\">Highlight, One. Note: &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</span>", across.id)
        );
        assert_eq!(
            descriptions_markup(&content(&document, 1), &highlights),
            format!("<span id=\"describe-{}\">Highlight, Two.</span>", second.id),
            "a highlight from the block before is described there"
        );
    }
}
