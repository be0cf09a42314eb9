//! Figures about the coding: per theme, how many highlights and how much of the text they cover.

use crate::annotation::Annotation;
use crate::document::Document;
use crate::hierarchy::Hierarchy;
use crate::ids::ThemeId;
use crate::layers::Layers;
use crate::project::Project;
use crate::span::Span;
use crate::theme::Theme;
use std::borrow::Borrow;
use std::collections::HashMap;

/// The figures of one theme.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeFigures {
    /// The theme.
    pub theme_id: ThemeId,
    /// How many live highlights carry it.
    pub highlights: usize,
    /// How many code points of the text its highlights cover (overlaps counted once).
    pub covered: usize,
    /// `covered` as a share of the document's length, from 0 to 1.
    pub share: f64,
}

/// Every live theme in codebook order, with the placed annotations of one document that carry it:
/// the one grouping by theme that the overview, the theme map, the codebook's counts and the
/// reports all use. The annotations come as references or as the project's shared records
/// (which the theme map keeps), and go into each group they belong to as they came.
pub fn passages_by_theme<A: Borrow<Annotation> + Clone>(
    project: &Project,
    annotations: impl IntoIterator<Item = A>,
) -> Vec<(&Theme, Vec<A>)> {
    let mut groups: Vec<(&Theme, Vec<A>)> = project.themes().map(|theme| (theme, Vec::new())).collect();
    let place: HashMap<ThemeId, usize> =
        groups.iter().enumerate().map(|(place, (theme, _))| (theme.id, place)).collect();
    for annotation in annotations {
        for theme_id in annotation.borrow().theme_ids() {
            if let Some(place) = place.get(&theme_id) {
                groups[*place].1.push(annotation.clone());
            }
        }
    }
    groups
}

/// As [`passages_by_theme`], but rolled up the code hierarchy and in its tree order: a theme's
/// group holds the annotations coded with it or with any theme below it, each once however many
/// of those themes it carries. What a parent's count and coverage are made of.
pub fn passages_by_theme_rolled_up<A: Borrow<Annotation> + Clone>(
    project: &Project,
    annotations: impl IntoIterator<Item = A>,
) -> Vec<(&Theme, Vec<A>)> {
    let hierarchy = Hierarchy::of(project);
    let mut groups: Vec<(&Theme, Vec<A>)> =
        hierarchy.rows().into_iter().filter_map(|(id, _)| project.theme(id)).map(|theme| (theme, Vec::new())).collect();
    let place: HashMap<ThemeId, usize> =
        groups.iter().enumerate().map(|(place, (theme, _))| (theme.id, place)).collect();
    let mut places: Vec<usize> = Vec::new();
    for annotation in annotations {
        places.clear();
        for theme_id in annotation.borrow().theme_ids() {
            let above = hierarchy.ancestors(theme_id);
            places.extend(std::iter::once(theme_id).chain(above).filter_map(|id| place.get(&id).copied()));
        }
        places.sort_unstable();
        places.dedup();
        for place in &places {
            groups[*place].1.push(annotation.clone());
        }
    }
    groups
}

/// The figures of every live theme on `document`, in the tree order of the codebook, over the
/// layers shown; a parent's figures take in its descendants' highlights (each counted once).
pub fn theme_figures(document: &Document, project: &Project, layers: &Layers) -> Vec<ThemeFigures> {
    let shown = project.placed_annotations_in(document.id()).filter(|annotation| layers.shows(annotation));
    passages_by_theme_rolled_up(project, shown)
        .into_iter()
        .map(|(theme, annotations)| {
            let spans: Vec<Span> = annotations.iter().map(|annotation| annotation.span).collect();
            let highlights = spans.len();
            let covered = union_length(spans);
            let share = if document.is_empty() { 0.0 } else { covered as f64 / document.len() as f64 };
            ThemeFigures { theme_id: theme.id, highlights, covered, share }
        })
        .collect()
}

/// How many code points the spans cover together, overlaps counted once.
pub fn union_length(mut spans: Vec<Span>) -> usize {
    spans.sort();
    let mut total = 0;
    let mut current: Option<Span> = None;
    for span in spans {
        current = match current {
            Some(open) if span.start() <= open.end() => Some(open.cover(span)),
            Some(open) => {
                total += open.len();
                Some(span)
            }
            None => Some(span),
        };
    }
    total + current.map_or(0, Span::len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{create, fixture, theme};
    use crate::command::{apply, Origin};

    #[test]
    fn union_length_counts_overlaps_once() {
        let check = |spans: &[(usize, usize)], expected: usize| {
            let spans = spans.iter().map(|(start, end)| Span::new(*start, *end).unwrap()).collect();
            assert_eq!(union_length(spans), expected);
        };
        check(&[], 0);
        check(&[(0, 5)], 5);
        check(&[(0, 5), (3, 8)], 8);
        check(&[(3, 8), (0, 5), (10, 12)], 10);
        check(&[(0, 5), (5, 7)], 7);
        check(&[(0, 10), (2, 3)], 10);
    }

    #[test]
    fn figures_per_theme() {
        let (document, mut project) = fixture();
        let [first, second] = [0, 1].map(|index| theme(&project, index));
        for command in [create(1, 0, 10, vec![first]), create(2, 5, 20, vec![first, second]), create(3, 30, 40, vec![])]
        {
            apply(&mut project, command, Origin::Local).unwrap();
        }
        let figures = theme_figures(&document, &project, &Layers::default());
        assert_eq!(figures.len(), 10);
        assert_eq!((figures[0].highlights, figures[0].covered, figures[0].share), (2, 20, 0.5));
        assert_eq!((figures[1].highlights, figures[1].covered, figures[1].share), (1, 15, 0.375));
        assert_eq!((figures[2].highlights, figures[2].covered), (0, 0));
    }
}
