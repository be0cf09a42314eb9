//! The coding figures (Krippendorff's nominal alpha, Fleiss' kappa, Cohen's kappa per pair and
//! percent agreement) of binary unit-by-coder data, from the counts that determine them.
//!
//! Each figure is written as one fraction of integers computed exactly (in `i128`) and divided
//! once, so the result is the rational value of the per-unit definition to within an ulp or two,
//! however many units are summed, and undefined exactly when the expected disagreement is zero.
//!
//! Why no library: a crate for these figures would take a unit-by-coder matrix (none that computes
//! them from counts is known to us), which is what the segment counts exist to avoid building (a
//! 100 KB text has 100,000 units per theme); with binary data each figure reduces to a few counts,
//! written out below with the Python reference implementation each one reproduces.

use super::{CoderPairs, Figures};

/// The counts over the units of one theme (or of several themes stacked) for `coder_count` coders
/// who each give every unit 0 or 1. Counts are unit weights: code points, or non-whitespace ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CodingCounts {
    /// How many units.
    pub(super) units: u64,
    /// For each k from 0 to the number of coders: how many units exactly k coders marked 1.
    pub(super) by_coverers: Vec<u64>,
    /// For each coder, how many units they marked 1.
    pub(super) by_coder: Vec<u64>,
    /// For each pair of coders (first < second, in the order of [`CoderPairs`]), how many units
    /// both marked 1.
    pub(super) by_pair: Vec<u64>,
}

impl CodingCounts {
    /// Counts for `coder_count` coders with every unit yet to be counted.
    pub(super) fn empty(coder_count: usize, units: u64) -> CodingCounts {
        CodingCounts {
            units,
            by_coverers: vec![0; coder_count + 1],
            by_coder: vec![0; coder_count],
            by_pair: vec![0; coder_count * coder_count.saturating_sub(1) / 2],
        }
    }

    /// Adds another theme's counts for the same coders: its units stacked after these.
    pub(super) fn add(&mut self, other: &CodingCounts) {
        self.units += other.units;
        let sums = [
            (&mut self.by_coverers, &other.by_coverers),
            (&mut self.by_coder, &other.by_coder),
            (&mut self.by_pair, &other.by_pair),
        ];
        for (mine, theirs) in sums {
            for (sum, count) in mine.iter_mut().zip(theirs) {
                *sum += count;
            }
        }
    }

    fn coder_count(&self) -> usize {
        self.by_coder.len()
    }

    /// All four figures and Cohen's kappa for every pair.
    pub(super) fn figures(&self) -> (Figures, CoderPairs) {
        let pairs = self.cohen_kappa_pairs();
        let figures = Figures {
            alpha_nominal: self.alpha_nominal(),
            fleiss_kappa: self.fleiss_kappa(),
            cohen_kappa_mean: mean(pairs.values.iter().flatten().copied()),
            percent_agreement: self.percent_agreement(),
        };
        (figures, pairs)
    }

    /// How many units were marked 1 and how many 0, over all coders: the values' frequencies.
    fn value_totals(&self) -> (i128, i128) {
        let ones: i128 = self.by_coder.iter().map(|count| *count as i128).sum();
        let all = self.units as i128 * self.coder_count() as i128;
        (all - ones, ones)
    }

    /// Krippendorff's alpha, nominal, as `krippendorff.alpha` (0.9.0) computes it:
    /// `1 - sum(o * d) / sum(e * d)` with the coincidences `o` of the pairable values within each
    /// unit and the expected coincidences `e = (n_c n_k - [c = k] n_c) / (n - 1)`. With every unit
    /// rated by all R coders and two values, `sum(o * d) = 2 sum_u n_u0 n_u1 / (R - 1)` and
    /// `sum(e * d) = 2 n_0 n_1 / (n - 1)`, so alpha is `1 - (n - 1) D / ((R - 1) n_0 n_1)` where
    /// `D = sum_k units(k) k (R - k)`. Undefined when one value is never given (the library
    /// refuses a value domain of one value).
    fn alpha_nominal(&self) -> Option<f64> {
        let (zeros, ones) = self.value_totals();
        let coders = self.coder_count() as i128;
        let expected = (coders - 1) * zeros * ones;
        if expected == 0 {
            return None;
        }
        let disagreeing_pairs: i128 = self.by_coverers_with_k().map(|(k, units)| units * k * (coders - k)).sum();
        let pairable = self.units as i128 * coders;
        Some(ratio(expected - (pairable - 1) * disagreeing_pairs, expected))
    }

