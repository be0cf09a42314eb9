//! Which document of a project an annotation file is for: the one whose address (or one of its
//! equivalent addresses, compared as [`annotator_core::source_address`] does) the file's
//! annotations name. A file naming none of the project's documents is not read as if it had no
//! annotations: the person is told, and may place it on the document they are reading, where
//! its quotes decide where each annotation goes.

use annotator_core::{Document, Project};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// How an import treats the addresses a file's annotations name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceMatching {
    /// Annotations naming another address than the document's are skipped, each with why.
    ByAddress,
    /// Every annotation is read onto the document, whatever address it names: the person chose
    /// the document ("Place on this document"); an annotation whose quote is not in its text
    /// becomes an orphan.
    OntoDocument,
}

impl SourceMatching {
    /// Whether an annotation naming `address` is read onto `document`.
    pub fn accepts(self, document: &Document, address: &str) -> bool {
        match self {
            SourceMatching::ByAddress => document.is_source(address),
            SourceMatching::OntoDocument => true,
        }
    }
}

/// The document a file goes onto, or the addresses it names that no document of the project has.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetDocument {
    /// This one.
    Document(Rc<Document>),
    /// None: the file names only these addresses (each once, as written first).
    NoneMatches(Vec<String>),
}

/// The document a file naming `addresses` is for: the document shown if the file names it or
/// names no address at all, or if the person chose it ([`SourceMatching::OntoDocument`]); else
/// the first document of the project the file names; else none.
pub fn target_document(
    addresses: &[String],
    project: &Project,
    shown: &Rc<Document>,
    matching: SourceMatching,
) -> TargetDocument {
    if matching == SourceMatching::OntoDocument
        || addresses.is_empty()
        || addresses.iter().any(|address| shown.is_source(address))
    {
        return TargetDocument::Document(shown.clone());
    }
    match addresses.iter().find_map(|address| project.document_for_source(address)) {
        Some(document) => TargetDocument::Document(document.clone()),
        None => {
            let mut distinct: Vec<String> = Vec::new();
            for address in addresses {
                if !distinct.iter().any(|known| annotator_core::source_address::same_source(known, address)) {
                    distinct.push(address.clone());
                }
            }
            TargetDocument::NoneMatches(distinct)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::theme::starter_codebook;
    use annotator_core::Stamp;

    #[test]
    fn a_file_goes_onto_the_document_it_names() {
        let shown = Rc::new(
            Document::flat("a", "A", "https://example.org/a", "Text A.")
                .with_equivalent_source("https://mirror.example.net/a"),
        );
        let other = Rc::new(Document::flat("b", "B", "https://example.org/b", "Text B."));
        let project =
            Project::from_parts(vec![shown.clone(), other.clone()], vec![], starter_codebook(Stamp::default()), vec![]);
        let check = |addresses: &[&str], matching: SourceMatching, expected: TargetDocument| {
            let addresses: Vec<String> = addresses.iter().map(|address| address.to_string()).collect();
            assert_eq!(target_document(&addresses, &project, &shown, matching), expected, "{addresses:?}");
        };
        let by_address = SourceMatching::ByAddress;
        check(&[], by_address, TargetDocument::Document(shown.clone()));
        check(&["https://www.example.org/a/"], by_address, TargetDocument::Document(shown.clone()));
        check(&["http://mirror.example.net/a#x"], by_address, TargetDocument::Document(shown.clone()));
        check(&["https://example.org/b", "https://example.org/a"], by_address, TargetDocument::Document(shown.clone()));
        check(&["https://www.example.org/b"], by_address, TargetDocument::Document(other.clone()));
        check(
            &["https://elsewhere.org/x", "http://www.elsewhere.org/x", "urn:y"],
            by_address,
            TargetDocument::NoneMatches(vec!["https://elsewhere.org/x".into(), "urn:y".into()]),
        );
        check(&["https://elsewhere.org/x"], SourceMatching::OntoDocument, TargetDocument::Document(shown.clone()));
    }
}
