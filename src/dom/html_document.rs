//! An HTML file reduced to its text structure (headings, paragraphs, lists, quotations, code,
//! line breaks, bold, italics, links) by the browser's own parser, in an inert document: scripts
//! never run, styles and event handlers are dropped, and nothing of it is ever rendered as HTML.

use annotator_core::document::BlockSource;
use annotator_core::{BlockKind, Document, InlineMarks, RunKind};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

/// Elements whose content is never text of the document.
const DROPPED: [&str; 11] =
    ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG", "CANVAS", "HEAD", "BUTTON"];

/// Reads `html` as a document with id `id`; its title is the page's `<title>`, else its first
/// `<h1>`, else `fallback_title`.
pub fn document_from_html(id: &str, fallback_title: &str, html: &str) -> Result<Document, String> {
    let parsed = DomParser::new()
        .and_then(|parser| parser.parse_from_string(html, SupportedType::TextHtml))
        .map_err(|_| "the browser could not parse it as HTML".to_owned())?;
    let body = parsed.body().ok_or("it has no body")?;
    let mut reader = BlockReader::default();
    reader.walk(body.as_ref(), &InlineMarks::default());
    reader.finish_block();
    let title = parsed.title().trim().to_owned();
    let title = if !title.is_empty() {
        title
    } else {
        reader
            .blocks
            .iter()
            .find(|block| block.kind == BlockKind::Heading(1))
            .map(|block| block.pieces.iter().map(|(text, _, _)| text.as_str()).collect())
            .unwrap_or_else(|| fallback_title.to_owned())
    };
    if reader.blocks.is_empty() {
        return Err("it holds no text".into());
    }
    Ok(Document::from_sources(id, title, reader.blocks))
}

#[derive(Default)]
struct BlockReader {
    blocks: Vec<BlockSource>,
    current: Option<BlockSource>,
}

impl BlockReader {
    fn finish_block(&mut self) {
        if let Some(mut block) = self.current.take() {
            // White space at the ends of a block is layout, not text.
            if let Some((text, _, _)) = block.pieces.first_mut() {
                *text = text.trim_start().to_owned();
            }
            if let Some((text, _, _)) = block.pieces.last_mut() {
                *text = text.trim_end().to_owned();
            }
            block.pieces.retain(|(text, kind, _)| !text.is_empty() || *kind == RunKind::LineBreak);
            if block.pieces.iter().any(|(text, kind, _)| *kind == RunKind::Text && !text.trim().is_empty()) {
                self.blocks.push(block);
            }
        }
    }

    fn push_text(&mut self, text: &str, marks: &InlineMarks, kind_if_new: BlockKind) {
        let block = self.current.get_or_insert_with(|| BlockSource { kind: kind_if_new, pieces: Vec::new() });
        // Runs of white space are one space, as a browser shows them.
        let mut collapsed = String::with_capacity(text.len());
        let mut last_was_space =
            block.pieces.last().is_none_or(|(text, kind, _)| *kind == RunKind::LineBreak || text.ends_with(' '));
        for character in text.chars() {
            if character.is_whitespace() {
                if !last_was_space {
                    collapsed.push(' ');
                }
                last_was_space = true;
            } else {
                collapsed.push(character);
                last_was_space = false;
            }
        }
        if collapsed.is_empty() {
            return;
        }
        match block.pieces.last_mut() {
            Some((last, RunKind::Text, last_marks)) if last_marks == marks => last.push_str(&collapsed),
            _ => block.pieces.push((collapsed, RunKind::Text, marks.clone())),
        }
    }

    fn walk(&mut self, node: &Node, marks: &InlineMarks) {
        let children = node.child_nodes();
        for index in 0..children.length() {
            let Some(child) = children.item(index) else { continue };
            if child.node_type() == Node::TEXT_NODE {
                self.push_text(&child.text_content().unwrap_or_default(), marks, BlockKind::Paragraph);
                continue;
            }
            let Some(element) = child.dyn_ref::<Element>() else { continue };
            let tag = element.tag_name().to_ascii_uppercase();
            if DROPPED.contains(&tag.as_str()) {
                continue;
            }
            let block_kind = match tag.as_str() {
                "H1" => Some(BlockKind::Heading(1)),
                "H2" => Some(BlockKind::Heading(2)),
                "H3" => Some(BlockKind::Heading(3)),
                "H4" | "H5" | "H6" => Some(BlockKind::Heading(4)),
                "P" | "DT" | "DD" | "FIGCAPTION" | "CAPTION" | "TD" | "TH" => Some(BlockKind::Paragraph),
                "LI" => Some(BlockKind::ListItem),
                "BLOCKQUOTE" => Some(BlockKind::Quote),
                "PRE" => Some(BlockKind::Code),
                _ => None,
            };
            match (tag.as_str(), block_kind) {
                ("HR", _) => {
                    self.finish_block();
                    self.blocks.push(BlockSource { kind: BlockKind::Rule, pieces: Vec::new() });
                }
                ("BR", _) => {
                    let block = self
                        .current
                        .get_or_insert_with(|| BlockSource { kind: BlockKind::Paragraph, pieces: Vec::new() });
                    block.pieces.push(("\n".into(), RunKind::LineBreak, InlineMarks::default()));
                }
                ("PRE", Some(kind)) => {
                    self.finish_block();
                    let text = element.text_content().unwrap_or_default();
                    let mut block = BlockSource { kind, pieces: Vec::new() };
                    for (index, line) in text.trim_end_matches('\n').split('\n').enumerate() {
                        if index > 0 {
                            block.pieces.push(("\n".into(), RunKind::LineBreak, InlineMarks::default()));
                        }
                        block.pieces.push((
                            line.to_owned(),
                            RunKind::Text,
                            InlineMarks { code: true, ..InlineMarks::default() },
                        ));
                    }
                    self.current = Some(block);
                    self.finish_block();
                }
                (_, Some(kind)) => {
                    self.finish_block();
                    self.current = Some(BlockSource { kind, pieces: Vec::new() });
                    self.walk(element.as_ref(), marks);
                    self.finish_block();
                }
                (
                    "DIV" | "SECTION" | "ARTICLE" | "MAIN" | "HEADER" | "FOOTER" | "NAV" | "ASIDE" | "UL" | "OL" | "DL"
                    | "TABLE" | "TBODY" | "THEAD" | "TR" | "FIGURE" | "FORM" | "FIELDSET",
                    None,
                ) => {
                    self.finish_block();
                    self.walk(element.as_ref(), marks);
                    self.finish_block();
                }
                _ => {
                    let mut inner = marks.clone();
                    match tag.as_str() {
                        "STRONG" | "B" => inner.strong = true,
                        "EM" | "I" => inner.emphasis = true,
                        "CODE" | "KBD" | "SAMP" => inner.code = true,
                        "A" => inner.link = element.get_attribute("href"),
                        _ => {}
                    }
                    self.walk(element.as_ref(), &inner);
                }
            }
        }
    }
}
