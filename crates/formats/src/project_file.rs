//! The project file: what "Save JSON" writes, "Open JSON" reads, and local storage keeps.
//!
//! ```json
//! { "version": 1, "generator": "communique-annotator",
//!   "document": { "id": "...", "title": "...", "fingerprint": "<sha-256 of the plain text>" },
//!   "themes": [ { "id": "<uuid>", "name": "...", "colour": "#rrggbb", ... } ],
//!   "annotations": [ { "id": "<uuid>", "start": 0, "end": 4, "exact": "...", "prefix": "...",
//!                      "suffix": "...", "theme_ids": ["<uuid>"], "note": "", ... } ] }
//! ```
//! Offsets count code points of the document's plain text. Deleted records stay, with `deleted`.

use crate::error::FileError;
use crate::import_report::ImportReport;
use crate::time;
use annotator_core::anchoring::{place, Placement};
use annotator_core::theme::is_valid_colour;
use annotator_core::{Anchoring, Annotation, AnnotationId, Document, Project, Span, TextQuote, Theme, ThemeId};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// The version this module writes and reads.
pub const VERSION: u32 = 1;

/// The name this app writes as the file's generator.
pub const GENERATOR: &str = "communique-annotator";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFileV1 {
    version: u32,
    #[serde(default)]
    generator: String,
    document: DocumentRefV1,
    themes: Vec<ThemeV1>,
    annotations: Vec<AnnotationV1>,
}

#[derive(Serialize, Deserialize)]
struct DocumentRefV1 {
    id: String,
    title: String,
    fingerprint: String,
}

