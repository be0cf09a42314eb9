//! Where themes meet: a themes × themes matrix of overlapping highlights (MAXQDA's Code
//! Relations Browser) and a themes × documents matrix of highlights (NVivo's matrix coding),
//! over the coders' layers shown.

use crate::annotation::Annotation;
use crate::ids::{AnnotationId, ThemeId};
use crate::layers::Layers;
use crate::overview::union_length;
use crate::project::Project;
use crate::span::Span;
use std::collections::{BTreeSet, HashMap};

/// One cell of the themes × themes matrix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CooccurrenceCell {
    /// How many pairs of highlights bring the two themes together (see [`theme_matrix`]).
    pub pairs: usize,
    /// How many code points lie under both themes: covered by a highlight of one and a
    /// highlight of the other (each counted once however many highlights lie on it).
    pub shared_length: usize,
    /// The highlights of those pairs, in text order, each once.
    pub highlights: Vec<AnnotationId>,
}

/// The themes × themes matrix of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThemeMatrix {
    /// The live themes, in codebook order: the rows, and the columns in the same order.
    pub themes: Vec<ThemeId>,
    /// `cells[row][column]`, symmetric.
    pub cells: Vec<Vec<CooccurrenceCell>>,
}

/// The themes × documents matrix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentMatrix {
    /// The live themes, in codebook order: the rows.
    pub themes: Vec<ThemeId>,
    /// The project's documents, in its order: the columns (their ids).
    pub documents: Vec<String>,
    /// `cells[row][column]`: the highlights carrying the theme in the document, in text order.
    pub cells: Vec<Vec<Vec<AnnotationId>>>,
}

/// Two highlights (by place among those counted; the same place twice for a highlight carrying
/// both themes) and the passage they share.
type Pair = (usize, usize, Span);

/// The themes × themes matrix of the highlights of `document_id` in the layers shown.
///
/// What a cell counts, for themes A and B: the pairs of highlights {x, y} such that one of them
/// carries A, the other carries B, and their passages share at least one code point (touching
/// end to start is not sharing). A highlight carrying both themes is such a pair on its own,
/// {x, x}, counted once. Each pair is counted once per cell, however many of the two themes
/// both highlights carry. So a highlight of A nested in one of B counts 1, a highlight of A
/// overlapping two of B counts 2, and on the diagonal (A with A) a cell counts A's highlights
/// plus the pairs of them that overlap. The shared length is the code points covered both by a
/// highlight of A and by one of B (on the diagonal: what A covers).
pub fn theme_matrix(project: &Project, document_id: &str, layers: &Layers) -> ThemeMatrix {
    let themes: Vec<ThemeId> = project.themes().map(|theme| theme.id).collect();
    let row_of: HashMap<ThemeId, usize> = themes.iter().enumerate().map(|(row, id)| (*id, row)).collect();
    let mut highlights: Vec<(&Annotation, Vec<usize>)> = project
        .placed_annotations_in(document_id)
        .filter(|annotation| layers.shows(annotation))
        .map(|annotation| (annotation, annotation.theme_ids().filter_map(|id| row_of.get(&id).copied()).collect()))
        .filter(|(_, rows): &(&Annotation, Vec<usize>)| !rows.is_empty())
        .collect();
    highlights.sort_by_key(|(annotation, _)| (annotation.span, annotation.id));

    let size = themes.len();
    // Per cell (upper triangle), the pairs and their shared spans.
    let mut pairs: HashMap<(usize, usize), Vec<Pair>> = HashMap::new();
    let mut note_pair = |first: usize, second: usize, shared: Span, rows_first: &[usize], rows_second: &[usize]| {
        let mut cells = BTreeSet::new();
        for &a in rows_first {
            for &b in rows_second {
                cells.insert((a.min(b), a.max(b)));
            }
        }
        for cell in cells {
            pairs.entry(cell).or_default().push((first, second, shared));
        }
    };
    // Highlights come by start: those overlapping one start before it ends, so each is compared
    // with the few still open rather than with every other.
    for (place, (annotation, rows)) in highlights.iter().enumerate() {
        note_pair(place, place, annotation.span, rows, rows);
        for (later_place, (later, later_rows)) in highlights.iter().enumerate().skip(place + 1) {
            if later.span.start() >= annotation.span.end() {
                break;
            }
            if let Some(shared) = annotation.span.intersection(later.span) {
                note_pair(place, later_place, shared, rows, later_rows);
            }
        }
    }

    let mut cells = vec![vec![CooccurrenceCell::default(); size]; size];
    for ((row, column), found) in pairs {
        let places: BTreeSet<usize> = found.iter().flat_map(|(first, second, _)| [*first, *second]).collect();
        let cell = CooccurrenceCell {
            pairs: found.len(),
            shared_length: union_length(found.iter().map(|(_, _, shared)| *shared).collect()),
            highlights: places.into_iter().map(|place| highlights[place].0.id).collect(),
        };
        cells[column][row] = cell.clone();
        cells[row][column] = cell;
    }
    ThemeMatrix { themes, cells }
}

