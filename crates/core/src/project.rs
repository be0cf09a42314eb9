//! A project: its documents, one codebook for all of them, and the annotations made on them.

use crate::annotation::Annotation;
use crate::coder::Coder;
use crate::document::Document;
use crate::ids::{AnnotationId, CoderId, IdMap, ThemeId};
use crate::settings::Settings;
use crate::theme::{same_name, Theme};
use std::collections::hash_map::Entry;
use std::rc::Rc;

/// Documents, coders, codebook and annotations, tombstones included.
///
/// Annotations are shared (`Rc`), so that copying a project to change it (as the app's reducer
/// does for every edit) copies pointers, not ten thousand passages, and so that a view can tell
/// an unchanged annotation by its address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    documents: Vec<Rc<Document>>,
    coders: Vec<Coder>,
    /// In codebook order ([`Theme::order_key`]).
    themes: Vec<Theme>,
    annotations: Vec<Rc<Annotation>>,
    /// Where each annotation is in `annotations`.
    positions: IdMap<AnnotationId, usize>,
    settings: Settings,
}

impl Project {
    /// A project on `document` with the given codebook and no annotations.
    pub fn new(document: &Document, themes: Vec<Theme>) -> Project {
        Project::from_parts(vec![Rc::new(document.clone())], Vec::new(), themes, Vec::new())
    }

    /// A project from its parts, as a file reader finds them.
    pub fn from_parts(
        documents: Vec<Rc<Document>>,
        coders: Vec<Coder>,
        themes: Vec<Theme>,
        annotations: Vec<Annotation>,
    ) -> Project {
        let mut project = Project { documents, ..Project::default() };
        for coder in coders {
            project.put_coder(coder);
        }
        for theme in themes {
            project.put_theme(theme);
        }
        // A file's thousands of annotations go in without the map growing (and rehashing) on the way.
        project.reserve_annotations(annotations.len());
        for annotation in annotations {
            project.put_annotation(Rc::new(annotation));
        }
        project
    }

    /// The same project with these settings.
    pub fn with_settings(mut self, settings: Settings) -> Project {
        self.settings = settings;
        self
    }

    /// The same project with one coder's annotations only (tombstones included), and of the
    /// coders only them: what one layer (the consensus, say) amounts to as a project of its own.
    pub fn only_coder(&self, coder: CoderId) -> Project {
        let annotations =
            self.all_annotations().filter(|annotation| annotation.coder == coder).cloned().collect::<Vec<_>>();
        let coders = self.coders.iter().filter(|known| known.id == coder).cloned().collect();
        Project::from_parts(self.documents.clone(), coders, self.themes.clone(), annotations)
            .with_settings(self.settings)
    }

    /// The document the project's work is about: the one with the most live annotations (the
    /// first of those), or the first document when there are none. What opening a file shows.
    pub fn main_document(&self) -> Option<&Rc<Document>> {
        let count = |document: &Document| self.annotations_in(document.id()).count();
        let most = self.documents.iter().map(|document| count(document)).max().unwrap_or(0);
        self.documents.iter().find(|document| count(document) == most)
    }

    /// The project's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Replaces the settings; returns what they were.
    pub(crate) fn put_settings(&mut self, settings: Settings) -> Settings {
        std::mem::replace(&mut self.settings, settings)
    }

    /// The same project without its annotations: its documents, coders, codebook and settings.
    pub fn without_annotations(&self) -> Project {
        Project {
            documents: self.documents.clone(),
            coders: self.coders.clone(),
            themes: self.themes.clone(),
            settings: self.settings,
            ..Project::default()
        }
    }

    /// The coders, in the order they joined the project.
    pub fn coders(&self) -> &[Coder] {
        &self.coders
    }

    /// The coder with this id.
    pub fn coder(&self, id: CoderId) -> Option<&Coder> {
        self.coders.iter().find(|coder| coder.id == id)
    }

    /// The name to show for a coder of this project.
    pub fn coder_name(&self, id: CoderId) -> String {
        match self.coder(id) {
            Some(coder) => coder.display_name(),
            None => crate::coder::display_name("", id),
        }
    }

    /// The colour a coder's work is drawn in: theirs in the project, else the one their id gives.
    pub fn coder_colour(&self, id: CoderId) -> &str {
        self.coder(id).map_or_else(|| crate::coder::colour_for(id), |coder| coder.colour.as_str())
    }

    /// Adds a coder, or replaces the one with their id; returns what was there.
    pub(crate) fn put_coder(&mut self, coder: Coder) -> Option<Coder> {
        match self.coders.iter_mut().find(|existing| existing.id == coder.id) {
            Some(existing) => Some(std::mem::replace(existing, coder)),
            None => {
                self.coders.push(coder);
                None
            }
        }
    }

