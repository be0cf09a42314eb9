//! Every example of the W3C Web Annotation test suite: each correct one imports (with a report of
//! what this app cannot show), each incorrect one is refused with a message naming the problem.

use annotator_core::theme::starter_codebook;
use annotator_core::{coder, Document, Project, Stamp, Timestamp};
use annotator_formats::{w3c, FileError};
use std::path::PathBuf;

fn examples(kind: &str) -> Vec<(String, String)> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/w3c-anno-examples").join(kind);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap()))
        .collect();
    files.sort();
    files
}

fn fixture() -> (Document, Project) {
    let document =
        Document::from_markdown("page1", "Page", "Some text to annotate.").with_source("http://example.org/page1");
    let project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(0), coder::id_for_name("me"))));
    (document, project)
}

#[test]
fn every_correct_example_imports_with_a_report() {
    let (document, project) = fixture();
    let files = examples("correct");
    assert_eq!(files.len(), 44);
    for (name, text) in files {
        let import =
            w3c::read(&text, &project, &document, Timestamp(0)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let total = import.report.annotations + import.report.skipped.len();
        assert!(total >= 1, "{name} reports nothing");
        assert!(!import.report.summary().is_empty());
    }
}

#[test]
fn every_incorrect_example_is_refused_with_its_problem_named() {
    let (document, project) = fixture();
    let files = examples("incorrect");
    assert_eq!(files.len(), 40);
    for (name, text) in files {
        match w3c::read(&text, &project, &document, Timestamp(0)) {
            Ok(import) => panic!("{name} was accepted: {}", import.report.summary()),
            Err(error @ (FileError::NotJson { .. } | FileError::NotAnnotations(_))) => {
                let message = error.to_string();
                assert!(message.len() > 40, "{name}: {message}");
                println!("{name}: {message}");
            }
            Err(other) => panic!("{name}: unexpected {other:?}"),
        }
    }
}

/// Most incorrect examples also carry a list of ids or a trailing comma; with those mended, each
/// must still be refused for the problem its label names.
#[test]
fn every_incorrect_example_is_refused_for_its_own_problem_too() {
    let (document, project) = fixture();
    for (name, text) in examples("incorrect") {
        let mended_commas = text.replace(",\n}", "\n}").replace(",\n  }", "\n  }").replace("langauage", "language");
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&mended_commas) else { continue };
        let Some(fields) = value.as_object_mut() else { continue };
        let label = fields.get("label").and_then(|label| label.as_str()).unwrap_or_default().to_owned();
        if fields.get("id").is_some_and(serde_json::Value::is_array) && label != "multiple identifiers" {
            fields.insert("id".into(), "http://example.org/1".into());
        }
        let result = w3c::read(&value.to_string(), &project, &document, Timestamp(0));
        let message = match result {
            Ok(import) => panic!("{name} ({label}) was accepted once mended: {}", import.report.summary()),
            Err(error) => error.to_string(),
        };
        println!("{name} ({label}): {message}");
    }
}
