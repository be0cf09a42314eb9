//! Inter-annotator agreement: how far several coders agree on where each theme applies in one
//! document, where they differ, and the consensus they settle on. Pure computation over the
//! project; the app shows it, the formats crate exports it.
//!
//! # Definitions
//!
//! **Units.** The units are the code points of the document's plain text, offsets `0..len`. For a
//! theme t and a coder c, unit i is 1 when some live, placed annotation of c carrying t covers it
//! (`start <= i < end`), else 0. Coverage is a union: overlapping or repeated annotations count once.
//! A compared coder who never used t is a coder with 0 everywhere for t.
//!
//! **Coding figures**, per theme, over the compared coders' 0/1 rows:
//! - `alpha_nominal`: Krippendorff's alpha, nominal, exactly as Python's
//!   `krippendorff.alpha(reliability_data, level_of_measurement="nominal")` (krippendorff 0.9.0);
//! - `fleiss_kappa`: as statsmodels' `fleiss_kappa(aggregate_raters(data)[0])` (statsmodels 0.15);
//! - Cohen's kappa of each pair of coders as scikit-learn's `cohen_kappa_score` (1.9.1), in
//!   [`CoderPairs`]; `cohen_kappa_mean` is their mean over the pairs where it is defined (for two
//!   coders, Cohen's kappa itself);
//! - `percent_agreement`: the mean over units of the share of coder pairs that agree on the unit.
//!
//! **Without whitespace.** The same figures over only the units whose character is not whitespace
//! by Python's `str.isspace` (see [`is_python_whitespace`]: Rust's `char::is_whitespace` plus
//! U+001C..U+001F), so that the blank lines between paragraphs do not count as agreement.
//!
//! **Unitizing alpha (alpha_U)**, per theme: Krippendorff's alpha_U (1995, 2004) exactly as DKPro
//! Agreement's `KrippendorffAlphaUnitizingAgreement` computes it (see [`krippendorff_unitizing_alpha`]
//! for the formulas), on the continuum of code points `[0, len)`. A coder's spans of one theme
//! that share at least one code point are merged into one unit; spans that only touch stay two.
//!
//! **Overall figures** are over the *active* themes: those that at least one compared coder used
//! (some annotation of theirs carrying it covers at least one code point). `macro_mean` is the mean
//! of the per-theme values, undefined ones skipped; `pooled` is the figure of all active themes'
//! unit matrices stacked into one long matrix. Overall alpha_U is DKPro's figure
//! `1 - mean(D_O) / mean(D_E)` over the active themes; `u_alpha_macro_mean` is the plain mean of
//! the per-theme alpha_U.
//!
//! **Undefined figures.** A figure whose expected disagreement is zero is undefined: `None`. For
//! the coding figures that is a theme nobody used, or one that everyone applied to the whole text
//! (only one value occurs; the Python references give nan or refuse). For Cohen's kappa it is a pair
//! of coders who share one value throughout. For alpha_U it is a theme nobody used: when everyone's
//! one unit covers the whole text the expected disagreement is positive and alpha_U is 1. Percent
//! agreement is defined whenever there is a unit. With no units (an empty document, or no
//! non-whitespace character) nothing is defined.
//!
//! # Computation
//!
//! Nothing is materialised per unit. Every coder's coverage is a union of intervals, so every count
//! the coding figures need is a sum over the elementary segments between all intervals'
//! boundaries, weighted by the segment's length (or its count of non-whitespace characters, from a
//! prefix sum); see `coverage.rs`. The figures are then exact fractions of those counts (see
//! `coding.rs`), and alpha_U walks the coders' units and gaps (see `unitizing.rs`). The reference
//! vectors in `tests/fixtures/agreement/`, computed per unit by the Python libraries, check that
//! the results are those of the per-unit definitions.

mod coding;
mod consensus;
mod coverage;
mod disagreement;
mod unitizing;

pub use consensus::{agreed_by_at_least, consensus_command, settle, settle_where_agreed, Verdict};
pub use coverage::is_python_whitespace;
pub use disagreement::{disagreements, Disagreement, Version};
pub use unitizing::{krippendorff_unitizing_alpha, CategoryUnitizing, UnitizingAlpha};

use annotator_core::coder::CONSENSUS_ID;
use annotator_core::ids::{CoderId, ThemeId};
use annotator_core::project::Project;
use annotator_core::span::Span;
use coding::{mean, CodingCounts};
use coverage::{clamped_and_sorted, count_theme, union_of, units_of, TextUnits};
use std::collections::HashMap;
use thiserror::Error;

