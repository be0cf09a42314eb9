//! The one range type of the model.

use thiserror::Error;

/// A half-open range `[start, end)` of a document's plain text, counted in Unicode scalar values
/// (code points), never in bytes or UTF-16 code units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    start: usize,
    end: usize,
}

/// Why a span could not be made.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SpanError {
    /// The start lies after the end.
    #[error("a span cannot start ({start}) after it ends ({end})")]
    Reversed {
        /// The start that was asked for.
        start: usize,
        /// The end that was asked for.
        end: usize,
    },
}

impl Span {
    /// Makes the span `[start, end)`; fails when `start > end`.
    pub fn new(start: usize, end: usize) -> Result<Span, SpanError> {
        if start > end {
            return Err(SpanError::Reversed { start, end });
        }
        Ok(Span { start, end })
    }

    /// Makes the span between two offsets given in either order.
    pub fn between(first: usize, second: usize) -> Span {
        Span { start: first.min(second), end: first.max(second) }
    }

    /// The first code point inside the span.
    pub fn start(self) -> usize {
        self.start
    }

    /// The first code point after the span.
    pub fn end(self) -> usize {
        self.end
    }

    /// How many code points the span covers.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The part both spans cover, if they share at least one code point.
    pub fn intersection(self, other: Span) -> Option<Span> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Span { start, end })
    }

    /// Whether the spans share at least one code point.
    pub fn overlaps(self, other: Span) -> bool {
        self.intersection(other).is_some()
    }

    /// Whether `other` lies wholly inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// This span cut to lie inside `bounds` (empty at the nearer edge when it lies outside).
    pub fn clamp_to(self, bounds: Span) -> Span {
        let start = self.start.clamp(bounds.start, bounds.end);
        let end = self.end.clamp(start, bounds.end);
        Span { start, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span::new(start, end).unwrap()
    }

    #[test]
    fn new_refuses_reversed_ranges() {
        let check = |start, end, expected: Result<(usize, usize), SpanError>| {
            let made = Span::new(start, end).map(|span| (span.start(), span.end()));
            assert_eq!(made, expected, "Span::new({start}, {end})");
        };
        check(0, 0, Ok((0, 0)));
        check(3, 9, Ok((3, 9)));
        check(9, 3, Err(SpanError::Reversed { start: 9, end: 3 }));
        check(1, 0, Err(SpanError::Reversed { start: 1, end: 0 }));
    }

    #[test]
    fn intersection_and_overlap() {
        let check = |a: Span, b: Span, expected: Option<Span>| {
            assert_eq!(a.intersection(b), expected, "{a:?} ∩ {b:?}");
            assert_eq!(b.intersection(a), expected, "{b:?} ∩ {a:?}");
            assert_eq!(a.overlaps(b), expected.is_some());
        };
        check(span(0, 5), span(3, 8), Some(span(3, 5)));
        check(span(0, 5), span(5, 8), None);
        check(span(2, 4), span(0, 10), Some(span(2, 4)));
        check(span(2, 2), span(0, 10), None);
    }

    #[test]
    fn between_cover_clamp_contains() {
        assert_eq!(Span::between(9, 4), span(4, 9));
        assert_eq!(span(2, 4).cover(span(7, 9)), span(2, 9));
        assert_eq!(span(2, 12).clamp_to(span(5, 10)), span(5, 10));
        assert_eq!(span(12, 14).clamp_to(span(5, 10)), span(10, 10));
        assert!(span(0, 10).contains(span(3, 10)));
        assert!(!span(0, 10).contains(span(3, 11)));
        assert_eq!(span(3, 10).len(), 7);
        assert!(span(3, 3).is_empty());
    }
}
