//! The agreement figures against reference vectors: every JSON file in
//! `tests/fixtures/agreement/` holds a text, coders, themes and each coder's spans per theme, and
//! the figures the Python references compute per unit (krippendorff 0.9.0, statsmodels 0.15,
//! scikit-learn 1.9.1; made by `scripts/agreement_vectors.py`, whose header says how to run it).
//! Every figure must match within 1e-9, and be undefined exactly where the vector has null.
//!
//! Alpha_U has no Python reference library: it is checked against DKPro's worked examples in
//! `src/unitizing.rs`. The vectors' `u_alpha_dkpro_port` comes from the script's
//! line-by-line port of DKPro's Java, a second implementation that catches slips in the Rust one.

use annotator_agreement::{agreement_of_spans, CoderPairs, Figures, OverallFigures, SpansAgreement};
use serde_json::Value;

mod vector_file;
use vector_file::{every_vector, Vector, FIGURE_NAMES, TOLERANCE};

/// Collects every mismatch, so that one run shows them all.
struct Checker {
    failures: Vec<String>,
    figures_checked: usize,
}

impl Checker {
    fn check(&mut self, what: &str, actual: Option<f64>, expected: &Value) {
        self.figures_checked += 1;
        let agrees = match (actual, expected.as_f64()) {
            (Some(actual), Some(expected)) => (actual - expected).abs() <= TOLERANCE,
            (None, None) => expected.is_null(),
            _ => false,
        };
        if !agrees {
            self.failures.push(format!("{what}: got {actual:?}, expected {expected}"));
        }
    }

    fn check_figures(&mut self, what: &str, actual: &Figures, expected: &Value) {
        let values = [actual.alpha_nominal, actual.fleiss_kappa, actual.cohen_kappa_mean, actual.percent_agreement];
        for (name, value) in FIGURE_NAMES.iter().zip(values) {
            self.check(&format!("{what}.{name}"), value, &expected[name]);
        }
    }

    fn check_pairs(&mut self, what: &str, actual: &CoderPairs, expected: &Value) {
        let expected = expected.as_array().expect("a list of pairs");
        let actual: Vec<(usize, usize, Option<f64>)> = actual.iter().collect();
        if actual.len() != expected.len() {
            self.failures.push(format!("{what}: {} pairs, expected {}", actual.len(), expected.len()));
            return;
        }
        for ((first, second, value), pair) in actual.into_iter().zip(expected) {
            let place = |index: usize| pair[index].as_u64().expect("a coder's place") as usize;
            if (first, second) != (place(0), place(1)) {
                self.failures.push(format!("{what}: pair ({first}, {second}), expected {pair}"));
            }
            self.check(&format!("{what}[{first},{second}]"), value, &pair[2]);
        }
    }

    fn check_overall(&mut self, what: &str, actual: &OverallFigures, expected: &Value) {
        self.check_figures(&format!("{what}.macro_mean"), &actual.macro_mean, &expected["macro_mean"]);
        self.check_figures(&format!("{what}.pooled"), &actual.pooled, &expected["pooled"]);
        self.check_pairs(
            &format!("{what}.pooled_cohen_kappa_pairs"),
            &actual.pooled_cohen_kappa_pairs,
            &expected["pooled_cohen_kappa_pairs"],
        );
    }