/// Why agreement could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AgreementError {
    /// The project has no document with this id.
    #[error("the project has no document with the id {document_id:?}")]
    UnknownDocument {
        /// The id asked for.
        document_id: String,
    },
    /// Agreement needs two coders or more.
    #[error("agreement needs at least two different coders, and {count} were chosen")]
    TooFewCoders {
        /// How many different coders were given.
        count: usize,
    },
    /// A theme's spans were given for another number of coders than the one compared.
    #[error("theme number {theme} has spans for {found} coders, but {expected} coders are compared")]
    CoderCountMismatch {
        /// The theme's place in the input.
        theme: usize,
        /// The number of coders compared.
        expected: usize,
        /// The number of coders the theme gave spans for.
        found: usize,
    },
}

/// The coding figures of one theme (or of the overall view), each `None` where undefined.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    /// Krippendorff's alpha, nominal.
    pub alpha_nominal: Option<f64>,
    /// Fleiss' kappa.
    pub fleiss_kappa: Option<f64>,
    /// The mean of Cohen's kappa over the pairs of coders where it is defined.
    pub cohen_kappa_mean: Option<f64>,
    /// The mean over units of the share of coder pairs that agree.
    pub percent_agreement: Option<f64>,
}

/// A figure for every pair of compared coders, by their places in the list compared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoderPairs {
    coder_count: usize,
    /// One value per pair `(first, second)` with `first < second`, in the order
    /// (0, 1), (0, 2), .., (0, n - 1), (1, 2), ...
    values: Vec<Option<f64>>,
}

impl CoderPairs {
    /// The figure of the coders at places `first` and `second` (in either order); `None` when it
    /// is undefined, when both places are the same, or when either is out of range.
    pub fn get(&self, first: usize, second: usize) -> Option<f64> {
        let (low, high) = (first.min(second), first.max(second));
        if low == high || high >= self.coder_count {
            return None;
        }
        let before_low = low * (2 * self.coder_count - low - 1) / 2;
        self.values[before_low + high - low - 1]
    }

    /// Every pair `(first, second, figure)` with `first < second`.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, Option<f64>)> + '_ {
        let coder_count = self.coder_count;
        (0..coder_count)
            .flat_map(move |first| (first + 1..coder_count).map(move |second| (first, second)))
            .zip(self.values.iter())
            .map(|((first, second), value)| (first, second, *value))
    }
}

/// Everything computed for one theme.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeFigures {
    /// Whether some compared coder used the theme (it counts in the overall figures).
    pub is_active: bool,
    /// How many of the compared coders used the theme.
    pub coders_using: usize,
    /// The number of units: code points of the text.
    pub units: usize,
    /// The number of units that are not whitespace.
    pub units_non_whitespace: usize,
    /// The coding figures over all code points.
    pub char_level: Figures,
    /// The coding figures over the code points that are not whitespace.
    pub char_level_non_whitespace: Figures,
    /// Cohen's kappa of each pair of coders over all code points.
    pub cohen_kappa_pairs: CoderPairs,
    /// Cohen's kappa of each pair of coders over the non-whitespace code points.
    pub cohen_kappa_pairs_non_whitespace: CoderPairs,
    /// Krippendorff's unitizing alpha.
    pub u_alpha: Option<f64>,
}

/// The coding figures over all active themes, one way of counting units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverallFigures {
    /// Each figure's mean over the active themes where it is defined.
    pub macro_mean: Figures,
    /// The figures of the active themes' units stacked into one matrix.
    pub pooled: Figures,
    /// Cohen's kappa of each pair of coders over the stacked units.
    pub pooled_cohen_kappa_pairs: CoderPairs,
}

/// The figures over all active themes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverallAgreement {
    /// How many themes are active (used by some compared coder).
    pub active_themes: usize,
    /// Over all code points.
    pub char_level: OverallFigures,
    /// Over the non-whitespace code points.
    pub char_level_non_whitespace: OverallFigures,
    /// DKPro's overall alpha_U: `1 - mean(D_O) / mean(D_E)` over the active themes.
    pub u_alpha: Option<f64>,
    /// The mean of the active themes' alpha_U, undefined ones skipped.
    pub u_alpha_macro_mean: Option<f64>,
}

