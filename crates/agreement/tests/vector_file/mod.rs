//! Reading the agreement reference vectors (`crates/agreement/tests/fixtures/agreement/`, written
//! by `scripts/agreement_vectors.py`): shared by the tests of `annotator-agreement` (the figures)
//! and of `annotator-formats` (the reports), which include this file.

// Each test that includes this file uses its own part of it.
#![allow(dead_code)]

use annotator_core::Span;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every figure is compared to this.
pub const TOLERANCE: f64 = 1e-9;

/// The four coding figures, as the report and the vectors name them.
pub const FIGURE_NAMES: [&str; 4] = ["alpha_nominal", "fleiss_kappa", "cohen_kappa_mean", "percent_agreement"];

/// The folder of the vectors.
pub fn vector_folder() -> PathBuf {
    // Both crates that read the vectors sit beside each other in `crates/`.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreement/tests/fixtures/agreement")
}

/// One vector: its inputs and its expected figures.
pub struct Vector {
    /// Its name (and its file's).
    pub name: String,
    /// The text the spans point into.
    pub text: String,
    /// The coders' keys, in order.
    pub coders: Vec<String>,
    /// The themes' keys, in order.
    pub themes: Vec<String>,
    /// `spans[theme][coder]`, in the orders above.
    pub spans: Vec<Vec<Vec<Span>>>,
    /// The names to show for the coders, in order (their keys where the vector gives none).
    pub coder_names: Vec<String>,
    /// The themes' names, in order (their keys where the vector gives none).
    pub theme_names: Vec<String>,
    /// What the Python references computed.
    pub expected: Value,
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().expect("a list").iter().map(|item| item.as_str().expect("a string").to_owned()).collect()
}

/// The names a vector gives its coders or themes (in `names`, an optional map from key to name).
fn names_of(keys: &[String], names: &Value) -> Vec<String> {
    keys.iter().map(|key| names[key].as_str().unwrap_or(key).to_owned()).collect()
}

/// Reads a vector file.
pub fn read_vector(path: &Path) -> Vector {
    let source =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let json: Value = serde_json::from_str(&source).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let (coders, themes) = (strings(&json["coders"]), strings(&json["themes"]));
    let spans = themes
        .iter()
        .map(|theme| {
            coders
                .iter()
                .map(|coder| {
                    let pairs = json["spans"][theme][coder].as_array().expect("spans for every theme and coder");
                    pairs
                        .iter()
                        .map(|pair| {
                            let offset = |index: usize| pair[index].as_u64().expect("an offset") as usize;
                            Span::new(offset(0), offset(1)).expect("a span that starts before it ends")
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    Vector {
        name: json["name"].as_str().expect("a name").to_owned(),
        text: json["text"].as_str().expect("a text").to_owned(),
        coder_names: names_of(&coders, &json["coder_names"]),
        theme_names: names_of(&themes, &json["theme_names"]),
        coders,
        themes,
        spans,
        expected: json["expected"].clone(),
    }
}

/// Every vector, in the order of their file names.
pub fn every_vector() -> Vec<Vector> {
    let folder = vector_folder();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "json"))
        .collect();
    files.sort();
    files.iter().map(|path| read_vector(path)).collect()
}

/// The vector called `name`.
pub fn vector_named(name: &str) -> Vector {
    read_vector(&vector_folder().join(format!("{name}.json")))
}
