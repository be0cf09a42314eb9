//! The document the app opens with: the June 2021 statement of the Ministerial Meeting of the
//! Global Coalition to Defeat Daesh/ISIS, shipped inside the app.

use annotator_core::document::BlockSource;
use annotator_core::{BlockKind, Document, InlineMarks, RunKind};

// `communique_sources()`, read from content/communique.md by build.rs.
include!(concat!(env!("OUT_DIR"), "/communique.rs"));

/// The id project files use to name this document.
pub const COMMUNIQUE_ID: &str = "global-coalition-ministerial-2021-06-28";

/// Where Global Affairs Canada published the statement: the source annotation files name.
pub const COMMUNIQUE_SOURCE: &str =
    "https://canada.ca/en/global-affairs/news/2021/06/ministerial-meetingof-the-global-coalition-to-defeatdaeshisis.html";

/// The same page under the address Canada.ca links to (with `www.`), which annotation files made
/// on the page name. The two spellings compare equal anyway
/// (`annotator_core::source_address`); it is kept so that other tools reading the project file
/// see both.
pub const COMMUNIQUE_WWW_SOURCE: &str =
    "https://www.canada.ca/en/global-affairs/news/2021/06/ministerial-meetingof-the-global-coalition-to-defeatdaeshisis.html";

/// The statement as a document.
pub fn communique() -> Document {
    let (title, sources) = communique_sources();
    Document::from_sources(COMMUNIQUE_ID, title, sources)
        .with_source(COMMUNIQUE_SOURCE)
        .with_equivalent_source(COMMUNIQUE_WWW_SOURCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_blocks_are_what_the_markdown_reads_as() {
        let markdown = include_str!("../content/communique.md");
        let read_now = Document::from_markdown(COMMUNIQUE_ID, "", markdown)
            .with_source(COMMUNIQUE_SOURCE)
            .with_equivalent_source(COMMUNIQUE_WWW_SOURCE);
        assert_eq!(communique(), read_now);
    }

    #[test]
    fn the_communique_reads_as_its_blocks() {
        let document = communique();
        let texts: Vec<(BlockKind, &str)> =
            document.blocks().iter().map(|block| (block.kind, document.quote(block.span))).collect();
        assert_eq!(document.title(), "Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS");
        assert_eq!(
            texts[0],
            (BlockKind::Heading(1), "Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS")
        );
        assert!(texts[1].1.starts_with("canada.ca/en/global-affairs/news/2021/06/"));
        assert_eq!(texts[2], (BlockKind::Paragraph, "From: Global Affairs Canada"));
        assert_eq!(texts[3], (BlockKind::Heading(2), "Statement"));
        assert_eq!(texts[4], (BlockKind::Paragraph, "June 28, 2021 - Ottawa, Ontario - Global Affairs Canada"));
        // The sentence broken by a page break in the source is one paragraph.
        let broken =
            texts.iter().filter(|(_, text)| text.contains("curbing its ability to raise revenue, enhancing")).count();
        assert_eq!(broken, 1);
        assert!(!texts.iter().any(|(_, text)| text.starts_with("revenue, enhancing")));
        let contacts =
            texts.iter().position(|(kind, text)| *kind == BlockKind::Heading(2) && *text == "Contacts").unwrap();
        assert_eq!(texts[contacts + 1].0, BlockKind::Rule);
        assert_eq!(
            texts[contacts + 2].1,
            "Syrine Khoury\nPress Secretary\nOffice of the Minister of Foreign Affairs\nSyrine.Khoury@international.gc.ca"
        );
        let paragraphs = texts.iter().filter(|(kind, _)| *kind == BlockKind::Paragraph).count();
        // Source link, From, dateline, nine statement paragraphs (ten in the source), contacts.
        assert_eq!(paragraphs, 13);
        assert_eq!(document.text().matches("the protection of civilians as a priority").count(), 1);
    }
}
