//! A document: its blocks (headings, paragraphs, ...) as an offset index over one plain text.
//!
//! The plain text is what annotations point into: the text of each block, blocks separated by a
//! blank line (`"\n\n"`), a hard line break inside a block written as `"\n"`. Each block knows its
//! span in that text, so finding the block of an offset is a binary search, and each block renders
//! only its own runs.

#[cfg(feature = "markdown")]
pub use crate::markdown::markdown_sources;
use crate::span::Span;
use crate::text_units::{code_point_len, CodePointIndex};
use sha2::{Digest, Sha256};

/// The text between two blocks in the plain text.
pub const BLOCK_SEPARATOR: &str = "\n\n";

/// A document as the annotator shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    id: String,
    title: String,
    text: String,
    length: usize,
    blocks: Vec<Block>,
    fingerprint: String,
    source: String,
    /// Other addresses of the same text (a mirror, another spelling [`same_source`] does not
    /// equate): annotation files naming any of them are for this document.
    ///
    /// [`same_source`]: crate::source_address::same_source
    equivalent_sources: Vec<String>,
    index: CodePointIndex,
}

/// One block of the document: a heading, a paragraph, a list item, a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// What kind of block this is.
    pub kind: BlockKind,
    /// Where the block's text lies in the document's plain text (empty for a rule).
    pub span: Span,
    /// The block's text in pieces of one style each, in order, covering `span` exactly.
    pub runs: Vec<Run>,
}

/// The kinds of block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of level 1 to 6.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// An item of a list.
    ListItem,
    /// A block quotation's paragraph.
    Quote,
    /// Preformatted text.
    Code,
    /// A thematic break (a horizontal rule); it holds no text.
    Rule,
}

/// A piece of a block's text with one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Where the piece lies in the document's plain text.
    pub span: Span,
    /// Text, or a hard line break (one `"\n"`).
    pub kind: RunKind,
    /// The inline styles that apply.
    pub marks: InlineMarks,
}

/// What a run holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// Ordinary text.
    Text,
    /// A hard line break.
    LineBreak,
}

/// The inline styles of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InlineMarks {
    /// Strong emphasis (bold).
    pub strong: bool,
    /// Emphasis (italic).
    pub emphasis: bool,
    /// Inline code.
    pub code: bool,
    /// The target of the link the run sits in, if any.
    pub link: Option<String>,
}

impl InlineMarks {
    /// The link target if it is safe to follow from the page: `http:`, `https:` or `mailto:` only,
    /// so that a `javascript:` or `data:` link from a hostile document is shown as plain text.
    pub fn safe_link(&self) -> Option<&str> {
        let link = self.link.as_deref()?.trim();
        let scheme = link.split(':').next()?.to_ascii_lowercase();
        (link.contains(':') && matches!(scheme.as_str(), "http" | "https" | "mailto")).then_some(link)
    }
}

/// A block as read from its source, before it gets its place in the plain text: its kind and
/// its pieces of text with their styles. A build step can read a document once and ship these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockSource {
    /// What kind of block this is.
    pub kind: BlockKind,
    /// Its text in pieces: (text, text or line break, styles).
    pub pieces: Vec<(String, RunKind, InlineMarks)>,
}

impl BlockSource {
    /// Adds a piece of text, joined to the last piece when it has the same styles.
    pub(crate) fn push(&mut self, text: &str, kind: RunKind, marks: &InlineMarks) {
        if text.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some((last_text, RunKind::Text, last_marks)) if kind == RunKind::Text && last_marks == marks => {
                last_text.push_str(text)
            }
            _ => self.pieces.push((text.to_owned(), kind, marks.clone())),
        }
    }
}

impl Document {
    /// Reads a Markdown document. Its title is the first level-1 heading (or `fallback_title`).
    ///
    /// Raw HTML in the Markdown is kept as visible text, never interpreted. Two paragraphs that are
    /// one sentence broken by a page break (the first ends without closing punctuation, the next
    /// starts in lower case) are joined back into one.
    #[cfg(feature = "markdown")]
    pub fn from_markdown(id: &str, fallback_title: &str, markdown: &str) -> Document {
        let (title, sources) = markdown_sources(fallback_title, markdown);
        Document::from_sources(id, title, sources)
    }