/// The themes × documents matrix: for each live theme and each document of the project, the
/// placed highlights in the layers shown that carry the theme.
pub fn document_matrix(project: &Project, layers: &Layers) -> DocumentMatrix {
    let themes: Vec<ThemeId> = project.themes().map(|theme| theme.id).collect();
    let documents: Vec<String> = project.documents().iter().map(|document| document.id().to_owned()).collect();
    let cells = themes
        .iter()
        .map(|theme_id| {
            documents
                .iter()
                .map(|document_id| {
                    let mut found: Vec<&Annotation> = project
                        .placed_annotations_in(document_id)
                        .filter(|annotation| layers.shows(annotation) && annotation.has_theme(*theme_id))
                        .collect();
                    found.sort_by_key(|annotation| (annotation.span, annotation.id));
                    found.into_iter().map(|annotation| annotation.id).collect()
                })
                .collect()
        })
        .collect();
    DocumentMatrix { themes, documents, cells }
}

impl ThemeMatrix {
    /// The matrix as rows of cells for a table: a header of theme names, then a row per theme
    /// with its name and the number of pairs in each cell.
    pub fn table(&self, project: &Project) -> Vec<Vec<String>> {
        let name = |id: &ThemeId| project.theme(*id).map_or_else(String::new, |theme| theme.name.clone());
        let mut rows = vec![std::iter::once("Theme".to_owned()).chain(self.themes.iter().map(name)).collect()];
        for (row, theme_id) in self.themes.iter().enumerate() {
            let counts = self.cells[row].iter().map(|cell| cell.pairs.to_string());
            rows.push(std::iter::once(name(theme_id)).chain(counts).collect());
        }
        rows
    }
}