#[derive(Serialize, Deserialize)]
struct ThemeV1 {
    id: Uuid,
    name: String,
    colour: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    creator: String,
    created: String,
    modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deleted: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct AnnotationV1 {
    id: Uuid,
    start: usize,
    end: usize,
    exact: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    theme_ids: Vec<Uuid>,
    #[serde(default, skip_serializing_if = "is_false")]
    orphan: bool,
    #[serde(default)]
    note: String,
    #[serde(default)]
    creator: String,
    created: String,
    modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deleted: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Writes the project as a pretty-printed project file.
pub fn write(project: &Project, document: &Document) -> String {
    let file = ProjectFileV1 {
        version: VERSION,
        generator: GENERATOR.to_owned(),
        document: DocumentRefV1 {
            id: project.document_id().to_owned(),
            title: document.title().to_owned(),
            fingerprint: project.document_fingerprint().to_owned(),
        },
        themes: project.all_themes().iter().map(theme_to_file).collect(),
        annotations: project.all_annotations().iter().map(annotation_to_file).collect(),
    };
    // Serialising these plain structs cannot fail: every map key is a string.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads a project file made on `document`. If the document's text changed since, every
/// annotation is placed again by its quote (or becomes an orphan), as the report says. Any
/// problem comes back as a [`FileError`] and nothing is half-read.
pub fn read(text: &str, document: &Document) -> Result<(Project, ImportReport), FileError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| FileError::NotJson {
        reason: reason_of(&error),
        line: error.line(),
        column: error.column(),
    })?;
    let Some(fields) = value.as_object() else {
        return Err(FileError::NotAProjectFile("it is not a JSON object".into()));
    };
    match fields.get("version") {
        None => return Err(FileError::NotAProjectFile("it has no \"version\" field".into())),
        Some(serde_json::Value::Number(number)) if number.as_u64() == Some(u64::from(VERSION)) => {}
        Some(other) => return Err(FileError::UnsupportedVersion { found: other.to_string(), supported: VERSION }),
    }
    let file = ProjectFileV1::deserialize(value).map_err(|error| FileError::WrongShape(reason_of(&error)))?;
    if file.document.id != document.id() {
        return Err(FileError::OtherDocument {
            file_title: file.document.title,
            open_title: document.title().to_owned(),
        });
    }
    let same_text = file.document.fingerprint == document.fingerprint();
    let themes = file.themes.into_iter().map(theme_from_file).collect::<Result<Vec<_>, _>>()?;
    let mut report = ImportReport { format: "Project file".into(), ..ImportReport::default() };
    let annotations = file
        .annotations
        .into_iter()
        .map(|annotation| annotation_from_file(annotation, document, same_text, &mut report))
        .collect::<Result<Vec<_>, _>>()?;
    check_references(&themes, &annotations)?;
    report.annotations = annotations.iter().filter(|annotation| annotation.is_live()).count();
    let project = Project::from_parts(file.document.id, document.fingerprint().to_owned(), themes, annotations);
    Ok((project, report))
}

/// serde_json's message without its trailing position (the message states that separately).
fn reason_of(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

fn theme_to_file(theme: &Theme) -> ThemeV1 {
    ThemeV1 {
        id: theme.id.0,
        name: theme.name.clone(),
        colour: theme.colour.clone(),
        description: theme.description.clone(),
        creator: theme.creator.clone(),
        created: time::format(theme.created),
        modified: time::format(theme.modified),
        deleted: theme.deleted.map(time::format),
    }
}

fn annotation_to_file(annotation: &Annotation) -> AnnotationV1 {
    AnnotationV1 {
        id: annotation.id.0,
        start: annotation.span.start(),
        end: annotation.span.end(),
        exact: annotation.quote.exact.clone(),
        prefix: annotation.quote.prefix.clone(),
        suffix: annotation.quote.suffix.clone(),
        theme_ids: annotation.theme_ids.iter().map(|id| id.0).collect(),
        orphan: annotation.anchoring == Anchoring::Orphan,
        note: annotation.note.clone(),
        creator: annotation.creator.clone(),
        created: time::format(annotation.created),
        modified: time::format(annotation.modified),
        deleted: annotation.deleted.map(time::format),
    }
}

fn theme_from_file(theme: ThemeV1) -> Result<Theme, FileError> {
    let damaged = |what: String| FileError::WrongShape(format!("theme \"{}\": {what}", theme.name));
    if theme.name.trim().is_empty() {
        return Err(FileError::WrongShape(format!("theme {} has no name", theme.id)));
    }
    if !is_valid_colour(&theme.colour) {
        return Err(damaged(format!("\"{}\" is not a colour of the form #rrggbb", theme.colour)));
    }
    Ok(Theme {
        id: ThemeId(theme.id),
        created: time::parse(&theme.created).map_err(damaged)?,
        modified: time::parse(&theme.modified).map_err(damaged)?,
        deleted: theme.deleted.as_deref().map(time::parse).transpose().map_err(damaged)?,
        name: theme.name,
        colour: theme.colour,
        description: theme.description,
        creator: theme.creator,
    })
}

fn annotation_from_file(
    annotation: AnnotationV1,
    document: &Document,
    same_text: bool,
    report: &mut ImportReport,
) -> Result<Annotation, FileError> {
    let damaged = |what: String| FileError::WrongShape(format!("highlight {}: {what}", annotation.id));
    let recorded = Span::new(annotation.start, annotation.end).map_err(|error| damaged(error.to_string()))?;
    let quote = TextQuote {
        exact: annotation.exact.clone(),
        prefix: annotation.prefix.clone(),
        suffix: annotation.suffix.clone(),
    };
    let (span, anchoring) = if same_text && !annotation.orphan {
        // The text is the one the file was made on: positions must fit exactly.
        if recorded.end() > document.len() {
            return Err(damaged(format!(
                "it ends at {}, past the end of the text ({})",
                recorded.end(),
                document.len()
            )));
        }
        if document.quote(recorded) != annotation.exact {
            return Err(damaged(format!(
                "the text at {}..{} is not \"{}\"",
                recorded.start(),
                recorded.end(),
                annotation.exact
            )));
        }
        (recorded, Anchoring::Placed)
    } else {
        placed_again(document, recorded, &quote, annotation.deleted.is_none(), report)
    };
    Ok(Annotation {
        id: AnnotationId(annotation.id),
        span,
        anchoring,
        created: time::parse(&annotation.created).map_err(damaged)?,
        modified: time::parse(&annotation.modified).map_err(damaged)?,
        deleted: annotation.deleted.as_deref().map(time::parse).transpose().map_err(damaged)?,
        quote,
        theme_ids: annotation.theme_ids.into_iter().map(ThemeId).collect(),
        note: annotation.note,
        creator: annotation.creator,
    })
}

/// Places a quote in the document again, counting moves and orphans of live annotations.
pub(crate) fn placed_again(
    document: &Document,
    recorded: Span,
    quote: &TextQuote,
    live: bool,
    report: &mut ImportReport,
) -> (Span, Anchoring) {
    match place(document.text(), Some(recorded), quote) {
        Placement::AtPosition(span) => (span, Anchoring::Placed),
        Placement::Orphan => {
            report.orphans += usize::from(live);
            (recorded, Anchoring::Orphan)
        }
        other => {
            report.moved += usize::from(live);
            (other.span().unwrap_or(recorded), Anchoring::Placed)
        }
    }
}

/// Ids are unique, and every annotation's themes are in the codebook.
fn check_references(themes: &[Theme], annotations: &[Annotation]) -> Result<(), FileError> {
    let mut theme_ids = HashSet::new();
    for theme in themes {
        if !theme_ids.insert(theme.id) {
            return Err(FileError::WrongShape(format!("two themes share the id {}", theme.id)));
        }
    }
    let mut annotation_ids = HashSet::new();
    for annotation in annotations {
        if !annotation_ids.insert(annotation.id) {
            return Err(FileError::WrongShape(format!("two highlights share the id {}", annotation.id)));
        }
        if let Some(missing) = annotation.theme_ids.iter().find(|id| !theme_ids.contains(id)) {
            return Err(FileError::WrongShape(format!(
                "highlight {} uses theme {missing}, which is not in the codebook",
                annotation.id
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, Command, Origin, Timestamp};

    fn document() -> Document {
        Document::from_markdown("doc-1", "Doc", "# Doc\n\nAlpha beta 😀 gamma.\n\nDelta داعش epsilon.")
    }

    fn sample_project(document: &Document) -> Project {
        let mut project = Project::new(document, starter_codebook("ana", Timestamp(1_600_000_000_000)));
        let theme_id = project.themes().next().unwrap().id;
        let annotation_id = |n| AnnotationId(Uuid::from_u128(n));
        let commands = vec![
            Command::CreateAnnotation {
                id: annotation_id(1),
                span: Span::new(16, 19).unwrap(),
                theme_ids: vec![theme_id],
                creator: "ana".into(),
                at: Timestamp(1_700_000_000_001),
            },
            Command::CreateAnnotation {
                id: annotation_id(2),
                span: Span::new(32, 36).unwrap(),
                theme_ids: vec![],
                creator: "bo".into(),
                at: Timestamp(1_700_000_000_002),
            },
            Command::SetAnnotationNote {
                annotation_id: annotation_id(2),
                note: "ملاحظة <b>\"quoted\"</b>".into(),
                at: Timestamp(1_700_000_000_003),
            },
            Command::CreateAnnotation {
                id: annotation_id(3),
                span: Span::new(7, 12).unwrap(),
                theme_ids: vec![theme_id],
                creator: "ana".into(),
                at: Timestamp(1_700_000_000_004),
            },
            Command::DeleteAnnotation { annotation_id: annotation_id(3), at: Timestamp(1_700_000_000_005) },
        ];
        for command in commands {
            apply(&mut project, document, command, Origin::Local).unwrap();
        }
        project
    }

    #[test]
    fn write_then_read_gives_the_same_project() {
        let document = document();
        let project = sample_project(&document);
        let text = write(&project, &document);
        let (read_back, report) = read(&text, &document).unwrap();
        assert_eq!(read_back, project);
        assert_eq!((report.annotations, report.moved, report.orphans), (2, 0, 0));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["version"], 1);
        assert_eq!(json["document"]["fingerprint"], document.fingerprint());
        assert_eq!(json["annotations"][0]["exact"], "😀 g");
        assert_eq!(json["annotations"][0]["created"], "2023-11-14T22:13:20.001Z");
        assert_eq!(json["annotations"][2]["deleted"], "2023-11-14T22:13:20.005Z");
    }

    #[test]
    fn a_file_made_on_another_text_of_the_document_is_placed_again() {
        let document = document();
        let text = write(&sample_project(&document), &document);
        let edited = Document::from_markdown(
            "doc-1",
            "Doc",
            "# Doc\n\nNew first line.\n\nAlpha beta 😀 gamma.\n\nDelta epsilon.",
        );
        let (project, report) = read(&text, &edited).unwrap();
        assert_eq!((report.annotations, report.moved, report.orphans), (2, 1, 1));
        let annotations: Vec<_> = project.annotations().collect();
        assert_eq!(edited.quote(annotations[0].span), "😀 g");
        assert_eq!(annotations[0].anchoring, Anchoring::Placed);
        assert_eq!(annotations[1].anchoring, Anchoring::Orphan, "\"داعش\" is gone from the text");
        assert_eq!(project.document_fingerprint(), edited.fingerprint());
        // Orphans stay orphans through a save and a read.
        let again = write(&project, &edited);
        let json: serde_json::Value = serde_json::from_str(&again).unwrap();
        assert_eq!(json["annotations"][1]["orphan"], true);
        assert_eq!(read(&again, &edited).unwrap().0, project);
    }

    #[test]
    fn bad_files_are_refused_with_a_message_that_names_the_problem() {
        let document = document();
        let good: serde_json::Value = serde_json::from_str(&write(&sample_project(&document), &document)).unwrap();
        let with = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut value = good.clone();
            edit(&mut value);
            value.to_string()
        };
        let check = |text: &str, expected_message: &str| {
            let error = read(text, &document).expect_err(text);
            assert!(
                error.to_string().contains(expected_message),
                "{text:?} gave {error}, expected it to say {expected_message:?}"
            );
        };
        check("{ not json", "is not valid JSON (key must be a string at line 1, column 3)");
        check("", "is not valid JSON");
        check("[1, 2]", "not a project file of this app");
        check("{\"name\": \"x\"}", "it has no \"version\" field");
        check(&with(&|v| v["version"] = 7.into()), "has version 7; this app reads version 1");
        check(&with(&|v| v["version"] = "1".into()), "has version \"1\"");
        check(
            &with(&|v| {
                v.as_object_mut().unwrap().remove("themes");
            }),
            "missing field `themes`",
        );
        check(&with(&|v| v["annotations"][0]["start"] = (-1).into()), "damaged: invalid value: integer `-1`");
        check(&with(&|v| v["annotations"][0]["id"] = "not-a-uuid".into()), "damaged: UUID parsing failed");
        check(
            &with(&|v| {
                v["document"]["id"] = "other".into();
                v["document"]["title"] = "Other".into();
            }),
            "belongs to another document (\"Other\"), not to \"Doc\"",
        );
        check(&with(&|v| v["annotations"][0]["end"] = 999.into()), "past the end of the text");
        check(&with(&|v| v["annotations"][0]["exact"] = "nope".into()), "is not \"nope\"");
        check(&with(&|v| v["annotations"][0]["created"] = "soon".into()), "\"soon\" is not a date");
        check(&with(&|v| v["themes"][0]["colour"] = "red".into()), "\"red\" is not a colour");
        check(
            &with(&|v| v["annotations"][0]["theme_ids"][0] = Uuid::from_u128(77).to_string().into()),
            "which is not in the codebook",
        );
        check(
            &with(&|v| {
                let first = v["annotations"][0].clone();
                v["annotations"][1] = first;
            }),
            "two highlights share the id",
        );
        check(&with(&|v| v["surprise"] = true.into()), "unknown field `surprise`");
        let deep = "[".repeat(100_000);
        check(&deep, "is not valid JSON (recursion limit exceeded");
    }
}
