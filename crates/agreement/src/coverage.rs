//! What each coder marked with one theme, as sorted intervals, and the counts over units that the
//! coding figures need, summed per elementary segment rather than per code point.
//!
//! A coder's coverage of a theme is a union of intervals, so between two consecutive boundaries of
//! all coders' intervals every unit has the same column of zeros and ones. Every count the figures
//! use (how many coders marked a unit, what each coder and each pair of coders marked) is a sum over
//! units, so it is the sum over segments of the segment's weight: its length for the figures over
//! all characters, and its count of non-whitespace characters (a prefix sum) for the figures over
//! non-whitespace characters. This gives exactly the per-unit sums in O(intervals log intervals).

use super::coding::CodingCounts;
use annotator_core::span::Span;

/// The spans, cut to `[0, length)`, empty ones dropped, sorted by start then end.
pub(super) fn clamped_and_sorted(spans: &[Span], length: usize) -> Vec<Span> {
    let bounds = Span::between(0, length);
    let mut kept: Vec<Span> = spans.iter().map(|span| span.clamp_to(bounds)).filter(|span| !span.is_empty()).collect();
    kept.sort_unstable();
    kept
}

/// The union of sorted spans as disjoint intervals that neither overlap nor touch: what a coder
/// covered, where a code point covered twice counts once.
pub(super) fn union_of(sorted: &[Span]) -> Vec<Span> {
    merged(sorted, |current, next| next.start() <= current.end())
}

/// Sorted spans with those sharing at least one code point merged into one, and those that only
/// touch kept apart: the units of Krippendorff's unitizing alpha, where two adjacent units are two
/// decisions of the coder, not one.
pub(super) fn units_of(sorted: &[Span]) -> Vec<Span> {
    merged(sorted, |current, next| next.start() < current.end())
}

fn merged(sorted: &[Span], joins: impl Fn(Span, Span) -> bool) -> Vec<Span> {
    let mut result: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match result.last_mut() {
            Some(current) if joins(*current, *span) => *current = current.cover(*span),
            _ => result.push(*span),
        }
    }
    result
}

/// Whether Python's `str.isspace` holds for the character. Rust's `char::is_whitespace` follows
/// Unicode's White_Space property; Python also counts the characters whose bidirectional class is
/// B or S, which adds exactly U+001C..U+001F (checked over every code point against CPython 3.11,
/// Unicode 14). The reference figures are computed in Python, so its definition is the one kept.
/// No crate offers Python's definition, and it is one range on top of the standard library's.
pub fn is_python_whitespace(character: char) -> bool {
    character.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&character)
}

/// The text as the figures see it: its length in code points and, for each offset, how many
/// non-whitespace characters come before it, so any interval's count is one subtraction.
pub(super) struct TextUnits {
    non_whitespace_before: Vec<usize>,
}

impl TextUnits {
    pub(super) fn new(text: &str) -> TextUnits {
        let mut non_whitespace_before = Vec::with_capacity(text.len() + 1);
        let mut count = 0;
        non_whitespace_before.push(count);
        for character in text.chars() {
            if !is_python_whitespace(character) {
                count += 1;
            }
            non_whitespace_before.push(count);
        }
        TextUnits { non_whitespace_before }
    }

    /// The text's length in code points.
    pub(super) fn length(&self) -> usize {
        self.non_whitespace_before.len() - 1
    }

    /// How many of the text's characters are not whitespace.
    pub(super) fn non_whitespace_length(&self) -> usize {
        self.non_whitespace_before[self.length()]
    }

    fn weights(&self, start: usize, end: usize) -> (u64, u64) {
        let non_whitespace = self.non_whitespace_before[end] - self.non_whitespace_before[start];
        ((end - start) as u64, non_whitespace as u64)
    }
}

/// The counts of one theme over all characters and over the non-whitespace ones.
pub(super) struct ThemeCounts {
    pub(super) all_characters: CodingCounts,
    pub(super) non_whitespace: CodingCounts,
}

