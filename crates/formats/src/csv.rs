//! CSV (RFC 4180): one row per annotation and theme, for spreadsheets and statistics tools.
//!
//! Columns: annotation id, document, start, end, quote, theme, theme description, note, coder
//! (who made the highlight), created, orphan, theme coder (who applied the row's theme; files
//! without the column, and older ones that call "coder" "creator", are read too). A cell that a
//! spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) is written with a leading `'`, and read back without it.

use crate::error::FileError;
use crate::import_report::{stable_uuid, Import, MAX_ANNOTATIONS};
use crate::project_file::placed_again;
use crate::time;
use annotator_core::hierarchy::Hierarchy;
use annotator_core::{
    Anchoring, Annotation, AnnotationId, CoderId, Document, Project, Span, Stamp, TextQuote, Theme, Timestamp,
};
use uuid::Uuid;

/// Whether the file starts with a byte-order mark, which spreadsheet programs need to read
/// UTF-8 (without it, Excel shows "داعش" as mojibake).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrderMark {
    /// Plain UTF-8, for programs.
    Without,
    /// UTF-8 with a BOM, for spreadsheets.
    With,
}

const HEADER: [&str; 12] = [
    "annotation id",
    "document",
    "start",
    "end",
    "quote",
    "theme",
    "theme description",
    "note",
    "coder",
    "created",
    "orphan",
    "theme coder",
];

/// The project's live annotations as CSV.
pub fn write(project: &Project, document: &Document, bom: ByteOrderMark) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let hierarchy = Hierarchy::of(project);
    for annotation in project.annotations_in(document.id()) {
        let themes: Vec<(&Theme, CoderId)> = annotation
            .applied_codings()
            .filter_map(|coding| project.theme(coding.theme_id).map(|theme| (theme, coding.stamp.coder)))
            .collect();
        let theme_cells: Vec<(String, String, String)> = if themes.is_empty() {
            vec![(String::new(), String::new(), String::new())]
        } else {
            themes
                .iter()
                .map(|(theme, coder)| (hierarchy.path(theme.id), theme.description.clone(), project.coder_name(*coder)))
                .collect()
        };
        for (theme, description, theme_coder) in theme_cells {
            rows.push(vec![
                annotation.id.to_string(),
                document.title().to_owned(),
                annotation.span.start().to_string(),
                annotation.span.end().to_string(),
                annotation.quote.exact.clone(),
                theme,
                description,
                annotation.note.clone(),
                project.coder_name(annotation.coder),
                time::format(annotation.created),
                if annotation.anchoring == Anchoring::Orphan { "yes".into() } else { "no".into() },
                theme_coder,
            ]);
        }
    }
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(HEADER);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| neutralise(cell)));
    }
    let body = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    match bom {
        ByteOrderMark::With => format!("\u{feff}{body}"),
        ByteOrderMark::Without => body,
    }
}

