//! The agreement report written for every reference vector: each vector becomes a project (a
//! document of its text, its coders, its themes, one annotation per span), the report computed on
//! it is written as JSON and as CSV, and what is read back must be the vector's figures to 1e-9
//! (`null`, or an empty cell, where the vector has null; alpha_U against its DKPro port).

mod vectors;

use annotator_agreement::{agreement, default_comparison};
use annotator_formats::agreement_report::{self, CSV_HEADER, CSV_OVERALL_ID};
use serde_json::Value;
use vectors::{every_vector, project_of, ReportChecker, FIGURE_NAMES, TOLERANCE};

#[test]
fn the_json_report_of_every_vector_has_the_vectors_figures() {
    let vectors = every_vector();
    assert!(vectors.len() >= 10, "expected the reference vectors, found {}", vectors.len());
    let mut checker = ReportChecker::default();
    for vector in &vectors {
        let (project, coder_ids, theme_ids) = project_of(vector);
        let report = agreement(&project, &vector.name, &coder_ids, &theme_ids)
            .unwrap_or_else(|error| panic!("{}: {error}", vector.name));
        let written = agreement_report::json(&project, &report);
        let read_back: Value =
            serde_json::from_str(&written).unwrap_or_else(|error| panic!("{}: {error}\n{written}", vector.name));
        checker.check_report(vector, &read_back, &vector.name, &coder_ids, &theme_ids);

        // By default, the coders with some span are compared, on every theme, in their order.
        let with_spans: Vec<_> = (0..vector.coders.len())
            .filter(|coder| vector.spans.iter().any(|by_coder| !by_coder[*coder].is_empty()))
            .map(|coder| coder_ids[coder])
            .collect();
        assert_eq!(default_comparison(&project, &vector.name), (with_spans, theme_ids), "{}", vector.name);
    }
    assert!(checker.figures_checked > 700, "only {} figures checked", checker.figures_checked);
    assert!(checker.failures.is_empty(), "{} mismatches:\n{}", checker.failures.len(), checker.failures.join("\n"));
}

/// A CSV cell against a vector's figure: the same number to 1e-9, or empty where it is null.
fn cell_agrees(cell: &str, expected: &Value) -> bool {
    match expected.as_f64() {
        Some(expected) => cell.parse::<f64>().is_ok_and(|value| (value - expected).abs() <= TOLERANCE),
        None => expected.is_null() && cell.is_empty(),
    }
}

#[test]
fn the_csv_report_of_every_vector_has_the_vectors_figures() {
    let mut failures = Vec::new();
    for vector in every_vector() {
        let (project, coder_ids, theme_ids) = project_of(&vector);
        let report = agreement(&project, &vector.name, &coder_ids, &theme_ids).unwrap();
        let written = agreement_report::csv(&project, &report);
        let mut reader = csv::Reader::from_reader(written.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER, "{}", vector.name);
        let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.unwrap()).collect();
        assert_eq!(rows.len(), vector.themes.len() + 1, "{}: a row per theme and the overall row", vector.name);
        let column = |name: &str| CSV_HEADER.iter().position(|header| *header == name).unwrap();
        let mut check = |what: String, cell: &str, expected: &Value| {
            if !cell_agrees(cell, expected) {
                failures.push(format!("{what}: the CSV has {cell:?}, the vector {expected}"));
            }
        };
        let spaced = |name: &str| name.replace('_', " ");
        for ((key, theme_id), row) in vector.themes.iter().zip(&theme_ids).zip(&rows) {
            let wanted = &vector.expected["themes"][key];
            let what = format!("{} {key}", vector.name);
            assert_eq!(&row[0], theme_id.to_string(), "{what}");
            assert_eq!(&row[2], wanted["coders_using"].to_string(), "{what}");
            for name in FIGURE_NAMES {
                check(format!("{what} {name}"), &row[column(&spaced(name))], &wanted["char_level"][name]);
                let without = format!("{} (no whitespace)", spaced(name));
                check(format!("{what} {without}"), &row[column(&without)], &wanted["char_level_non_whitespace"][name]);
            }
            check(format!("{what} u alpha"), &row[column("u alpha")], &wanted["u_alpha_dkpro_port"]);
        }
        let overall = rows.last().unwrap();
        let wanted = &vector.expected["overall"];
        let what = format!("{} overall", vector.name);
        assert_eq!(&overall[0], CSV_OVERALL_ID, "{what}");
        for name in FIGURE_NAMES {
            let (all, without) = (spaced(name), format!("{} (no whitespace)", spaced(name)));
            check(format!("{what} {all}"), &overall[column(&all)], &wanted["char_level"]["macro_mean"][name]);
            let macro_without = &wanted["char_level_non_whitespace"]["macro_mean"][name];
            check(format!("{what} {without}"), &overall[column(&without)], macro_without);
            let pooled = &wanted["char_level"]["pooled"][name];
            check(format!("{what} pooled {all}"), &overall[column(&format!("pooled {all}"))], pooled);
            let pooled_without = &wanted["char_level_non_whitespace"]["pooled"][name];
            check(format!("{what} pooled {without}"), &overall[column(&format!("pooled {without}"))], pooled_without);
        }
        check(format!("{what} u alpha"), &overall[column("u alpha")], &wanted["u_alpha_dkpro_port"]);
        check(
            format!("{what} u alpha mean"),
            &overall[column("u alpha mean")],
            &wanted["u_alpha_macro_mean_dkpro_port"],
        );
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
