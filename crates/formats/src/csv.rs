//! CSV (RFC 4180): one row per annotation and theme, for spreadsheets and statistics tools.
//!
//! Columns: annotation id, document, start, end, quote, theme, theme description, note, coder,
//! created, orphan. A cell that a spreadsheet would take for a formula (starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) is written with a leading `'`, and read back without it.

use crate::error::FileError;
use crate::import_report::{stable_uuid, Import, MAX_ANNOTATIONS};
use crate::project_file::placed_again;
use crate::time;
use annotator_core::{Anchoring, Annotation, AnnotationId, Document, Project, Span, Stamp, TextQuote, Theme, Timestamp};

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

const HEADER: [&str; 11] = [
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
];

/// The project's live annotations as CSV.
pub fn write(project: &Project, document: &Document, bom: ByteOrderMark) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for annotation in project.annotations_in(document.id()) {
        let themes: Vec<&Theme> = annotation.theme_ids().filter_map(|id| project.theme(id)).collect();
        let theme_cells: Vec<(String, String)> = if themes.is_empty() {
            vec![(String::new(), String::new())]
        } else {
            themes.iter().map(|theme| (theme.name.clone(), theme.description.clone())).collect()
        };
        for (theme, description) in theme_cells {
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

/// A cell a spreadsheet would run as a formula, made inert.
fn neutralise(cell: &str) -> String {
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
            .then(|| import.theme(None, &theme_name, &cell("theme description"), project, at));
        if let Some(existing) = import.annotations.iter_mut().find(|annotation| annotation.id == id) {
            if let Some(theme_id) = theme_id.filter(|theme_id| !existing.has_theme(*theme_id)) {
                existing.set_coding(theme_id, true, existing.stamps.passage);
            }
            continue;
        }
        let quote = TextQuote { exact: cell("quote"), ..TextQuote::default() };
        let (span, anchoring) = placed_again(document, Span::between(start, end), &quote, true, &mut import.report);
        let quote = if anchoring == Anchoring::Placed { document.describe(span) } else { quote };
        let created = time::parse(cell("created").trim()).unwrap_or(at);
        // Files written before coders had ids call the column "creator".
        let coder_name = [cell("coder"), cell("creator")].into_iter().find(|name| !name.trim().is_empty());
        let coder = import.coder(&coder_name.unwrap_or_default(), created);
        let theme_ids: Vec<_> = theme_id.into_iter().collect();
        let mut annotation = Annotation::new(id, document.id(), span, quote, &theme_ids, Stamp::new(created, coder));
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
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, Command, Origin, ThemeId};

    #[test]
    fn rows_per_theme_formulas_neutralised_and_read_back() {
        let document =
            Document::from_markdown("doc", "Doc", "=SUM(A1) is no formula, \"quoted\", داعش.\n\n-1 and @home");
        let mut project = Project::new(&document, starter_codebook("ana", Timestamp(0)));
        let themes: Vec<ThemeId> = project.themes().take(2).map(|theme| theme.id).collect();
        let id = |n| AnnotationId(Uuid::from_u128(n));
        for command in [
            Command::CreateAnnotation {
                id: id(1),
                span: Span::between(0, 8),
                theme_ids: themes.clone(),
                creator: "=cmd|' /C calc'!A0".into(),
                at: Timestamp(1_000),
            },
            Command::CreateAnnotation {
                id: id(2),
                span: Span::between(24, 39),
                theme_ids: vec![],
                creator: "bo".into(),
                at: Timestamp(2_000),
            },
            Command::SetAnnotationNote {
                annotation_id: id(2),
                note: "line one\nline two, with comma".into(),
                at: Timestamp(2_000),
            },
            Command::CreateAnnotation {
                id: id(3),
                span: Span::between(41, 43),
                theme_ids: vec![themes[1]],
                creator: "cy".into(),
                at: Timestamp(3_000),
            },
        ] {
            apply(&mut project, &document, command, Origin::Local).unwrap();
        }
        let plain = write(&project, &document, ByteOrderMark::Without);
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(
            lines[0],
            "annotation id,document,start,end,quote,theme,theme description,note,creator,created,orphan"
        );
        assert!(lines[1].starts_with(&format!("{},Doc,0,8,'=SUM(A1),Military action,", id(1))), "{}", lines[1]);
        assert!(lines[1].contains(",'=cmd|' /C calc'!A0,1970-01-01T00:00:01.000Z,no"), "{}", lines[1]);
        assert!(lines[2].contains(",Stabilization and recovery,"));
        assert!(plain.contains("\"\"\"quoted\"\", داعش.\""), "quotes are doubled inside a quoted cell: {plain}");
        assert!(plain.contains("'-1"));
        assert!(write(&project, &document, ByteOrderMark::With).starts_with('\u{feff}'));

        let import = read(&write(&project, &document, ByteOrderMark::With), &project, &document, Timestamp(9)).unwrap();
        let originals: Vec<Annotation> = project.annotations().cloned().collect();
        let compare = |a: &Annotation| {
            (a.id, a.span, a.quote.clone(), a.theme_ids.clone(), a.note.clone(), a.creator.clone(), a.created)
        };
        assert_eq!(
            import.annotations.iter().map(compare).collect::<Vec<_>>(),
            originals.iter().map(compare).collect::<Vec<_>>()
        );
        assert_eq!(import.new_themes, vec![]);
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
