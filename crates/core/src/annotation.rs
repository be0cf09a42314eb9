//! Annotations: a passage, the themes it is tagged with, and a note.

use crate::ids::{AnnotationId, ThemeId, Timestamp};
use crate::span::Span;

/// The passage an annotation was made on, with some text either side of it, so that it can be
/// found again when offsets no longer fit (the W3C `TextQuoteSelector`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextQuote {
    /// The passage itself.
    pub exact: String,
    /// Up to [`crate::anchoring::CONTEXT_LENGTH`] code points just before the passage.
    pub prefix: String,
    /// Up to [`crate::anchoring::CONTEXT_LENGTH`] code points just after the passage.
    pub suffix: String,
}

/// Whether an annotation could be placed in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Anchoring {
    /// Its span is where its passage is.
    #[default]
    Placed,
    /// Its passage was not found in the text; its span is where it last was. It is listed among
    /// the orphans, exported as it was, and placed again when the person gives it a new passage.
    Orphan,
}

/// A highlighted passage of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Its id.
    pub id: AnnotationId,
    /// The id of the document it was made on.
    pub document_id: String,
    /// Where it lies in the document's plain text (for an orphan: where it last lay).
    pub span: Span,
    /// Whether it could be placed.
    pub anchoring: Anchoring,
    /// The passage and its context, as it was when the annotation was last placed.
    pub quote: TextQuote,
    /// The themes it is tagged with, in the order they were added.
    pub theme_ids: Vec<ThemeId>,
    /// The coder's memo on the passage.
    pub note: String,
    /// Who made it.
    pub creator: String,
    /// When it was made.
    pub created: Timestamp,
    /// When it last changed.
    pub modified: Timestamp,
    /// When it was deleted; a deleted annotation stays as a tombstone so that merges see it.
    pub deleted: Option<Timestamp>,
}

impl Annotation {
    /// Whether the annotation has not been deleted.
    pub fn is_live(&self) -> bool {
        self.deleted.is_none()
    }

    /// Whether the annotation is live and placed in the text.
    pub fn is_placed(&self) -> bool {
        self.is_live() && self.anchoring == Anchoring::Placed
    }
}