    /// Fleiss' kappa as statsmodels' `fleiss_kappa(aggregate_raters(data)[0])` (0.15) computes it:
    /// `(P - Pe) / (1 - Pe)` with `P` the mean over units of `(sum_c n_uc^2 - R) / (R (R - 1))`
    /// and `Pe = sum_c p_c^2` over the categories found in the data. With `T = N R` ratings and
    /// `A = sum_u (n_u0^2 + n_u1^2 - R)`, `B = n_0^2 + n_1^2`, this is
    /// `(A T - B (R - 1)) / ((R - 1) (T^2 - B))`, where `T^2 - B = 2 n_0 n_1`. Undefined (statsmodels
    /// gives nan) when one category is never given, as then `Pe = 1`.
    fn fleiss_kappa(&self) -> Option<f64> {
        let (zeros, ones) = self.value_totals();
        let coders = self.coder_count() as i128;
        let expected = 2 * zeros * ones * (coders - 1);
        if expected == 0 {
            return None;
        }
        let agreeing: i128 =
            self.by_coverers_with_k().map(|(k, units)| units * (k * k + (coders - k) * (coders - k) - coders)).sum();
        let ratings = self.units as i128 * coders;
        let chance = zeros * zeros + ones * ones;
        Some(ratio(agreeing * ratings - chance * (coders - 1), expected))
    }

    /// Cohen's kappa for every pair of coders, as scikit-learn's `cohen_kappa_score` (1.9.1)
    /// computes it: `1 - sum(w * confusion) / sum(w * expected)` with `w` one off the diagonal
    /// and `expected` the outer product of the two coders' label counts over N. For one pair with
    /// a and b units marked 1 by each and c by both, that is
    /// `1 - N (a + b - 2c) / ((N - a) b + a (N - b))`. Undefined (scikit-learn gives nan with a
    /// warning) when the two coders share one label throughout, the denominator then being zero.
    fn cohen_kappa_pairs(&self) -> CoderPairs {
        let coder_count = self.coder_count();
        let units = self.units as i128;
        let mut values = Vec::with_capacity(self.by_pair.len());
        let mut pair = 0;
        for first in 0..coder_count {
            for second in first + 1..coder_count {
                let (a, b, both) =
                    (self.by_coder[first] as i128, self.by_coder[second] as i128, self.by_pair[pair] as i128);
                let expected = (units - a) * b + a * (units - b);
                values.push(if expected == 0 {
                    None
                } else {
                    Some(ratio(expected - units * (a + b - 2 * both), expected))
                });
                pair += 1;
            }
        }
        CoderPairs { coder_count, values }
    }

    /// The mean over units of the share of coder pairs that agree on the unit: a unit marked by k
    /// of R coders has `k (k - 1) / 2 + (R - k) (R - k - 1) / 2` agreeing pairs of `R (R - 1) / 2`.
    /// Defined whenever there is a unit.
    fn percent_agreement(&self) -> Option<f64> {
        let coders = self.coder_count() as i128;
        let all_pairs = self.units as i128 * coders * (coders - 1);
        if all_pairs == 0 {
            return None;
        }
        let agreeing: i128 =
            self.by_coverers_with_k().map(|(k, units)| units * (k * (k - 1) + (coders - k) * (coders - k - 1))).sum();
        Some(ratio(agreeing, all_pairs))
    }

    fn by_coverers_with_k(&self) -> impl Iterator<Item = (i128, i128)> + '_ {
        self.by_coverers.iter().enumerate().map(|(k, units)| (k as i128, *units as i128))
    }
}

/// `numerator / denominator` as the nearest floats allow: both are exact integers, so the one
/// rounding of each and of the division is all the error there is.
fn ratio(numerator: i128, denominator: i128) -> f64 {
    numerator as f64 / denominator as f64
}

