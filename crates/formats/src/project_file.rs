//! The project file: what "Save JSON" writes, "Open JSON" reads, and local storage keeps.
//!
//! Version 2 holds the documents themselves (their blocks), so a file opens anywhere:
//! ```json
//! { "version": 2, "generator": "communique-annotator",
//!   "documents": [ { "id": "...", "title": "...", "source": "<IRI>", "fingerprint": "<sha-256 of the plain text>",
//!                    "blocks": [ { "kind": "paragraph", "pieces": [ { "text": "...", "strong": true } ] } ] } ],
//!   "themes": [ { "id": "<uuid>", "name": "...", "colour": "#rrggbb", ... } ],
//!   "annotations": [ { "id": "<uuid>", "document": "<document id>", "start": 0, "end": 4, "exact": "...",
//!                      "prefix": "...", "suffix": "...", "theme_ids": ["<uuid>"], "note": "", ... } ] }
//! ```
//! Version 1 named one document the app ships and held no text; it is read by migration.
//! Offsets count code points of the document's plain text. Deleted records stay, with `deleted`.

use crate::error::{json_reason, FileError};
use crate::import_report::{ImportReport, MAX_ANNOTATIONS};
use crate::time;
use annotator_core::anchoring::Placement;
use annotator_core::document::BlockSource;
use annotator_core::project::changed_places;
use annotator_core::theme::is_valid_colour;
use annotator_core::{
    Anchoring, Annotation, AnnotationId, BlockKind, Document, InlineMarks, Project, RunKind, Span, TextQuote, Theme,
    ThemeId,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::rc::Rc;
use uuid::Uuid;

/// The version this module writes.
pub const VERSION: u32 = 2;

/// The name this app writes as the file's generator.
pub const GENERATOR: &str = "communique-annotator";

/// What the first pass over a project file keeps: its version, and how many annotations it
/// has (each skipped unread; a `Vec` of zero-sized values takes no memory).
#[derive(Deserialize)]
struct Header {
    version: Option<serde_json::Value>,
    annotations: Option<Vec<serde::de::IgnoredAny>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFileV2 {
    version: u32,
    #[serde(default)]
    generator: String,
    documents: Vec<DocumentV2>,
    themes: Vec<ThemeV1>,
    annotations: Vec<AnnotationV2>,
}

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
struct DocumentV2 {
    id: String,
    title: String,
    source: String,
    fingerprint: String,
    blocks: Vec<BlockV2>,
}

#[derive(Serialize, Deserialize)]
struct BlockV2 {
    kind: String,
    #[serde(default)]
    pieces: Vec<PieceV2>,
}

#[derive(Serialize, Deserialize)]
struct PieceV2 {
    text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    line_break: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    strong: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    emphasis: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    code: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    link: Option<String>,
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

/// Version 2 adds the document each annotation is on.
#[derive(Serialize, Deserialize)]
struct AnnotationV2 {
    document: String,
    #[serde(flatten)]
    fields: AnnotationV1,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Writes the project as a pretty-printed project file.
pub fn write(project: &Project) -> String {
    // Serialising these plain structs cannot fail: every map key is a string.
    serde_json::to_string_pretty(&file_of(project)).unwrap_or_default()
}

/// The same file without indentation: a fifth smaller and quicker to write, for the browser's
/// storage and for handing the project to the exchange worker, where no person reads it.
pub fn write_compact(project: &Project) -> String {
    serde_json::to_string(&file_of(project)).unwrap_or_default()
}

fn file_of(project: &Project) -> ProjectFileV2 {
    ProjectFileV2 {
        version: VERSION,
        generator: GENERATOR.to_owned(),
        documents: project.documents().iter().map(|document| document_to_file(document)).collect(),
        themes: project.all_themes().iter().map(theme_to_file).collect(),
        annotations: project
            .all_annotations()
            .map(|annotation| AnnotationV2 {
                document: annotation.document_id.clone(),
                fields: annotation_to_file(annotation),
            })
            .collect(),
    }
}

/// Writes the project file of a project again and again as it changes, serialising only the
/// records that changed since the last write: the same text as [`write_compact`], at the cost
/// of the change rather than of the project. The project shares its records (`Rc`) and keeps
/// them in a stable order, so an unchanged record is the same address at the same place.
#[derive(Default)]
pub struct Rewriter {
    documents: Written<Document>,
    annotations: Written<Annotation>,
}

/// Records as last written, and the JSON of each.
struct Written<T> {
    records: Vec<Rc<T>>,
    texts: Vec<String>,
}

impl<T> Default for Written<T> {
    fn default() -> Self {
        Written { records: Vec::new(), texts: Vec::new() }
    }
}

impl<T> Written<T> {
    /// Writes again the records of `now` that changed since, with `to_file`.
    fn update<F: Serialize>(&mut self, now: &[Rc<T>], to_file: impl Fn(&T) -> F) {
        self.texts.resize(now.len(), String::new());
        for place in changed_places(&self.records, now) {
            self.texts[place] = json(&to_file(&now[place]));
        }
        self.records = now.to_vec();
    }

    /// The JSON array of the records.
    fn write_into(&self, text: &mut String) {
        text.push('[');
        for (place, json) in self.texts.iter().enumerate() {
            if place > 0 {
                text.push(',');
            }
            text.push_str(json);
        }
        text.push(']');
    }
}

impl Rewriter {
    /// The compact project file of `project`.
    pub fn write(&mut self, project: &Project) -> String {
        self.documents.update(project.documents(), document_to_file);
        self.annotations.update(project.shared_annotations(), |annotation| AnnotationV2 {
            document: annotation.document_id.clone(),
            fields: annotation_to_file(annotation),
        });
        let themes: Vec<ThemeV1> = project.all_themes().iter().map(theme_to_file).collect();
        let size: usize = self.documents.texts.iter().chain(&self.annotations.texts).map(|json| json.len() + 1).sum();
        let mut text = String::with_capacity(size + 4096);
        text.push_str(&format!("{{\"version\":{VERSION},\"generator\":{}", json(&GENERATOR)));
        text.push_str(",\"documents\":");
        self.documents.write_into(&mut text);
        text.push_str(",\"themes\":");
        text.push_str(&json(&themes));
        text.push_str(",\"annotations\":");
        self.annotations.write_into(&mut text);
        text.push('}');
        text
    }

    /// How many of `project`'s annotation records the next [`Rewriter::write`] would serialise
    /// anew: all of them for a project just read, few after an edit.
    pub fn unknown_records(&self, project: &Project) -> usize {
        changed_places(&self.annotations.records, project.shared_annotations()).count()
    }
}

fn json(value: &(impl Serialize + ?Sized)) -> String {
    // Serialising these plain structs cannot fail: every map key is a string.
    serde_json::to_string(value).unwrap_or_default()
}

/// One document as JSON (the worker sends documents it read this way).
pub fn write_document(document: &Document) -> String {
    serde_json::to_string(&document_to_file(document)).unwrap_or_default()
}

/// A document written by [`write_document`].
pub fn read_document(text: &str) -> Result<Document, FileError> {
    let file: DocumentV2 = serde_json::from_str(text).map_err(|error| FileError::WrongShape(json_reason(&error)))?;
    document_from_file(file)
}

/// Reads a project file. A version 1 file names a document without holding it: it is read onto
/// the one of `known` with that id, and its annotations are placed again by quote if that text
/// changed since, as the report says. Any problem comes back as a [`FileError`] and nothing is
/// half-read.
pub fn read(text: &str, known: &[Rc<Document>]) -> Result<(Project, ImportReport), FileError> {
    // A first pass reads the version and counts the annotations without keeping anything, so
    // a file of a million annotations is refused before any is made; the second reads the file
    // straight into its types (going through a `serde_json::Value` cost twice the time).
    let not_json = |error: serde_json::Error| FileError::not_json(&error);
    if !text.trim_start().starts_with('{') {
        serde_json::from_str::<serde_json::Value>(text).map_err(not_json)?;
        return Err(FileError::NotAProjectFile("it is not a JSON object".into()));
    }
    let header: Header = serde_json::from_str(text).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => FileError::WrongShape(json_reason(&error)),
        _ => not_json(error),
    })?;
    let version = match header.version {
        None => return Err(FileError::NotAProjectFile("it has no \"version\" field".into())),
        Some(serde_json::Value::Number(number)) if matches!(number.as_u64(), Some(1 | 2)) => number.as_u64(),
        Some(other) => return Err(FileError::UnsupportedVersion { found: other.to_string(), supported: VERSION }),
    };
    if header.annotations.is_some_and(|annotations| annotations.len() > MAX_ANNOTATIONS) {
        return Err(FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS });
    }
    let wrong_shape = |error: serde_json::Error| FileError::WrongShape(json_reason(&error));
    let mut report = ImportReport { format: "Project file".into(), ..ImportReport::default() };
    let (documents, themes, annotations) = if version == Some(1) {
        let file: ProjectFileV1 = serde_json::from_str(text).map_err(wrong_shape)?;
        let Some(document) = known.iter().find(|document| document.id() == file.document.id) else {
            let open = known.first().map_or(String::new(), |document| document.title().to_owned());
            return Err(FileError::OtherDocument { file_title: file.document.title, open_title: open });
        };
        let same_text = file.document.fingerprint == document.fingerprint();
        let themes = file.themes.into_iter().map(theme_from_file).collect::<Result<Vec<_>, _>>()?;
        let annotations = file
            .annotations
            .into_iter()
            .map(|annotation| annotation_from_file(annotation, document, same_text, &mut report))
            .collect::<Result<Vec<_>, _>>()?;
        (vec![document.clone()], themes, annotations)
    } else {
        let file: ProjectFileV2 = serde_json::from_str(text).map_err(wrong_shape)?;
        let documents = file.documents.into_iter().map(document_from_file).collect::<Result<Vec<_>, _>>()?;
        let documents: Vec<Rc<Document>> = documents.into_iter().map(Rc::new).collect();
        let themes = file.themes.into_iter().map(theme_from_file).collect::<Result<Vec<_>, _>>()?;
        let annotations = file
            .annotations
            .into_iter()
            .map(|annotation| {
                let document =
                    documents.iter().find(|document| document.id() == annotation.document).ok_or_else(|| {
                        FileError::WrongShape(format!(
                            "highlight {} is on document \"{}\", which the file does not hold",
                            annotation.fields.id, annotation.document
                        ))
                    })?;
                annotation_from_file(annotation.fields, document, true, &mut report)
            })
            .collect::<Result<Vec<_>, _>>()?;
        if documents.is_empty() {
            return Err(FileError::WrongShape("it holds no document".into()));
        }
        (documents, themes, annotations)
    };
    check_references(&documents, &themes, &annotations)?;
    report.annotations = annotations.iter().filter(|annotation| annotation.is_live()).count();
    Ok((Project::from_parts(documents, themes, annotations), report))
}

fn block_kind_name(kind: BlockKind) -> String {
    match kind {
        BlockKind::Heading(level) => format!("heading-{level}"),
        BlockKind::Paragraph => "paragraph".into(),
        BlockKind::ListItem => "list-item".into(),
        BlockKind::Quote => "quote".into(),
        BlockKind::Code => "code".into(),
        BlockKind::Rule => "rule".into(),
    }
}

fn block_kind_of(name: &str) -> Option<BlockKind> {
    Some(match name {
        "paragraph" => BlockKind::Paragraph,
        "list-item" => BlockKind::ListItem,
        "quote" => BlockKind::Quote,
        "code" => BlockKind::Code,
        "rule" => BlockKind::Rule,
        heading => {
            BlockKind::Heading(heading.strip_prefix("heading-")?.parse().ok().filter(|level| (1..=6).contains(level))?)
        }
    })
}

fn document_to_file(document: &Document) -> DocumentV2 {
    DocumentV2 {
        id: document.id().to_owned(),
        title: document.title().to_owned(),
        source: document.source().to_owned(),
        fingerprint: document.fingerprint().to_owned(),
        blocks: document
            .sources()
            .into_iter()
            .map(|block| BlockV2 {
                kind: block_kind_name(block.kind),
                pieces: block
                    .pieces
                    .into_iter()
                    .map(|(text, kind, marks)| PieceV2 {
                        text,
                        line_break: kind == RunKind::LineBreak,
                        strong: marks.strong,
                        emphasis: marks.emphasis,
                        code: marks.code,
                        link: marks.link,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn document_from_file(file: DocumentV2) -> Result<Document, FileError> {
    let blocks = file
        .blocks
        .into_iter()
        .map(|block| {
            let kind = block_kind_of(&block.kind).ok_or_else(|| {
                FileError::WrongShape(format!(
                    "document \"{}\" has a block of unknown kind \"{}\"",
                    file.title, block.kind
                ))
            })?;
            let pieces = block
                .pieces
                .into_iter()
                .map(|piece| {
                    let kind = if piece.line_break { RunKind::LineBreak } else { RunKind::Text };
                    (
                        piece.text,
                        kind,
                        InlineMarks {
                            strong: piece.strong,
                            emphasis: piece.emphasis,
                            code: piece.code,
                            link: piece.link,
                        },
                    )
                })
                .collect();
            Ok(BlockSource { kind, pieces })
        })
        .collect::<Result<Vec<_>, FileError>>()?;
    let document = Document::from_sources(&file.id, file.title.clone(), blocks).with_source(&file.source);
    if document.fingerprint() != file.fingerprint {
        return Err(FileError::WrongShape(format!(
            "the text of document \"{}\" does not match its fingerprint",
            file.title
        )));
    }
    Ok(document)
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
    } else if annotation.orphan {
        (recorded, Anchoring::Orphan)
    } else {
        placed_again(document, recorded, &quote, annotation.deleted.is_none(), report)
    };
    Ok(Annotation {
        id: AnnotationId(annotation.id),
        document_id: document.id().to_owned(),
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
    match document.place(Some(recorded), quote) {
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
fn check_references(documents: &[Rc<Document>], themes: &[Theme], annotations: &[Annotation]) -> Result<(), FileError> {
    let mut document_ids = HashSet::new();
    for document in documents {
        if !document_ids.insert(document.id()) {
            return Err(FileError::WrongShape(format!("two documents share the id \"{}\"", document.id())));
        }
    }
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
        Document::from_markdown(
            "doc-1",
            "Doc",
            "# Doc\n\nAlpha **beta** 😀 gamma.  \nNext line.\n\n---\n\nDelta داعش [epsilon](https://e.org).",
        )
    }

    fn sample_project(document: &Document) -> Project {
        let mut project = Project::new(document, starter_codebook("ana", Timestamp(1_600_000_000_000)));
        let theme_id = project.themes().next().unwrap().id;
        let annotation_id = |n| AnnotationId(Uuid::from_u128(n));
        let dahesh = document.text().find("داعش").map(|byte| document.text()[..byte].chars().count()).unwrap();
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
                span: Span::between(dahesh, dahesh + 4),
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

    /// A version 1 file, as the first release wrote it.
    fn version_1(project: &Project, document: &Document) -> String {
        let mut value: serde_json::Value = serde_json::from_str(&write(project)).unwrap();
        let fields = value.as_object_mut().unwrap();
        fields.insert("version".into(), 1.into());
        fields.remove("documents");
        fields.insert("document".into(), serde_json::json!({ "id": document.id(), "title": document.title(), "fingerprint": document.fingerprint() }));
        for annotation in fields["annotations"].as_array_mut().unwrap() {
            annotation.as_object_mut().unwrap().remove("document");
        }
        value.to_string()
    }

    #[test]
    fn write_then_read_gives_the_same_project_with_its_documents() {
        let document = document();
        let mut project = sample_project(&document);
        let second = Rc::new(Document::from_plain_text("notes", "Notes", "One line.\nTwo.\n\nThree."));
        apply(&mut project, &document, Command::AddDocument(second.clone()), Origin::Local).unwrap();
        apply(
            &mut project,
            &second,
            Command::CreateAnnotation {
                id: AnnotationId(Uuid::from_u128(9)),
                span: Span::between(0, 3),
                theme_ids: vec![],
                creator: "cy".into(),
                at: Timestamp(5),
            },
            Origin::Local,
        )
        .unwrap();
        let text = write(&project);
        let (read_back, report) = read(&text, &[]).unwrap();
        assert_eq!(read_back, project);
        assert_eq!((report.annotations, report.moved, report.orphans), (3, 0, 0));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["version"], 2);
        assert_eq!(json["documents"][0]["fingerprint"], document.fingerprint());
        assert_eq!(
            json["documents"][0]["blocks"][1]["pieces"][1],
            serde_json::json!({ "text": "beta", "strong": true })
        );
        assert_eq!(json["annotations"][0]["exact"], "😀 g");
        assert_eq!(json["annotations"][0]["document"], "doc-1");
        assert_eq!(json["annotations"][3]["document"], "notes");
        assert_eq!(json["annotations"][0]["created"], "2023-11-14T22:13:20.001Z");
        assert_eq!(json["annotations"][2]["deleted"], "2023-11-14T22:13:20.005Z");
    }

    #[test]
    fn a_version_1_file_is_migrated_onto_the_document_it_names() {
        let document = document();
        let project = sample_project(&document);
        let known = [Rc::new(document.clone())];
        let (migrated, report) = read(&version_1(&project, &document), &known).unwrap();
        assert_eq!(migrated, project);
        assert_eq!(report.annotations, 2);
        let other = [Rc::new(Document::from_plain_text("other", "Other", "x"))];
        assert_eq!(
            read(&version_1(&project, &document), &other).unwrap_err(),
            FileError::OtherDocument { file_title: "Doc".into(), open_title: "Other".into() }
        );
    }

    #[test]
    fn a_version_1_file_made_on_another_text_is_placed_again() {
        let document = document();
        let text = version_1(&sample_project(&document), &document);
        let edited = Document::from_markdown(
            "doc-1",
            "Doc",
            "# Doc\n\nNew first line.\n\nAlpha beta 😀 gamma.\n\nDelta epsilon.",
        );
        let (project, report) = read(&text, &[Rc::new(edited.clone())]).unwrap();
        assert_eq!((report.annotations, report.moved, report.orphans), (2, 1, 1));
        let annotations: Vec<_> = project.annotations().collect();
        assert_eq!(edited.quote(annotations[0].span), "😀 g");
        assert_eq!(annotations[0].anchoring, Anchoring::Placed);
        assert_eq!(annotations[1].anchoring, Anchoring::Orphan, "\"داعش\" is gone from the text");
        // Orphans stay orphans through a save and a read.
        let again = write(&project);
        let json: serde_json::Value = serde_json::from_str(&again).unwrap();
        assert_eq!(json["annotations"][1]["orphan"], true);
        assert_eq!(read(&again, &[]).unwrap().0, project);
    }

    #[test]
    fn the_rewriter_writes_what_write_compact_writes_as_the_project_changes() {
        let document = document();
        let mut project = sample_project(&document);
        let mut rewriter = Rewriter::default();
        assert_eq!(rewriter.unknown_records(&project), project.all_annotations().len());
        assert_eq!(rewriter.write(&project), write_compact(&project));
        assert_eq!(rewriter.unknown_records(&project), 0);
        let first = AnnotationId(Uuid::from_u128(1));
        let theme_id = project.themes().nth(2).unwrap().id;
        let changes = [
            Command::SetAnnotationNote { annotation_id: first, note: "Changed \u{1F600}".into(), at: Timestamp(9) },
            Command::AddAnnotationTheme { annotation_id: first, theme_id, at: Timestamp(10) },
            Command::RenameTheme { theme_id, name: "Renamed".into(), at: Timestamp(11) },
            Command::DeleteAnnotation { annotation_id: first, at: Timestamp(12) },
            Command::AddDocument(Rc::new(Document::from_plain_text("doc-2", "Second", "Another text."))),
        ];
        for change in changes {
            apply(&mut project, &document, change, Origin::Local).unwrap();
            let text = rewriter.write(&project);
            assert_eq!(text, write_compact(&project));
            assert_eq!(read(&text, &[]).unwrap().0, project);
        }
    }

    #[test]
    fn bad_files_are_refused_with_a_message_that_names_the_problem() {
        let document = document();
        let good: serde_json::Value = serde_json::from_str(&write(&sample_project(&document))).unwrap();
        let with = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut value = good.clone();
            edit(&mut value);
            value.to_string()
        };
        let check = |text: &str, expected_message: &str| {
            let error = read(text, &[Rc::new(document.clone())]).expect_err(text);
            assert!(
                error.to_string().contains(expected_message),
                "{text:?} gave {error}, expected it to say {expected_message:?}"
            );
        };
        check("{ not json", "is not valid JSON (key must be a string at line 1, column 3)");
        check("", "is not valid JSON");
        check("[1, 2]", "not a project file of this app");
        // Deep nesting inside the object is skipped or refused without recursing.
        let deep = format!("{{\"version\": 2, \"annotations\": [{}{}]}}", "[".repeat(200_000), "]".repeat(200_000));
        check(&deep, "invalid type: sequence, expected struct");
        let deep = format!("{{\"version\": 2, \"x\": {}{}}}", "[".repeat(200_000), "]".repeat(200_000));
        check(&deep, "unknown field `x`");
        check("{\"name\": \"x\"}", "it has no \"version\" field");
        check(&with(&|v| v["version"] = 7.into()), "has version 7; this app reads version 2");
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
            &with(&|v| v["annotations"][0]["document"] = "elsewhere".into()),
            "is on document \"elsewhere\", which the file does not hold",
        );
        check(
            &with(&|v| v["documents"][0]["fingerprint"] = "00".into()),
            "the text of document \"Doc\" does not match its fingerprint",
        );
        check(&with(&|v| v["documents"][0]["blocks"][0]["kind"] = "table".into()), "a block of unknown kind \"table\"");
        check(
            &with(&|v| v["documents"] = serde_json::json!([])),
            "is on document \"doc-1\", which the file does not hold",
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
        check(&"[".repeat(100_000), "is not valid JSON (recursion limit exceeded");
    }

    #[test]
    fn documents_travel_alone_too() {
        let document = document();
        assert_eq!(read_document(&write_document(&document)).unwrap(), document);
        assert!(read_document("{}").unwrap_err().to_string().contains("missing field"));
    }
}
