//! The code hierarchy through every file format: the project file keeps each theme's parent
//! (and reads files written before it had one), REFI-QDA writes and reads nested `<Code>`s
//! valid against the QDA-XML schemas, and CSV and W3C name a theme by its path
//! ("Parent / Child") and read the path back into the tree.

use annotator_core::hierarchy::Hierarchy;
use annotator_core::theme::starter_codebook;
use annotator_core::{
    apply, merge, AnnotationId, CoderId, Command, Document, Operation, Origin, Project, Span, Stamp, ThemeId, Timestamp,
};
use annotator_formats::import_report::Import;
use annotator_formats::{csv, project_file, refi, w3c};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::rc::Rc;
use uuid::Uuid;

const ANA: CoderId = CoderId(Uuid::from_u128(0xa11a));

fn document() -> Document {
    Document::from_markdown(
        "doc",
        "Statement",
        "# Statement\n\nThe Coalition will keep up military pressure.\n\nIt will support stabilization in Iraq and Syria.",
    )
}

fn run(project: &mut Project, at: i64, operation: Operation) {
    let command = Command { document_id: "doc".into(), stamp: Stamp::new(Timestamp(at), ANA), operation };
    apply(project, command, Origin::Local).unwrap();
}

fn starter(project: &Project, name: &str) -> ThemeId {
    project.theme_named(name, None).unwrap().id
}

/// The starter codebook with "Regions" made above "Iraq", and "Syria" under "Iraq" (a third
/// level), and a highlight on "Syria" and one on "Military action".
fn nested() -> (Document, Project) {
    let document = document();
    let mut project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(1_600_000_000_000), ANA)));
    let regions = ThemeId(Uuid::from_u128(0x7e610));
    let (iraq, syria, military) =
        (starter(&project, "Iraq"), starter(&project, "Syria"), starter(&project, "Military action"));
    let at = 1_700_000_000_000;
    run(
        &mut project,
        at,
        Operation::CreateTheme {
            id: regions,
            name: "Regions".into(),
            colour: "#123456".into(),
            description: "Where".into(),
        },
    );
    run(&mut project, at + 1, Operation::SetThemeParent { theme_id: iraq, parent: Some(regions) });
    run(&mut project, at + 2, Operation::SetThemeParent { theme_id: syria, parent: Some(iraq) });
    let highlight = |n: u128, start, end, theme_ids| Operation::CreateAnnotation {
        id: AnnotationId(Uuid::from_u128(n)),
        span: Span::between(start, end),
        theme_ids,
    };
    run(&mut project, at + 3, highlight(1, 89, 94, vec![syria]));
    run(&mut project, at + 4, highlight(2, 34, 42, vec![military]));
    (document, project)
}

/// The tree as paths, in tree order.
fn paths(project: &Project) -> Vec<String> {
    let hierarchy = Hierarchy::of(project);
    hierarchy.rows().into_iter().map(|(id, _)| hierarchy.path(id)).collect()
}

/// A browser's project before any work: the document and the starter codebook, flat.
fn fresh(document: &Document) -> Project {
    Project::new(document, starter_codebook(Stamp::new(Timestamp(1), CoderId::default())))
}

/// What reading a file into `fresh(document)` gives: the import read against it, merged in.
fn imported_into_fresh(read: impl Fn(&Project) -> Import, document: &Document) -> Project {
    let mut project = fresh(document);
    let import = read(&project);
    let incoming =
        Project::from_parts(vec![Rc::new(document.clone())], import.coders, import.themes, import.annotations);
    merge(&mut project, &incoming);
    project
}