/// The mean of the values, or `None` when there are none.
pub(super) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), value| (sum + value, count + 1));
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts from a unit-by-coder matrix given as one string of 0s and 1s per coder.
    fn counts_of(rows: &[&str]) -> CodingCounts {
        let matrix: Vec<Vec<bool>> = rows.iter().map(|row| row.chars().map(|value| value == '1').collect()).collect();
        let units = matrix[0].len();
        let mut counts = CodingCounts::empty(matrix.len(), units as u64);
        for unit in 0..units {
            let column: Vec<bool> = matrix.iter().map(|row| row[unit]).collect();
            counts.by_coverers[column.iter().filter(|value| **value).count()] += 1;
            let mut pair = 0;
            for first in 0..column.len() {
                counts.by_coder[first] += column[first] as u64;
                for second in first + 1..column.len() {
                    counts.by_pair[pair] += (column[first] && column[second]) as u64;
                    pair += 1;
                }
            }
        }
        counts
    }

    fn close(actual: Option<f64>, expected: Option<f64>) -> bool {
        match (actual, expected) {
            (Some(actual), Some(expected)) => (actual - expected).abs() < 1e-12,
            (None, None) => true,
            _ => false,
        }
    }

    /// Figures computed by hand (or, where noted, as the references print them).
    #[test]
    fn figures_of_small_matrices() {
        let check = |rows: &[&str], expected: Figures| {
            let (figures, _) = counts_of(rows).figures();
            let named = [
                ("alpha", figures.alpha_nominal, expected.alpha_nominal),
                ("fleiss", figures.fleiss_kappa, expected.fleiss_kappa),
                ("cohen", figures.cohen_kappa_mean, expected.cohen_kappa_mean),
                ("percent", figures.percent_agreement, expected.percent_agreement),
            ];
            for (name, actual, wanted) in named {
                assert!(close(actual, wanted), "{name} of {rows:?}: {actual:?}, expected {wanted:?}");
            }
        };
        // Krippendorff (1995) Bertha and Bill, as DKPro's Krippendorff1995Test digitises them; it
        // expects Cohen 0.385, Scott's pi (Fleiss' kappa for two coders) 0.314 and alpha 0.329.
        // By hand: 10 units neither, 8 only Bertha, 6 both; 28 zeros and 20 ones of 48 values.
        check(
            &["001111111100001111110000", "000011110000000110000000"],
            Figures {
                alpha_nominal: Some(1.0 - 47.0 * 8.0 / (28.0 * 20.0)),
                fleiss_kappa: Some((32.0 * 48.0 - 1184.0) / (2.0 * 28.0 * 20.0)),
                cohen_kappa_mean: Some(5.0 / 13.0),
                percent_agreement: Some(16.0 / 24.0),
            },
        );
        // Everyone agrees on both values: every figure is 1.
        check(
            &["0110", "0110", "0110"],
            Figures {
                alpha_nominal: Some(1.0),
                fleiss_kappa: Some(1.0),
                cohen_kappa_mean: Some(1.0),
                percent_agreement: Some(1.0),
            },
        );
        // One value throughout: nothing to correct for chance, only percent agreement is defined.
        check(
            &["000", "000"],
            Figures { alpha_nominal: None, fleiss_kappa: None, cohen_kappa_mean: None, percent_agreement: Some(1.0) },
        );
        check(
            &["11", "11", "11"],
            Figures { alpha_nominal: None, fleiss_kappa: None, cohen_kappa_mean: None, percent_agreement: Some(1.0) },
        );
        // No units: nothing is defined.
        check(
            &["", ""],
            Figures { alpha_nominal: None, fleiss_kappa: None, cohen_kappa_mean: None, percent_agreement: None },
        );
    }

    #[test]
    fn cohen_kappa_mean_skips_pairs_that_share_one_label() {
        // The first two coders never mark anything: their kappa is undefined, and the mean is
        // over the two pairs with the third coder, each of which has kappa 0 (one all-zero rater).
        let (figures, pairs) = counts_of(&["0000", "0000", "0110"]).figures();
        assert_eq!(pairs.get(0, 1), None);
        assert_eq!(pairs.get(0, 2), Some(0.0));
        assert_eq!(pairs.get(2, 1), Some(0.0));
        assert_eq!(pairs.get(1, 1), None);
        assert_eq!(figures.cohen_kappa_mean, Some(0.0));
    }

    #[test]
    fn stacked_counts_are_the_counts_of_the_stacked_matrix() {
        let mut stacked = counts_of(&["0110", "0100", "1100"]);
        stacked.add(&counts_of(&["11", "01", "00"]));
        assert_eq!(stacked, counts_of(&["011011", "010001", "110000"]));
    }
}
