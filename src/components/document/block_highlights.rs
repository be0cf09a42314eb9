//! The highlights of each block, kept from one change to the next so that a change costs in
//! proportion to what it changed, not to the number of highlights.
//!
//! The project keeps its annotation records in a stable order (a changed record keeps its place,
//! new ones come last) and shares them (`Rc`), so `changed_places` finds the ones changed since
//! the last update. Only the blocks their old and new spans touch get
//! a new list; every other block keeps its list (the same `Rc`), so its props compare equal by
//! address and it is not drawn again.
//!
//! A list is made only when its block is first drawn ([`BlockList`]): a long document draws the
//! blocks near the viewport, and ten thousand highlights make a hundred lists of which a screen
//! shows two. What the highlights look like (their classes, which the document's stylesheet must
//! hold before any block is drawn) is settled at the update, for every highlight shown.

use super::block_view::BlockHighlight;
use super::highlight_style::Looks;
use annotator_core::layers::Layers;
use annotator_core::project::changed_places;
use annotator_core::{Annotation, CoderId, Document, Project, Theme, ThemeId};
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

/// The highlights of every block of one document, in block order.
pub type HighlightsByBlock = Rc<Vec<Rc<BlockList>>>;

/// The highlights of one block, made the first time they are looked at (when the block is
/// drawn, or its list compared with another); a list reads as a slice of them.
pub struct BlockList {
    made: OnceCell<Vec<BlockHighlight>>,
    recipe: RefCell<Option<Recipe>>,
}

/// What a list not made yet is made of: where its annotations are in the update's records.
struct Recipe {
    places: Vec<usize>,
    source: Rc<ListSource>,
}

/// What the lists of one update are made from: the records as they were, the looks settled,
/// and which look the highlight of each record has (by place; only those of shown records).
struct ListSource {
    records: Rc<Vec<Rc<Annotation>>>,
    shared: Vec<Rc<SharedLook>>,
    look_of_record: Vec<u32>,
}

impl BlockList {
    fn later(places: Vec<usize>, source: Rc<ListSource>) -> BlockList {
        BlockList { made: OnceCell::new(), recipe: RefCell::new(Some(Recipe { places, source })) }
    }
}

impl From<Vec<BlockHighlight>> for BlockList {
    fn from(highlights: Vec<BlockHighlight>) -> BlockList {
        BlockList { made: OnceCell::from(highlights), recipe: RefCell::new(None) }
    }
}

impl std::ops::Deref for BlockList {
    type Target = [BlockHighlight];

    fn deref(&self) -> &[BlockHighlight] {
        self.made.get_or_init(|| {
            let Some(Recipe { places, source }) = self.recipe.borrow_mut().take() else { return Vec::new() };
            places.iter().map(|place| source.highlight(*place)).collect()
        })
    }
}

impl PartialEq for BlockList {
    fn eq(&self, other: &BlockList) -> bool {
        **self == **other
    }
}

impl Eq for BlockList {}

impl std::fmt::Debug for BlockList {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_list().entries(self.iter()).finish()
    }
}

/// The per-block lists of the latest update, and what they were made from.
#[derive(Default)]
pub struct BlockHighlights {
    document: Option<Rc<Document>>,
    themes: Vec<Theme>,
    layers: Layers,
    /// The colour of each coder met in the looks so far (each highlight carries its coder's
    /// colour as a class; the document shows it as an edge when several coders are shown).
    coder_colours: Vec<(CoderId, String)>,
    /// The project's annotation records at the last update.
    records: Rc<Vec<Rc<Annotation>>>,
    /// For each block, the places (in `records`) of the placed annotations touching it, in order.
    touching: Vec<Vec<usize>>,
    /// For each block, the list made of them.
    lists: Vec<Rc<BlockList>>,
    /// The looks of the highlights drawn, each a class of one stylesheet.
    looks: Looks,
    /// That stylesheet, made again only when a new look comes.
    stylesheet: Rc<str>,
    /// How many looks it has rules for.
    looks_in_stylesheet: usize,
}

/// Past this share of changed records, making every list again is as quick.
const REBUILD_SHARE: usize = 8;