fn validate(xml: &str, schema: &str, name: &str) -> Result<(), String> {
    let schema: PathBuf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi-qda").join(schema);
    let file = std::env::temp_dir().join(format!("hierarchy-{}-{name}", std::process::id()));
    std::fs::write(&file, xml).unwrap();
    let output = Process::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(Path::new(&schema))
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

#[test]
fn the_project_file_keeps_each_parent_and_its_stamp() {
    let (_, project) = nested();
    let written = project_file::write(&project);
    assert!(written.contains("\"parent\""), "the file names the parents");
    let (read, _) = project_file::read(&written, &[]).unwrap();
    assert_eq!(read.all_themes(), project.all_themes(), "every theme, parent and stamp included");
    assert_eq!(
        paths(&read)[..4],
        ["Military action", "Stabilization and recovery", "Counter-messaging and propaganda", "Financing"]
    );
    assert!(paths(&read).contains(&"Regions / Iraq / Syria".to_owned()));
}

#[test]
fn a_project_file_written_before_the_hierarchy_reads_flat() {
    let (_, project) = nested();
    // The same file as an older version wrote it: no parent, no parent stamp.
    let mut file: serde_json::Value = serde_json::from_str(&project_file::write(&project)).unwrap();
    for theme in file["themes"].as_array_mut().unwrap() {
        let theme = theme.as_object_mut().unwrap();
        theme.remove("parent");
        if let Some(edited) = theme.get_mut("edited").and_then(|edited| edited.as_object_mut()) {
            edited.remove("parent");
        }
    }
    let (read, _) = project_file::read(&file.to_string(), &[]).unwrap();
    assert!(Hierarchy::of(&read).is_flat());
    assert_eq!(read.themes().count(), project.themes().count());
}

#[test]
fn refi_codebook_and_project_nest_codes_valid_against_the_schemas_and_read_back() {
    let (document, project) = nested();
    let codebook = refi::write_codebook(&project);
    validate(&codebook, "Codebook.xsd", "nested.qdc").unwrap();
    // Syria's code sits inside Iraq's, inside Regions'.
    let regions = codebook.find("name=\"Regions\"").unwrap();
    let iraq = codebook.find("name=\"Iraq\"").unwrap();
    let syria = codebook.find("name=\"Syria\"").unwrap();
    let closes_after = |from: usize| from + codebook[from..].find("</Code>").unwrap();
    assert!(regions < iraq && iraq < syria && syria < closes_after(iraq), "{codebook}");
    assert!(
        codebook[regions..iraq].contains("<Description>Where</Description>"),
        "the description comes before the children"
    );

    let bytes = refi::write_project(&project, &document).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut qde = String::new();
    archive.by_name("project.qde").unwrap().read_to_string(&mut qde).unwrap();
    validate(&qde, "Project-mrt2019.xsd", "nested.qde").unwrap();

    // Into a fresh browser, whose codebook has Iraq and Syria at the top level: the file nests
    // them, so they move under Regions, as a QDA package imports a codebook.
    let into_flat =
        imported_into_fresh(|fresh| refi::read_project(&bytes, fresh, &document, Timestamp(5)).unwrap(), &document);
    assert!(paths(&into_flat).contains(&"Regions / Iraq / Syria".to_owned()), "{:?}", paths(&into_flat));
    let syria = into_flat.theme_named("Syria", None).unwrap().id;
    assert_eq!(into_flat.annotations().filter(|annotation| annotation.has_theme(syria)).count(), 1);
    // A flat file moves nothing back: the tree stays as it is.
    let flat = refi::write_codebook(&fresh(&document));
    let import = refi::read_codebook_import(&flat, &into_flat, Timestamp(6)).unwrap();
    let mut again = into_flat.clone();
    merge(&mut again, &Project::from_parts(vec![], vec![], import.themes, vec![]));
    assert_eq!(paths(&again), paths(&into_flat));
    // Into an empty project (as opening the file in a fresh browser does): the same tree.
    let themes = refi::read_codebook(&codebook, Timestamp(5)).unwrap();
    let alone = Project::from_parts(vec![Rc::new(document.clone())], vec![], themes, vec![]);
    assert_eq!(paths(&alone), paths(&project));
    let regions_description = alone.theme_named("Regions", None).unwrap().description.clone();
    assert_eq!(regions_description, "Where", "a parent's description is its own, not a child's");
}

#[test]
fn csv_and_w3c_name_themes_by_path_and_read_the_path_back() {
    let (document, project) = nested();
    let table = csv::write(&project, &document, csv::ByteOrderMark::Without);
    assert!(table.contains(",Regions / Iraq / Syria,"), "{table}");
    let collection = w3c::write_collection(&project, &document);
    assert!(collection.contains("\"value\": \"Regions / Iraq / Syria\""), "{collection}");

    // Into a fresh browser: the path makes "Regions" and puts the starter Iraq and Syria under it.
    let from_csv = imported_into_fresh(|fresh| csv::read(&table, fresh, &document, Timestamp(5)).unwrap(), &document);
    let from_w3c =
        imported_into_fresh(|fresh| w3c::read(&collection, fresh, &document, Timestamp(5)).unwrap(), &document);
    for read in [&from_csv, &from_w3c] {
        assert!(paths(read).contains(&"Regions / Iraq / Syria".to_owned()), "{:?}", paths(read));
        let syria = read.theme_named("Syria", None).unwrap().id;
        let coded: Vec<_> = read.annotations().filter(|annotation| annotation.has_theme(syria)).collect();
        assert_eq!(coded.len(), 1, "the highlight is coded with the leaf of the path");
    }
    // Into the project itself: nothing new, nothing moved.
    let again = csv::read(&table, &project, &document, Timestamp(5)).unwrap();
    assert_eq!(again.report.themes_added, 0);
}

#[test]
fn a_path_names_a_theme_called_with_a_slash_when_the_codebook_has_one() {
    let (document, mut project) = nested();
    let slashed = ThemeId(Uuid::from_u128(0x51a5));
    run(
        &mut project,
        1_800_000_000_000,
        Operation::CreateTheme {
            id: slashed,
            name: "Peace / War".into(),
            colour: "#654321".into(),
            description: String::new(),
        },
    );
    let mut import = Import::new("test");
    assert_eq!(import.theme_at_path(None, "Peace / War", "", &project, Timestamp(5)), slashed);
    assert_eq!(import.report.themes_added, 0);
    let _ = document;
}
