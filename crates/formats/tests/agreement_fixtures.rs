//! The fixtures of the browser test of agreement, and the reference vector they come from.
//!
//! The vector `communique_three_coders` (in `crates/agreement/tests/fixtures/agreement/`) is
//! three coders' work on the opening of the communiqué: the first [`EXCERPT_BLOCKS`] blocks of
//! `content/communique.md` as the app reads them. Its text must be the plain text the app makes
//! of those blocks, so this test writes it to [`EXCERPT_TEXT`], which
//! `scripts/agreement_vectors.py` reads, and fails when the two differ. From the vector, it
//! writes one project file per coder in `e2e/fixtures/agreement/` (the document, that coder,
//! the vector's themes and that coder's annotations, with fixed ids and stamps), and fails when
//! the committed files are not what it would write. Opened together in the app, those files must
//! give the vector's figures: this test reads them, merges them and checks that natively.
//!
//! To write the fixtures again (after a change to the communiqué, the vector or the project
//! file), from the repository root:
//! ```text
//! UPDATE_FIXTURES=1 cargo test -p annotator-formats --test agreement_fixtures
//! /work/main/.venv/bin/python scripts/agreement_vectors.py     # or any venv the script's header sets up
//! UPDATE_FIXTURES=1 cargo test -p annotator-formats --test agreement_fixtures
//! ```
//! (the first run writes the text, the script the vector, the second run the project files).

mod vectors;

use annotator_agreement::{agreement, default_comparison};
use annotator_core::document::markdown_sources;
use annotator_core::theme::starter_codebook;
use annotator_core::{merge, Annotation, AnnotationId, Coder, CoderId, Document, Project, Span, Stamp, ThemeId};
use annotator_core::{Theme, Timestamp};
use annotator_formats::{agreement_report, project_file};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use uuid::Uuid;
use vectors::{vector_named, ReportChecker, Vector};

/// The vector the browser test shows.
const VECTOR: &str = "communique_three_coders";

/// How many blocks of the communiqué the excerpt takes: the title, the link, "From: …", the
/// "Statement" heading, the date line and three paragraphs (the third joined across the page
/// break at "to raise / revenue").
const EXCERPT_BLOCKS: usize = 8;

/// The excerpt's plain text, for the script (relative to the repository).
const EXCERPT_TEXT: &str = "crates/agreement/tests/fixtures/texts/communique_three_coders.txt";

/// Where the browser test's project files go (relative to the repository).
const FIXTURE_FOLDER: &str = "e2e/fixtures/agreement";

/// The excerpt's id and title in the project files.
const DOCUMENT_ID: &str = "communique-opening";
const DOCUMENT_TITLE: &str = "The communiqué's opening";

/// The coders, by their keys in the vector: fixed ids, as a browser keeps one per person.
const CODER_IDS: [(&str, u128); 3] = [
    ("amira", 0x2f0c_6a51_3b7e_4d0a_9c1e_a311_0000_0a01),
    ("ben", 0x2f0c_6a51_3b7e_4d0a_9c1e_a311_0000_0b02),
    ("chloe", 0x2f0c_6a51_3b7e_4d0a_9c1e_a311_0000_0c03),
];

/// The ids of the annotations: made from the vector's name, the coder and the passage.
const ANNOTATION_NAMESPACE: Uuid = Uuid::from_u128(0x7d3a_91c4_52e8_4f6b_8a0d_e2f1_93b4_c6a7);

/// When the coders started (2026-12-01T10:00:00Z); each annotation is a minute after the last.
const STARTED_AT: i64 = 1_796_119_200_000;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_FIXTURES").is_some_and(|value| value == "1")
}

/// Checks that the file at `relative` (to the repository) holds `expected`, or writes it there
/// when `UPDATE_FIXTURES=1`.
fn check_or_write(relative: &str, expected: &str) {
    let path = repository().join(relative);
    if updating() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the fixture folder can be made");
        std::fs::write(&path, expected).unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{relative} is not what this test writes; run `UPDATE_FIXTURES=1 cargo test -p annotator-formats --test \
         agreement_fixtures` (see this test's header) and commit the result"
    );
}

/// The opening of the communiqué, as the app reads it.
fn excerpt() -> Document {
    let path = repository().join("content/communique.md");
    let markdown = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let (_, blocks) = markdown_sources(DOCUMENT_TITLE, &markdown);
    Document::from_sources(DOCUMENT_ID, DOCUMENT_TITLE.to_owned(), blocks.into_iter().take(EXCERPT_BLOCKS).collect())
}

/// The vector, checked to be on the excerpt's text.
fn vector_on(excerpt: &Document) -> Vector {
    let vector = vector_named(VECTOR);
    assert!(
        vector.text == excerpt.text(),
        "the vector {VECTOR} is not on the excerpt's text: run the first command of this test's header, then \
         scripts/agreement_vectors.py"
    );
    vector
}

fn coder_id(key: &str) -> CoderId {
    let (_, id) = CODER_IDS.iter().find(|(known, _)| *known == key).unwrap_or_else(|| panic!("no id for {key}"));
    CoderId(Uuid::from_u128(*id))
}

/// The vector's themes: those of the starter codebook it names, as the app holds them.
fn themes_of(vector: &Vector) -> Vec<Theme> {
    let starters = starter_codebook(Stamp::default());
    vector
        .theme_names
        .iter()
        .map(|name| {
            let theme = starters.iter().find(|theme| theme.name == *name);
            theme.unwrap_or_else(|| panic!("{name:?} is not a theme of the starter codebook")).clone()
        })
        .collect()
}

