//! The co-occurrence matrices as the CSV the panel downloads, read back as a spreadsheet would.

use annotator_core::cooccurrence::{document_matrix, theme_matrix};
use annotator_core::layers::Layers;
use annotator_core::theme::starter_codebook;
use annotator_core::{
    apply, AnnotationId, CoderId, Command, Document, Operation, Project, Span, Stamp, ThemeId, Timestamp,
};
use annotator_formats::csv::write_table;
use uuid::Uuid;

const TEXT: &str = "The Coalition will continue to degrade Daesh. Stabilization of liberated areas remains vital.";

fn stamp(at: i64) -> Stamp {
    Stamp::new(Timestamp(at), CoderId(Uuid::from_u128(0xc0de)))
}

fn run(project: &mut Project, at: i64, operation: Operation) {
    let command = Command { document_id: "communique".into(), stamp: stamp(at), operation };
    apply(project, command, annotator_core::Origin::Local).unwrap();
}

fn highlight(project: &mut Project, n: u128, phrase: &str, theme_ids: Vec<ThemeId>) {
    let start = TEXT.find(phrase).unwrap();
    let span =
        Span::new(TEXT[..start].chars().count(), TEXT[..start].chars().count() + phrase.chars().count()).unwrap();
    run(project, n as i64, Operation::CreateAnnotation { id: AnnotationId(Uuid::from_u128(n)), span, theme_ids });
}

fn read(csv_text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_text.as_bytes());
    reader.records().map(|record| record.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[test]
fn the_theme_matrix_as_csv_holds_the_names_and_the_counts() {
    let document = Document::from_plain_text("communique", "Communiqué, June 2021", TEXT);
    let mut project = Project::new(&document, starter_codebook(stamp(0)));
    let military = project.themes().next().unwrap().id;
    let formula = ThemeId(Uuid::from_u128(0xf0));
    run(
        &mut project,
        1,
        Operation::CreateTheme {
            id: formula,
            name: "=HYPERLINK(\"x\")".into(),
            colour: "#112233".into(),
            description: String::new(),
        },
    );
    // "degrade Daesh" (military) overlaps "continue to degrade" (the formula-named theme).
    highlight(&mut project, 10, "degrade Daesh", vec![military]);
    highlight(&mut project, 11, "continue to degrade", vec![formula]);
    highlight(&mut project, 12, "Stabilization", vec![military, formula]);

    let table = theme_matrix(&project, "communique", &Layers::default()).table(&project);
    let rows = read(&write_table(&table));
    assert_eq!(rows.len(), project.themes().count() + 1, "a header and a row per theme");
    assert_eq!(rows[0][0], "Theme");
    let column = rows[0].iter().position(|name| name == "'=HYPERLINK(\"x\")").expect("the name is kept, made inert");
    let row = rows.iter().position(|row| row[0] == "Military action").unwrap();
    // The overlapping pair, and "Stabilization" carrying both.
    assert_eq!(rows[row][column], "2");
    assert_eq!(rows[row][row], "2", "the diagonal: military's two highlights, which do not overlap");

    let table = document_matrix(&project, &Layers::default()).table(&project);
    let rows = read(&write_table(&table));
    assert_eq!(rows[0], vec!["Theme".to_owned(), "Communiqué, June 2021".to_owned()]);
    assert_eq!(rows[row][1], "2");
}
