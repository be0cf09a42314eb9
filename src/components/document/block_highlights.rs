//! The highlights of each block, kept from one change to the next so that a change makes new
//! lists only for the blocks it touches. Every other block keeps its list (the same `Rc`), so
//! its props compare equal by address and it is not drawn again.

use super::block_view::BlockHighlight;
use annotator_core::{Annotation, Document, Project, Theme};
use std::rc::Rc;

/// The highlights of every block of one document, in block order.
pub type HighlightsByBlock = Rc<Vec<Rc<Vec<BlockHighlight>>>>;

/// The per-block lists of the latest update, and what they were made from.
#[derive(Default)]
pub struct BlockHighlights {
    document: Option<Rc<Document>>,
    themes: Vec<Theme>,
    blocks: Vec<KeptBlock>,
}

/// For one block: the annotations touching it (shared records, compared by address) and the
/// list made of them.
type KeptBlock = (Vec<Rc<Annotation>>, Rc<Vec<BlockHighlight>>);

impl BlockHighlights {
    /// The lists for `project`'s annotations on `document`. Sorting the annotations into blocks
    /// is one binary search each; only blocks whose annotations (or the codebook) changed since
    /// the last call get a new list.
    pub fn update(&mut self, document: &Rc<Document>, project: &Project) -> HighlightsByBlock {
        let same_document = self.document.as_ref().is_some_and(|known| Rc::ptr_eq(known, document));
        let same_codebook = self.themes == project.all_themes();
        if !same_document || !same_codebook {
            self.blocks.clear();
            self.document = Some(document.clone());
            self.themes = project.all_themes().to_vec();
        }

        let mut touching: Vec<Vec<Rc<Annotation>>> = vec![Vec::new(); document.blocks().len()];
        for annotation in project.shared_placed_annotations_in(document.id()) {
            for index in document.blocks_touching(annotation.span) {
                touching[index].push(annotation.clone());
            }
        }

        let mut blocks = Vec::with_capacity(touching.len());
        for (index, annotations) in touching.into_iter().enumerate() {
            let kept = self.blocks.get_mut(index).filter(|(known, _)| same_records(known, &annotations));
            let list = match kept {
                Some((_, list)) => list.clone(),
                None => Rc::new(annotations.iter().map(|annotation| highlight(annotation, project)).collect()),
            };
            blocks.push((annotations, list));
        }
        self.blocks = blocks;
        Rc::new(self.blocks.iter().map(|(_, list)| list.clone()).collect())
    }
}

fn same_records(known: &[Rc<Annotation>], now: &[Rc<Annotation>]) -> bool {
    known.len() == now.len() && known.iter().zip(now).all(|(a, b)| Rc::ptr_eq(a, b))
}

/// What a block draws of one annotation: its themes' colours and names, and what a screen
/// reader says of it.
fn highlight(annotation: &Annotation, project: &Project) -> BlockHighlight {
    let themes: Vec<&Theme> = annotation.theme_ids.iter().filter_map(|id| project.theme(*id)).collect();
    let names = themes.iter().map(|theme| theme.name.as_str()).collect::<Vec<_>>().join(", ");
    let note = if annotation.note.is_empty() { String::new() } else { format!(" Note: {}", annotation.note) };
    let (label, description) = if themes.is_empty() {
        ("No theme".to_owned(), format!("Highlight, no theme.{note}"))
    } else {
        (names.clone(), format!("Highlight, {names}.{note}"))
    };
    BlockHighlight {
        id: annotation.id,
        span: annotation.span,
        theme_ids: themes.iter().map(|theme| theme.id).collect(),
        colours: themes.iter().map(|theme| theme.colour.clone()).collect(),
        label,
        description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, AnnotationId, Command, Origin, Span, ThemeId, Timestamp};
    use uuid::Uuid;

    fn document() -> Rc<Document> {
        Rc::new(Document::from_plain_text("doc", "Doc", "First block here.\n\nSecond block here.\n\nThird block here."))
    }

    fn create(project: &mut Project, document: &Document, n: u128, start: usize, end: usize) {
        let theme_ids = vec![project.themes().next().unwrap().id];
        let command = Command::CreateAnnotation {
            id: AnnotationId(Uuid::from_u128(n)),
            span: Span::new(start, end).unwrap(),
            theme_ids,
            creator: "me".into(),
            at: Timestamp(1),
        };
        apply(project, document, command, Origin::Local).unwrap();
    }

    fn ids(lists: &HighlightsByBlock) -> Vec<Vec<u128>> {
        lists.iter().map(|list| list.iter().map(|highlight| highlight.id.0.as_u128()).collect()).collect()
    }

    #[test]
    fn a_change_makes_new_lists_only_for_the_blocks_it_touches() {
        let document = document();
        let mut project = Project::new(&document, starter_codebook("me", Timestamp(0)));
        let mut index = BlockHighlights::default();
        create(&mut project, &document, 1, 0, 5);
        let before = index.update(&document, &project);
        assert_eq!(ids(&before), vec![vec![1], vec![], vec![]]);

        create(&mut project, &document, 2, 25, 45);
        let after = index.update(&document, &project);
        assert_eq!(ids(&after), vec![vec![1], vec![2], vec![2]], "a highlight across two blocks is in both");
        assert!(Rc::ptr_eq(&before[0], &after[0]), "the untouched block keeps its list");
        assert!(!Rc::ptr_eq(&before[1], &after[1]));

        let note = Command::SetAnnotationNote {
            annotation_id: AnnotationId(Uuid::from_u128(1)),
            note: "Why".into(),
            at: Timestamp(2),
        };
        apply(&mut project, &document, note, Origin::Local).unwrap();
        let noted = index.update(&document, &project);
        assert!(!Rc::ptr_eq(&after[0], &noted[0]), "a changed annotation makes its block anew");
        assert!(Rc::ptr_eq(&after[1], &noted[1]) && Rc::ptr_eq(&after[2], &noted[2]));
        assert!(noted[0][0].description.ends_with("Note: Why"), "{}", noted[0][0].description);
    }

    #[test]
    fn a_codebook_change_makes_every_list_anew() {
        let document = document();
        let mut project = Project::new(&document, starter_codebook("me", Timestamp(0)));
        create(&mut project, &document, 1, 0, 5);
        create(&mut project, &document, 2, 20, 24);
        let mut index = BlockHighlights::default();
        let before = index.update(&document, &project);
        let theme_id: ThemeId = project.themes().next().unwrap().id;
        let rename = Command::RenameTheme { theme_id, name: "Renamed".into(), at: Timestamp(2) };
        apply(&mut project, &document, rename, Origin::Local).unwrap();
        let after = index.update(&document, &project);
        assert!(!Rc::ptr_eq(&before[0], &after[0]) && !Rc::ptr_eq(&before[1], &after[1]));
        assert_eq!(after[1][0].label, "Renamed");
        assert_eq!(after[1][0].description, "Highlight, Renamed.");
    }
}
