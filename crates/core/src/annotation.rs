//! Annotations: a passage, the themes it is coded with (each coding by a coder), and a note.

use crate::ids::{AnnotationId, CoderId, Stamp, ThemeId, Timestamp};
use crate::span::Span;

/// The passage an annotation was made on, with some text either side of it, so that it can be
/// found again when offsets no longer fit (the W3C `TextQuoteSelector`).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextQuote {
    /// The passage itself.
    pub exact: String,
    /// Up to [`crate::anchoring::CONTEXT_LENGTH`] code points just before the passage.
    pub prefix: String,
    /// Up to [`crate::anchoring::CONTEXT_LENGTH`] code points just after the passage.
    pub suffix: String,
}

/// Whether an annotation could be placed in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Anchoring {
    /// Its span is where its passage is.
    #[default]
    Placed,
    /// Its passage was not found in the text; its span is where it last was. It is listed among
    /// the orphans, exported as it was, and placed again when the person gives it a new passage.
    Orphan,
}

/// One theme on one annotation, as the last coder to touch it left it: applied (by that coder,
/// at that time) or taken off. A coding taken off stays, so that a merge sees the removal; each
/// theme has its own, so two coders adding different themes at once both keep theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coding {
    /// The theme.
    pub theme_id: ThemeId,
    /// Whether the theme is on the annotation.
    pub applied: bool,
    /// Who applied (or took off) the theme, and when.
    pub stamp: Stamp,
}

/// When each part of an annotation was last written, and by whom.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnnotationStamps {
    /// The passage: span, quote and anchoring.
    pub passage: Stamp,
    /// The note.
    pub note: Stamp,
    /// Deleting it, or bringing it back.
    pub life: Stamp,
}

/// A highlighted passage of a document.
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
    /// Its codings, applied or taken off, one per theme, in the order the themes were applied
    /// (a theme applied again after it was taken off goes last).
    pub codings: Vec<Coding>,
    /// The coder's memo on the passage.
    pub note: String,
    /// The coder who made it.
    pub coder: CoderId,
    /// When it was made.
    pub created: Timestamp,
    /// When it was deleted; a deleted annotation stays as a tombstone so that merges see it.
    pub deleted: Option<Timestamp>,
    /// Who last wrote each part, and when.
    pub stamps: AnnotationStamps,
}

impl Annotation {
    /// A new annotation made by `stamp`'s coder, with the given codings applied by them.
    pub fn new(
        id: AnnotationId,
        document_id: &str,
        span: Span,
        quote: TextQuote,
        theme_ids: &[ThemeId],
        stamp: Stamp,
    ) -> Annotation {
        let mut annotation = Annotation {
            id,
            document_id: document_id.to_owned(),
            span,
            anchoring: Anchoring::Placed,
            quote,
            codings: Vec::with_capacity(theme_ids.len()),
            note: String::new(),
            coder: stamp.coder,
            created: stamp.at,
            deleted: None,
            stamps: AnnotationStamps { passage: stamp, note: stamp, life: stamp },
        };
        for theme_id in theme_ids {
            annotation.set_coding(*theme_id, true, stamp);
        }
        annotation
    }

    /// Whether the annotation is live: not deleted, or deleted and then edited by someone who had
    /// not seen the deletion (a tombstone wins only over older edits).
    pub fn is_live(&self) -> bool {
        // Most records are not deleted: their parts' stamps need not be looked at.
        self.deleted.is_none() || crate::ids::is_live(self.deleted, self.stamps.life, self.newest_edit_but_life())
    }

    /// Whether the annotation is live and placed in the text.
    pub fn is_placed(&self) -> bool {
        self.is_live() && self.anchoring == Anchoring::Placed
    }

    /// The themes applied to it, in the order they were first applied.
    pub fn theme_ids(&self) -> impl Iterator<Item = ThemeId> + '_ {
        self.codings.iter().filter(|coding| coding.applied).map(|coding| coding.theme_id)
    }

    /// The applied codings.
    pub fn applied_codings(&self) -> impl Iterator<Item = &Coding> + '_ {
        self.codings.iter().filter(|coding| coding.applied)
    }

    /// Whether `theme_id` is applied to it.
    pub fn has_theme(&self, theme_id: ThemeId) -> bool {
        self.coding(theme_id).is_some_and(|coding| coding.applied)
    }

    /// Its coding of `theme_id`, applied or not.
    pub fn coding(&self, theme_id: ThemeId) -> Option<&Coding> {
        self.codings.iter().find(|coding| coding.theme_id == theme_id)
    }

    /// Applies or takes off a theme, as `stamp` wrote it. A theme applied anew goes last, as
    /// people read a highlight's themes in the order they gave them.
    pub fn set_coding(&mut self, theme_id: ThemeId, applied: bool, stamp: Stamp) {
        let coding = Coding { theme_id, applied, stamp };
        match self.codings.iter().position(|existing| existing.theme_id == theme_id) {
            Some(place) if applied && !self.codings[place].applied => {
                self.codings.remove(place);
                self.codings.push(coding);
            }
            Some(place) => self.codings[place] = coding,
            None => self.codings.push(coding),
        }
    }

    /// The latest write to any part of it.
    pub fn modified(&self) -> Stamp {
        self.newest_edit_but_life().max(self.stamps.life)
    }

    fn newest_edit_but_life(&self) -> Stamp {
        let codings = self.codings.iter().map(|coding| coding.stamp);
        codings.chain([self.stamps.passage, self.stamps.note]).max().unwrap_or_default()
    }
}