/// One project file per coder: file name (relative to the repository) and contents.
fn coders_files(excerpt: &Document, vector: &Vector) -> Vec<(String, String)> {
    let themes = themes_of(vector);
    let mut files = Vec::new();
    for (place, (key, name)) in vector.coders.iter().zip(&vector.coder_names).enumerate() {
        let id = coder_id(key);
        let started = Stamp::new(Timestamp(STARTED_AT), id);
        let coder = Coder {
            id,
            name: name.clone(),
            colour: annotator_core::coder::CODER_PALETTE[place].to_owned(),
            stamp: started,
        };
        // One highlight per passage, with every theme the coder gave it, in the vector's order.
        let mut passages: Vec<(Span, Vec<ThemeId>)> = Vec::new();
        for (theme, spans_by_coder) in themes.iter().zip(&vector.spans) {
            for span in &spans_by_coder[place] {
                match passages.iter_mut().find(|(passage, _)| passage == span) {
                    Some((_, theme_ids)) => theme_ids.push(theme.id),
                    None => passages.push((*span, vec![theme.id])),
                }
            }
        }
        let annotations = passages.iter().zip(1..).map(|((span, theme_ids), minute): (&(Span, Vec<ThemeId>), i64)| {
            let annotation_id = Uuid::new_v5(
                &ANNOTATION_NAMESPACE,
                format!("{VECTOR}/{key}/{}-{}", span.start(), span.end()).as_bytes(),
            );
            let stamp = Stamp::new(Timestamp(STARTED_AT + minute * 60_000), id);
            Annotation::new(AnnotationId(annotation_id), DOCUMENT_ID, *span, excerpt.describe(*span), theme_ids, stamp)
        });
        let project =
            Project::from_parts(vec![Rc::new(excerpt.clone())], vec![coder], themes.clone(), annotations.collect());
        files.push((format!("{FIXTURE_FOLDER}/{key}.json"), project_file::write(&project)));
    }
    files
}

#[test]
fn the_excerpt_text_is_the_plain_text_the_app_makes_of_the_communiques_opening() {
    let excerpt = excerpt();
    // Blocks are joined by a blank line, and the paragraph broken by a page break is one.
    assert_eq!(excerpt.blocks().len(), EXCERPT_BLOCKS);
    let text = excerpt.text();
    assert!(
        text.starts_with("Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS\n\ncanada.ca/"),
        "{text}"
    );
    assert!(text.contains("\n\nFrom: Global Affairs Canada\n\nStatement\n\nJune 28, 2021 - Ottawa"), "{text}");
    assert!(text.contains("curbing its ability to raise revenue, enhancing"), "{text}");
    assert!(text.ends_with("exploit social media online."), "{text}");
    check_or_write(EXCERPT_TEXT, text);
}

#[test]
fn the_browser_fixtures_are_the_vectors_coders_files() {
    let excerpt = excerpt();
    let vector = vector_on(&excerpt);
    let files = coders_files(&excerpt, &vector);
    assert_eq!(files.len(), 3);
    for (relative, contents) in &files {
        check_or_write(relative, contents);
    }
    // Nothing else lies in the folder, so the browser test opens exactly these.
    let folder = repository().join(FIXTURE_FOLDER);
    let mut found: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| format!("{FIXTURE_FOLDER}/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    found.sort();
    let mut expected: Vec<String> = files.into_iter().map(|(relative, _)| relative).collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn the_coders_files_opened_together_give_the_vectors_figures() {
    let excerpt = excerpt();
    let vector = vector_on(&excerpt);
    // While the files are written again, the test reads what is being written (the tests run
    // at once, so the folder may not hold it yet).
    let written = coders_files(&excerpt, &vector);
    let mut merged: Option<Project> = None;
    for (relative, contents) in &written {
        let text = if updating() {
            contents.clone()
        } else {
            std::fs::read_to_string(repository().join(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
        };
        let (project, report) = project_file::read(&text, &[]).unwrap_or_else(|error| panic!("{relative}: {error}"));
        assert_eq!((report.orphans, report.moved), (0, 0), "{relative}: every passage is where it was made");
        match merged.as_mut() {
            None => merged = Some(project),
            Some(merged) => {
                merge(merged, &project);
            }
        }
    }
    let merged = merged.expect("the vector has coders");
    let coder_ids: Vec<CoderId> = vector.coders.iter().map(|key| coder_id(key)).collect();
    let theme_ids: Vec<ThemeId> = themes_of(&vector).iter().map(|theme| theme.id).collect();
    assert_eq!(merged.documents().len(), 1, "one document in the three files");
    assert_eq!(merged.document(DOCUMENT_ID).map(|document| document.text()), Some(vector.text.as_str()));
    // What the app compares by default is what the vector compares.
    assert_eq!(default_comparison(&merged, DOCUMENT_ID), (coder_ids.clone(), theme_ids.clone()));

    let report = agreement(&merged, DOCUMENT_ID, &coder_ids, &theme_ids).unwrap();
    let written: Value = serde_json::from_str(&agreement_report::json(&merged, &report)).unwrap();
    let mut checker = ReportChecker::default();
    checker.check_report(&vector, &written, DOCUMENT_ID, &coder_ids, &theme_ids);
    assert!(checker.figures_checked > 50, "only {} figures checked", checker.figures_checked);
    assert!(checker.failures.is_empty(), "{} mismatches:\n{}", checker.failures.len(), checker.failures.join("\n"));
}