impl BlockHighlights {
    /// The lists for `project`'s annotations on `document`, in the layers shown.
    pub fn update(&mut self, document: &Rc<Document>, project: &Project, layers: &Layers) -> HighlightsByBlock {
        let records = project.shared_annotations();
        let same_document = self.document.as_ref().is_some_and(|known| Rc::ptr_eq(known, document));
        // A coder who joins brings looks of their own and changes none drawn; a coder's colour
        // changed changes every highlight of theirs.
        let same_coder_colours =
            self.coder_colours.iter().all(|(coder, colour)| coder_colour(project, *coder) == colour.as_str());
        let same_look = self.themes == project.all_themes() && self.layers == *layers && same_coder_colours;
        let changed: Option<Vec<usize>> = (same_document && same_look && records.len() >= self.records.len())
            .then(|| changed_places(&self.records, records).collect());
        self.layers = layers.clone();
        if !same_coder_colours {
            self.coder_colours.clear();
        }
        let before = std::mem::replace(&mut self.records, Rc::new(records.to_vec()));
        match changed {
            Some(changed) if changed.len() <= records.len() / REBUILD_SHARE + 16 => {
                self.apply_changes(document, project, &before, &changed);
            }
            _ => self.rebuild(document, project),
        }
        Rc::new(self.lists.clone())
    }

    /// The rules of every class the lists name, as the document's `<style>`.
    pub fn stylesheet(&mut self) -> Rc<str> {
        if self.looks.len() != self.looks_in_stylesheet || self.stylesheet.is_empty() {
            self.stylesheet = Rc::from(self.looks.stylesheet());
            self.looks_in_stylesheet = self.looks.len();
        }
        self.stylesheet.clone()
    }

    /// Makes every block's list from scratch.
    fn rebuild(&mut self, document: &Rc<Document>, project: &Project) {
        self.document = Some(document.clone());
        self.themes = project.all_themes().to_vec();
        let mut touching = vec![Vec::new(); document.blocks().len()];
        for (place, annotation) in self.records.iter().enumerate() {
            if self.shown(annotation, document) {
                for block in document.blocks_touching(annotation.span) {
                    touching[block].push(place);
                }
            }
        }
        let source = self.source(project, touching.iter().flatten());
        self.lists = touching.iter().map(|places| Rc::new(BlockList::later(places.clone(), source.clone()))).collect();
        self.touching = touching;
    }

    /// Moves the changed records out of the blocks they touched and into those they touch now,
    /// and makes new lists for those blocks only.
    fn apply_changes(&mut self, document: &Document, project: &Project, before: &[Rc<Annotation>], changed: &[usize]) {
        let mut affected = BTreeSet::new();
        for &place in changed {
            if let Some(was) = before.get(place).filter(|was| self.shown(was, document)) {
                for block in document.blocks_touching(was.span) {
                    self.touching[block].retain(|known| *known != place);
                    affected.insert(block);
                }
            }
            let now = &self.records[place];
            if self.shown(now, document) {
                for block in document.blocks_touching(now.span) {
                    let places = &mut self.touching[block];
                    let at = places.partition_point(|known| *known < place);
                    places.insert(at, place);
                    affected.insert(block);
                }
            }
        }
        let touching = std::mem::take(&mut self.touching);
        let source = self.source(project, affected.iter().flat_map(|block| &touching[*block]));
        for block in affected {
            self.lists[block] = Rc::new(BlockList::later(touching[block].clone(), source.clone()));
        }
        self.touching = touching;
    }

    /// What the lists of this update are made from, with the look of the highlight of each
    /// record at `places` settled (and so in the stylesheet).
    fn source<'a>(&mut self, project: &Project, places: impl Iterator<Item = &'a usize>) -> Rc<ListSource> {
        let mut drawing = Drawing {
            project,
            looks: &mut self.looks,
            coder_colours: &mut self.coder_colours,
            shared: Vec::new(),
            by_coder: Vec::new(),
            themes: Vec::new(),
        };
        let mut look_of_record = vec![u32::MAX; self.records.len()];
        for &place in places {
            if look_of_record[place] == u32::MAX {
                look_of_record[place] = drawing.look_of(&self.records[place]);
            }
        }
        let shared = drawing.shared;
        Rc::new(ListSource { records: self.records.clone(), shared, look_of_record })
    }

    /// Whether an annotation is drawn in `document`.
    fn shown(&self, annotation: &Annotation, document: &Document) -> bool {
        annotation.is_placed() && annotation.document_id == document.id() && self.layers.shows(annotation)
    }
}

/// The colour a coder's highlights carry: theirs in the project, else the one their id gives.
fn coder_colour(project: &Project, coder: CoderId) -> &str {
    project.coder_colour(coder)
}