    /// A document of one block holding `text` exactly: for work on the text alone (exports and
    /// imports in a worker), where the blocks do not matter. Its fingerprint is the text's.
    pub fn flat(id: &str, title: &str, source: &str, text: &str) -> Document {
        let block = BlockSource {
            kind: BlockKind::Paragraph,
            pieces: vec![(text.to_owned(), RunKind::Text, InlineMarks::default())],
        };
        Document::from_pending(id, title.to_owned(), vec![block]).with_source(source)
    }

    /// Makes a document of blocks read before (for example by [`markdown_sources`] at build time).
    pub fn from_sources(id: &str, title: String, sources: Vec<BlockSource>) -> Document {
        Document::from_pending(id, title, sources)
    }
}

impl Document {
    /// Makes a document of plain text: paragraphs are separated by blank lines, and single line
    /// breaks inside a paragraph are kept as line breaks.
    pub fn from_plain_text(id: &str, title: &str, text: &str) -> Document {
        let normalised = text.replace("\r\n", "\n");
        let blocks = normalised
            .split("\n\n")
            .map(|paragraph| paragraph.trim_matches('\n'))
            .filter(|paragraph| !paragraph.trim().is_empty())
            .map(|paragraph| {
                let mut block = BlockSource { kind: BlockKind::Paragraph, pieces: vec![] };
                for (index, line) in paragraph.split('\n').enumerate() {
                    if index > 0 {
                        block.push("\n", RunKind::LineBreak, &InlineMarks::default());
                    }
                    block.push(line, RunKind::Text, &InlineMarks::default());
                }
                block
            })
            .collect();
        Document::from_pending(id, title.to_owned(), blocks)
    }

    fn from_pending(id: &str, title: String, pending: Vec<BlockSource>) -> Document {
        let mut text = String::new();
        let mut length = 0;
        let mut blocks = Vec::with_capacity(pending.len());
        for block in pending {
            if block.kind != BlockKind::Rule && length > 0 {
                text.push_str(BLOCK_SEPARATOR);
                length += BLOCK_SEPARATOR.len();
            }
            let block_start = length;
            let mut runs = Vec::with_capacity(block.pieces.len());
            for (piece, kind, marks) in block.pieces {
                let piece_length = code_point_len(&piece);
                let span = Span::between(length, length + piece_length);
                text.push_str(&piece);
                length += piece_length;
                runs.push(Run { span, kind, marks });
            }
            blocks.push(Block { kind: block.kind, span: Span::between(block_start, length), runs });
        }
        let fingerprint = fingerprint_of(&text);
        let source = format!("urn:sha256:{fingerprint}");
        let index = CodePointIndex::new(&text);
        Document {
            id: id.to_owned(),
            title,
            text,
            length,
            blocks,
            fingerprint,
            source,
            equivalent_sources: Vec::new(),
            index,
        }
    }

    /// The blocks as sources, which [`Document::from_sources`] takes back: how files keep a
    /// document.
    pub fn sources(&self) -> Vec<BlockSource> {
        self.blocks
            .iter()
            .map(|block| BlockSource {
                kind: block.kind,
                pieces: block
                    .runs
                    .iter()
                    .map(|run| (self.quote(run.span).to_owned(), run.kind, run.marks.clone()))
                    .collect(),
            })
            .collect()
    }

    /// The document's stable id, which project files name to say which document they belong to.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The same document, known on the web by `source` (the IRI annotation files name as the
    /// target's source).
    pub fn with_source(mut self, source: &str) -> Document {
        self.source = source.to_owned();
        self
    }

