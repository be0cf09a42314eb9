//! The agreement reference vectors (`crates/agreement/tests/fixtures/agreement/`, written by
//! `scripts/agreement_vectors.py`) as projects, and a check of an agreement report's JSON
//! against a vector's expected figures. Shared by the tests of this folder.

// Each test file of the folder uses its own part of this module.
#![allow(dead_code)]

#[path = "../../../agreement/tests/vector_file/mod.rs"]
mod vector_file;
pub use vector_file::*;

use annotator_core::{Annotation, AnnotationId, Coder, CoderId, Document, Project, Stamp, Theme, ThemeId, Timestamp};
use serde_json::Value;
use std::rc::Rc;
use uuid::Uuid;

/// The ids the projects made of vectors give to coders, themes and annotations.
const VECTOR_NAMESPACE: Uuid = Uuid::from_u128(0x5e1f_0a9e_7e57_4c0d_9a11_0000_7ec7_0a55);

/// The id of a vector's coder, theme or annotation, from the vector's name and what it is.
pub fn vector_uuid(vector: &Vector, what: &str) -> Uuid {
    Uuid::new_v5(&VECTOR_NAMESPACE, format!("{}/{what}", vector.name).as_bytes())
}

/// A project of the vector: one document whose plain text is exactly the vector's text (named
/// after the vector), one coder per vector coder, one theme per vector theme (in the vector's
/// order, which is codebook order), and one annotation per span. Gives the project and the ids
/// of the coders and themes, in the vector's order.
pub fn project_of(vector: &Vector) -> (Project, Vec<CoderId>, Vec<ThemeId>) {
    let document = Document::flat(&vector.name, &vector.name, "", &vector.text);
    let at = Timestamp(1_796_119_200_000);
    let coder_ids: Vec<CoderId> =
        vector.coders.iter().map(|key| CoderId(vector_uuid(vector, &format!("coder/{key}")))).collect();
    let theme_ids: Vec<ThemeId> =
        vector.themes.iter().map(|key| ThemeId(vector_uuid(vector, &format!("theme/{key}")))).collect();
    let coders = coder_ids
        .iter()
        .zip(&vector.coder_names)
        .map(|(id, name)| Coder {
            id: *id,
            name: name.clone(),
            colour: annotator_core::coder::colour_for(*id).to_owned(),
            stamp: Stamp::new(at, *id),
        })
        .collect();
    let themes = theme_ids
        .iter()
        .zip(&vector.theme_names)
        .zip(0..)
        .map(|((id, name), rank)| Theme::new(*id, name, "#0f7b6c", "", rank, Stamp::new(at, coder_ids[0])))
        .collect();
    let mut annotations = Vec::new();
    for (theme, spans_by_coder) in vector.spans.iter().enumerate() {
        for (coder, spans) in spans_by_coder.iter().enumerate() {
            for (place, span) in spans.iter().enumerate() {
                let id = AnnotationId(vector_uuid(vector, &format!("annotation/{theme}/{coder}/{place}")));
                let stamp = Stamp::new(at, coder_ids[coder]);
                let quote = document.describe(*span);
                annotations.push(Annotation::new(id, document.id(), *span, quote, &[theme_ids[theme]], stamp));
            }
        }
    }
    let project = Project::from_parts(vec![Rc::new(document)], coders, themes, annotations);
    (project, coder_ids, theme_ids)
}

/// Collects every way an agreement report's JSON differs from a vector, so one run shows them all.
#[derive(Default)]
pub struct ReportChecker {
    /// What differs.
    pub failures: Vec<String>,
    /// How many figures were compared.
    pub figures_checked: usize,
}

impl ReportChecker {
    fn check(&mut self, what: &str, actual: &Value, expected: &Value) {
        self.figures_checked += 1;
        let agrees = match (actual.as_f64(), expected.as_f64()) {
            (Some(actual), Some(expected)) => (actual - expected).abs() <= TOLERANCE,
            // The vectors write undefined figures as null (a NaN cannot be JSON).
            _ => actual.is_null() && expected.is_null(),
        };
        if !agrees {
            self.failures.push(format!("{what}: the report has {actual}, the vector {expected}"));
        }
    }

