//! The agreement report: how far coders agree on a document, per theme and overall, as a JSON
//! file for programs (and the browser tests) and a CSV table for spreadsheets. The figures are
//! those of [`annotator_agreement::agreement`]; see that crate for what each one means. An
//! undefined figure (its expected disagreement is zero) is `null` in the JSON and an empty cell
//! in the CSV.
//!
//! The JSON, pretty-printed:
//! ```text
//! { "document": "<document id>",
//!   "coders": [ { "id": "<uuid>", "name": "<display name>" } ],
//!   "themes": [ { "id": "<uuid>", "name": "…",
//!       "char_level":                { "alpha_nominal": x, "fleiss_kappa": x, "cohen_kappa_mean": x, "percent_agreement": x },
//!       "char_level_non_whitespace": { the same four },
//!       "u_alpha": x,
//!       "units": n, "units_non_whitespace": n, "coders_using": n,
//!       "cohen_kappa_pairs": [ [0, 1, x], [0, 2, x], … ] } ],
//!   "overall": { "char_level": { "macro_mean": { the same four }, "pooled": { the same four } },
//!                "char_level_non_whitespace": { "macro_mean": { … }, "pooled": { … } },
//!                "u_alpha": x, "u_alpha_macro_mean": x } }
//! ```
//! `cohen_kappa_pairs` gives Cohen's kappa over all code points for each pair of coders, by their
//! places (from 0) in `coders`, the first place smaller than the second.
//!
//! The CSV ([`CSV_HEADER`]) has one row per theme, in the report's order, then one row for all
//! active themes, whose `theme id` is `overall`:
//! - `theme id`, `theme name`, `coders using` (how many compared coders used the theme; empty on
//!   the overall row);
//! - `alpha nominal`, `fleiss kappa`, `cohen kappa mean`, `percent agreement`: over all code
//!   points; on the overall row, their means over the active themes (the macro means);
//! - the same four with `(no whitespace)`: over the code points that are not whitespace;
//! - `u alpha`: Krippendorff's unitizing alpha; on the overall row, DKPro's overall figure;
//! - `pooled …`, the eight figures again, pooled over the active themes' units: only on the
//!   overall row (empty on theme rows);
//! - `u alpha mean`: the mean of the themes' unitizing alpha, only on the overall row.
//!
//! Numbers are written in full precision (the shortest decimal that reads back as the same
//! double). A theme name that a spreadsheet would take for a formula is written with a leading
//! `'`, as in the annotations' CSV.

use crate::csv::neutralise;
use annotator_agreement::{AgreementReport, CoderPairs, Figures, OverallFigures};
use annotator_core::Project;
use serde::Serialize;

#[derive(Serialize)]
struct ReportOut {
    document: String,
    coders: Vec<CoderOut>,
    themes: Vec<ThemeOut>,
    overall: OverallOut,
}