/// How one update settles what highlights look like: what every highlight with the same themes
/// and coder shares is worked out once (names, classes, what a screen reader says), as ten
/// thousand highlights come in a few dozen such looks.
struct Drawing<'a> {
    project: &'a Project,
    looks: &'a mut Looks,
    coder_colours: &'a mut Vec<(CoderId, String)>,
    /// The looks met so far.
    shared: Vec<Rc<SharedLook>>,
    /// Where each is in `shared`, by coder and themes, ids as numbers: a few coders of a few
    /// dozen looks each, so lists are enough, searched ten thousand times.
    by_coder: Vec<CodersLooks>,
    /// The themes of the annotation looked at, as numbers: worked out once per annotation, not
    /// once per look it is compared with.
    themes: Vec<u128>,
}

/// A coder's id, and their highlights' looks: the themes' ids and where the look is.
type CodersLooks = (u128, Vec<(Vec<u128>, u32)>);

/// What highlights of the same themes and coder share.
struct SharedLook {
    theme_ids: Rc<[ThemeId]>,
    look: Rc<str>,
    label: Rc<str>,
    /// What a screen reader says of one without a note.
    description: Rc<str>,
    /// The themes as the description names them ("no theme" for none).
    named: String,
}

impl Drawing<'_> {
    /// The look of an annotation's highlight (its place in `shared`), settled if no highlight
    /// had it before.
    fn look_of(&mut self, annotation: &Annotation) -> u32 {
        let coder = annotation.coder.0.as_u128();
        let at = match self.by_coder.iter().position(|(known, _)| *known == coder) {
            Some(at) => at,
            None => {
                self.by_coder.push((coder, Vec::new()));
                self.by_coder.len() - 1
            }
        };
        self.themes.clear();
        self.themes.extend(annotation.theme_ids().map(|id| id.0.as_u128()));
        let themes = &self.themes;
        let same_themes = |(known, _): &&(Vec<u128>, u32)| {
            known.len() == themes.len() && known.iter().zip(themes).all(|(known, theme)| known == theme)
        };
        if let Some((_, look)) = self.by_coder[at].1.iter().find(same_themes) {
            return *look;
        }
        let themes: Vec<ThemeId> = annotation.theme_ids().collect();
        let shared = Rc::new(self.shared_look(&themes, annotation.coder));
        let look = u32::try_from(self.shared.len()).unwrap_or(u32::MAX);
        self.shared.push(shared);
        self.by_coder[at].1.push((self.themes.clone(), look));
        look
    }

    fn shared_look(&mut self, theme_ids: &[ThemeId], coder_id: CoderId) -> SharedLook {
        let project = self.project;
        let themes: Vec<&Theme> = theme_ids.iter().filter_map(|id| project.theme(*id)).collect();
        let names = themes.iter().map(|theme| theme.name.as_str()).collect::<Vec<_>>().join(", ");
        let (label, named) =
            if themes.is_empty() { ("No theme".to_owned(), "no theme".to_owned()) } else { (names.clone(), names) };
        let colours: Vec<String> = themes.iter().map(|theme| theme.colour.clone()).collect();
        let mut look = self.looks.fill_class(&colours);
        let colour = coder_colour(project, coder_id);
        if let Some(class) = self.looks.coder_class(colour) {
            look = format!("{look} {class}");
        }
        if !self.coder_colours.iter().any(|(known, _)| *known == coder_id) {
            self.coder_colours.push((coder_id, colour.to_owned()));
        }
        SharedLook {
            theme_ids: themes.iter().map(|theme| theme.id).collect::<Vec<_>>().into(),
            look: Rc::from(look),
            label: Rc::from(label),
            description: Rc::from(format!("Highlight, {named}.")),
            named,
        }
    }
}

