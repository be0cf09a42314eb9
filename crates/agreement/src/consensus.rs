//! Adjudication: the consensus layer that a team builds from its disagreements, as commands of
//! the consensus coder ([`CONSENSUS_ID`]), so that they undo, merge and export like any coder's.
//!
//! A decision on a stretch is a set of consensus records coded with the theme that cover it: kept
//! where a version is accepted, deleted at once (tombstones, rejections) over the rest of it. A
//! stretch wholly covered by decisions counts as settled, and "k of n" leaves decided parts as
//! they are.

use crate::coverage::{clamped_and_sorted, union_of};
use crate::disagreement::{covered_segments, decided_spans, joined, passages_by_coder, Disagreement};
use crate::{each_once, AgreementError};
use annotator_core::coder::{CONSENSUS_COLOUR, CONSENSUS_ID, CONSENSUS_NAME};
use annotator_core::command::{Command, Operation};
use annotator_core::ids::{AnnotationId, CoderId, Stamp, ThemeId, Timestamp};
use annotator_core::project::Project;
use annotator_core::span::Span;

/// What the team decides on one disagreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Keep these coders' passages there (one coder's version, or several joined).
    Accept(Vec<CoderId>),
    /// The theme does not apply there.
    Reject,
    /// Every version joined, as a passage to adjust by hand: the whole stretch counts as
    /// decided wherever the passage is moved.
    Edit,
}

/// The operations that settle `disagreement` by `verdict`, as consensus records with ids from
/// `new_id`, the kept passages first: the accepted coders' passages there, joined where they
/// overlap or touch, and a rejection over each part of the stretch they leave out (all of it when
/// nothing is accepted, or when the passages are to be adjusted).
pub fn settle(
    disagreement: &Disagreement,
    verdict: &Verdict,
    new_id: &mut impl FnMut() -> AnnotationId,
) -> Vec<Operation> {
    let accepted_of = |accepted: &dyn Fn(CoderId) -> bool| {
        let mut spans: Vec<Span> = disagreement
            .versions
            .iter()
            .filter(|version| accepted(version.coder))
            .flat_map(|version| version.passages.iter().map(|(_, span)| *span))
            .collect();
        spans.sort_unstable();
        union_of(&spans)
    };
    let accepted: Vec<Span> = match verdict {
        Verdict::Accept(coders) => accepted_of(&|coder| coders.contains(&coder)),
        Verdict::Edit => accepted_of(&|_| true),
        Verdict::Reject => Vec::new(),
    };
    // What is rejected: the stretch less what is kept, or, for a passage to be adjusted, all of it.
    let rejected = match verdict {
        Verdict::Edit => vec![disagreement.span],
        _ => without(&[disagreement.span], &accepted),
    };
    let theme_ids = vec![disagreement.theme_id];
    let mut operations: Vec<Operation> = accepted
        .iter()
        .map(|span| Operation::CreateAnnotation { id: new_id(), span: *span, theme_ids: theme_ids.clone() })
        .collect();
    for rejected in rejected {
        let id = new_id();
        operations.push(Operation::CreateAnnotation { id, span: rejected, theme_ids: theme_ids.clone() });
        operations.push(Operation::DeleteAnnotation { annotation_id: id });
    }
    operations
}

/// For each theme, the stretches where at least `k` of the compared `coders` applied it, less
/// what the consensus has already decided (kept or rejected): what "accept wherever k of n
/// agree" adds. The consensus itself is not one of the n.
pub fn agreed_by_at_least(
    project: &Project,
    document_id: &str,
    coders: &[CoderId],
    themes: &[ThemeId],
    k: usize,
) -> Result<Vec<(ThemeId, Span)>, AgreementError> {
    let document = project
        .document(document_id)
        .ok_or_else(|| AgreementError::UnknownDocument { document_id: document_id.to_owned() })?;
    let coders: Vec<CoderId> = each_once(coders).into_iter().filter(|coder| *coder != CONSENSUS_ID).collect();
    if coders.len() < 2 {
        return Err(AgreementError::TooFewCoders { count: coders.len() });
    }
    let length = document.text().chars().count();
    let k = k.clamp(1, coders.len());
    let mut agreed = Vec::new();
    for theme_id in each_once(themes) {
        let coverage: Vec<Vec<Span>> = passages_by_coder(project, document_id, &coders, theme_id)
            .iter()
            .map(|list| union_of(&clamped_and_sorted(&list.iter().map(|(_, span)| *span).collect::<Vec<_>>(), length)))
            .collect();
        let reached = joined(
            covered_segments(&coverage).into_iter().filter(|(_, covering)| *covering >= k).map(|(span, _)| span),
        );
        let decided = decided_spans(project, document_id, theme_id);
        agreed.extend(without(&reached, &decided).into_iter().map(|span| (theme_id, span)));
    }
    Ok(agreed)
}

/// The operations that accept, as consensus records with ids from `new_id`, every stretch of
/// [`agreed_by_at_least`].
pub fn settle_where_agreed(agreed: &[(ThemeId, Span)], new_id: &mut impl FnMut() -> AnnotationId) -> Vec<Operation> {
    agreed
        .iter()
        .map(|(theme_id, span)| Operation::CreateAnnotation { id: new_id(), span: *span, theme_ids: vec![*theme_id] })
        .collect()
}

/// The command that applies consensus `operations` on the document at time `at`: stamped by
/// the consensus coder (its records are the consensus's, whoever adjudicates), and putting that
/// coder in the project first if it is not there yet.
pub fn consensus_command(project: &Project, document_id: &str, at: Timestamp, operations: Vec<Operation>) -> Command {
    let mut operations = operations;
    if project.coder(CONSENSUS_ID).is_none() {
        operations
            .insert(0, Operation::SetCoder { name: CONSENSUS_NAME.to_owned(), colour: CONSENSUS_COLOUR.to_owned() });
    }
    Command {
        document_id: document_id.to_owned(),
        stamp: Stamp::new(at, CONSENSUS_ID),
        operation: Operation::Batch(operations),
    }
}

/// `spans` less `taken` (both sorted, disjoint): the parts of each span that no taken span covers.
pub(crate) fn without(spans: &[Span], taken: &[Span]) -> Vec<Span> {
    let mut result = Vec::new();
    for span in spans {
        let mut start = span.start();
        for cut in taken.iter().filter(|cut| cut.overlaps(*span)) {
            if cut.start() > start {
                result.push(Span::between(start, cut.start()));
            }
            start = start.max(cut.end());
        }
        if start < span.end() {
            result.push(Span::between(start, span.end()));
        }
    }
    result
}