/// Agreement over plain inputs: per theme, in the order given.
#[derive(Clone, Debug, PartialEq)]
pub struct SpansAgreement {
    /// One entry per theme given.
    pub themes: Vec<ThemeFigures>,
    /// Over the active themes.
    pub overall: OverallAgreement,
}

/// One theme's agreement in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeAgreement {
    /// The theme.
    pub theme_id: ThemeId,
    /// Its figures.
    pub figures: ThemeFigures,
}

/// Agreement of some coders on some themes in one document of a project.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementReport {
    /// The document.
    pub document_id: String,
    /// The coders compared, each once, in the order given: the places [`CoderPairs`] refer to.
    pub coders: Vec<CoderId>,
    /// One entry per theme asked for (each once), in the order given.
    pub themes: Vec<ThemeAgreement>,
    /// Over the active themes.
    pub overall: OverallAgreement,
}

/// What the agreement of a document compares when nobody has chosen: the coders are every coder
/// with at least one live annotation in the document (orphans count: the coder worked on it),
/// except the consensus ([`CONSENSUS_ID`]), which is what the coders settled on rather than a
/// coder to compare; they come in the order of [`in_coder_order`]. The themes are every live
/// theme, in codebook order.
pub fn default_comparison(project: &Project, document_id: &str) -> (Vec<CoderId>, Vec<ThemeId>) {
    let mut annotating: Vec<CoderId> = Vec::new();
    for annotation in project.annotations_in(document_id) {
        if annotation.coder != CONSENSUS_ID && !annotating.contains(&annotation.coder) {
            annotating.push(annotation.coder);
        }
    }
    let themes = project.themes().map(|theme| theme.id).collect();
    (in_coder_order(project, annotating), themes)
}

/// Coders in the order agreement shows and reports them: by name as shown, then by id, the
/// consensus last. The project's own order of coders depends on which file was merged first;
/// this does not, so the same files give the same report however they were opened.
pub fn in_coder_order(project: &Project, mut coders: Vec<CoderId>) -> Vec<CoderId> {
    coders.sort_by_cached_key(|id| (*id == CONSENSUS_ID, project.coder_name(*id).to_lowercase(), *id));
    coders.dedup();
    coders
}

/// The agreement of `coders` on `themes` in the document `document_id`, from the live annotations
/// placed in its text (orphans are left out, as their place is unknown). A coder or theme named
/// twice counts once.
pub fn agreement(
    project: &Project,
    document_id: &str,
    coders: &[CoderId],
    themes: &[ThemeId],
) -> Result<AgreementReport, AgreementError> {
    let document = project
        .document(document_id)
        .ok_or_else(|| AgreementError::UnknownDocument { document_id: document_id.to_owned() })?;
    let coders = each_once(coders);
    let themes = each_once(themes);
    let coder_places: HashMap<CoderId, usize> = coders.iter().enumerate().map(|(place, id)| (*id, place)).collect();
    let theme_places: HashMap<ThemeId, usize> = themes.iter().enumerate().map(|(place, id)| (*id, place)).collect();

    let mut spans = vec![vec![Vec::new(); coders.len()]; themes.len()];
    for annotation in project.placed_annotations_in(document_id) {
        let Some(coder) = coder_places.get(&annotation.coder) else { continue };
        for theme_id in annotation.theme_ids() {
            if let Some(theme) = theme_places.get(&theme_id) {
                spans[*theme][*coder].push(annotation.span);
            }
        }
    }

    let computed = agreement_of_spans(document.text(), coders.len(), &spans)?;
    let themes =
        themes.iter().zip(computed.themes).map(|(theme_id, figures)| ThemeAgreement { theme_id: *theme_id, figures });
    Ok(AgreementReport {
        document_id: document_id.to_owned(),
        coders,
        themes: themes.collect(),
        overall: computed.overall,
    })
}