    fn check_four(&mut self, what: &str, actual: &Value, expected: &Value) {
        if actual.as_object().map(|figures| figures.len()) != Some(FIGURE_NAMES.len()) {
            self.failures.push(format!("{what}: not the four figures but {actual}"));
        }
        for name in FIGURE_NAMES {
            self.check(&format!("{what}.{name}"), &actual[name], &expected[name]);
        }
    }

    fn check_same(&mut self, what: &str, actual: &Value, expected: &Value) {
        if actual != expected {
            self.failures.push(format!("{what}: the report has {actual}, the vector {expected}"));
        }
    }

    /// Compares the report (`report`, the JSON read back) on the document `document_id` with
    /// `vector`, whose coders and themes have the ids given, in the vector's order.
    pub fn check_report(
        &mut self,
        vector: &Vector,
        report: &Value,
        document_id: &str,
        coder_ids: &[CoderId],
        theme_ids: &[ThemeId],
    ) {
        let name = &vector.name;
        self.check_same(&format!("{name} document"), &report["document"], &Value::from(document_id));
        let coders: Vec<Value> = coder_ids
            .iter()
            .zip(&vector.coder_names)
            .map(|(id, coder_name)| serde_json::json!({ "id": id.to_string(), "name": coder_name }))
            .collect();
        self.check_same(&format!("{name} coders"), &report["coders"], &Value::Array(coders));
        let themes = report["themes"].as_array().cloned().unwrap_or_default();
        if themes.len() != vector.themes.len() {
            self.failures.push(format!("{name}: {} themes, the vector has {}", themes.len(), vector.themes.len()));
        }
        for (((key, theme_name), theme_id), actual) in
            vector.themes.iter().zip(&vector.theme_names).zip(theme_ids).zip(&themes)
        {
            let what = format!("{name} {key}");
            let wanted = &vector.expected["themes"][key];
            self.check_same(&format!("{what} id"), &actual["id"], &Value::from(theme_id.to_string()));
            self.check_same(&format!("{what} name"), &actual["name"], &Value::from(theme_name.as_str()));
            for level in ["char_level", "char_level_non_whitespace"] {
                self.check_four(&format!("{what} {level}"), &actual[level], &wanted[level]);
            }
            self.check(&format!("{what} u_alpha"), &actual["u_alpha"], &wanted["u_alpha_dkpro_port"]);
            for count in ["units", "units_non_whitespace", "coders_using"] {
                self.check_same(&format!("{what} {count}"), &actual[count], &wanted[count]);
            }
            let actual_pairs = actual["cohen_kappa_pairs"].as_array().cloned().unwrap_or_default();
            let wanted_pairs = wanted["cohen_kappa_pairs"].as_array().cloned().unwrap_or_default();
            if actual_pairs.len() != wanted_pairs.len() {
                self.failures.push(format!(
                    "{what}: {} pairs, the vector has {}",
                    actual_pairs.len(),
                    wanted_pairs.len()
                ));
            }
            for (pair, wanted_pair) in actual_pairs.iter().zip(&wanted_pairs) {
                // Each pair is [first coder's place, second coder's place, kappa].
                let places = |pair: &Value| Value::from(vec![pair[0].clone(), pair[1].clone()]);
                self.check_same(&format!("{what} cohen_kappa_pairs places"), &places(pair), &places(wanted_pair));
                self.check(&format!("{what} cohen_kappa_pairs {pair}"), &pair[2], &wanted_pair[2]);
            }
        }
        let (actual, wanted) = (&report["overall"], &vector.expected["overall"]);
        for level in ["char_level", "char_level_non_whitespace"] {
            for kind in ["macro_mean", "pooled"] {
                self.check_four(&format!("{name} overall {level} {kind}"), &actual[level][kind], &wanted[level][kind]);
            }
        }
        self.check(&format!("{name} overall u_alpha"), &actual["u_alpha"], &wanted["u_alpha_dkpro_port"]);
        let macro_mean = &wanted["u_alpha_macro_mean_dkpro_port"];
        self.check(&format!("{name} overall u_alpha_macro_mean"), &actual["u_alpha_macro_mean"], macro_mean);
    }
}
