//! A project: the codebook and the annotations made on one document.

use crate::annotation::Annotation;
use crate::document::Document;
use crate::ids::{AnnotationId, ThemeId};
use crate::theme::Theme;

/// The codebook and annotations of one document, tombstones included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    document_id: String,
    document_fingerprint: String,
    themes: Vec<Theme>,
    annotations: Vec<Annotation>,
}

impl Project {
    /// A project on `document` with the given codebook and no annotations.
    pub fn new(document: &Document, themes: Vec<Theme>) -> Project {
        Project {
            document_id: document.id().to_owned(),
            document_fingerprint: document.fingerprint().to_owned(),
            themes,
            annotations: Vec::new(),
        }
    }

    /// A project from its parts, as a file reader finds them.
    pub fn from_parts(
        document_id: String,
        document_fingerprint: String,
        themes: Vec<Theme>,
        annotations: Vec<Annotation>,
    ) -> Project {
        Project { document_id, document_fingerprint, themes, annotations }
    }

    /// The id of the document the project belongs to.
    pub fn document_id(&self) -> &str {
        &self.document_id
    }

    /// The fingerprint of the document text the annotations were placed on.
    pub fn document_fingerprint(&self) -> &str {
        &self.document_fingerprint
    }

    /// The live themes, in codebook order.
    pub fn themes(&self) -> impl Iterator<Item = &Theme> {
        self.themes.iter().filter(|theme| theme.is_live())
    }

    /// Every theme, tombstones included.
    pub fn all_themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The live theme with this id.
    pub fn theme(&self, id: ThemeId) -> Option<&Theme> {
        self.themes().find(|theme| theme.id == id)
    }

    /// The live annotations, in the order they were made.
    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter().filter(|annotation| annotation.is_live())
    }

    /// The live annotations placed in the text (orphans left out), in the order they were made.
    pub fn placed_annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter().filter(|annotation| annotation.is_placed())
    }

    /// The live annotations that could not be placed.
    pub fn orphans(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations().filter(|annotation| annotation.anchoring == crate::annotation::Anchoring::Orphan)
    }

    /// Every annotation, tombstones included.
    pub fn all_annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    /// The live annotation with this id.
    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.annotations().find(|annotation| annotation.id == id)
    }

    pub(crate) fn annotation_record(&self, id: AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|annotation| annotation.id == id)
    }

    pub(crate) fn theme_record(&self, id: ThemeId) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.id == id)
    }

    /// Puts an annotation record in, replacing the one with its id; returns what was there.
    pub(crate) fn put_annotation(&mut self, annotation: Annotation) -> Option<Annotation> {
        match self.annotations.iter_mut().find(|existing| existing.id == annotation.id) {
            Some(existing) => Some(std::mem::replace(existing, annotation)),
            None => {
                self.annotations.push(annotation);
                None
            }
        }
    }

    /// Puts the codebook in the given order (ids it does not name keep their places after those
    /// it does); returns the order it had.
    pub(crate) fn put_theme_order(&mut self, order: &[ThemeId]) -> Vec<ThemeId> {
        let before = self.themes.iter().map(|theme| theme.id).collect();
        let rank = |id: ThemeId| order.iter().position(|ordered| *ordered == id).unwrap_or(usize::MAX);
        self.themes.sort_by_key(|theme| rank(theme.id));
        before
    }

    /// Puts a theme record in, replacing the one with its id; returns what was there.
    pub(crate) fn put_theme(&mut self, theme: Theme) -> Option<Theme> {
        match self.themes.iter_mut().find(|existing| existing.id == theme.id) {
            Some(existing) => Some(std::mem::replace(existing, theme)),
            None => {
                self.themes.push(theme);
                None
            }
        }
    }
}