    /// The documents, in the order they were added (the first is the one opened by default).
    pub fn documents(&self) -> &[Rc<Document>] {
        &self.documents
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Rc<Document>> {
        self.documents.iter().find(|document| document.id() == id)
    }

    /// The document an annotation file naming `address` is for (see [`Document::is_source`]):
    /// the first of the project's that has that address.
    pub fn document_for_source(&self, address: &str) -> Option<&Rc<Document>> {
        self.documents.iter().find(|document| document.is_source(address))
    }

    /// The live annotations on one document.
    pub fn annotations_in<'a>(&'a self, document_id: &'a str) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.annotations().filter(move |annotation| annotation.document_id == document_id)
    }

    /// The live annotations placed in one document's text.
    pub fn placed_annotations_in<'a>(&'a self, document_id: &'a str) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.placed_annotations().filter(move |annotation| annotation.document_id == document_id)
    }

    /// Every annotation record, tombstones included, as shared records in a stable order: a
    /// record keeps its place when it changes and new ones come at the end. A view that keeps
    /// what it made of each finds what changed since with [`changed_places`].
    pub fn shared_annotations(&self) -> &[Rc<Annotation>] {
        &self.annotations
    }

    /// The orphans of one document.
    pub fn orphans_in<'a>(&'a self, document_id: &'a str) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.orphans().filter(move |annotation| annotation.document_id == document_id)
    }

    /// Adds a document, or replaces the one with its id; returns what was there.
    pub(crate) fn put_document(&mut self, document: Rc<Document>) -> Option<Rc<Document>> {
        match self.documents.iter_mut().find(|existing| existing.id() == document.id()) {
            Some(existing) => Some(std::mem::replace(existing, document)),
            None => {
                self.documents.push(document);
                None
            }
        }
    }

    /// The live themes, in codebook order.
    pub fn themes(&self) -> impl Iterator<Item = &Theme> {
        self.themes.iter().filter(|theme| theme.is_live())
    }

    /// Every theme, tombstones included.
    pub fn all_themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The first colour of the palette that no live theme uses yet.
    pub fn unused_colour(&self) -> &'static str {
        crate::theme::unused_colour(self.themes())
    }

    /// The live theme with this id.
    pub fn theme(&self, id: ThemeId) -> Option<&Theme> {
        self.themes().find(|theme| theme.id == id)
    }

    /// The live theme with this name (by [`same_name`]), other than `except`.
    pub fn theme_named(&self, name: &str, except: Option<ThemeId>) -> Option<&Theme> {
        self.themes().find(|theme| Some(theme.id) != except && same_name(&theme.name, name))
    }

    /// The rank after every theme's: where a new theme goes.
    pub fn next_rank(&self) -> i64 {
        self.themes.iter().map(|theme| theme.rank + 1).max().unwrap_or(0)
    }

    /// The live annotations, in the order they were made.
    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.all_annotations().filter(|annotation| annotation.is_live())
    }

    /// The live annotations placed in the text (orphans left out), in the order they were made.
    pub fn placed_annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.all_annotations().filter(|annotation| annotation.is_placed())
    }

    /// The live annotations that could not be placed.
    pub fn orphans(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations().filter(|annotation| annotation.anchoring == crate::annotation::Anchoring::Orphan)
    }

    /// Every annotation, tombstones included.
    pub fn all_annotations(&self) -> impl ExactSizeIterator<Item = &Annotation> {
        self.annotations.iter().map(Rc::as_ref)
    }

    /// The live annotation with this id.
    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.annotation_record(id).filter(|annotation| annotation.is_live())
    }

    /// The annotation with this id, tombstone or not.
    pub fn annotation_record(&self, id: AnnotationId) -> Option<&Annotation> {
        self.positions.get(&id).map(|position| self.annotations[*position].as_ref())
    }

    /// The theme with this id, tombstone or not.
    pub fn theme_record(&self, id: ThemeId) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.id == id)
    }

    /// Whether it holds no record and its settings were never set.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
            && self.coders.is_empty()
            && self.themes.is_empty()
            && self.annotations.is_empty()
            && self.settings == Settings::default()
    }

    /// The records of this project that are not as they were in `before`, an earlier version of
    /// it, with the documents their annotations are on: what the changes since then wrote (a
    /// live room is sent these). Annotations and documents are found by address, as
    /// [`changed_places`] does, so this costs a pointer per record; the few coders and themes
    /// are compared whole.
    pub fn changed_since(&self, before: &Project) -> Project {
        let annotations: Vec<Annotation> = changed_places(&before.annotations, &self.annotations)
            .map(|place| (*self.annotations[place]).clone())
            .collect();
        let mut documents: Vec<Rc<Document>> =
            changed_places(&before.documents, &self.documents).map(|place| self.documents[place].clone()).collect();
        for annotation in &annotations {
            if !documents.iter().any(|document| document.id() == annotation.document_id) {
                documents.extend(self.document(&annotation.document_id).cloned());
            }
        }
        let coders = self.coders.iter().filter(|coder| !before.coders.contains(coder)).cloned().collect();
        let themes = self.themes.iter().filter(|theme| !before.themes.contains(theme)).cloned().collect();
        let changed = Project::from_parts(documents, coders, themes, annotations);
        if self.settings == before.settings {
            changed
        } else {
            changed.with_settings(self.settings)
        }
    }

    /// Takes every annotation record out (a merge that owns the project moves them on).
    pub(crate) fn take_annotations(&mut self) -> Vec<Rc<Annotation>> {
        self.positions.clear();
        std::mem::take(&mut self.annotations)
    }

    /// Puts an annotation record in, replacing the one with its id; returns what was there.
    pub(crate) fn put_annotation(&mut self, annotation: Rc<Annotation>) -> Option<Rc<Annotation>> {
        match self.positions.entry(annotation.id) {
            Entry::Occupied(position) => Some(std::mem::replace(&mut self.annotations[*position.get()], annotation)),
            Entry::Vacant(position) => {
                position.insert(self.annotations.len());
                self.annotations.push(annotation);
                None
            }
        }
    }

    /// Makes room for `additional` more annotation records (a merge knows how many it brings).
    pub(crate) fn reserve_annotations(&mut self, additional: usize) {
        self.annotations.reserve(additional);
        self.positions.reserve(additional);
    }

    /// Puts a theme record in, replacing the one with its id; returns what was there.
    pub(crate) fn put_theme(&mut self, theme: Theme) -> Option<Theme> {
        let before = match self.themes.iter().position(|existing| existing.id == theme.id) {
            Some(place) => Some(self.themes.remove(place)),
            None => None,
        };
        let place = self.themes.partition_point(|existing| existing.order_key() < theme.order_key());
        self.themes.insert(place, theme);
        before
    }
}