impl DocumentMatrix {
    /// The matrix as rows of cells for a table: a header of document titles, then a row per
    /// theme with its name and the number of highlights in each document.
    pub fn table(&self, project: &Project) -> Vec<Vec<String>> {
        let title =
            |id: &String| project.document(id).map_or_else(|| id.clone(), |document| document.title().to_owned());
        let name = |id: &ThemeId| project.theme(*id).map_or_else(String::new, |theme| theme.name.clone());
        let mut rows = vec![std::iter::once("Theme".to_owned()).chain(self.documents.iter().map(title)).collect()];
        for (row, theme_id) in self.themes.iter().enumerate() {
            let counts = self.cells[row].iter().map(|cell| cell.len().to_string());
            rows.push(std::iter::once(name(theme_id)).chain(counts).collect());
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{annotation_id, command, create, fixture, theme};
    use crate::command::{apply, Operation, Origin};
    use crate::document::Document;
    use std::rc::Rc;

    /// The fixture's document ("Alpha beta gamma.\n\nDelta epsilon 😀 zeta.", 40 code points)
    /// with highlights made by hand, themes A, B, C the codebook's first three:
    ///
    /// 1. A on 0..10 "Alpha beta"
    /// 2. B on 6..17 "beta gamma." (overlaps 1 on 6..10, "beta")
    /// 3. B on 2..4 "ph", nested in 1
    /// 4. C on 17..25, touching 2 at 17 but not sharing a code point
    /// 5. A and C on 19..24 "Delta" (one highlight with two themes; inside 4)
    /// 6. no theme, on 0..40 (left out: it carries none)
    fn project() -> (Project, [ThemeId; 3]) {
        let (_, mut project) = fixture();
        let [a, b, c] = [0, 1, 2].map(|index| theme(&project, index));
        for made in [
            create(1, 0, 10, vec![a]),
            create(2, 6, 17, vec![b]),
            create(3, 2, 4, vec![b]),
            create(4, 17, 25, vec![c]),
            create(5, 19, 24, vec![a, c]),
            create(6, 0, 40, vec![]),
        ] {
            apply(&mut project, made, Origin::Local).unwrap();
        }
        (project, [a, b, c])
    }

    fn cell(matrix: &ThemeMatrix, row: ThemeId, column: ThemeId) -> (usize, usize, Vec<u128>) {
        let place = |id| matrix.themes.iter().position(|theme| *theme == id).unwrap();
        let cell = &matrix.cells[place(row)][place(column)];
        (cell.pairs, cell.shared_length, cell.highlights.iter().map(|id| id.0.as_u128()).collect())
    }

    #[test]
    fn the_theme_matrix_counts_pairs_of_overlapping_highlights_as_worked_out_by_hand() {
        let (project, [a, b, c]) = project();
        let matrix = theme_matrix(&project, "doc", &Layers::default());
        assert_eq!(matrix.themes.len(), 10, "every theme of the codebook, in its order");
        // A–B: 1 with 2 (sharing "beta", 4) and 1 with 3 (nested, "ph", 2); 5 (A) meets no B.
        assert_eq!(cell(&matrix, a, b), (2, 6, vec![1, 3, 2]));
        assert_eq!(cell(&matrix, b, a), cell(&matrix, a, b), "symmetric");
        // B–C: 2 ends where 4 starts, touching but not overlapping.
        assert_eq!(cell(&matrix, b, c), (0, 0, vec![]));
        // A–C: 5 carries both (a pair of its own, 5 code points) and lies in 4 (C): {5}, {4, 5}.
        assert_eq!(cell(&matrix, a, c), (2, 5, vec![4, 5]));
        // The diagonal: A's highlights 1 and 5 (they do not overlap), covering 10 + 5.
        assert_eq!(cell(&matrix, a, a), (2, 15, vec![1, 5]));
        // B's 2 and 3 do not overlap each other: 2 highlights, 11 + 2 code points.
        assert_eq!(cell(&matrix, b, b), (2, 13, vec![3, 2]));
        // C: 4 and 5, which overlap: {4}, {5}, {4, 5}; what C covers is 4's 8 code points.
        assert_eq!(cell(&matrix, c, c), (3, 8, vec![4, 5]));
        let unused = theme(&project, 3);
        assert_eq!(cell(&matrix, unused, a), (0, 0, vec![]));
    }

    #[test]
    fn the_matrices_respect_the_layers_shown_and_deletions() {
        let (mut project, [a, b, _]) = project();
        let me = crate::command::tests::tester();
        let hidden = Layers::default().with_coder_shown(me, false);
        assert_eq!(cell(&theme_matrix(&project, "doc", &hidden), a, b), (0, 0, vec![]));
        assert!(document_matrix(&project, &hidden).cells.iter().flatten().all(Vec::is_empty));
        apply(
            &mut project,
            command(Operation::DeleteAnnotation { annotation_id: annotation_id(3) }, 20),
            Origin::Local,
        )
        .unwrap();
        assert_eq!(cell(&theme_matrix(&project, "doc", &Layers::default()), a, b), (1, 4, vec![1, 2]));
    }

    #[test]
    fn the_document_matrix_counts_highlights_per_theme_and_document() {
        let (mut project, [a, b, c]) = project();
        let other = Rc::new(Document::from_plain_text("other", "Other text", "Alpha again."));
        apply(&mut project, command(Operation::AddDocument(other), 30), Origin::Local).unwrap();
        let elsewhere = crate::command::Command { document_id: "other".into(), ..create(7, 0, 5, vec![b]) };
        apply(&mut project, elsewhere, Origin::Local).unwrap();
        let matrix = document_matrix(&project, &Layers::default());
        assert_eq!(matrix.documents, vec!["doc".to_owned(), "other".to_owned()]);
        let counts = |theme_id: ThemeId| -> Vec<Vec<u128>> {
            let row = matrix.themes.iter().position(|id| *id == theme_id).unwrap();
            matrix.cells[row].iter().map(|ids| ids.iter().map(|id| id.0.as_u128()).collect()).collect()
        };
        assert_eq!(counts(a), vec![vec![1, 5], vec![]]);
        assert_eq!(counts(b), vec![vec![3, 2], vec![7]]);
        assert_eq!(counts(c), vec![vec![4, 5], vec![]]);
        let table = matrix.table(&project);
        assert_eq!(table[0], vec!["Theme", "Doc", "Other text"]);
        assert_eq!(table[2][1..], ["2".to_owned(), "1".to_owned()]);
    }

    #[test]
    fn the_theme_matrix_as_a_table() {
        let (project, _) = project();
        let table = theme_matrix(&project, "doc", &Layers::default()).table(&project);
        let names: Vec<String> = project.themes().map(|theme| theme.name.clone()).collect();
        assert_eq!(table[0][0], "Theme");
        assert_eq!(table[0][1..], names[..]);
        assert_eq!(table.len(), 11);
        assert_eq!(table[1], [&names[0][..], "2", "2", "2", "0", "0", "0", "0", "0", "0", "0"].map(String::from));
        assert_eq!(table[3][1..4], ["2", "0", "3"].map(String::from));
    }
}