impl ListSource {
    /// What a block draws of one annotation: its themes' colours and names, its coder's colour,
    /// and what a screen reader says of it (the coder is said apart, [`super::block_view::coded_by_id`]).
    fn highlight(&self, place: usize) -> BlockHighlight {
        let annotation = &self.records[place];
        // Every record a list holds had its look settled when the list was made; were one not,
        // it is drawn as a highlight with no theme rather than not at all.
        let look = self.look_of_record.get(place).and_then(|look| self.shared.get(*look as usize));
        let Some(shared) = look else {
            let look = Rc::from("hl-none");
            let (label, description) = (Rc::from("No theme"), Rc::from("Highlight, no theme."));
            let theme_ids = Rc::from([]);
            return BlockHighlight {
                id: annotation.id,
                span: annotation.span,
                coder: annotation.coder,
                theme_ids,
                look,
                label,
                description,
            };
        };
        let description = if annotation.note.is_empty() {
            shared.description.clone()
        } else {
            Rc::from(format!("Highlight, {}. Note: {}", shared.named, annotation.note))
        };
        BlockHighlight {
            id: annotation.id,
            span: annotation.span,
            coder: annotation.coder,
            theme_ids: shared.theme_ids.clone(),
            look: shared.look.clone(),
            label: shared.label.clone(),
            description,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, AnnotationId, CoderId, Command, Operation, Origin, Span, Stamp, ThemeId, Timestamp};
    use uuid::Uuid;

    fn document() -> Rc<Document> {
        Rc::new(Document::from_plain_text("doc", "Doc", "First block here.\n\nSecond block here.\n\nThird block here."))
    }

    /// An operation on the test document by coder `coder` at time `at`.
    fn by(coder: u128, at: i64, operation: Operation) -> Command {
        Command {
            document_id: "doc".into(),
            stamp: Stamp::new(Timestamp(at), CoderId(Uuid::from_u128(coder))),
            operation,
        }
    }

    fn create(project: &mut Project, n: u128, start: usize, end: usize) {
        let theme_ids = vec![project.themes().next().unwrap().id];
        let span = Span::new(start, end).unwrap();
        let operation = Operation::CreateAnnotation { id: AnnotationId(Uuid::from_u128(n)), span, theme_ids };
        apply(project, by(1, 1, operation), Origin::Local).unwrap();
    }

    fn fresh(document: &Document) -> Project {
        Project::new(document, starter_codebook(Stamp::default()))
    }

    fn ids(lists: &HighlightsByBlock) -> Vec<Vec<u128>> {
        lists.iter().map(|list| list.iter().map(|highlight| highlight.id.0.as_u128()).collect()).collect()
    }

    #[test]
    fn a_change_makes_new_lists_only_for_the_blocks_it_touches() {
        let document = document();
        let mut project = fresh(&document);
        let mut index = BlockHighlights::default();
        create(&mut project, 1, 0, 5);
        let before = index.update(&document, &project, &Layers::default());
        assert_eq!(ids(&before), vec![vec![1], vec![], vec![]]);

        create(&mut project, 2, 25, 45);
        let after = index.update(&document, &project, &Layers::default());
        assert_eq!(ids(&after), vec![vec![1], vec![2], vec![2]], "a highlight across two blocks is in both");
        assert!(Rc::ptr_eq(&before[0], &after[0]), "the untouched block keeps its list");
        assert!(!Rc::ptr_eq(&before[1], &after[1]));

        let note = Operation::SetAnnotationNote { annotation_id: AnnotationId(Uuid::from_u128(1)), note: "Why".into() };
        apply(&mut project, by(1, 2, note), Origin::Local).unwrap();
        let noted = index.update(&document, &project, &Layers::default());
        assert!(!Rc::ptr_eq(&after[0], &noted[0]), "a changed annotation makes its block anew");
        assert!(Rc::ptr_eq(&after[1], &noted[1]) && Rc::ptr_eq(&after[2], &noted[2]));
        assert!(noted[0][0].description.ends_with("Note: Why"), "{}", noted[0][0].description);
    }

    #[test]
    fn a_list_is_made_when_looked_at_and_its_classes_are_in_the_stylesheet_before() {
        let document = document();
        let mut project = fresh(&document);
        create(&mut project, 1, 25, 30);
        let mut index = BlockHighlights::default();
        let lists = index.update(&document, &project, &Layers::default());
        assert!(lists.iter().all(|list| list.made.get().is_none()), "no list made yet");
        let colour = &project.themes().next().unwrap().colour;
        let class = format!("mark.hl-{} ", colour.trim_start_matches('#'));
        assert!(index.stylesheet().contains(&class), "{}", index.stylesheet());
        let fill = class["mark.".len()..].trim_end();
        assert_eq!(lists[1][0].look.split(' ').next(), Some(fill), "the fill, then the coder's class");
        assert!(lists[1].made.get().is_some() && lists[0].made.get().is_none(), "only the list looked at");
    }

    #[test]
    fn a_codebook_change_makes_every_list_anew() {
        let document = document();
        let mut project = fresh(&document);
        create(&mut project, 1, 0, 5);
        create(&mut project, 2, 20, 24);
        let mut index = BlockHighlights::default();
        let before = index.update(&document, &project, &Layers::default());
        let theme_id: ThemeId = project.themes().next().unwrap().id;
        let rename = Operation::RenameTheme { theme_id, name: "Renamed".into() };
        apply(&mut project, by(1, 2, rename), Origin::Local).unwrap();
        let after = index.update(&document, &project, &Layers::default());
        assert!(!Rc::ptr_eq(&before[0], &after[0]) && !Rc::ptr_eq(&before[1], &after[1]));
        assert_eq!(&*after[1][0].label, "Renamed");
        assert_eq!(&*after[1][0].description, "Highlight, Renamed.");
    }

    #[test]
    fn updating_after_each_change_gives_what_making_every_list_anew_gives() {
        let text: Vec<String> = (0..30).map(|n| format!("Block number {n} has some words in it.")).collect();
        let document = Rc::new(Document::from_plain_text("doc", "Doc", &text.join("\n\n")));
        let mut project = fresh(&document);
        let themes: Vec<ThemeId> = project.themes().map(|theme| theme.id).collect();
        let mut index = BlockHighlights::default();
        let mut seed = 7u64;
        let mut next = move |below: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        for step in 0..300u128 {
            let length = document.len();
            let start = next(length - 60);
            let span = Span::new(start, start + 1 + next(59)).unwrap();
            let existing = project.annotations().map(|annotation| annotation.id).collect::<Vec<_>>();
            let pick = |n: usize| existing[n % existing.len().max(1)];
            let operation = match (next(5), existing.is_empty()) {
                (0, false) => Operation::DeleteAnnotation { annotation_id: pick(next(1000)) },
                (1, false) => Operation::MoveAnnotation { annotation_id: pick(next(1000)), span },
                (2, false) => {
                    Operation::AddAnnotationTheme { annotation_id: pick(next(1000)), theme_id: themes[next(5)] }
                }
                _ => Operation::CreateAnnotation {
                    id: AnnotationId(Uuid::from_u128(1000 + step)),
                    span,
                    theme_ids: vec![themes[next(5)]],
                },
            };
            // Two coders take turns, and now and then one of them is hidden.
            let coder = 1 + (step % 2);
            let _ = apply(&mut project, by(coder, step as i64, operation), Origin::Local);
            let layers = if step % 7 == 0 {
                Layers::default().with_coder_shown(CoderId(Uuid::from_u128(2)), false)
            } else {
                Layers::default()
            };
            let kept = index.update(&document, &project, &layers);
            let anew = BlockHighlights::default().update(&document, &project, &layers);
            assert_eq!(kept, anew, "after step {step}");
        }
        assert!(project.annotations().count() > 50);
    }

    #[test]
    fn each_highlight_carries_its_coders_colour_and_a_coder_joining_changes_no_list() {
        let document = document();
        let mut project = fresh(&document);
        let join = |name: &str, colour: &str| Operation::SetCoder { name: name.into(), colour: colour.into() };
        apply(&mut project, by(1, 1, join("Amira", "#1f77b4")), Origin::Local).unwrap();
        create(&mut project, 1, 0, 5);
        let mut index = BlockHighlights::default();
        let alone = index.update(&document, &project, &Layers::default());
        assert!(alone[0][0].look.ends_with(" hl-c1f77b4"), "{}", alone[0][0].look);
        assert_eq!(alone[0][0].coder, CoderId(Uuid::from_u128(1)));

        // A second coder joins and highlights in the second block: the first block's list is
        // kept as it was (the document shows the coders' edges by a class of its own).
        let theirs = Operation::CreateAnnotation {
            id: AnnotationId(Uuid::from_u128(2)),
            span: Span::between(20, 24),
            theme_ids: vec![],
        };
        apply(&mut project, by(2, 3, Operation::Batch(vec![join("Ben", "#ff7f0e"), theirs])), Origin::Local).unwrap();
        let both = index.update(&document, &project, &Layers::default());
        assert!(Rc::ptr_eq(&alone[0], &both[0]), "the first coder's highlights are not made again");
        assert!(both[1][0].look.ends_with(" hl-cff7f0e"), "{}", both[1][0].look);
        assert!(index.stylesheet().contains("mark.hl-cff7f0e { --coder-colour: #ff7f0e }"));

        // A coder's colour changed changes their highlights.
        apply(&mut project, by(1, 4, join("Amira", "#2ca02c")), Origin::Local).unwrap();
        let recoloured = index.update(&document, &project, &Layers::default());
        assert!(recoloured[0][0].look.ends_with(" hl-c2ca02c"), "{}", recoloured[0][0].look);

        let only_first = Layers::only(CoderId(Uuid::from_u128(1)), &project);
        let one = index.update(&document, &project, &only_first);
        assert_eq!(ids(&one), vec![vec![1], vec![], vec![]]);
    }
}
