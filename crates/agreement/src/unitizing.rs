//! Krippendorff's unitizing alpha (alpha_U; Krippendorff 1995, 2004) as DKPro Agreement computes it
//! (`org.dkpro.statistics.agreement.unitizing.KrippendorffAlphaUnitizingAgreement`, dkpro-statistics
//! 2.3.x).
//!
//! Each coder's units of one category, with the gaps between them, tile the continuum. DKPro's
//! `calculateObservedCategoryDisagreement` walks every pair of coders' tilings and sums
//! `measureDistance` over each pair of pieces that share a position:
//! - two units: `(begin difference)^2 + (end difference)^2`;
//! - a unit lying wholly inside the other coder's gap: its length squared;
//! - anything else (gap and gap, a unit only partly in a gap): 0;
//!
//! then `D_O = 2 sum / (R (R - 1) L^2)` for R coders and a continuum of length L.
//! `calculateExpectedCategoryDisagreement` takes the N units of the category over all coders, with
//! lengths l, and every coder's gaps g:
//! `D_E = (2 / L) sum_units [ (N - 1) (2l^3 - 3l^2 + l) / 3 + l^2 sum_{g >= l} (g - l + 1) ]
//!        / (R L (R L - 1) - sum_units l (l - 1))`,
//! and `calculateCategoryAgreement` is `1 - D_O / D_E`. The figure over all categories
//! (`calculateAgreement`) is `1 - mean(D_O) / mean(D_E)`, the means over the categories the study
//! holds units of.
//!
//! Where this differs from DKPro, on purpose: a category whose expected disagreement is zero (no
//! coder has a unit of it, or a one-position continuum everyone fills) is undefined here (`None`);
//! DKPro's category figure returns 0.0 when `D_O == D_E`, and its overall figure 1.0 when both are
//! zero. Units are merged per coder when they share a position (DKPro requires that they do not
//! overlap) and empty units are dropped (they carry no weight; DKPro walks them oddly).
//!
//! Why no library: DKPro is Java, and no Rust crate implements alpha_U. The sums are exact: the
//! observed one is an integer, and `2l^3 - 3l^2 + l = l (l - 1) (2l - 1)` is a multiple of 6, so the
//! expected numerator is an integer too; DKPro uses `BigDecimal` for the same reason.

use super::coding::mean;
use super::coverage::{clamped_and_sorted, units_of};
use super::AgreementError;
use annotator_core::span::Span;

/// Alpha_U of one category.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CategoryUnitizing {
    /// Whether some coder has a unit of this category (DKPro counts only such categories).
    pub is_active: bool,
    /// The observed disagreement D_O (`None` for an empty continuum).
    pub observed_disagreement: Option<f64>,
    /// The expected disagreement D_E (`None` for an empty continuum).
    pub expected_disagreement: Option<f64>,
    /// `1 - D_O / D_E`, or `None` when D_E is zero or undefined.
    pub alpha: Option<f64>,
}

/// Alpha_U of a unitizing study: per category and over the active ones.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitizingAlpha {
    /// One entry per category, in the order given.
    pub categories: Vec<CategoryUnitizing>,
    /// DKPro's overall figure: `1 - mean(D_O) / mean(D_E)` over the active categories.
    pub alpha: Option<f64>,
    /// The plain mean of the active categories' alpha_U (undefined ones skipped).
    pub alpha_macro_mean: Option<f64>,
}

/// Krippendorff's alpha_U over `continuum` for `units_by_category[category][coder]`, each coder's
/// units of each category as spans of the continuum's positions. Spans are cut to the continuum,
/// empty ones dropped, and a coder's spans of one category that share a position become one unit
/// (spans that only touch stay two units). Each category gives the units of `coder_count` coders,
/// at least two.
pub fn krippendorff_unitizing_alpha(
    continuum: Span,
    coder_count: usize,
    units_by_category: &[Vec<Vec<Span>>],
) -> Result<UnitizingAlpha, AgreementError> {
    super::check_coder_count(coder_count, units_by_category)?;
    let categories: Vec<CategoryUnitizing> = units_by_category
        .iter()
        .map(|coders| {
            let units: Vec<Vec<Span>> = coders.iter().map(|spans| units_within(continuum, spans)).collect();
            category_unitizing(continuum, &units)
        })
        .collect();
    Ok(overall(categories))
}