/// Counts one theme, given each coder's coverage as disjoint, sorted intervals inside the text.
pub(super) fn count_theme(text: &TextUnits, coverage_by_coder: &[Vec<Span>]) -> ThemeCounts {
    let coder_count = coverage_by_coder.len();
    let (length, non_whitespace_length) = (text.length(), text.non_whitespace_length());
    let mut all_characters = CodingCounts::empty(coder_count, length as u64);
    let mut non_whitespace = CodingCounts::empty(coder_count, non_whitespace_length as u64);

    // How many coders cover each elementary segment: a sweep over the intervals' boundaries.
    // A coder's intervals never touch, so the count between two boundaries is that of its units.
    let mut boundaries: Vec<(usize, isize)> =
        coverage_by_coder.iter().flatten().flat_map(|interval| [(interval.start(), 1), (interval.end(), -1)]).collect();
    boundaries.sort_unstable();
    let mut covering: isize = 0;
    let mut previous = 0;
    for (position, change) in boundaries {
        if position > previous {
            let (all, non_white) = text.weights(previous, position);
            all_characters.by_coverers[covering as usize] += all;
            non_whitespace.by_coverers[covering as usize] += non_white;
            previous = position;
        }
        covering += change;
    }
    let (all, non_white) = text.weights(previous, length);
    all_characters.by_coverers[0] += all;
    non_whitespace.by_coverers[0] += non_white;

    for (coder, intervals) in coverage_by_coder.iter().enumerate() {
        for interval in intervals {
            let (all, non_white) = text.weights(interval.start(), interval.end());
            all_characters.by_coder[coder] += all;
            non_whitespace.by_coder[coder] += non_white;
        }
    }

    let mut pair = 0;
    for first in 0..coder_count {
        for second in first + 1..coder_count {
            for shared in intersections(&coverage_by_coder[first], &coverage_by_coder[second]) {
                let (all, non_white) = text.weights(shared.start(), shared.end());
                all_characters.by_pair[pair] += all;
                non_whitespace.by_pair[pair] += non_white;
            }
            pair += 1;
        }
    }
    ThemeCounts { all_characters, non_whitespace }
}