    /// The IRI other tools know the document by: its web address if it has one, else
    /// `urn:sha256:` and its fingerprint.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The same document, also known by `source` (another address of the same text). An
    /// address already listed as written is not added twice.
    pub fn with_equivalent_source(mut self, source: &str) -> Document {
        let source = source.trim();
        if !source.is_empty() && source != self.source && !self.equivalent_sources.iter().any(|known| known == source) {
            self.equivalent_sources.push(source.to_owned());
        }
        self
    }

    /// The other addresses of the same text, besides [`Document::source`].
    pub fn equivalent_sources(&self) -> &[String] {
        &self.equivalent_sources
    }

    /// Whether an annotation file naming `address` as its target's source is for this
    /// document: `address` is its source or one of its equivalent sources, in any spelling
    /// [`crate::source_address::same_source`] equates.
    pub fn is_source(&self, address: &str) -> bool {
        std::iter::once(&self.source)
            .chain(&self.equivalent_sources)
            .any(|known| crate::source_address::same_source(known, address))
    }

    /// The document's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The plain text that every span points into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The plain text's length in code points.
    pub fn len(&self) -> usize {
        self.length
    }

    /// Whether the document holds no text.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// The blocks, in reading order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The SHA-256 of the plain text (lower-case hex): tells whether a file's annotations were made
    /// on this very text.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The text under `span`.
    pub fn quote(&self, span: Span) -> &str {
        self.index.slice(&self.text, span.start(), span.end())
    }

    /// The quote of `span` with its context, as [`crate::anchoring::describe`] gives it, without
    /// walking the text from its start.
    pub fn describe(&self, span: Span) -> crate::annotation::TextQuote {
        let span = span.clamp_to(self.full_span());
        let context = crate::anchoring::CONTEXT_LENGTH;
        crate::annotation::TextQuote {
            exact: self.quote(span).to_owned(),
            prefix: self.quote(Span::between(span.start().saturating_sub(context), span.start())).to_owned(),
            suffix: self.quote(Span::between(span.end(), (span.end() + context).min(self.length))).to_owned(),
        }
    }

    /// Places a quote in this document as [`crate::anchoring::place`] does, answering at once
    /// when the quote is still at its position (the common case when a file is read).
    pub fn place(&self, position: Option<Span>, quote: &crate::annotation::TextQuote) -> crate::anchoring::Placement {
        if let Some(position) = position {
            if !quote.exact.is_empty() && position.end() <= self.length && self.quote(position) == quote.exact {
                return crate::anchoring::Placement::AtPosition(position);
            }
        }
        crate::anchoring::place(&self.text, position, quote)
    }

    /// The span covering the whole text.
    pub fn full_span(&self) -> Span {
        Span::between(0, self.length)
    }

    /// `span` without the white space at either end (a drag past the end of a paragraph takes in
    /// the blank line after it; a double-click can take a trailing space).
    pub fn trim_span(&self, span: Span) -> Span {
        let quote = self.quote(span);
        let leading = quote.chars().take_while(|c| c.is_whitespace()).count();
        if leading == span.len() {
            return Span::between(span.start(), span.start());
        }
        let trailing = quote.chars().rev().take_while(|c| c.is_whitespace()).count();
        Span::between(span.start() + leading, span.end() - trailing)
    }

    /// The sentences of the text, in order: each block is cut after `.`, `!` or `?` (and any
    /// closing quote or bracket) that is followed by white space, unless the word ending there is
    /// an abbreviation ("U.S.", "e.g.", a single letter). Blocks end sentences too.
    pub fn sentences(&self) -> Vec<Span> {
        crate::sentences::sentences(self)
    }

    /// The indexes of the blocks whose text `span` touches, found by binary search.
    pub fn blocks_touching(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.blocks.partition_point(|block| block.span.end() <= span.start());
        let after_last = self.blocks.partition_point(|block| block.span.start() < span.end().max(span.start() + 1));
        first..after_last.max(first)
    }
}