/// The places of `now` whose record is not the one `known` had there (by address): the records
/// changed or added since `known` was taken from the same list. Documents and annotations keep
/// their places in a project, so this is how a view or writer finds what an edit touched.
pub fn changed_places<'a, T>(known: &'a [Rc<T>], now: &'a [Rc<T>]) -> impl Iterator<Item = usize> + 'a {
    (0..now.len()).filter(move |place| known.get(*place).is_none_or(|record| !Rc::ptr_eq(record, &now[*place])))
}

#[cfg(test)]
mod tests {
    use super::changed_places;
    use std::rc::Rc;

    #[test]
    fn the_main_document_is_the_one_with_most_annotations() {
        use crate::annotation::{Annotation, TextQuote};
        use crate::document::Document;
        use crate::ids::{AnnotationId, CoderId, Stamp, Timestamp};
        use crate::span::Span;
        let documents: Vec<Rc<Document>> =
            ["one", "two"].iter().map(|id| Rc::new(Document::from_plain_text(id, id, "Some text here."))).collect();
        let on = |number: u128, document: &str| {
            let stamp = Stamp::new(Timestamp(1), CoderId::default());
            let id = AnnotationId(uuid::Uuid::from_u128(number));
            Annotation::new(id, document, Span::between(0, 4), TextQuote::default(), &[], stamp)
        };
        let main = |annotations| super::Project::from_parts(documents.clone(), vec![], vec![], annotations);
        assert_eq!(main(vec![]).main_document().map(|document| document.id()), Some("one"));
        assert_eq!(main(vec![on(1, "two")]).main_document().map(|document| document.id()), Some("two"));
        assert_eq!(main(vec![on(1, "two"), on(2, "one")]).main_document().map(|document| document.id()), Some("one"));
    }

    #[test]
    fn changed_places_are_those_with_another_record_or_none_before() {
        let [a, b, c, d] = ["a", "b", "c", "d"].map(Rc::new);
        let known = vec![a.clone(), b.clone(), c.clone()];
        let now = vec![a, Rc::new("b"), c, d];
        assert_eq!(
            changed_places(&known, &now).collect::<Vec<_>>(),
            vec![1, 3],
            "an equal value in a new record counts"
        );
        assert_eq!(changed_places(&now, &now[..2]).count(), 0);
        assert_eq!(changed_places(&[], &now).count(), 4);
    }
}