/// The agreement of `coder_count` coders over `text`, given `spans_by_theme[theme][coder]`: the
/// spans (in code points of `text`) each coder marked with each theme. Spans are cut to the text;
/// empty ones mark nothing.
pub fn agreement_of_spans(
    text: &str,
    coder_count: usize,
    spans_by_theme: &[Vec<Vec<Span>>],
) -> Result<SpansAgreement, AgreementError> {
    check_coder_count(coder_count, spans_by_theme)?;
    let text_units = TextUnits::new(text);
    let length = text_units.length();
    let mut pooled_all_characters = CodingCounts::empty(coder_count, 0);
    let mut pooled_non_whitespace = CodingCounts::empty(coder_count, 0);
    let mut themes = Vec::with_capacity(spans_by_theme.len());
    let mut unitizing = Vec::with_capacity(spans_by_theme.len());

    for spans_by_coder in spans_by_theme {
        let sorted: Vec<Vec<Span>> = spans_by_coder.iter().map(|spans| clamped_and_sorted(spans, length)).collect();
        let coverage: Vec<Vec<Span>> = sorted.iter().map(|spans| union_of(spans)).collect();
        let units: Vec<Vec<Span>> = sorted.iter().map(|spans| units_of(spans)).collect();
        let coders_using = coverage.iter().filter(|intervals| !intervals.is_empty()).count();
        let is_active = coders_using > 0;

        let counts = count_theme(&text_units, &coverage);
        if is_active {
            pooled_all_characters.add(&counts.all_characters);
            pooled_non_whitespace.add(&counts.non_whitespace);
        }
        let (char_level, cohen_kappa_pairs) = counts.all_characters.figures();
        let (char_level_non_whitespace, cohen_kappa_pairs_non_whitespace) = counts.non_whitespace.figures();
        let category = unitizing::category_unitizing_over(length, &units);
        unitizing.push(category);
        themes.push(ThemeFigures {
            is_active,
            coders_using,
            units: length,
            units_non_whitespace: text_units.non_whitespace_length(),
            char_level,
            char_level_non_whitespace,
            cohen_kappa_pairs,
            cohen_kappa_pairs_non_whitespace,
            u_alpha: category.alpha,
        });
    }

    let unitizing = unitizing::overall(unitizing);
    let overall = OverallAgreement {
        active_themes: themes.iter().filter(|theme| theme.is_active).count(),
        char_level: overall_figures(&themes, |theme| &theme.char_level, &pooled_all_characters),
        char_level_non_whitespace: overall_figures(
            &themes,
            |theme| &theme.char_level_non_whitespace,
            &pooled_non_whitespace,
        ),
        u_alpha: unitizing.alpha,
        u_alpha_macro_mean: unitizing.alpha_macro_mean,
    };
    Ok(SpansAgreement { themes, overall })
}

fn overall_figures(
    themes: &[ThemeFigures],
    figures_of: impl Fn(&ThemeFigures) -> &Figures,
    pooled: &CodingCounts,
) -> OverallFigures {
    let active: Vec<&Figures> = themes.iter().filter(|theme| theme.is_active).map(figures_of).collect();
    let mean_of = |figure: fn(&Figures) -> Option<f64>| mean(active.iter().filter_map(|figures| figure(figures)));
    let macro_mean = Figures {
        alpha_nominal: mean_of(|figures| figures.alpha_nominal),
        fleiss_kappa: mean_of(|figures| figures.fleiss_kappa),
        cohen_kappa_mean: mean_of(|figures| figures.cohen_kappa_mean),
        percent_agreement: mean_of(|figures| figures.percent_agreement),
    };
    let (pooled, pooled_cohen_kappa_pairs) = pooled.figures();
    OverallFigures { macro_mean, pooled, pooled_cohen_kappa_pairs }
}

/// Checks that there are two coders or more and that every theme gives spans for each of them.
fn check_coder_count(coder_count: usize, spans_by_theme: &[Vec<Vec<Span>>]) -> Result<(), AgreementError> {
    if coder_count < 2 {
        return Err(AgreementError::TooFewCoders { count: coder_count });
    }
    match spans_by_theme.iter().position(|coders| coders.len() != coder_count) {
        Some(theme) => {
            Err(AgreementError::CoderCountMismatch { theme, expected: coder_count, found: spans_by_theme[theme].len() })
        }
        None => Ok(()),
    }
}