#[derive(Serialize)]
struct CoderOut {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct FiguresOut {
    alpha_nominal: Option<f64>,
    fleiss_kappa: Option<f64>,
    cohen_kappa_mean: Option<f64>,
    percent_agreement: Option<f64>,
}

impl From<&Figures> for FiguresOut {
    fn from(figures: &Figures) -> FiguresOut {
        FiguresOut {
            alpha_nominal: figures.alpha_nominal,
            fleiss_kappa: figures.fleiss_kappa,
            cohen_kappa_mean: figures.cohen_kappa_mean,
            percent_agreement: figures.percent_agreement,
        }
    }
}

/// One pair of coders' figure: `[first place, second place, figure]`.
#[derive(Serialize)]
struct PairOut(usize, usize, Option<f64>);

#[derive(Serialize)]
struct ThemeOut {
    id: String,
    name: String,
    char_level: FiguresOut,
    char_level_non_whitespace: FiguresOut,
    u_alpha: Option<f64>,
    units: usize,
    units_non_whitespace: usize,
    coders_using: usize,
    cohen_kappa_pairs: Vec<PairOut>,
}

#[derive(Serialize)]
struct OverallFiguresOut {
    macro_mean: FiguresOut,
    pooled: FiguresOut,
}

impl From<&OverallFigures> for OverallFiguresOut {
    fn from(figures: &OverallFigures) -> OverallFiguresOut {
        OverallFiguresOut { macro_mean: (&figures.macro_mean).into(), pooled: (&figures.pooled).into() }
    }
}

#[derive(Serialize)]
struct OverallOut {
    char_level: OverallFiguresOut,
    char_level_non_whitespace: OverallFiguresOut,
    u_alpha: Option<f64>,
    u_alpha_macro_mean: Option<f64>,
}

fn pairs_out(pairs: &CoderPairs) -> Vec<PairOut> {
    pairs.iter().map(|(first, second, figure)| PairOut(first, second, figure)).collect()
}

/// The name of a theme of the report: the project's name for it, deleted or not; empty for an
/// id the project does not know.
fn theme_name(project: &Project, theme_id: annotator_core::ThemeId) -> String {
    project.theme_record(theme_id).map(|theme| theme.name.clone()).unwrap_or_default()
}

fn report_out(project: &Project, report: &AgreementReport) -> ReportOut {
    let coders =
        report.coders.iter().map(|id| CoderOut { id: id.to_string(), name: project.coder_name(*id) }).collect();
    let themes = report
        .themes
        .iter()
        .map(|theme| {
            let figures = &theme.figures;
            ThemeOut {
                id: theme.theme_id.to_string(),
                name: theme_name(project, theme.theme_id),
                char_level: (&figures.char_level).into(),
                char_level_non_whitespace: (&figures.char_level_non_whitespace).into(),
                u_alpha: figures.u_alpha,
                units: figures.units,
                units_non_whitespace: figures.units_non_whitespace,
                coders_using: figures.coders_using,
                cohen_kappa_pairs: pairs_out(&figures.cohen_kappa_pairs),
            }
        })
        .collect();
    let overall = &report.overall;
    ReportOut {
        document: report.document_id.clone(),
        coders,
        themes,
        overall: OverallOut {
            char_level: (&overall.char_level).into(),
            char_level_non_whitespace: (&overall.char_level_non_whitespace).into(),
            u_alpha: overall.u_alpha,
            u_alpha_macro_mean: overall.u_alpha_macro_mean,
        },
    }
}

/// The report as pretty-printed JSON, coders named by their display names and themes by the
/// project's names.
pub fn json(project: &Project, report: &AgreementReport) -> String {
    // Serialising these plain structs cannot fail: every key is a string, and every figure is
    // finite or `None`.
    serde_json::to_string_pretty(&report_out(project, report)).unwrap_or_default()
}

/// The columns of the CSV report, in order (see the module's documentation).
pub const CSV_HEADER: [&str; 21] = [
    "theme id",
    "theme name",
    "coders using",
    "alpha nominal",
    "fleiss kappa",
    "cohen kappa mean",
    "percent agreement",
    "alpha nominal (no whitespace)",
    "fleiss kappa (no whitespace)",
    "cohen kappa mean (no whitespace)",
    "percent agreement (no whitespace)",
    "u alpha",
    "pooled alpha nominal",
    "pooled fleiss kappa",
    "pooled cohen kappa mean",
    "pooled percent agreement",
    "pooled alpha nominal (no whitespace)",
    "pooled fleiss kappa (no whitespace)",
    "pooled cohen kappa mean (no whitespace)",
    "pooled percent agreement (no whitespace)",
    "u alpha mean",
];

/// What the overall row has in the `theme id` column.
pub const CSV_OVERALL_ID: &str = "overall";

/// A figure's cell: the number in full precision, or empty where it is undefined.
fn cell(figure: Option<f64>) -> String {
    figure.map(|value| value.to_string()).unwrap_or_default()
}

fn figure_cells(figures: &Figures) -> [String; 4] {
    [figures.alpha_nominal, figures.fleiss_kappa, figures.cohen_kappa_mean, figures.percent_agreement].map(cell)
}

/// The report as CSV: a header, one row per theme, one overall row.
pub fn csv(project: &Project, report: &AgreementReport) -> String {
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(report.themes.len() + 1);
    let no_pooled = || std::iter::repeat_n(String::new(), 8);
    for theme in &report.themes {
        let figures = &theme.figures;
        let mut row = vec![
            theme.theme_id.to_string(),
            neutralise(&theme_name(project, theme.theme_id)),
            figures.coders_using.to_string(),
        ];
        row.extend(figure_cells(&figures.char_level));
        row.extend(figure_cells(&figures.char_level_non_whitespace));
        row.push(cell(figures.u_alpha));
        row.extend(no_pooled());
        row.push(String::new());
        rows.push(row);
    }
    let overall = &report.overall;
    let mut row = vec![CSV_OVERALL_ID.to_owned(), "Overall".to_owned(), String::new()];
    row.extend(figure_cells(&overall.char_level.macro_mean));
    row.extend(figure_cells(&overall.char_level_non_whitespace.macro_mean));
    row.push(cell(overall.u_alpha));
    row.extend(figure_cells(&overall.char_level.pooled));
    row.extend(figure_cells(&overall.char_level_non_whitespace.pooled));
    row.push(cell(overall.u_alpha_macro_mean));
    rows.push(row);

    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(CSV_HEADER);
    for row in rows {
        let _ = writer.write_record(row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_agreement::agreement;
    use annotator_core::{Annotation, AnnotationId, Coder, CoderId, Document, Stamp, TextQuote, Theme, ThemeId};
    use annotator_core::{Span, Timestamp};
    use serde_json::{json, Value};
    use std::rc::Rc;
    use uuid::Uuid;

    const AMIRA: CoderId = CoderId(Uuid::from_u128(0xa));
    const BEN: CoderId = CoderId(Uuid::from_u128(0xb));
    const HOPE: ThemeId = ThemeId(Uuid::from_u128(0x100));
    const FEAR: ThemeId = ThemeId(Uuid::from_u128(0x200));
    const FORMULA: ThemeId = ThemeId(Uuid::from_u128(0x300));

    /// "abcd": Amira marks "ab" with Hope, Ben "a"; nobody uses Fear; Ben marks all of "abcd"
    /// with the theme named like a formula, Amira nothing. Ben has no name: he is shown by id.
    fn sample() -> (Project, AgreementReport) {
        let stamp = Stamp::new(Timestamp(1), AMIRA);
        let themes = vec![
            Theme::new(HOPE, "Hope", "#ff0000", "", 0, stamp),
            Theme::new(FEAR, "Fear", "#00ff00", "", 1, stamp),
            Theme::new(FORMULA, "=SUM(A1)", "#0000ff", "", 2, stamp),
        ];
        let coder = |id: CoderId, name: &str| Coder {
            id,
            name: name.to_owned(),
            colour: "#1f77b4".to_owned(),
            stamp: Stamp::new(Timestamp(1), id),
        };
        let annotation = |number: u128, coder: CoderId, end: usize, theme: ThemeId| {
            let stamp = Stamp::new(Timestamp(1), coder);
            let id = AnnotationId(Uuid::from_u128(number));
            Annotation::new(id, "d", Span::between(0, end), TextQuote::default(), &[theme], stamp)
        };
        let project = Project::from_parts(
            vec![Rc::new(Document::from_plain_text("d", "D", "abcd"))],
            vec![coder(AMIRA, "Amira"), coder(BEN, " ")],
            themes,
            vec![annotation(1, AMIRA, 2, HOPE), annotation(2, BEN, 1, HOPE), annotation(3, BEN, 4, FORMULA)],
        );
        let report = agreement(&project, "d", &[AMIRA, BEN], &[HOPE, FEAR, FORMULA]).unwrap();
        (project, report)
    }

    /// A figure read back from the file, against the one expected (serde_json reads a decimal to
    /// the nearest double only with its `float_roundtrip` feature, so a last digit may differ).
    fn close_to(value: &Value, expected: f64) -> bool {
        value.as_f64().is_some_and(|value| (value - expected).abs() < 1e-12)
    }

    // By hand: Hope, Amira 1100 and Ben 1000 over 4 units: 3 of 4 agree; Cohen's kappa
    // (3/4 - 1/2) / (1 - 1/2) = 1/2; Fleiss' kappa, with P_e = (3/8)^2 + (5/8)^2 = 17/32,
    // (3/4 - 17/32) / (15/32) = 7/15; alpha, with D_o = 1/4 and D_e = 2 * 3 * 5 / (8 * 7), 8/15.
    // The formula theme, Amira 0000 and Ben 1111: no unit agrees; Cohen's kappa 0 (p_e = 0),
    // Fleiss' kappa (0 - 1/2) / (1/2) = -1, alpha 1 - 1 / (4/7) = -3/4. Nobody used Fear.

    #[test]
    fn the_json_has_the_documented_shape_with_null_for_undefined_figures() {
        let (project, report) = sample();
        let written = json(&project, &report);
        let value: Value = serde_json::from_str(&written).unwrap();
        assert!(written.contains("\n  \"coders\": ["), "pretty-printed: {written}");
        assert_eq!(value["document"], "d");
        // Ben has no name: he is shown as the app shows him, by the start of his id.
        assert_eq!(
            value["coders"],
            json!([{ "id": AMIRA.to_string(), "name": "Amira" }, { "id": BEN.to_string(), "name": "Coder 0000" }])
        );

        let hope = &value["themes"][0];
        assert_eq!((&hope["id"], &hope["name"]), (&json!(HOPE.to_string()), &json!("Hope")));
        for level in ["char_level", "char_level_non_whitespace"] {
            let figures = &hope[level];
            assert!(close_to(&figures["alpha_nominal"], 8.0 / 15.0), "{level} {figures}");
            assert!(close_to(&figures["fleiss_kappa"], 7.0 / 15.0), "{level} {figures}");
            assert!(close_to(&figures["cohen_kappa_mean"], 0.5), "{level} {figures}");
            assert!(close_to(&figures["percent_agreement"], 0.75), "{level} {figures}");
        }
        assert!(close_to(&hope["u_alpha"], report.themes[0].figures.u_alpha.unwrap()));
        assert_eq!(
            (&hope["units"], &hope["units_non_whitespace"], &hope["coders_using"]),
            (&json!(4), &json!(4), &json!(2))
        );
        assert_eq!(hope["cohen_kappa_pairs"], json!([[0, 1, 0.5]]));

        // Fear, unused: everything but percent agreement is null.
        let fear = &value["themes"][1];
        let only_percent =
            json!({ "alpha_nominal": null, "fleiss_kappa": null, "cohen_kappa_mean": null, "percent_agreement": 1.0 });
        assert_eq!((&fear["char_level"], &fear["char_level_non_whitespace"]), (&only_percent, &only_percent));
        assert_eq!((&fear["u_alpha"], &fear["coders_using"]), (&Value::Null, &json!(0)));
        assert_eq!(fear["cohen_kappa_pairs"], json!([[0, 1, null]]));

        let formula = &value["themes"][2];
        assert_eq!(formula["name"], "=SUM(A1)", "JSON is no spreadsheet: the name is kept as it is");
        assert!(close_to(&formula["char_level"]["alpha_nominal"], -0.75));
        assert_eq!(formula["char_level"]["cohen_kappa_mean"], json!(0.0));
        assert_eq!(formula["char_level"]["fleiss_kappa"], json!(-1.0));

        // Overall: over Hope and the formula theme, the active ones.
        let overall = &value["overall"];
        let macro_mean = &overall["char_level"]["macro_mean"];
        assert!(close_to(&macro_mean["alpha_nominal"], (8.0 / 15.0 - 0.75) / 2.0), "{macro_mean}");
        assert!(close_to(&macro_mean["percent_agreement"], 0.375), "{macro_mean}");
        assert!(close_to(&overall["char_level"]["pooled"]["percent_agreement"], 3.0 / 8.0));
        assert!(close_to(&overall["u_alpha"], report.overall.u_alpha.unwrap()));
        assert!(close_to(&overall["u_alpha_macro_mean"], report.overall.u_alpha_macro_mean.unwrap()));

        // The keys, in the documented order (serde_json's map sorts them: read them from the text).
        let keys_at = |text: &str, indent: usize| -> Vec<String> {
            let prefix = format!("{}\"", " ".repeat(indent));
            let keys = text.lines().filter_map(|line| line.strip_prefix(prefix.as_str()));
            keys.filter_map(|rest| rest.split_once("\":")).map(|(key, _)| key.to_owned()).collect()
        };
        assert_eq!(keys_at(&written, 2), ["document", "coders", "themes", "overall"]);
        let themes_text = &written[written.find("\n  \"themes\"").unwrap()..];
        let first_theme = &themes_text[..themes_text.find("\n    },").unwrap()];
        let theme_keys = [
            "id",
            "name",
            "char_level",
            "char_level_non_whitespace",
            "u_alpha",
            "units",
            "units_non_whitespace",
            "coders_using",
            "cohen_kappa_pairs",
        ];
        assert_eq!(keys_at(first_theme, 6), theme_keys);
        let four = ["alpha_nominal", "fleiss_kappa", "cohen_kappa_mean", "percent_agreement"];
        assert_eq!(keys_at(first_theme, 8), [four, four].concat());
        let overall_text = &written[written.find("\n  \"overall\"").unwrap()..];
        assert_eq!(
            keys_at(overall_text, 4),
            ["char_level", "char_level_non_whitespace", "u_alpha", "u_alpha_macro_mean"]
        );
        assert_eq!(keys_at(overall_text, 6), ["macro_mean", "pooled", "macro_mean", "pooled"]);
        assert_eq!(keys_at(overall_text, 8), [four, four, four, four].concat());
    }

    #[test]
    fn the_csv_has_a_row_per_theme_and_an_overall_row() {
        let (project, report) = sample();
        let written = csv(&project, &report);
        let mut reader = csv::Reader::from_reader(written.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
        let rows: Vec<Vec<String>> =
            reader.records().map(|row| row.unwrap().iter().map(str::to_owned).collect()).collect();
        assert_eq!(rows.len(), 4, "three themes and the overall row: {written}");
        assert!(rows.iter().all(|row| row.len() == CSV_HEADER.len()));
        let number = |cell: &str| cell.parse::<f64>().unwrap_or_else(|_| panic!("{cell:?} is not a number"));
        let close = |cell: &str, expected: f64| (number(cell) - expected).abs() < 1e-12;

        let hope = &rows[0];
        assert_eq!(hope[..3], [HOPE.to_string(), "Hope".into(), "2".into()]);
        for start in [3, 7] {
            let four = &hope[start..start + 4];
            assert!(close(&four[0], 8.0 / 15.0) && close(&four[1], 7.0 / 15.0), "{four:?}");
            assert_eq!(four[2..], ["0.5", "0.75"]);
        }
        assert_eq!(hope[11], report.themes[0].figures.u_alpha.unwrap().to_string());
        assert!(hope[12..].iter().all(String::is_empty), "no pooled figures on a theme's row: {hope:?}");

        let only_percent = ["", "", "", "1"];
        let fear = &rows[1];
        assert_eq!(fear[..3], [FEAR.to_string(), "Fear".into(), "0".into()]);
        assert_eq!(
            (fear[3..7].to_vec(), fear[7..11].to_vec()),
            (only_percent.map(String::from).to_vec(), only_percent.map(String::from).to_vec())
        );
        assert!(fear[11..].iter().all(String::is_empty), "undefined alpha_U is an empty cell: {fear:?}");

        let formula = &rows[2];
        assert_eq!(formula[1], "'=SUM(A1)", "a name a spreadsheet would run is made inert");
        assert_eq!(formula[3..7], ["-0.75", "-1", "0", "0"], "a negative figure is a number, not made inert");

        let overall = &rows[3];
        assert_eq!(overall[..3], [CSV_OVERALL_ID.to_owned(), "Overall".into(), String::new()]);
        assert!(close(&overall[3], (8.0 / 15.0 - 0.75) / 2.0), "the macro mean of alpha: {overall:?}");
        assert!(close(&overall[6], 0.375));
        assert_eq!(overall[11], report.overall.u_alpha.unwrap().to_string(), "DKPro's overall alpha_U");
        let pooled: Vec<String> = [report.overall.char_level.pooled, report.overall.char_level_non_whitespace.pooled]
            .iter()
            .flat_map(figure_cells)
            .collect();
        assert_eq!(overall[12..20], pooled);
        assert_eq!(overall[15], "0.375", "pooled percent agreement: 3 of the 8 stacked units agree");
        assert_eq!(overall[20], report.overall.u_alpha_macro_mean.unwrap().to_string());
    }
}