    fn check_equal<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, actual: T, expected: T) {
        if actual != expected {
            self.failures.push(format!("{what}: got {actual:?}, expected {expected:?}"));
        }
    }

    fn check_vector(&mut self, vector: &Vector, result: &SpansAgreement) {
        let name = &vector.name;
        let expected = &vector.expected;
        for (theme, figures) in vector.themes.iter().zip(&result.themes) {
            let wanted = &expected["themes"][theme];
            let what = format!("{name} {theme}");
            self.check_equal(&format!("{what} is_active"), Some(figures.is_active), wanted["is_active"].as_bool());
            self.check_equal(
                &format!("{what} coders_using"),
                Some(figures.coders_using as u64),
                wanted["coders_using"].as_u64(),
            );
            self.check_equal(&format!("{what} units"), Some(figures.units as u64), wanted["units"].as_u64());
            let units_non_whitespace = wanted["units_non_whitespace"].as_u64();
            self.check_equal(
                &format!("{what} units_non_whitespace"),
                Some(figures.units_non_whitespace as u64),
                units_non_whitespace,
            );
            self.check_figures(&format!("{what} char_level"), &figures.char_level, &wanted["char_level"]);
            let non_whitespace = &wanted["char_level_non_whitespace"];
            self.check_figures(
                &format!("{what} char_level_non_whitespace"),
                &figures.char_level_non_whitespace,
                non_whitespace,
            );
            self.check_pairs(
                &format!("{what} cohen_kappa_pairs"),
                &figures.cohen_kappa_pairs,
                &wanted["cohen_kappa_pairs"],
            );
            let pairs_non_whitespace = &wanted["cohen_kappa_pairs_non_whitespace"];
            self.check_pairs(
                &format!("{what} cohen_kappa_pairs_non_whitespace"),
                &figures.cohen_kappa_pairs_non_whitespace,
                pairs_non_whitespace,
            );
            self.check(&format!("{what} u_alpha (DKPro port)"), figures.u_alpha, &wanted["u_alpha_dkpro_port"]);
        }

        let overall = &expected["overall"];
        let active = overall["active_themes"].as_array().expect("a list of themes").len();
        self.check_equal(&format!("{name} overall active_themes"), result.overall.active_themes, active);
        self.check_overall(&format!("{name} overall char_level"), &result.overall.char_level, &overall["char_level"]);
        let non_whitespace = &overall["char_level_non_whitespace"];
        self.check_overall(
            &format!("{name} overall char_level_non_whitespace"),
            &result.overall.char_level_non_whitespace,
            non_whitespace,
        );
        self.check(
            &format!("{name} overall u_alpha (DKPro port)"),
            result.overall.u_alpha,
            &overall["u_alpha_dkpro_port"],
        );
        let macro_mean = &overall["u_alpha_macro_mean_dkpro_port"];
        self.check(
            &format!("{name} overall u_alpha_macro_mean (DKPro port)"),
            result.overall.u_alpha_macro_mean,
            macro_mean,
        );
    }
}

#[test]
fn every_figure_matches_the_reference_vectors() {
    let vectors = every_vector();
    assert!(vectors.len() >= 10, "expected the reference vectors in tests/fixtures/agreement, found {}", vectors.len());
    let mut checker = Checker { failures: Vec::new(), figures_checked: 0 };
    for vector in &vectors {
        let result = agreement_of_spans(&vector.text, vector.coders.len(), &vector.spans)
            .unwrap_or_else(|error| panic!("{}: {error}", vector.name));
        assert_eq!(result.themes.len(), vector.themes.len(), "{}", vector.name);
        checker.check_vector(vector, &result);
    }
    assert!(checker.figures_checked > 1000, "only {} figures checked", checker.figures_checked);
    assert!(checker.failures.is_empty(), "{} mismatches:\n{}", checker.failures.len(), checker.failures.join("\n"));
}

/// The vectors cover what they claim to: two, three, four and more coders, undefined figures,
/// themes one coder or nobody used, text where code points and UTF-16 units differ, and Python's
/// extra whitespace characters.
#[test]
fn the_vectors_cover_the_cases_that_matter() {
    let vectors: Vec<Vector> = every_vector();
    let coder_counts: Vec<usize> = vectors.iter().map(|vector| vector.coders.len()).collect();
    for count in [2, 3, 4, 10] {
        assert!(coder_counts.contains(&count), "no vector with {count} coders");
    }
    let theme_values = |key: &str| -> Vec<Value> {
        vectors
            .iter()
            .flat_map(|vector| vector.themes.iter().map(move |theme| vector.expected["themes"][theme][key].clone()))
            .collect()
    };
    assert!(theme_values("is_active").contains(&Value::Bool(false)), "no theme nobody used");
    assert!(theme_values("coders_using").contains(&Value::from(1)), "no theme only one coder used");
    let undefined_alpha = theme_values("char_level").iter().any(|figures| figures["alpha_nominal"].is_null());
    assert!(undefined_alpha, "no undefined alpha");
    assert!(vectors.iter().any(|vector| vector.text.chars().count() != vector.text.encode_utf16().count()));
    assert!(vectors.iter().any(|vector| vector.text.contains('\u{1F}') && vector.text.contains('\u{1C}')));
    assert!(vectors.iter().any(|vector| vector.text.is_empty()));
}
