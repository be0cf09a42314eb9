//! Cutting a range of text into segments, each covered by one set of annotations: what a block
//! renders, one element per segment, nested marks for overlaps.

use crate::ids::AnnotationId;
use crate::span::Span;

/// A piece of text covered by the same annotations throughout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Where the piece lies.
    pub span: Span,
    /// The annotations covering it, outermost first (earlier start first, then the longer, then by id).
    pub annotation_ids: Vec<AnnotationId>,
}

/// Cuts `range` into segments that tile it exactly, given the spans of the annotations in view.
/// Uncovered pieces are segments with no annotations; empty pieces are left out.
pub fn segment(range: Span, covers: &[(Span, AnnotationId)]) -> Vec<Segment> {
    let mut inside: Vec<(Span, AnnotationId)> =
        covers.iter().filter_map(|(span, id)| span.intersection(range).map(|_| (*span, *id))).collect();
    inside.sort_by_key(|(span, id)| (span.start(), std::cmp::Reverse(span.end()), *id));

    let mut boundaries = vec![range.start(), range.end()];
    for (span, _) in &inside {
        boundaries.push(span.start().clamp(range.start(), range.end()));
        boundaries.push(span.end().clamp(range.start(), range.end()));
    }
    boundaries.sort_unstable();
    boundaries.dedup();

    boundaries
        .windows(2)
        .map(|pair| {
            let piece = Span::between(pair[0], pair[1]);
            let annotation_ids = inside.iter().filter(|(span, _)| span.contains(piece)).map(|(_, id)| *id).collect();
            Segment { span: piece, annotation_ids }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn id(n: u128) -> AnnotationId {
        AnnotationId(Uuid::from_u128(n))
    }

    /// Covers as (start, end, id); expected segments as (start, end, ids).
    fn check(range: (usize, usize), covers: &[(usize, usize, u128)], expected: &[(usize, usize, &[u128])]) {
        let covers: Vec<(Span, AnnotationId)> =
            covers.iter().map(|(start, end, n)| (Span::new(*start, *end).unwrap(), id(*n))).collect();
        let got: Vec<(usize, usize, Vec<u128>)> = segment(Span::new(range.0, range.1).unwrap(), &covers)
            .into_iter()
            .map(|segment| {
                (
                    segment.span.start(),
                    segment.span.end(),
                    segment.annotation_ids.iter().map(|id| id.0.as_u128()).collect(),
                )
            })
            .collect();
        let expected: Vec<(usize, usize, Vec<u128>)> =
            expected.iter().map(|(start, end, ids)| (*start, *end, ids.to_vec())).collect();
        assert_eq!(got, expected, "range {range:?} covers {covers:?}");
    }

    #[test]
    fn segments_tile_the_range() {
        check((0, 10), &[], &[(0, 10, &[])]);
        check((0, 10), &[(2, 5, 1)], &[(0, 2, &[]), (2, 5, &[1]), (5, 10, &[])]);
        check((0, 10), &[(0, 10, 1)], &[(0, 10, &[1])]);
        // Overlaps: the earlier start is outer.
        check(
            (0, 10),
            &[(4, 8, 2), (2, 6, 1)],
            &[(0, 2, &[]), (2, 4, &[1]), (4, 6, &[1, 2]), (6, 8, &[2]), (8, 10, &[])],
        );
        // Same start: the longer is outer; same span: ordered by id.
        check((0, 10), &[(2, 4, 2), (2, 8, 1)], &[(0, 2, &[]), (2, 4, &[1, 2]), (4, 8, &[1]), (8, 10, &[])]);
        check((0, 4), &[(0, 4, 9), (0, 4, 3)], &[(0, 4, &[3, 9])]);
        // Annotations reaching beyond the range are cut at its edges; those outside are ignored.
        check(
            (10, 20),
            &[(5, 12, 1), (18, 30, 2), (0, 10, 3), (20, 25, 4)],
            &[(10, 12, &[1]), (12, 18, &[]), (18, 20, &[2])],
        );
        check((5, 5), &[(0, 10, 1)], &[]);
    }
}