/// The ids in their order, each once.
pub(crate) fn each_once<Id: Copy + Eq + std::hash::Hash>(ids: &[Id]) -> Vec<Id> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::annotation::{Anchoring, Annotation, TextQuote};
    use annotator_core::document::Document;
    use annotator_core::ids::{AnnotationId, Stamp, Timestamp};
    use annotator_core::theme::Theme;
    use std::rc::Rc;
    use uuid::Uuid;

    fn span(start: usize, end: usize) -> Span {
        Span::between(start, end)
    }

    fn spans(pairs: &[(usize, usize)]) -> Vec<Span> {
        pairs.iter().map(|(start, end)| span(*start, *end)).collect()
    }

    const AMIRA: CoderId = CoderId(Uuid::from_u128(0xa));
    const BEN: CoderId = CoderId(Uuid::from_u128(0xb));
    const CHLOE: CoderId = CoderId(Uuid::from_u128(0xc));
    const HOPE: ThemeId = ThemeId(Uuid::from_u128(0x100));
    const FEAR: ThemeId = ThemeId(Uuid::from_u128(0x200));

    fn annotation(
        number: u128,
        document_id: &str,
        coder: CoderId,
        at: (usize, usize),
        themes: &[ThemeId],
    ) -> Annotation {
        let stamp = Stamp::new(Timestamp(1), coder);
        Annotation::new(
            AnnotationId(Uuid::from_u128(number)),
            document_id,
            span(at.0, at.1),
            TextQuote::default(),
            themes,
            stamp,
        )
    }

    #[test]
    fn a_project_gives_the_live_placed_annotations_of_the_chosen_coders_and_themes() {
        let text = "We hope for peace.\n\nWe fear the worst.";
        let document = Document::from_plain_text("speech", "Speech", text);
        let other = Document::from_plain_text("other", "Other", text);
        let stamp = Stamp::new(Timestamp(1), AMIRA);
        let themes =
            vec![Theme::new(HOPE, "Hope", "#ff0000", "", 0, stamp), Theme::new(FEAR, "Fear", "#00ff00", "", 1, stamp)];
        let mut deleted = annotation(5, "speech", BEN, (0, 10), &[HOPE]);
        deleted.deleted = Some(Timestamp(2));
        let mut orphan = annotation(6, "speech", BEN, (0, 10), &[HOPE]);
        orphan.anchoring = Anchoring::Orphan;
        let annotations = vec![
            annotation(1, "speech", AMIRA, (3, 17), &[HOPE]),
            annotation(2, "speech", BEN, (3, 7), &[HOPE, FEAR]),
            annotation(3, "speech", AMIRA, (23, 37), &[FEAR]),
            annotation(4, "speech", CHLOE, (0, 37), &[HOPE, FEAR]),
            deleted,
            orphan,
            annotation(7, "other", BEN, (0, 37), &[HOPE]),
        ];
        let project = Project::from_parts(vec![Rc::new(document), Rc::new(other)], Vec::new(), themes, annotations);

        let report = agreement(&project, "speech", &[AMIRA, BEN, AMIRA], &[FEAR, HOPE]).unwrap();
        assert_eq!(report.coders, vec![AMIRA, BEN]);
        assert_eq!(report.themes.iter().map(|theme| theme.theme_id).collect::<Vec<_>>(), vec![FEAR, HOPE]);
        let expected = agreement_of_spans(
            text,
            2,
            &[vec![spans(&[(23, 37)]), spans(&[(3, 7)])], vec![spans(&[(3, 17)]), spans(&[(3, 7)])]],
        )
        .unwrap();
        let figures: Vec<ThemeFigures> = report.themes.into_iter().map(|theme| theme.figures).collect();
        assert_eq!(figures, expected.themes);
        assert_eq!(report.overall, expected.overall);

        let check_error = |document_id: &str, coders: &[CoderId], expected: AgreementError| {
            assert_eq!(agreement(&project, document_id, coders, &[HOPE]), Err(expected), "{document_id} {coders:?}");
        };
        check_error("speech", &[AMIRA], AgreementError::TooFewCoders { count: 1 });
        check_error("speech", &[BEN, BEN], AgreementError::TooFewCoders { count: 1 });
        check_error("speech", &[], AgreementError::TooFewCoders { count: 0 });
        check_error("missing", &[AMIRA, BEN], AgreementError::UnknownDocument { document_id: "missing".to_owned() });
    }

    #[test]
    fn by_default_the_coders_who_annotated_the_document_are_compared_on_every_live_theme() {
        let coder = |id: CoderId, name: &str| annotator_core::Coder {
            id,
            name: name.to_owned(),
            colour: "#1f77b4".to_owned(),
            stamp: Stamp::new(Timestamp(1), id),
        };
        const DARA: CoderId = CoderId(Uuid::from_u128(0xd));
        const UNRECORDED: CoderId = CoderId(Uuid::from_u128(0xe));
        const GONE: ThemeId = ThemeId(Uuid::from_u128(0x300));
        let stamp = Stamp::new(Timestamp(1), AMIRA);
        let mut gone = Theme::new(GONE, "Gone", "#0000ff", "", 0, stamp);
        gone.deleted = Some(Timestamp(2));
        // Codebook order is by rank, not the order the themes are given in.
        let themes = vec![
            Theme::new(HOPE, "Hope", "#ff0000", "", 2, stamp),
            gone,
            Theme::new(FEAR, "Fear", "#00ff00", "", 1, stamp),
        ];
        let text = "We hope for peace.";
        let documents = vec![
            Rc::new(Document::from_plain_text("speech", "Speech", text)),
            Rc::new(Document::from_plain_text("other", "Other", text)),
        ];
        // The project's coder order: Chloé, Ben, Dara, Amira, the consensus.
        let coders = vec![
            coder(CHLOE, "Chloé"),
            coder(BEN, "Ben"),
            coder(DARA, "Dara"),
            coder(AMIRA, "Amira"),
            annotator_core::coder::consensus(Timestamp(1)),
        ];
        let check = |annotations: Vec<Annotation>, expected_coders: &[CoderId]| {
            let project = Project::from_parts(documents.clone(), coders.clone(), themes.clone(), annotations.clone());
            let (chosen_coders, chosen_themes) = default_comparison(&project, "speech");
            assert_eq!(chosen_coders, expected_coders, "{annotations:#?}");
            assert_eq!(chosen_themes, vec![FEAR, HOPE], "live themes in codebook order");
        };
        let mut deleted = annotation(1, "speech", DARA, (0, 2), &[HOPE]);
        deleted.deleted = Some(Timestamp(2));
        let mut orphan = annotation(2, "speech", CHLOE, (0, 2), &[HOPE]);
        orphan.anchoring = Anchoring::Orphan;
        let consensus = annotation(3, "speech", CONSENSUS_ID, (0, 2), &[HOPE]);

        check(Vec::new(), &[]);
        // Ben's annotation came first and the project has Ben before Amira, but coders come by name.
        check(
            vec![annotation(5, "speech", BEN, (3, 7), &[]), annotation(4, "speech", AMIRA, (0, 2), &[HOPE])],
            &[AMIRA, BEN],
        );
        // A deleted annotation does not count, an orphan does, the consensus is never compared,
        // nor are annotations on another document.
        check(
            vec![
                deleted,
                orphan,
                consensus.clone(),
                annotation(6, "other", DARA, (0, 2), &[HOPE]),
                annotation(7, "speech", AMIRA, (0, 2), &[FEAR]),
            ],
            &[AMIRA, CHLOE],
        );
        // A coder the project has no record of is named after their id ("Coder 0000").
        check(
            vec![
                annotation(8, "speech", UNRECORDED, (0, 2), &[HOPE]),
                annotation(9, "speech", DARA, (0, 2), &[HOPE]),
                consensus,
            ],
            &[UNRECORDED, DARA],
        );
        assert_eq!(default_comparison(&Project::default(), "speech"), (Vec::new(), Vec::new()));
    }

    #[test]
    fn plain_inputs_are_checked() {
        let check = |coder_count: usize, spans_by_theme: &[Vec<Vec<Span>>], expected: AgreementError| {
            assert_eq!(agreement_of_spans("text", coder_count, spans_by_theme), Err(expected));
        };
        check(1, &[vec![vec![]]], AgreementError::TooFewCoders { count: 1 });
        check(
            2,
            &[vec![vec![], vec![]], vec![vec![]]],
            AgreementError::CoderCountMismatch { theme: 1, expected: 2, found: 1 },
        );
    }

    /// Per-theme figures of a short case: (text, spans per theme per coder, check on the result).
    #[test]
    fn edge_cases() {
        let check = |text: &str, spans_by_theme: &[&[&[(usize, usize)]]], expected: &dyn Fn(&SpansAgreement)| {
            let spans_by_theme: Vec<Vec<Vec<Span>>> =
                spans_by_theme.iter().map(|coders| coders.iter().map(|pairs| spans(pairs)).collect()).collect();
            let coder_count = spans_by_theme.first().map_or(2, Vec::len);
            expected(&agreement_of_spans(text, coder_count, &spans_by_theme).unwrap());
        };
        let undefined = Figures::default();
        let only_percent = |percent: f64| Figures { percent_agreement: Some(percent), ..Figures::default() };

        // An empty document: no units, so nothing is defined, and no theme can be active.
        check("", &[&[&[(0, 3)], &[]]], &|result| {
            assert_eq!(result.themes[0].char_level, undefined);
            assert_eq!(result.themes[0].u_alpha, None);
            assert!(!result.themes[0].is_active);
            assert_eq!(result.overall.char_level.pooled, undefined);
            assert_eq!(result.overall.char_level.macro_mean, undefined);
            assert_eq!((result.overall.u_alpha, result.overall.u_alpha_macro_mean), (None, None));
        });
        // A theme nobody used: everyone agrees on 0, so only percent agreement is defined.
        check("Some text", &[&[&[], &[], &[]]], &|result| {
            assert_eq!(result.themes[0].char_level, only_percent(1.0));
            assert_eq!(result.themes[0].char_level_non_whitespace, only_percent(1.0));
            assert_eq!((result.themes[0].u_alpha, result.overall.active_themes), (None, 0));
            assert_eq!(result.overall.char_level.pooled, undefined, "no active theme, no pooled units");
        });
        // A theme everyone applied to everything (in overlapping pieces, one unit): the coding
        // figures are undefined, alpha_U is 1.
        check("abc", &[&[&[(0, 3)], &[(0, 2), (1, 3)]]], &|result| {
            assert_eq!(result.themes[0].char_level, only_percent(1.0));
            assert_eq!(result.themes[0].u_alpha, Some(1.0));
        });
        // A coder with no annotations, against one who marked "b": kappa, alpha and alpha_U are 0.
        check("abc", &[&[&[(1, 2)], &[]]], &|result| {
            let figures = result.themes[0].char_level;
            assert_eq!(figures.cohen_kappa_mean, Some(0.0));
            assert_eq!(figures.alpha_nominal, Some(0.0));
            assert_eq!(figures.percent_agreement, Some(2.0 / 3.0));
            assert_eq!(result.themes[0].coders_using, 1);
            assert!(result.themes[0].u_alpha.is_some_and(|alpha| alpha.abs() < 1e-15));
        });
        // A theme marking only whitespace is defined over all characters, not over the others.
        check("a \u{1F}b", &[&[&[(1, 3)], &[(1, 2)]]], &|result| {
            let theme = &result.themes[0];
            assert_eq!((theme.units, theme.units_non_whitespace), (4, 2));
            assert!(theme.char_level.alpha_nominal.is_some());
            assert_eq!(theme.char_level_non_whitespace, only_percent(1.0));
            assert_eq!(result.overall.char_level_non_whitespace.pooled, only_percent(1.0));
        });
        // Spans past the end of the text are cut to it.
        check("abcd", &[&[&[(2, 9)], &[(2, 4)]]], &|result| {
            assert_eq!(result.themes[0].char_level.alpha_nominal, Some(1.0));
            assert_eq!(result.themes[0].u_alpha, Some(1.0));
        });
    }

    #[test]
    fn overall_figures_are_over_active_themes() {
        let text = "one two three four";
        let spans_by_theme = vec![
            vec![spans(&[(0, 7)]), spans(&[(0, 3)])],
            vec![spans(&[]), spans(&[])],
            vec![spans(&[(8, 13)]), spans(&[(8, 18)])],
        ];
        let result = agreement_of_spans(text, 2, &spans_by_theme).unwrap();
        assert_eq!(result.overall.active_themes, 2);
        let first = result.themes[0].char_level;
        let third = result.themes[2].char_level;
        let macro_mean = result.overall.char_level.macro_mean;
        let halfway = |a: Option<f64>, b: Option<f64>| Some((a.unwrap() + b.unwrap()) / 2.0);
        assert_eq!(macro_mean.alpha_nominal, halfway(first.alpha_nominal, third.alpha_nominal));
        assert_eq!(macro_mean.percent_agreement, halfway(first.percent_agreement, third.percent_agreement));
        // Pooled: the two active themes' 36 units stacked; they disagree on 4 + 5 of them.
        assert_eq!(result.overall.char_level.pooled.percent_agreement, Some(27.0 / 36.0));
        let mean_u_alpha = halfway(result.themes[0].u_alpha, result.themes[2].u_alpha);
        assert_eq!(result.overall.u_alpha_macro_mean, mean_u_alpha);
        assert!(result.overall.u_alpha.is_some());
        assert_eq!(
            result.overall.char_level.pooled_cohen_kappa_pairs.get(1, 0),
            result.overall.char_level.pooled.cohen_kappa_mean
        );
    }
}