/// A coder's units of one category inside `continuum`, shifted to start at 0.
fn units_within(continuum: Span, spans: &[Span]) -> Vec<Span> {
    let shifted: Vec<Span> = spans
        .iter()
        .map(|span| span.clamp_to(continuum))
        .map(|span| Span::between(span.start() - continuum.start(), span.end() - continuum.start()))
        .collect();
    units_of(&clamped_and_sorted(&shifted, continuum.len()))
}

/// The overall figures of the categories.
pub(super) fn overall(categories: Vec<CategoryUnitizing>) -> UnitizingAlpha {
    let active: Vec<&CategoryUnitizing> = categories.iter().filter(|category| category.is_active).collect();
    let observed = mean(active.iter().filter_map(|category| category.observed_disagreement));
    let expected = mean(active.iter().filter_map(|category| category.expected_disagreement));
    let alpha = match (observed, expected) {
        (Some(observed), Some(expected)) if expected > 0.0 => Some(1.0 - observed / expected),
        _ => None,
    };
    let alpha_macro_mean = mean(active.iter().filter_map(|category| category.alpha));
    UnitizingAlpha { categories, alpha, alpha_macro_mean }
}

/// Alpha_U of one category over the continuum `[0, length)` of `units_by_coder` (each coder's
/// units sorted, non-empty, sharing no position, inside the continuum).
pub(super) fn category_unitizing_over(length: usize, units_by_coder: &[Vec<Span>]) -> CategoryUnitizing {
    category_unitizing(Span::between(0, length), units_by_coder)
}

fn category_unitizing(continuum: Span, units_by_coder: &[Vec<Span>]) -> CategoryUnitizing {
    let is_active = units_by_coder.iter().any(|units| !units.is_empty());
    let length = continuum.len() as u128;
    if length == 0 {
        return CategoryUnitizing { is_active, observed_disagreement: None, expected_disagreement: None, alpha: None };
    }
    let tilings: Vec<Vec<Piece>> = units_by_coder.iter().map(|units| tiling(continuum.len(), units)).collect();
    let observed = observed_disagreement(&tilings, length);
    let expected = expected_disagreement(&tilings, length);
    let alpha = (expected > 0.0).then(|| 1.0 - observed / expected);
    CategoryUnitizing { is_active, observed_disagreement: Some(observed), expected_disagreement: Some(expected), alpha }
}

/// A piece of a coder's tiling of the continuum: one of their units, or a gap between them.
#[derive(Clone, Copy, Debug)]
struct Piece {
    start: u128,
    end: u128,
    is_unit: bool,
}

impl Piece {
    fn length(self) -> u128 {
        self.end - self.start
    }
}

/// The coder's units and the gaps between them, in order, tiling `[0, length)`. Units that touch
/// leave no gap between them.
fn tiling(length: usize, units: &[Span]) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(2 * units.len() + 1);
    let mut position = 0;
    for unit in units {
        if unit.start() > position {
            pieces.push(Piece { start: position as u128, end: unit.start() as u128, is_unit: false });
        }
        pieces.push(Piece { start: unit.start() as u128, end: unit.end() as u128, is_unit: true });
        position = unit.end();
    }
    if length > position {
        pieces.push(Piece { start: position as u128, end: length as u128, is_unit: false });
    }
    pieces
}

/// DKPro's `calculateObservedCategoryDisagreement`: the distances of every two coders' pieces that
/// share a position, `2 sum / (R (R - 1) L^2)`. DKPro's walk stops once both coders' last units
/// are reached; the pairs it leaves are gaps against gaps or units against later gaps, which
/// measure 0, so walking to the end gives the same sum.
fn observed_disagreement(tilings: &[Vec<Piece>], length: u128) -> f64 {
    let mut sum: u128 = 0;
    for (index, first) in tilings.iter().enumerate() {
        for second in &tilings[index + 1..] {
            let (mut in_first, mut in_second) = (0, 0);
            while in_first < first.len() && in_second < second.len() {
                let (a, b) = (first[in_first], second[in_second]);
                sum += distance(a, b);
                if a.end <= b.end {
                    in_first += 1;
                }
                if b.end <= a.end {
                    in_second += 1;
                }
            }
        }
    }
    let coders = tilings.len() as u128;
    (2 * sum) as f64 / (coders * (coders - 1) * length * length) as f64
}

