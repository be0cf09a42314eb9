//! The REFI-QDA exports are valid against the QDA-XML schemas, checked by `xmllint --schema`
//! (Debian's libxml2-utils, which `make test` installs).

use annotator_core::theme::starter_codebook;
use annotator_core::{
    apply, AnnotationId, CoderId, Command, Document, Operation, Origin, Project, Span, Stamp, Timestamp,
};
use annotator_formats::refi;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use uuid::Uuid;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi-qda")
}

/// Runs xmllint on `xml` against `schema`; returns its verdict.
fn validate(xml: &str, schema: &Path, name: &str) -> Result<(), String> {
    let file = std::env::temp_dir().join(format!("refi-{}-{name}", std::process::id()));
    std::fs::write(&file, xml).unwrap();
    let output = Process::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(&file)
        .output()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    let _ = std::fs::remove_file(&file);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn sample() -> (Document, Project) {
    let document = Document::from_markdown(
        "doc",
        "Statement & <notes>",
        "# Statement\n\nAlpha \"beta\" 😀 gamma.\n\nDelta داعش epsilon.",
    );
    let ana = CoderId(Uuid::from_u128(0xa11a));
    let bo = CoderId(Uuid::from_u128(0xb0b0));
    let mut project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(1_600_000_000_000), ana)));
    let themes: Vec<_> = project.themes().take(3).map(|theme| theme.id).collect();
    let id = |n| AnnotationId(Uuid::from_u128(n));
    for (coder, at, operation) in [
        (ana, 1_600_000_000_000, Operation::SetCoder { name: "ana".into(), colour: "#1f77b4".into() }),
        (bo, 1_600_000_000_000, Operation::SetCoder { name: "bo & <co>".into(), colour: "#d62728".into() }),
        (
            ana,
            1_700_000_000_000,
            Operation::CreateAnnotation { id: id(1), span: Span::between(19, 26), theme_ids: themes[..2].to_vec() },
        ),
        (
            ana,
            1_700_000_000_000,
            Operation::SetAnnotationNote { annotation_id: id(1), note: "A <note> & \"more\"".into() },
        ),
        (
            bo,
            1_700_000_100_000,
            Operation::CreateAnnotation { id: id(2), span: Span::between(41, 45), theme_ids: vec![] },
        ),
        // Another coder's coding on Ana's highlight: a second user, named by the coding.
        (bo, 1_700_000_200_000, Operation::AddAnnotationTheme { annotation_id: id(1), theme_id: themes[2] }),
    ] {
        let command = Command { document_id: "doc".into(), stamp: Stamp::new(Timestamp(at), coder), operation };
        apply(&mut project, command, Origin::Local).unwrap();
    }
    (document, project)
}

#[test]
fn the_codebook_is_valid_qda_xml() {
    let (_, project) = sample();
    validate(&refi::write_codebook(&project), &fixtures().join("Codebook.xsd"), "codebook.qdc").unwrap();
}

#[test]
fn the_project_is_valid_qda_xml_with_its_source() {
    let (document, project) = sample();
    let bytes = refi::write_project(&project, &document).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut qde = String::new();
    archive.by_name("project.qde").unwrap().read_to_string(&mut qde).unwrap();
    validate(&qde, &fixtures().join("Project-mrt2019.xsd"), "project.qde").unwrap();
    assert_eq!(qde.matches("<User ").count(), 2, "both coders are users: {qde}");
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let source = names
        .iter()
        .find(|name| name.starts_with("Sources/") && name.ends_with(".txt"))
        .expect("the text is in Sources/");
    let mut text = String::new();
    archive.by_name(source).unwrap().read_to_string(&mut text).unwrap();
    assert_eq!(text, document.text());
    assert!(qde.contains(&format!("plainTextPath=\"internal://{}\"", source.trim_start_matches("Sources/"))));
}

#[test]
fn the_schemas_catch_a_broken_file() {
    let broken = "<?xml version=\"1.0\"?><Project xmlns=\"urn:QDA-XML:project:1.0\"><CodeBook><Codes><Code name=\"no guid\" isCodable=\"true\"/></Codes></CodeBook></Project>";
    let verdict = validate(broken, &fixtures().join("Project-mrt2019.xsd"), "broken.qde");
    assert!(verdict.is_err_and(|message| message.contains("guid")), "a code without a guid is refused");
}