/// The non-empty intersections of two sorted lists of disjoint intervals, in one pass over both.
fn intersections(first: &[Span], second: &[Span]) -> Vec<Span> {
    let mut result = Vec::new();
    let (mut in_first, mut in_second) = (0, 0);
    while in_first < first.len() && in_second < second.len() {
        let (a, b) = (first[in_first], second[in_second]);
        if let Some(shared) = a.intersection(b) {
            result.push(shared);
        }
        if a.end() <= b.end() {
            in_first += 1;
        } else {
            in_second += 1;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(pairs: &[(usize, usize)]) -> Vec<Span> {
        pairs.iter().map(|(start, end)| Span::between(*start, *end)).collect()
    }

    fn pairs(spans: &[Span]) -> Vec<(usize, usize)> {
        spans.iter().map(|span| (span.start(), span.end())).collect()
    }

    #[test]
    fn coverage_joins_touching_spans_and_units_keep_them_apart() {
        let check = |given: &[(usize, usize)], length: usize, union: &[(usize, usize)], units: &[(usize, usize)]| {
            let sorted = clamped_and_sorted(&spans(given), length);
            assert_eq!(pairs(&union_of(&sorted)), union, "union of {given:?}");
            assert_eq!(pairs(&units_of(&sorted)), units, "units of {given:?}");
        };
        check(&[], 10, &[], &[]);
        check(&[(2, 5), (5, 8)], 10, &[(2, 8)], &[(2, 5), (5, 8)]);
        check(&[(2, 5), (4, 8)], 10, &[(2, 8)], &[(2, 8)]);
        check(&[(5, 8), (4, 6), (0, 5)], 10, &[(0, 8)], &[(0, 8)]);
        check(&[(1, 9), (3, 4), (3, 4)], 10, &[(1, 9)], &[(1, 9)]);
        check(&[(3, 3), (8, 14), (12, 20)], 10, &[(8, 10)], &[(8, 10)]);
        check(&[(0, 2), (2, 3), (3, 4), (6, 7)], 10, &[(0, 4), (6, 7)], &[(0, 2), (2, 3), (3, 4), (6, 7)]);
    }

    #[test]
    fn python_whitespace_is_rust_whitespace_and_the_four_separators() {
        let check = |character: char, expected: bool| {
            assert_eq!(is_python_whitespace(character), expected, "U+{:04X}", character as u32)
        };
        for character in [' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{A0}', '\u{2028}', '\u{3000}'] {
            check(character, true);
        }
        for character in ['\u{1C}', '\u{1D}', '\u{1E}', '\u{1F}'] {
            check(character, true);
        }
        for character in ['a', '\u{1B}', '\u{20}', '\u{200B}', '\u{FEFF}', '\u{180E}', '🎉', '\u{301}'] {
            check(character, character == ' ');
        }
    }

    #[test]
    fn segment_counts_match_the_units() {
        // Two coders over "ab cd": the first marked "ab " and the second "b c".
        let text = TextUnits::new("ab cd");
        let counts = count_theme(&text, &[spans(&[(0, 3)]), spans(&[(1, 4)])]);
        let check = |counts: &CodingCounts, units: u64, by_coverers: &[u64], by_coder: &[u64], by_pair: &[u64]| {
            assert_eq!(counts.units, units);
            assert_eq!(counts.by_coverers, by_coverers);
            assert_eq!(counts.by_coder, by_coder);
            assert_eq!(counts.by_pair, by_pair);
        };
        check(&counts.all_characters, 5, &[1, 2, 2], &[3, 3], &[2]);
        check(&counts.non_whitespace, 4, &[1, 2, 1], &[2, 2], &[1]);
    }

    /// The counts built per unit, from each coder's 0/1 row, as the definitions read.
    fn counts_per_unit(text: &str, spans_by_coder: &[Vec<Span>], keep: impl Fn(char) -> bool) -> CodingCounts {
        let characters: Vec<char> = text.chars().collect();
        let rows: Vec<Vec<bool>> = spans_by_coder
            .iter()
            .map(|spans| {
                (0..characters.len()).map(|unit| spans.iter().any(|s| s.start() <= unit && unit < s.end())).collect()
            })
            .collect();
        let kept: Vec<usize> = (0..characters.len()).filter(|unit| keep(characters[*unit])).collect();
        let mut counts = CodingCounts::empty(rows.len(), kept.len() as u64);
        for unit in kept {
            counts.by_coverers[rows.iter().filter(|row| row[unit]).count()] += 1;
            let mut pair = 0;
            for first in 0..rows.len() {
                counts.by_coder[first] += rows[first][unit] as u64;
                for second in first + 1..rows.len() {
                    counts.by_pair[pair] += (rows[first][unit] && rows[second][unit]) as u64;
                    pair += 1;
                }
            }
        }
        counts
    }

    proptest::proptest! {
        #[test]
        fn segment_counts_equal_the_per_unit_counts(
            characters in proptest::collection::vec(proptest::sample::select(vec!['a', 'é', ' ', '\n', '\u{1F}', '🎉']), 0..40),
            spans_by_coder in proptest::collection::vec(proptest::collection::vec((0usize..45, 0usize..12), 0..6), 2..5),
        ) {
            let text: String = characters.into_iter().collect();
            let spans_by_coder: Vec<Vec<Span>> = spans_by_coder
                .iter()
                .map(|spans| spans.iter().map(|(start, length)| Span::between(*start, start + length)).collect())
                .collect();
            let length = text.chars().count();
            let coverage: Vec<Vec<Span>> =
                spans_by_coder.iter().map(|spans| union_of(&clamped_and_sorted(spans, length))).collect();
            let counts = count_theme(&TextUnits::new(&text), &coverage);
            proptest::prop_assert_eq!(counts.all_characters, counts_per_unit(&text, &spans_by_coder, |_| true));
            let non_whitespace = counts_per_unit(&text, &spans_by_coder, |character| !is_python_whitespace(character));
            proptest::prop_assert_eq!(counts.non_whitespace, non_whitespace);
        }
    }
}