/// The SHA-256 of a text, in lower-case hex.
pub fn fingerprint_of(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_followed() {
        let check = |link: &str, expected: Option<&str>| {
            let marks = InlineMarks { link: Some(link.to_owned()), ..InlineMarks::default() };
            assert_eq!(marks.safe_link(), expected, "{link:?}");
        };
        check("https://canada.ca/x", Some("https://canada.ca/x"));
        check("mailto:a@b.ca", Some("mailto:a@b.ca"));
        check("HTTP://x", Some("HTTP://x"));
        check("javascript:alert(1)", None);
        check(" JavaScript:alert(1)", None);
        check("data:text/html,x", None);
        check("relative/page", None);
    }

    #[test]
    fn offsets_count_code_points() {
        let document = Document::from_markdown("d", "Untitled", "😀 داعش\n\nNext");
        assert_eq!(document.blocks()[1].span, Span::new(8, 12).unwrap());
        assert_eq!(document.quote(Span::new(2, 6).unwrap()), "داعش");
        assert_eq!(document.len(), 12);
    }

    #[test]
    fn blocks_touching_finds_blocks_by_offset() {
        let document = Document::from_markdown("d", "Untitled", "Aaa\n\nBbb\n\nCcc");
        // Blocks: [0,3) [5,8) [10,13).
        let check = |start, end, expected: std::ops::Range<usize>| {
            assert_eq!(document.blocks_touching(Span::new(start, end).unwrap()), expected, "[{start},{end})");
        };
        check(0, 2, 0..1);
        check(2, 6, 0..2);
        check(3, 5, 1..1);
        check(4, 11, 1..3);
        check(0, 13, 0..3);
        check(6, 6, 1..2);
    }

    #[test]
    fn trim_span_drops_white_space_at_the_ends() {
        let document = Document::from_markdown("d", "Untitled", "One two.\n\nThree");
        let check = |start, end, expected: (usize, usize)| {
            let trimmed = document.trim_span(Span::new(start, end).unwrap());
            assert_eq!((trimmed.start(), trimmed.end()), expected, "[{start},{end})");
        };
        check(0, 3, (0, 3));
        check(3, 8, (4, 8));
        check(4, 10, (4, 8));
        check(8, 10, (8, 8));
        check(7, 15, (7, 15));
    }

    #[test]
    fn sources_give_the_document_back() {
        let document =
            Document::from_markdown("d", "T", "# T\n\n**One**  \n[two](https://x.org) 😀.\n\n---\n\n- Three\n- four");
        let again = Document::from_sources("d", "T".into(), document.sources());
        assert_eq!(again, document);
    }

    #[test]
    fn a_flat_document_keeps_the_text_and_its_fingerprint() {
        let document = Document::from_markdown("d", "T", "# T\n\nOne  \ntwo 😀.\n\n---\n\nThree");
        let flat = Document::flat(document.id(), document.title(), document.source(), document.text());
        assert_eq!(
            (flat.text(), flat.fingerprint(), flat.len()),
            (document.text(), document.fingerprint(), document.len())
        );
    }

    #[test]
    fn plain_text_keeps_paragraphs_and_lines() {
        let document = Document::from_plain_text("t", "T", "one\r\ntwo\n\n\n\nthree\n");
        assert_eq!(document.text(), "one\ntwo\n\nthree");
        assert_eq!(document.blocks().len(), 2);
        assert_eq!(document.blocks()[0].runs[1].kind, RunKind::LineBreak);
    }

    #[test]
    fn fingerprint_is_sha256_of_the_plain_text() {
        let document = Document::from_plain_text("t", "T", "abc");
        assert_eq!(document.fingerprint(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn fingerprints_are_sha256_in_lower_case_hex() {
        // The published SHA-256 test vectors (FIPS 180-2), and one text outside ASCII.
        let check = |text: &str, expected: &str| assert_eq!(fingerprint_of(text), expected, "{text:?}");
        check("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        check("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        check(
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        );
        check("داعش 😀", "659c19980d09a4e2ecffe676d4fb967788277d77d65d96ef5db2ad45ed7d78e4");
    }
}
