//! Where coders differ: the stretches of a document where the compared coders do not all agree
//! on one theme, each with every coder's version (the passages they coded there), and whether
//! the consensus has already settled it.

use crate::coverage::{clamped_and_sorted, union_of};
use crate::{each_once, AgreementError};
use annotator_core::annotation::Anchoring;
use annotator_core::coder::CONSENSUS_ID;
use annotator_core::ids::{AnnotationId, CoderId, ThemeId};
use annotator_core::project::Project;
use annotator_core::span::Span;

/// One coder's version of a disagreement: the passages of theirs, coded with the theme, that
/// reach into the stretch (whole, as they coded them). Empty when they did not code it there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The coder.
    pub coder: CoderId,
    /// Their annotations there and their passages, in text order.
    pub passages: Vec<(AnnotationId, Span)>,
}

impl Version {
    /// Whether the coder coded the theme somewhere in the stretch.
    pub fn coded(&self) -> bool {
        !self.passages.is_empty()
    }
}

/// A stretch of text where some of the compared coders applied a theme and others did not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// The theme.
    pub theme_id: ThemeId,
    /// The stretch: adjacent code points where the coders do not all agree, in one piece.
    pub span: Span,
    /// One version per compared coder, in the order compared.
    pub versions: Vec<Version>,
    /// Whether the consensus has decided on all of the stretch: consensus records with the theme
    /// (kept, or rejected and so deleted) cover it.
    pub settled: bool,
}

/// Segments between the boundaries of several coders' coverage (each a sorted union of
/// intervals), with how many coders cover each: the one sweep that both the disagreements and
/// "k of n" read. Segments that no coder covers are left out.
pub(crate) fn covered_segments(coverage_by_coder: &[Vec<Span>]) -> Vec<(Span, usize)> {
    let mut boundaries: Vec<(usize, isize)> =
        coverage_by_coder.iter().flatten().flat_map(|interval| [(interval.start(), 1), (interval.end(), -1)]).collect();
    boundaries.sort_unstable();
    let mut segments = Vec::new();
    let (mut covering, mut previous) = (0isize, 0usize);
    for (position, change) in boundaries {
        if position > previous && covering > 0 {
            segments.push((Span::between(previous, position), covering as usize));
        }
        previous = position;
        covering += change;
    }
    segments
}

/// Adjacent spans joined into one (spans that touch become one stretch).
pub(crate) fn joined(spans: impl IntoIterator<Item = Span>) -> Vec<Span> {
    let mut result: Vec<Span> = Vec::new();
    for span in spans {
        match result.last_mut() {
            Some(last) if span.start() <= last.end() => *last = last.cover(span),
            _ => result.push(span),
        }
    }
    result
}

/// The passages (annotation id and span) of each coder's live annotations placed in the
/// document and coded with the theme, in text order.
pub(crate) fn passages_by_coder(
    project: &Project,
    document_id: &str,
    coders: &[CoderId],
    theme_id: ThemeId,
) -> Vec<Vec<(AnnotationId, Span)>> {
    let mut passages = vec![Vec::new(); coders.len()];
    for annotation in project.placed_annotations_in(document_id) {
        if !annotation.has_theme(theme_id) || annotation.span.is_empty() {
            continue;
        }
        if let Some(place) = coders.iter().position(|coder| *coder == annotation.coder) {
            passages[place].push((annotation.id, annotation.span));
        }
    }
    for list in &mut passages {
        list.sort_unstable_by_key(|(id, span)| (*span, *id));
    }
    passages
}

/// The spans where the consensus has decided on a theme in a document: every consensus record
/// coded with it, kept or deleted (a deleted one is a rejection; undoing a decision takes the
/// theme off its record, so it no longer counts).
pub(crate) fn decided_spans(project: &Project, document_id: &str, theme_id: ThemeId) -> Vec<Span> {
    let mut spans: Vec<Span> = project
        .all_annotations()
        .filter(|annotation| {
            annotation.coder == CONSENSUS_ID
                && annotation.document_id == document_id
                && annotation.anchoring == Anchoring::Placed
                && annotation.has_theme(theme_id)
        })
        .map(|annotation| annotation.span)
        .collect();
    spans.sort_unstable();
    union_of(&spans)
}

/// Where the compared `coders` differ on `theme_id` in the document `document_id`: each stretch
/// of adjacent code points that some of them covered with the theme and others did not, in text
/// order. A coder named twice counts once; a theme nobody used has none.
pub fn disagreements(
    project: &Project,
    document_id: &str,
    coders: &[CoderId],
    theme_id: ThemeId,
) -> Result<Vec<Disagreement>, AgreementError> {
    let document = project
        .document(document_id)
        .ok_or_else(|| AgreementError::UnknownDocument { document_id: document_id.to_owned() })?;
    let coders = each_once(coders);
    if coders.len() < 2 {
        return Err(AgreementError::TooFewCoders { count: coders.len() });
    }
    let length = document.text().chars().count();
    let passages = passages_by_coder(project, document_id, &coders, theme_id);
    let coverage: Vec<Vec<Span>> = passages
        .iter()
        .map(|list| union_of(&clamped_and_sorted(&list.iter().map(|(_, span)| *span).collect::<Vec<_>>(), length)))
        .collect();
    let differing = covered_segments(&coverage).into_iter().filter(|(_, covering)| *covering < coders.len());
    let decided = decided_spans(project, document_id, theme_id);
    Ok(joined(differing.map(|(span, _)| span))
        .into_iter()
        .map(|stretch| Disagreement {
            theme_id,
            span: stretch,
            versions: coders
                .iter()
                .zip(&passages)
                .map(|(coder, list)| Version {
                    coder: *coder,
                    passages: list.iter().filter(|(_, span)| span.overlaps(stretch)).copied().collect(),
                })
                .collect(),
            settled: crate::consensus::without(&[stretch], &decided).is_empty(),
        })
        .collect())
}