/// A table (its first row the header) as CSV, every cell neutralised as [`write`]'s are: how
/// the co-occurrence panel's matrices are downloaded (see `annotator_core::cooccurrence`).
pub fn write_table(rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(row.iter().map(|cell| neutralise(cell)));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula, made inert.
pub(crate) fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn restore(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// Reads a CSV written by this app (or with the same columns) for `document`. Rows of one
/// annotation id are one annotation with several themes.
pub fn read(text: &str, project: &Project, document: &Document, at: Timestamp) -> Result<Import, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| FileError::NotCsv(error.to_string()))?
        .iter()
        .map(|cell| cell.trim().to_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|cell| cell == name);
    let required = ["start", "end", "quote"];
    if let Some(missing) = required.iter().find(|name| column(name).is_none()) {
        return Err(FileError::NotCsv(format!(
            "it has no \"{missing}\" column (the columns are: {})",
            header.join(", ")
        )));
    }
    // Count the rows first, which is quick, so that a huge file is refused before any work.
    let rows = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .take(MAX_ANNOTATIONS + 1)
        .count();
    if rows > MAX_ANNOTATIONS {
        return Err(FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS });
    }
    let mut import = Import::new("CSV");
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|error| FileError::NotCsv(format!("row {line}: {error}")))?;
        let cell = |name: &str| column(name).and_then(|at| record.get(at)).map(restore).unwrap_or_default();
        let number = |name: &str| {
            cell(name)
                .trim()
                .parse::<usize>()
                .map_err(|_| FileError::NotCsv(format!("row {line}: \"{name}\" is not a whole number")))
        };
        let (start, end) = (number("start")?, number("end")?);
        let id = Uuid::parse_str(cell("annotation id").trim())
            .map(AnnotationId)
            .unwrap_or_else(|_| AnnotationId(stable_uuid(&format!("csv:{line}:{start}"))));
        let theme_name = cell("theme");
        let theme_id = (!theme_name.trim().is_empty())
            .then(|| import.theme_at_path(None, &theme_name, &cell("theme description"), project, at));
        // Who applied the row's theme; files without the column say only who made the highlight.
        let theme_coder = cell("theme coder");
        let coding_by = |import: &mut Import, highlight: Stamp| {
            if theme_coder.trim().is_empty() {
                highlight
            } else {
                Stamp::new(highlight.at, import.coder(&theme_coder, project, highlight.at))
            }
        };
        if let Some(place) = import.annotations.iter().position(|annotation| annotation.id == id) {
            let existing = &import.annotations[place];
            let made = Stamp::new(existing.created, existing.coder);
            if let Some(theme_id) = theme_id.filter(|theme_id| !existing.has_theme(*theme_id)) {
                let stamp = coding_by(&mut import, made);
                import.annotations[place].set_coding(theme_id, true, stamp);
            }
            continue;
        }
        let quote = TextQuote { exact: cell("quote"), ..TextQuote::default() };
        let (span, anchoring) = placed_again(document, Span::between(start, end), &quote, true, &mut import.report);
        let quote = if anchoring == Anchoring::Placed { document.describe(span) } else { quote };
        let created = time::parse(cell("created").trim()).unwrap_or(at);
        // Files written before coders had ids call the column "creator".
        let coder_name = [cell("coder"), cell("creator")].into_iter().find(|name| !name.trim().is_empty());
        let coder = import.coder(&coder_name.unwrap_or_default(), project, created);
        let made = Stamp::new(created, coder);
        let mut annotation = Annotation::new(id, document.id(), span, quote, &[], made);
        if let Some(theme_id) = theme_id {
            annotation.set_coding(theme_id, true, coding_by(&mut import, made));
        }
        annotation.anchoring = anchoring;
        annotation.note = cell("note");
        import.annotations.push(annotation);
    }
    import.report.annotations = import.annotations.len();
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::coder::id_for_name;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, merge, Command, Operation, Origin, ThemeId};
    use std::rc::Rc;

    /// `name` (a coder known by name, as CSV knows coders) applies `operation` at `at`.
    fn run(project: &mut Project, name: &str, at: i64, operation: Operation) {
        let stamp = Stamp::new(Timestamp(at), id_for_name(name));
        apply(project, Command { document_id: "doc".into(), stamp, operation }, Origin::Local).unwrap();
    }

    /// Each annotation's id, passage, themes with who applied each, note, coder and creation.
    #[allow(clippy::type_complexity)]
    fn compared(
        annotations: &[Annotation],
    ) -> Vec<(AnnotationId, Span, TextQuote, Vec<(ThemeId, CoderId)>, String, CoderId, Timestamp)> {
        annotations
            .iter()
            .map(|a| {
                let codings = a.applied_codings().map(|coding| (coding.theme_id, coding.stamp.coder)).collect();
                (a.id, a.span, a.quote.clone(), codings, a.note.clone(), a.coder, a.created)
            })
            .collect()
    }

    #[test]
    fn rows_per_theme_formulas_neutralised_and_read_back() {
        let document =
            Document::from_markdown("doc", "Doc", "=SUM(A1) is no formula, \"quoted\", داعش.\n\n-1 and @home");
        let calc = "=cmd|' /C calc'!A0";
        let mut project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(0), id_for_name(calc))));
        let themes: Vec<ThemeId> = project.themes().take(2).map(|theme| theme.id).collect();
        let id = |n| AnnotationId(Uuid::from_u128(n));
        for (coder, at, operation) in [
            (calc, 0, Operation::SetCoder { name: calc.into(), colour: "#1f77b4".into() }),
            ("bo", 0, Operation::SetCoder { name: "bo".into(), colour: "#d62728".into() }),
            ("cy", 0, Operation::SetCoder { name: "cy".into(), colour: "#2ca02c".into() }),
            (
                calc,
                1_000,
                Operation::CreateAnnotation { id: id(1), span: Span::between(0, 8), theme_ids: themes.clone() },
            ),
            ("bo", 2_000, Operation::CreateAnnotation { id: id(2), span: Span::between(24, 39), theme_ids: vec![] }),
            (
                "bo",
                2_000,
                Operation::SetAnnotationNote { annotation_id: id(2), note: "line one\nline two, with comma".into() },
            ),
            (
                "cy",
                3_000,
                Operation::CreateAnnotation { id: id(3), span: Span::between(41, 43), theme_ids: vec![themes[1]] },
            ),
        ] {
            run(&mut project, coder, at, operation);
        }
        let plain = write(&project, &document, ByteOrderMark::Without);
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(
            lines[0],
            "annotation id,document,start,end,quote,theme,theme description,note,coder,created,orphan,theme coder"
        );
        assert!(lines[1].starts_with(&format!("{},Doc,0,8,'=SUM(A1),Military action,", id(1))), "{}", lines[1]);
        assert!(
            lines[1].ends_with(",'=cmd|' /C calc'!A0,1970-01-01T00:00:01.000Z,no,'=cmd|' /C calc'!A0"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains(",Stabilization and recovery,"));
        assert!(plain.contains("\"\"\"quoted\"\", داعش.\""), "quotes are doubled inside a quoted cell: {plain}");
        assert!(plain.contains("'-1"));
        assert!(write(&project, &document, ByteOrderMark::With).starts_with('\u{feff}'));

        let import = read(&write(&project, &document, ByteOrderMark::With), &project, &document, Timestamp(9)).unwrap();
        let originals: Vec<Annotation> = project.annotations().cloned().collect();
        assert_eq!(compared(&import.annotations), compared(&originals));
        assert_eq!(import.report.themes_added, 0);
        assert!(import.themes.iter().all(|theme| project.theme(theme.id) == Some(theme)), "{:?}", import.themes);
        assert_eq!(import.coders, project.coders(), "coders the project has are the project's");
    }

    #[test]
    fn the_creator_column_of_older_files_names_the_coder() {
        let document = Document::from_markdown("doc", "Doc", "Alpha beta.");
        let project = Project::new(&document, starter_codebook(Stamp::default()));
        let old = "annotation id,start,end,quote,theme,creator,created\n,0,5,Alpha,Iraq,ana,1970-01-01T00:00:01.000Z\n";
        let import = read(old, &project, &document, Timestamp(9)).unwrap();
        let [annotation] = &import.annotations[..] else { panic!("one annotation: {:?}", import.annotations) };
        let ana = id_for_name("ana");
        assert_eq!(annotation.coder, ana);
        assert_eq!(annotation.created, Timestamp(1_000));
        let iraq = project.theme_named("Iraq", None).unwrap().id;
        assert_eq!(annotation.coding(iraq).map(|coding| coding.stamp), Some(Stamp::new(Timestamp(1_000), ana)));
        assert_eq!(
            import.coders.iter().map(|coder| (coder.id, coder.name.as_str())).collect::<Vec<_>>(),
            [(ana, "ana")]
        );
    }

    #[test]
    fn two_coders_and_who_applied_each_theme_survive_an_export_and_import() {
        let document = Rc::new(Document::from_markdown("doc", "Doc", "Alpha beta gamma.\n\nDelta epsilon."));
        let mut project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(0), id_for_name("Amira"))));
        let themes: Vec<ThemeId> = project.themes().take(2).map(|theme| theme.id).collect();
        let id = |n| AnnotationId(Uuid::from_u128(n));
        for (coder, at, operation) in [
            ("Amira", 0, Operation::SetCoder { name: "Amira".into(), colour: "#1f77b4".into() }),
            ("Ben", 0, Operation::SetCoder { name: "Ben".into(), colour: "#d62728".into() }),
            (
                "Amira",
                1_000,
                Operation::CreateAnnotation { id: id(1), span: Span::between(0, 5), theme_ids: vec![themes[0]] },
            ),
            ("Ben", 2_000, Operation::AddAnnotationTheme { annotation_id: id(1), theme_id: themes[1] }),
            ("Ben", 3_000, Operation::CreateAnnotation { id: id(2), span: Span::between(19, 24), theme_ids: vec![] }),
        ] {
            run(&mut project, coder, at, operation);
        }
        let text = write(&project, &document, ByteOrderMark::Without);
        assert!(text.lines().nth(2).unwrap().ends_with(",Amira,1970-01-01T00:00:01.000Z,no,Ben"), "{text}");

        // Into a new project: both coders join, and each theme keeps who applied it.
        let mut fresh = Project::new(&document, vec![]);
        let import = read(&text, &fresh, &document, Timestamp(9)).unwrap();
        let merged = merge(&mut fresh, &import.into_project(&document));
        assert_eq!(merged.report.added.coders, 2);
        let names: Vec<String> = fresh.coders().iter().map(|coder| coder.name.clone()).collect();
        assert_eq!(names, ["Amira", "Ben"]);
        let theme_named = |name: &str| fresh.theme_named(name, None).unwrap().id;
        let highlight = fresh.annotation(id(1)).unwrap();
        assert_eq!(fresh.coder_name(highlight.coder), "Amira");
        let coded_by: Vec<(ThemeId, String)> =
            highlight.applied_codings().map(|coding| (coding.theme_id, fresh.coder_name(coding.stamp.coder))).collect();
        assert_eq!(
            coded_by,
            [
                (theme_named("Military action"), "Amira".to_owned()),
                (theme_named("Stabilization and recovery"), "Ben".to_owned())
            ]
        );
        assert_eq!(fresh.coder_name(fresh.annotation(id(2)).unwrap().coder), "Ben");

        // Into the project it came from: no coder record changes.
        let mut again = project.clone();
        let import = read(&text, &again, &document, Timestamp(9)).unwrap();
        let merged = merge(&mut again, &import.into_project(&document));
        assert_eq!((merged.report.added.coders, merged.report.updated.coders), (0, 0));
        assert_eq!(again.coders(), project.coders());
    }

    #[test]
    fn bad_csv_is_refused_with_its_problem() {
        let document = Document::from_markdown("doc", "Doc", "Text.");
        let project = Project::new(&document, vec![]);
        let check = |text: &str, expected: &str| {
            let error = read(text, &project, &document, Timestamp(0)).unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?} gave {error}");
        };
        check("a,b\n1,2\n", "it has no \"start\" column (the columns are: a, b)");
        check("start,end,quote\nx,2,Te\n", "row 2: \"start\" is not a whole number");
        check("start,end,quote\n0,2\n", "row 2: CSV error: record 1 (line: 2, byte: 16): found record with 2 fields");
        let too_many = "start,end,quote\n".to_owned() + &"0,2,Te\n".repeat(MAX_ANNOTATIONS + 1);
        check(&too_many, "holds more than 100000 annotations");
    }
}