/// DKPro's `measureDistance` for two pieces that share a position.
fn distance(a: Piece, b: Piece) -> u128 {
    match (a.is_unit, b.is_unit) {
        (true, true) => a.start.abs_diff(b.start).pow(2) + a.end.abs_diff(b.end).pow(2),
        (true, false) if b.start <= a.start && a.end <= b.end => a.length().pow(2),
        (false, true) if a.start <= b.start && b.end <= a.end => b.length().pow(2),
        _ => 0,
    }
}

/// DKPro's `calculateExpectedCategoryDisagreement`. The sum over gaps at least as long as a unit is
/// taken from sorted gaps and their suffix sums: `sum_{g >= l} (g - l + 1) = G - k (l - 1)` for the
/// k such gaps of total length G.
fn expected_disagreement(tilings: &[Vec<Piece>], length: u128) -> f64 {
    let units: Vec<u128> = tilings.iter().flatten().filter(|piece| piece.is_unit).map(|piece| piece.length()).collect();
    let mut gaps: Vec<u128> =
        tilings.iter().flatten().filter(|piece| !piece.is_unit).map(|piece| piece.length()).collect();
    gaps.sort_unstable();
    let mut longer_gaps_total = vec![0u128; gaps.len() + 1];
    for index in (0..gaps.len()).rev() {
        longer_gaps_total[index] = longer_gaps_total[index + 1] + gaps[index];
    }

    let unit_count = units.len() as u128;
    let mut sum: u128 = 0;
    let mut squared_lengths: u128 = 0;
    for &unit in &units {
        squared_lengths += unit * (unit - 1);
        let within_units = unit_count.saturating_sub(1) * (unit * (unit - 1) * (2 * unit - 1) / 3);
        let first_long_enough = gaps.partition_point(|gap| *gap < unit);
        let long_enough = (gaps.len() - first_long_enough) as u128;
        let placements = longer_gaps_total[first_long_enough] - long_enough * (unit - 1);
        sum += within_units + unit * unit * placements;
    }
    let coders = tilings.len() as u128;
    let all_positions = coders * length;
    let denominator = length * (all_positions * (all_positions - 1) - squared_lengths);
    (2 * sum) as f64 / denominator as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, length: usize) -> Span {
        Span::between(start, start + length)
    }

    /// Units as DKPro's tests add them: (offset, length, rater, category index).
    fn study(categories: usize, coders: usize, units: &[(usize, usize, usize, usize)]) -> Vec<Vec<Vec<Span>>> {
        let mut result = vec![vec![Vec::new(); coders]; categories];
        for (offset, length, coder, category) in units {
            result[*category][*coder].push(span(*offset, *length));
        }
        result
    }

    fn assert_close(actual: Option<f64>, expected: f64, tolerance: f64, what: &str) {
        let actual = actual.unwrap_or_else(|| panic!("{what} is undefined, expected {expected}"));
        assert!((actual - expected).abs() <= tolerance, "{what}: {actual}, expected {expected} ± {tolerance}");
    }

    /// Krippendorff (2004: p. 254), as DKPro's `Krippendorff2004Test.createExample` encodes it: a
    /// continuum of 300 positions starting at 150, two coders, categories c and k; DKPro expects
    /// D_O(c) 0.0144, D_E(c) 0.0532, alpha_U(c) 0.7286, D_O(k) 0, D_E(k) 0.0490, alpha_U(k) 1 (each to
    /// 0.0001) and 0.8591 overall (to 0.0005).
    #[test]
    fn krippendorff_2004_worked_example() {
        let units = study(
            2,
            2,
            &[
                (225, 70, 0, 0),
                (370, 30, 0, 0),
                (220, 80, 1, 0),
                (355, 20, 1, 0),
                (400, 20, 1, 0),
                (180, 60, 0, 1),
                (300, 50, 0, 1),
                (180, 60, 1, 1),
                (300, 50, 1, 1),
            ],
        );
        let result = krippendorff_unitizing_alpha(span(150, 300), 2, &units).unwrap();
        let [c, k] = [result.categories[0], result.categories[1]];
        assert_close(c.observed_disagreement, 0.0144, 0.0001, "D_O(c)");
        assert_close(c.expected_disagreement, 0.0532, 0.0001, "D_E(c)");
        assert_close(c.alpha, 0.7286, 0.0001, "alpha_U(c)");
        assert_close(k.observed_disagreement, 0.0, 0.0001, "D_O(k)");
        assert_close(k.expected_disagreement, 0.0490, 0.0001, "D_E(k)");
        assert_close(k.alpha, 1.0, 0.0001, "alpha_U(k)");
        assert_close(result.alpha, 0.8591, 0.0005, "alpha_U");
        assert_close(result.alpha_macro_mean, (c.alpha.unwrap() + 1.0) / 2.0, 1e-15, "mean of alpha_U");
        // By hand: c's overlapping units measure 5^2 + 5^2 and 15^2 + 25^2, and coder 1's unit at
        // 400-420 lies inside coder 0's last gap (20^2); every other pair of pieces measures 0.
        let observed_sum_c = (5 * 5 + 5 * 5) + (15 * 15 + 25 * 25) + 20 * 20;
        assert_close(c.observed_disagreement, 2.0 * observed_sum_c as f64 / (2.0 * 300.0 * 300.0), 1e-15, "D_O(c)");
    }

    /// Krippendorff (1995: p. 57), as DKPro's `Krippendorff1995Test.createExample(1)` encodes it: 24
    /// positions, two coders, four categories; DKPro checks the observed disagreements to 0.00001.
    /// Category B has touching units (Jill's 0-2, 2-3, 3-4, ...), which must stay separate units.
    #[test]
    fn krippendorff_1995_observed_disagreements() {
        let result = krippendorff_unitizing_alpha(span(0, 24), 2, &krippendorff_1995(1)).unwrap();
        for (category, expected) in [0.03125, 2.26736, 0.02777, 0.38715].into_iter().enumerate() {
            assert_close(
                result.categories[category].observed_disagreement,
                expected,
                0.00001,
                &format!("D_O({category})"),
            );
        }
    }

    /// DKPro's `testVaryingLengths` and `testAgreement` stretch the 1995 example; at half size D_E(C)
    /// is 0.05494 (to 0.00001), and at 50,000 times D_E and alpha_U approach Krippendorff's figures.
    #[test]
    fn krippendorff_1995_stretched() {
        let half = krippendorff_unitizing_alpha(span(0, 12), 2, &krippendorff_1995_scaled(0.5)).unwrap();
        assert_close(half.categories[2].observed_disagreement, 0.02777, 0.00001, "D_O(C) at half size");
        assert_close(half.categories[2].expected_disagreement, 0.05494, 0.00001, "D_E(C) at half size");
        assert_close(half.categories[2].alpha, 0.494, 0.02, "alpha_U(C) at half size");

        let stretch = 1_200_000 / 24;
        let large = krippendorff_unitizing_alpha(span(0, 1_200_000), 2, &krippendorff_1995(stretch)).unwrap();
        let expected = [(0.06990, 0.553), (1.17731, -0.926), (0.08642, 0.679), (0.41445, 0.066)];
        for (category, (expected_disagreement, alpha)) in expected.into_iter().enumerate() {
            let figures = large.categories[category];
            assert_close(figures.expected_disagreement, expected_disagreement, 0.005, &format!("D_E({category})"));
            assert_close(figures.alpha, alpha, 0.02, &format!("alpha_U({category})"));
        }
    }

    fn krippendorff_1995(stretch: usize) -> Vec<Vec<Vec<Span>>> {
        krippendorff_1995_scaled(stretch as f64)
    }

    /// The units of the 1995 example (offset, length, coder, category A..D), each number scaled and
    /// truncated as DKPro's `(int) (x * stretch)` does.
    fn krippendorff_1995_scaled(stretch: f64) -> Vec<Vec<Vec<Span>>> {
        let units: &[(usize, usize, usize, usize)] = &[
            (2, 8, 0, 0),
            (14, 6, 0, 0),
            (4, 4, 1, 0),
            (15, 2, 1, 0),
            (0, 18, 0, 1),
            (0, 2, 1, 1),
            (2, 1, 1, 1),
            (3, 1, 1, 1),
            (4, 1, 1, 1),
            (5, 1, 1, 1),
            (6, 3, 1, 1),
            (9, 1, 1, 1),
            (2, 6, 0, 2),
            (10, 2, 0, 2),
            (14, 4, 0, 2),
            (20, 2, 0, 2),
            (0, 2, 1, 2),
            (4, 4, 1, 2),
            (10, 4, 1, 2),
            (16, 2, 1, 2),
            (20, 2, 1, 2),
            (0, 2, 0, 3),
            (2, 8, 0, 3),
            (10, 4, 0, 3),
            (14, 6, 0, 3),
            (20, 4, 0, 3),
            (0, 4, 1, 3),
            (4, 4, 1, 3),
            (8, 7, 1, 3),
            (15, 2, 1, 3),
            (17, 7, 1, 3),
        ];
        let scale = |value: usize| (value as f64 * stretch) as usize;
        let scaled: Vec<(usize, usize, usize, usize)> = units
            .iter()
            .map(|(offset, length, coder, category)| (scale(*offset), scale(*length), *coder, *category))
            .collect();
        study(4, 2, &scaled)
    }

    #[test]
    fn full_cover_by_everyone_is_perfect_and_an_unused_category_undefined() {
        let everything = vec![vec![span(0, 10)], vec![span(0, 10)], vec![span(0, 10)]];
        let nothing = vec![Vec::new(), Vec::new(), Vec::new()];
        let result = krippendorff_unitizing_alpha(span(0, 10), 3, &[everything, nothing]).unwrap();
        assert_eq!(result.categories[0].alpha, Some(1.0));
        assert!(result.categories[0].expected_disagreement.is_some_and(|expected| expected > 0.0));
        assert!(!result.categories[1].is_active);
        assert_eq!(result.categories[1].alpha, None);
        assert_eq!(result.alpha, Some(1.0), "the unused category is not among the active ones");
        assert_eq!(result.alpha_macro_mean, Some(1.0));
    }

    #[test]
    fn overlapping_spans_of_a_coder_are_one_unit_and_touching_ones_two() {
        let check = |first: Vec<Span>, second: Vec<Span>, same: bool| {
            let a = krippendorff_unitizing_alpha(span(0, 20), 2, &[vec![first.clone(), vec![span(2, 8)]]]).unwrap();
            let b = krippendorff_unitizing_alpha(span(0, 20), 2, &[vec![second.clone(), vec![span(2, 8)]]]).unwrap();
            assert_eq!(a == b, same, "{first:?} against {second:?}");
        };
        check(vec![span(2, 3), span(4, 4)], vec![span(2, 6)], true);
        check(vec![span(2, 3), span(5, 3)], vec![span(2, 6)], false);
        check(vec![span(2, 6), span(2, 6)], vec![span(2, 6)], true);
        check(vec![span(15, 30)], vec![span(15, 5)], true);
    }

    #[test]
    fn edge_cases() {
        assert_eq!(
            krippendorff_unitizing_alpha(span(0, 10), 1, &[vec![vec![span(1, 2)]]]),
            Err(AgreementError::TooFewCoders { count: 1 })
        );
        let empty = krippendorff_unitizing_alpha(span(5, 0), 2, &[vec![vec![span(5, 0)], vec![]]]).unwrap();
        assert_eq!(empty.categories[0].alpha, None);
        assert_eq!(empty.alpha, None);
        // A coder with no units against one with a unit: everything the second marked disagrees.
        let one_sided = krippendorff_unitizing_alpha(span(0, 10), 2, &[vec![vec![span(2, 3)], vec![]]]).unwrap();
        assert!(one_sided.categories[0].alpha.is_some_and(|alpha| alpha < 0.0));
    }
}
