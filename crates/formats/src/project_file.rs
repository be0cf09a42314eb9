//! The project file: what "Save JSON" writes, "Open JSON" reads, and local storage keeps.
//!
//! Version 3 holds the documents themselves (their blocks), so a file opens anywhere, and the
//! coders, with every field stamped by who wrote it and when, so that files merge field by field:
//! ```json
//! { "version": 3, "generator": "communique-annotator",
//!   "documents": [ { "id": "...", "title": "...", "source": "<IRI>", "equivalent_sources": ["<IRI>"],
//!                    "fingerprint": "<sha-256 of the plain text>",
//!                    "blocks": [ { "kind": "paragraph", "pieces": [ { "text": "...", "strong": true } ] } ] } ],
//!   "coders": [ { "id": "<uuid>", "name": "Amira", "colour": "#1f77b4", "modified": "<time>" } ],
//!   "themes": [ { "id": "<uuid>", "name": "...", "colour": "#rrggbb", "description": "...", "rank": 0,
//!                 "parent": "<uuid of the theme it sits under, left out at the top level>",
//!                 "coder": "<uuid>", "created": "<time>", "modified": "<time>",
//!                 "edited": { "name": { "at": "<time>", "by": "<coder uuid>" } } } ],
//!   "annotations": [ { "id": "<uuid>", "document": "<document id>", "start": 0, "end": 4, "exact": "...",
//!                      "prefix": "...", "suffix": "...", "note": "", "coder": "<uuid>", "created": "<time>",
//!                      "modified": "<time>",
//!                      "codings": [ { "theme": "<uuid>", "by": "<coder uuid>", "at": "<time>" },
//!                                   { "theme": "<uuid>", "by": "<coder uuid>", "at": "<time>", "removed": true } ],
//!                      "edited": { "note": { "at": "<time>", "by": "<coder uuid>" } } } ] }
//! ```
//! `edited` names the parts written after the record was made (`passage`, `note`, `life` for
//! annotations; `name`, `colour`, `description`, `rank`, `parent`, `life` for themes); a part it does not
//! name was last written by the record's coder when it was made. `modified` is the latest write,
//! for people and other tools; it is not read back. Versions 1 (one built-in document named by id,
//! no text) and 2 (documents, creators by name) are read by migration: their creators' names
//! become coders, with ids made from the names so that the same name is one coder in every file.
//! Offsets count code points of the document's plain text. Deleted records stay, with `deleted`.
//! `equivalent_sources` (other addresses of the same text) is left out when there are none, and
//! files without it read as before.
//! Once someone changes a setting, `"settings": { "blind": true, "edited": { "at": …, "by": … } }`
//! follows the annotations (blind coding: see `annotator_core::settings`).

use crate::error::{json_reason, FileError};
use crate::import_report::{ImportReport, MAX_ANNOTATIONS};
use crate::time;
use annotator_core::anchoring::Placement;
use annotator_core::coder;
use annotator_core::document::BlockSource;
use annotator_core::ids::{IdMap, IdSet};
use annotator_core::project::changed_places;
use annotator_core::settings::Settings;
use annotator_core::theme::is_valid_colour;
use annotator_core::{
    Anchoring, Annotation, AnnotationId, AnnotationStamps, BlockKind, Coder, CoderId, Coding, Document, InlineMarks,
    Project, RunKind, Span, Stamp, TextQuote, Theme, ThemeId, ThemeStamps, Timestamp,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::rc::Rc;
use uuid::Uuid;

/// The version this module writes.
pub const VERSION: u32 = 3;

/// The name this app writes as the file's generator.
pub const GENERATOR: &str = "communique-annotator";

/// What the first pass over a project file whose version does not come first keeps: its version.
#[derive(Deserialize)]
struct Header {
    version: Option<serde_json::Value>,
}

/// The version of a file that opens with it, as this app writes them (`{"version": 3, …`); a
/// version this app reads, else `None` (the first pass then finds it, or says what is wrong).
fn leading_version(text: &str) -> Option<u64> {
    let rest = text.trim_start().strip_prefix('{')?.trim_start().strip_prefix("\"version\"")?;
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = rest[digits..].trim_start();
    if !(after.starts_with(',') || after.starts_with('}')) {
        return None;
    }
    rest[..digits].parse().ok().filter(|version| (1..=3).contains(version))
}

/// What the reader of a file's annotations says when there are more than [`MAX_ANNOTATIONS`].
const TOO_MANY_ANNOTATIONS: &str = "more annotations than this app reads in one file";

/// Reads a file's list of annotations, refusing it at the first past [`MAX_ANNOTATIONS`].
fn at_most_max_annotations<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Bounded<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Bounded<T> {
        type Value = Vec<T>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a list of annotations")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<Vec<T>, A::Error> {
            let mut read = Vec::new();
            while let Some(item) = items.next_element()? {
                if read.len() == MAX_ANNOTATIONS {
                    return Err(serde::de::Error::custom(TOO_MANY_ANNOTATIONS));
                }
                read.push(item);
            }
            Ok(read)
        }
    }
    deserializer.deserialize_seq(Bounded(std::marker::PhantomData))
}

/// A file as read or written. Fields that reading only looks at (ids of documents, times, the
/// text of a document already open) are borrowed from the file's text where it has no escapes
/// (`Cow`), rather than copied into a string of their own per record and dropped at once.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFileV3<'a> {
    version: u32,
    #[serde(default)]
    generator: String,
    #[serde(borrow)]
    documents: Vec<DocumentV2<'a>>,
    #[serde(default)]
    coders: Vec<CoderV3>,
    themes: Vec<ThemeV3>,
    #[serde(borrow, deserialize_with = "at_most_max_annotations")]
    annotations: Vec<AnnotationV3<'a>>,
    /// Written once someone changed a setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    settings: Option<SettingsV3>,
}

/// The project's settings and who set them last.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsV3 {
    #[serde(default)]
    blind: bool,
    edited: StampV3,
}

#[derive(Serialize, Deserialize)]
struct CoderV3 {
    id: Uuid,
    #[serde(default)]
    name: String,
    colour: String,
    modified: String,
}

/// Who wrote a part of a record, and when.
#[derive(Serialize, Deserialize, Clone)]
struct StampV3 {
    at: String,
    by: Uuid,
}

/// The parts of a theme written after it was made.
#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ThemeEditsV3 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<StampV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    colour: Option<StampV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<StampV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rank: Option<StampV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<StampV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    life: Option<StampV3>,
}

#[derive(Serialize, Deserialize)]
struct ThemeV3 {
    id: Uuid,
    name: String,
    colour: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    rank: i64,
    /// The theme it sits under; files written before the code hierarchy have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<Uuid>,
    coder: Uuid,
    created: String,
    #[serde(default)]
    modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deleted: Option<String>,
    #[serde(default, skip_serializing_if = "ThemeEditsV3::is_empty")]
    edited: ThemeEditsV3,
}

/// The parts of an annotation written after it was made.
#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AnnotationEditsV3 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passage: Option<StampV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<StampV3>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    life: Option<StampV3>,
}

#[derive(Serialize, Deserialize)]
struct CodingV3<'a> {
    theme: Uuid,
    by: Uuid,
    #[serde(borrow)]
    at: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    removed: bool,
}

#[derive(Serialize, Deserialize)]
struct AnnotationV3<'a> {
    id: Uuid,
    #[serde(borrow)]
    document: Cow<'a, str>,
    start: usize,
    end: usize,
    exact: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default, skip_serializing_if = "is_false")]
    orphan: bool,
    #[serde(borrow, default)]
    codings: Vec<CodingV3<'a>>,
    #[serde(default)]
    note: String,
    coder: Uuid,
    #[serde(borrow)]
    created: Cow<'a, str>,
    #[serde(borrow, default)]
    modified: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deleted: Option<String>,
    #[serde(default, skip_serializing_if = "AnnotationEditsV3::is_empty")]
    edited: AnnotationEditsV3,
}

impl ThemeEditsV3 {
    fn is_empty(&self) -> bool {
        [&self.name, &self.colour, &self.description, &self.rank, &self.parent, &self.life]
            .iter()
            .all(|stamp| stamp.is_none())
    }
}

impl AnnotationEditsV3 {
    fn is_empty(&self) -> bool {
        [&self.passage, &self.note, &self.life].iter().all(|stamp| stamp.is_none())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFileV2<'a> {
    version: u32,
    #[serde(default)]
    generator: String,
    #[serde(borrow)]
    documents: Vec<DocumentV2<'a>>,
    themes: Vec<ThemeV1>,
    #[serde(borrow, deserialize_with = "at_most_max_annotations")]
    annotations: Vec<AsObject<AnnotationV1V2<'a>>>,
}

/// A record read only from a JSON object, as serde reads a record with a flattened part (which
/// version 2 annotations were until their fields were written out): an array in its place is
/// refused as not that record, without looking inside.
struct AsObject<T>(T);

impl<T: Serialize> Serialize for AsObject<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for AsObject<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Object<T> {
            type Value = AsObject<T>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(formatter, "struct {}", std::any::type_name::<T>().rsplit("::").next().unwrap_or("record"))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<AsObject<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(AsObject)
            }
        }
        deserializer.deserialize_map(Object(std::marker::PhantomData))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFileV1<'a> {
    version: u32,
    #[serde(default)]
    generator: String,
    document: DocumentRefV1,
    themes: Vec<ThemeV1>,
    #[serde(borrow, deserialize_with = "at_most_max_annotations")]
    annotations: Vec<AnnotationV1V2<'a>>,
}

#[derive(Serialize, Deserialize)]
struct DocumentRefV1 {
    id: String,
    title: String,
    fingerprint: String,
}

#[derive(Serialize, Deserialize)]
struct DocumentV2<'a> {
    id: String,
    title: String,
    source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    equivalent_sources: Vec<String>,
    fingerprint: String,
    /// Borrowed: a team's files carry the text of a document already open, which is compared
    /// with it and dropped.
    #[serde(borrow)]
    blocks: Vec<BlockV2<'a>>,
}

#[derive(Serialize, Deserialize)]
struct BlockV2<'a> {
    #[serde(borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    pieces: Vec<PieceV2<'a>>,
}

#[derive(Serialize, Deserialize)]
struct PieceV2<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
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

/// An annotation of version 1 or 2: version 2 adds the document it is on, which version 1
/// files leave out (their one document is named by the file). One struct for both rather than
/// version 1's fields taken into version 2's with `#[serde(flatten)]`, which reads each record
/// through a buffer of untyped values at several times the cost.
#[derive(Serialize, Deserialize)]
struct AnnotationV1V2<'a> {
    #[serde(borrow, default, deserialize_with = "borrowed_or_none", skip_serializing_if = "Option::is_none")]
    document: Option<Cow<'a, str>>,
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
    #[serde(borrow, default)]
    creator: Cow<'a, str>,
    #[serde(borrow)]
    created: Cow<'a, str>,
    #[serde(borrow)]
    modified: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deleted: Option<String>,
}

/// An optional string borrowed from the file's text where it has no escapes: serde reads an
/// `Option<Cow<str>>` into a string of its own, as it borrows only a `Cow` it is asked to.
fn borrowed_or_none<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Option::<Borrowed<'a>>::deserialize(deserializer).map(|found| found.map(|Borrowed(text)| text))
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

fn file_of(project: &Project) -> ProjectFileV3<'static> {
    ProjectFileV3 {
        version: VERSION,
        generator: GENERATOR.to_owned(),
        documents: project.documents().iter().map(|document| document_to_file(document)).collect(),
        coders: project.coders().iter().map(coder_to_file).collect(),
        themes: project.all_themes().iter().map(theme_to_file).collect(),
        annotations: project.all_annotations().map(annotation_to_file).collect(),
        settings: settings_to_file(project.settings()),
    }
}

fn settings_to_file(settings: &Settings) -> Option<SettingsV3> {
    (*settings != Settings::default())
        .then(|| SettingsV3 { blind: settings.blind, edited: stamp_to_file(settings.stamp) })
}

fn settings_from_file(settings: Option<SettingsV3>) -> Result<Settings, FileError> {
    let Some(SettingsV3 { blind, edited }) = settings else { return Ok(Settings::default()) };
    let stamp = stamp_from_file(Some(edited), Stamp::default())
        .map_err(|what| FileError::WrongShape(format!("the settings: {what}")))?;
    Ok(Settings { blind, stamp })
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
        self.annotations.update(project.shared_annotations(), annotation_to_file);
        let coders: Vec<CoderV3> = project.coders().iter().map(coder_to_file).collect();
        let themes: Vec<ThemeV3> = project.all_themes().iter().map(theme_to_file).collect();
        let size: usize = self.documents.texts.iter().chain(&self.annotations.texts).map(|json| json.len() + 1).sum();
        let mut text = String::with_capacity(size + 4096);
        text.push_str(&format!("{{\"version\":{VERSION},\"generator\":{}", json(&GENERATOR)));
        text.push_str(",\"documents\":");
        self.documents.write_into(&mut text);
        text.push_str(",\"coders\":");
        text.push_str(&json(&coders));
        text.push_str(",\"themes\":");
        text.push_str(&json(&themes));
        text.push_str(",\"annotations\":");
        self.annotations.write_into(&mut text);
        if let Some(settings) = settings_to_file(project.settings()) {
            text.push_str(",\"settings\":");
            text.push_str(&json(&settings));
        }
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

/// One coder as JSON, as the browser keeps the person coding there.
pub fn write_coder(coder: &Coder) -> String {
    json(&coder_to_file(coder))
}

/// A coder written by [`write_coder`].
pub fn read_coder(text: &str) -> Result<Coder, FileError> {
    let file: CoderV3 = serde_json::from_str(text).map_err(|error| FileError::WrongShape(json_reason(&error)))?;
    coder_from_file(file)
}

/// One document as JSON (the worker sends documents it read this way).
pub fn write_document(document: &Document) -> String {
    serde_json::to_string(&document_to_file(document)).unwrap_or_default()
}

/// A document written by [`write_document`].
pub fn read_document(text: &str) -> Result<Document, FileError> {
    let file: DocumentV2<'_> =
        serde_json::from_str(text).map_err(|error| FileError::WrongShape(json_reason(&error)))?;
    document_from_file(file)
}

/// Reads a project file. A version 1 file names a document without holding it: it is read onto
/// the one of `known` with that id, and its annotations are placed again by quote if that text
/// changed since, as the report says. A later file's document that is one of `known` exactly is
/// that one (shared, not made again). Any problem comes back as a [`FileError`] and nothing is
/// half-read.
pub fn read(text: &str, known: &[Rc<Document>]) -> Result<(Project, ImportReport), FileError> {
    // The version comes first in every file this app writes, and is read from there at once;
    // a file that puts it elsewhere is read in a first pass that keeps nothing. The second pass
    // reads the file straight into its types (going through a `serde_json::Value` cost twice the
    // time), counting the annotations as they come, so that a file of a million stops at the
    // first past the limit.
    let not_json = |error: serde_json::Error| FileError::not_json(&error);
    if !text.trim_start().starts_with('{') {
        serde_json::from_str::<serde_json::Value>(text).map_err(not_json)?;
        return Err(FileError::NotAProjectFile("it is not a JSON object".into()));
    }
    let read_error = read_error;
    let version = match leading_version(text) {
        Some(version) => Some(version),
        None => {
            let header: Header = serde_json::from_str(text).map_err(read_error)?;
            match header.version {
                None => return Err(FileError::NotAProjectFile("it has no \"version\" field".into())),
                Some(serde_json::Value::Number(number)) if matches!(number.as_u64(), Some(1..=3)) => number.as_u64(),
                Some(other) => {
                    return Err(FileError::UnsupportedVersion { found: other.to_string(), supported: VERSION })
                }
            }
        }
    };
    let wrong_shape = read_error;
    let mut report = ImportReport { format: "Project file".into(), ..ImportReport::default() };
    let (documents, coders, themes, annotations) = match version {
        Some(1) => {
            let file: ProjectFileV1<'_> = serde_json::from_str(text).map_err(wrong_shape)?;
            let Some(document) = known.iter().find(|document| document.id() == file.document.id) else {
                let open = known.first().map_or(String::new(), |document| document.title().to_owned());
                return Err(FileError::OtherDocument { file_title: file.document.title, open_title: open });
            };
            let same_text = file.document.fingerprint == document.fingerprint();
            let annotations =
                file.annotations.into_iter().map(|annotation| (document, same_text, annotation)).collect();
            migrated(vec![document.clone()], file.themes, annotations, &mut report)?
        }
        Some(2) => {
            let file: ProjectFileV2<'_> = serde_json::from_str(text).map_err(wrong_shape)?;
            let documents = documents_from_file(file.documents, known)?;
            let annotations = file
                .annotations
                .into_iter()
                .map(|AsObject(annotation)| {
                    // Version 2 names every annotation's document, as serde said of a field it required.
                    let Some(document) = &annotation.document else {
                        return Err(FileError::WrongShape("missing field `document`".into()));
                    };
                    let document = document_named(&documents, document, annotation.id)?;
                    Ok((document, true, annotation))
                })
                .collect::<Result<Vec<_>, FileError>>()?;
            migrated(documents.clone(), file.themes, annotations, &mut report)?
        }
        _ => return read_version_3(text, known),
    };
    check_references(&documents, &themes, &annotations)?;
    report.annotations = annotations.iter().filter(|annotation| annotation.is_live()).count();
    Ok((Project::from_parts(documents, coders, themes, annotations), report))
}

/// Reads a project file of the version this app writes, opening with its version as this app
/// writes it (`{"version":3,…`): what the app keeps between visits and what its other tabs
/// store. The same reading as [`read`] for such a file, with none of the code that reads earlier
/// versions or explains a file that is not one, so that a page can open stored work without
/// carrying it. `None` for any other text: [`read`] reads it, or says what is wrong with it.
pub fn read_current(text: &str, known: &[Rc<Document>]) -> Option<Result<(Project, ImportReport), FileError>> {
    (leading_version(text) == Some(u64::from(VERSION))).then(|| read_version_3(text, known))
}

fn read_version_3(text: &str, known: &[Rc<Document>]) -> Result<(Project, ImportReport), FileError> {
    let report = ImportReport { format: "Project file".into(), ..ImportReport::default() };
    let file: ProjectFileV3<'_> = serde_json::from_str(text).map_err(read_error)?;
    records_of_file(file, known, Whole::File, report)
}

/// A problem serde found while reading a project file, as the file's problem.
fn read_error(error: serde_json::Error) -> FileError {
    match error.classify() {
        serde_json::error::Category::Data if json_reason(&error) == TOO_MANY_ANNOTATIONS => {
            FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS }
        }
        serde_json::error::Category::Data => FileError::WrongShape(json_reason(&error)),
        _ => FileError::not_json(&error),
    }
}

/// Writes some records of a project (a change, or what a live room sent) as a project file of
/// version 3 that may hold no document: its annotations are on documents the reader knows.
pub fn write_records(records: &Project) -> String {
    write_compact(records)
}

/// Reads records written by [`write_records`] (or a whole project file of version 3): the
/// records checked one by one as [`read`] checks them, but the file may hold no document, its
/// annotations may be on documents of `known` (which the project returned then holds too), and
/// its codings may name themes it does not hold (the project they merge into may hold them).
pub fn read_records(text: &str, known: &[Rc<Document>]) -> Result<(Project, ImportReport), FileError> {
    let file: ProjectFileV3 = serde_json::from_str(text).map_err(|error| match error.classify() {
        serde_json::error::Category::Data if json_reason(&error) == TOO_MANY_ANNOTATIONS => {
            FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS }
        }
        serde_json::error::Category::Data => FileError::WrongShape(json_reason(&error)),
        _ => FileError::not_json(&error),
    })?;
    if file.version != VERSION {
        return Err(FileError::UnsupportedVersion { found: file.version.to_string(), supported: VERSION });
    }
    let report = ImportReport { format: "Project file".into(), ..ImportReport::default() };
    records_of_file(file, known, Whole::Records, report)
}

/// Whether a file of version 3 is a whole project or some records of one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Whole {
    /// A project: it holds a document at least, and everything its records refer to.
    File,
    /// Some records: their documents may be known already, their themes elsewhere.
    Records,
}

/// The records of a file of version 3, checked.
fn records_of_file(
    file: ProjectFileV3<'_>,
    known: &[Rc<Document>],
    whole: Whole,
    mut report: ImportReport,
) -> Result<(Project, ImportReport), FileError> {
    let settings = settings_from_file(file.settings)?;
    let mut documents = if whole == Whole::Records && file.documents.is_empty() {
        Vec::new()
    } else {
        documents_from_file(file.documents, known)?
    };
    let coders = file.coders.into_iter().map(coder_from_file).collect::<Result<Vec<_>, _>>()?;
    let themes = file.themes.into_iter().map(theme_from_file).collect::<Result<Vec<_>, _>>()?;
    let mut annotations = Vec::with_capacity(file.annotations.len());
    for annotation in file.annotations {
        if whole == Whole::Records && !documents.iter().any(|document| document.id() == annotation.document) {
            if let Some(document) = known.iter().find(|document| document.id() == annotation.document) {
                documents.push(document.clone());
            }
        }
        let document = document_named(&documents, &annotation.document, annotation.id)?;
        annotations.push(annotation_from_file(annotation, document, whole == Whole::File, &mut report)?);
    }
    match whole {
        Whole::File => check_references(&documents, &themes, &annotations)?,
        Whole::Records => check_ids(&documents, &themes, &annotations)?,
    }
    report.annotations = annotations.iter().filter(|annotation| annotation.is_live()).count();
    Ok((Project::from_parts(documents, coders, themes, annotations).with_settings(settings), report))
}

/// The documents of a file of version 2 or later, of which there must be one at least. One that
/// is among `known` as the file has it (files of one team carry the same text) is that one,
/// shared rather than made again: its text joined, hashed and indexed anew.
fn documents_from_file(documents: Vec<DocumentV2<'_>>, known: &[Rc<Document>]) -> Result<Vec<Rc<Document>>, FileError> {
    let documents =
        documents.into_iter().map(|document| match known.iter().find(|known| is_same_document(&document, known)) {
            Some(known) => Ok(known.clone()),
            None => document_from_file(document).map(Rc::new),
        });
    let documents = documents.collect::<Result<Vec<_>, _>>()?;
    if documents.is_empty() {
        return Err(FileError::WrongShape("it holds no document".into()));
    }
    Ok(documents)
}

/// The document of the file that an annotation names.
fn document_named<'a>(
    documents: &'a [Rc<Document>],
    id: &str,
    annotation: Uuid,
) -> Result<&'a Rc<Document>, FileError> {
    documents.iter().find(|document| document.id() == id).ok_or_else(|| {
        FileError::WrongShape(format!("highlight {annotation} is on document \"{id}\", which the file does not hold"))
    })
}

/// The records of a file of version 1 or 2: creators known by name become coders, every part of
/// a record is stamped by its creator at its last change, and the codebook keeps the file's order.
#[allow(clippy::type_complexity)]
fn migrated(
    documents: Vec<Rc<Document>>,
    themes: Vec<ThemeV1>,
    annotations: Vec<(&Rc<Document>, bool, AnnotationV1V2<'_>)>,
    report: &mut ImportReport,
) -> Result<(Vec<Rc<Document>>, Vec<Coder>, Vec<Theme>, Vec<Annotation>), FileError> {
    let mut coders: Vec<Coder> = Vec::new();
    // A name's id is a hash (UUID v5): each name is hashed once, not once per record.
    let mut ids_by_name: IdMap<String, CoderId> = IdMap::default();
    let mut coder_named = |name: &str, at: Timestamp| {
        if let Some(id) = ids_by_name.get(name) {
            return *id;
        }
        let id = coder::id_for_name(name);
        if !name.trim().is_empty() && !coders.iter().any(|coder| coder.id == id) {
            coders.push(coder::named(name, at));
        }
        ids_by_name.insert(name.to_owned(), id);
        id
    };
    let mut migrated_themes = Vec::with_capacity(themes.len());
    for (theme, rank) in themes.into_iter().zip(0..) {
        let damaged = |what: String| FileError::WrongShape(format!("theme \"{}\": {what}", theme.name));
        check_theme(theme.id, &theme.name, &theme.colour)?;
        let created = time::parse(&theme.created).map_err(damaged)?;
        let modified = time::parse(&theme.modified).map_err(damaged)?;
        let stamp = Stamp::new(modified, coder_named(&theme.creator, created));
        let mut migrated = Theme::new(ThemeId(theme.id), &theme.name, &theme.colour, &theme.description, rank, stamp);
        migrated.created = created;
        migrated.deleted = theme.deleted.as_deref().map(time::parse).transpose().map_err(damaged)?;
        migrated_themes.push(migrated);
    }
    let mut migrated_annotations = Vec::with_capacity(annotations.len());
    for (document, same_text, annotation) in annotations {
        let id = annotation.id;
        let damaged = |what: String| FileError::WrongShape(format!("highlight {id}: {what}"));
        let recorded = TextQuote { exact: annotation.exact, prefix: annotation.prefix, suffix: annotation.suffix };
        let (span, anchoring) = placement(
            Placed { start: annotation.start, end: annotation.end, exact: &recorded.exact, orphan: annotation.orphan },
            &recorded,
            annotation.deleted.is_none(),
            document,
            same_text,
            report,
        )
        .map_err(damaged)?;
        let created = time::parse(&annotation.created).map_err(damaged)?;
        // Most records were last changed when they were made.
        let modified = if annotation.modified == annotation.created {
            created
        } else {
            time::parse(&annotation.modified).map_err(damaged)?
        };
        let stamp = Stamp::new(modified, coder_named(&annotation.creator, created));
        // In place: the ids become theme ids in the vector they were read into.
        let theme_ids: Vec<ThemeId> = annotation.theme_ids.into_iter().map(ThemeId).collect();
        // A passage placed again in a changed text takes its quote from where it now lies, so
        // that the project reads back as it is saved.
        let quote = if !same_text && anchoring == Anchoring::Placed { document.describe(span) } else { recorded };
        let mut migrated = Annotation::new(AnnotationId(annotation.id), document.id(), span, quote, &theme_ids, stamp);
        migrated.anchoring = anchoring;
        migrated.note = annotation.note;
        migrated.created = created;
        migrated.deleted = annotation.deleted.as_deref().map(time::parse).transpose().map_err(damaged)?;
        migrated_annotations.push(migrated);
    }
    Ok((documents, coders, migrated_themes, migrated_annotations))
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

fn document_to_file(document: &Document) -> DocumentV2<'static> {
    DocumentV2 {
        id: document.id().to_owned(),
        title: document.title().to_owned(),
        source: document.source().to_owned(),
        equivalent_sources: document.equivalent_sources().to_vec(),
        fingerprint: document.fingerprint().to_owned(),
        blocks: document
            .sources()
            .into_iter()
            .map(|block| BlockV2 {
                kind: Cow::Owned(block_kind_name(block.kind)),
                pieces: block
                    .pieces
                    .into_iter()
                    .map(|(text, kind, marks)| PieceV2 {
                        text: Cow::Owned(text),
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

/// Whether a document of a file is `known` exactly: the same id, title, source and fingerprint,
/// and the same blocks of the same pieces.
fn is_same_document(file: &DocumentV2<'_>, known: &Document) -> bool {
    let same_block = |(block, known_block): (&BlockV2<'_>, &annotator_core::Block)| {
        block_kind_of(&block.kind) == Some(known_block.kind)
            && block.pieces.len() == known_block.runs.len()
            && block.pieces.iter().zip(&known_block.runs).all(|(piece, run)| {
                let kind = if piece.line_break { RunKind::LineBreak } else { RunKind::Text };
                kind == run.kind
                    && piece.strong == run.marks.strong
                    && piece.emphasis == run.marks.emphasis
                    && piece.code == run.marks.code
                    && piece.link == run.marks.link
                    && piece.text == known.quote(run.span)
            })
    };
    file.id == known.id()
        && file.title == known.title()
        && file.source == known.source()
        && file.equivalent_sources == known.equivalent_sources()
        && file.fingerprint == known.fingerprint()
        && file.blocks.len() == known.blocks().len()
        && file.blocks.iter().zip(known.blocks()).all(same_block)
}

fn document_from_file(file: DocumentV2<'_>) -> Result<Document, FileError> {
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
                        piece.text.into_owned(),
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
    let document = file.equivalent_sources.iter().fold(
        Document::from_sources(&file.id, file.title.clone(), blocks).with_source(&file.source),
        |document, source| document.with_equivalent_source(source),
    );
    if document.fingerprint() != file.fingerprint {
        return Err(FileError::WrongShape(format!(
            "the text of document \"{}\" does not match its fingerprint",
            file.title
        )));
    }
    Ok(document)
}

fn stamp_to_file(stamp: Stamp) -> StampV3 {
    StampV3 { at: time::format(stamp.at), by: stamp.coder.0 }
}

/// The stamp of a part, if it was written after the record was made by `made`.
fn edit_to_file(stamp: Stamp, made: Stamp) -> Option<StampV3> {
    (stamp != made).then(|| stamp_to_file(stamp))
}

fn stamp_from_file(stamp: Option<StampV3>, made: Stamp) -> Result<Stamp, String> {
    match stamp {
        None => Ok(made),
        Some(StampV3 { at, by }) => Ok(Stamp::new(time::parse(&at)?, CoderId(by))),
    }
}

fn coder_to_file(coder: &Coder) -> CoderV3 {
    CoderV3 {
        id: coder.id.0,
        name: coder.name.clone(),
        colour: coder.colour.clone(),
        modified: time::format(coder.stamp.at),
    }
}

fn coder_from_file(coder: CoderV3) -> Result<Coder, FileError> {
    let damaged = |what: String| FileError::WrongShape(format!("coder \"{}\": {what}", coder.name));
    if !is_valid_colour(&coder.colour) {
        return Err(damaged(format!("\"{}\" is not a colour of the form #rrggbb", coder.colour)));
    }
    let id = CoderId(coder.id);
    let stamp = Stamp::new(time::parse(&coder.modified).map_err(damaged)?, id);
    Ok(Coder { id, name: coder.name, colour: coder.colour, stamp })
}

fn theme_to_file(theme: &Theme) -> ThemeV3 {
    let made = Stamp::new(theme.created, theme.coder);
    let stamps = &theme.stamps;
    ThemeV3 {
        id: theme.id.0,
        name: theme.name.clone(),
        colour: theme.colour.clone(),
        description: theme.description.clone(),
        rank: theme.rank,
        parent: theme.parent.map(|parent| parent.0),
        coder: theme.coder.0,
        created: time::format(theme.created),
        modified: time::format(theme.modified().at),
        deleted: theme.deleted.map(time::format),
        edited: ThemeEditsV3 {
            name: edit_to_file(stamps.name, made),
            colour: edit_to_file(stamps.colour, made),
            description: edit_to_file(stamps.description, made),
            rank: edit_to_file(stamps.rank, made),
            parent: edit_to_file(stamps.parent, made),
            life: edit_to_file(stamps.life, made),
        },
    }
}

fn annotation_to_file(annotation: &Annotation) -> AnnotationV3<'static> {
    let made = Stamp::new(annotation.created, annotation.coder);
    let stamps = &annotation.stamps;
    AnnotationV3 {
        id: annotation.id.0,
        document: Cow::Owned(annotation.document_id.clone()),
        start: annotation.span.start(),
        end: annotation.span.end(),
        exact: annotation.quote.exact.clone(),
        prefix: annotation.quote.prefix.clone(),
        suffix: annotation.quote.suffix.clone(),
        orphan: annotation.anchoring == Anchoring::Orphan,
        codings: annotation
            .codings
            .iter()
            .map(|coding| CodingV3 {
                theme: coding.theme_id.0,
                by: coding.stamp.coder.0,
                at: Cow::Owned(time::format(coding.stamp.at)),
                removed: !coding.applied,
            })
            .collect(),
        note: annotation.note.clone(),
        coder: annotation.coder.0,
        created: Cow::Owned(time::format(annotation.created)),
        modified: Cow::Owned(time::format(annotation.modified().at)),
        deleted: annotation.deleted.map(time::format),
        edited: AnnotationEditsV3 {
            passage: edit_to_file(stamps.passage, made),
            note: edit_to_file(stamps.note, made),
            life: edit_to_file(stamps.life, made),
        },
    }
}

/// A theme needs a name and a colour of the form `#rrggbb`.
fn check_theme(id: Uuid, name: &str, colour: &str) -> Result<(), FileError> {
    if name.trim().is_empty() {
        return Err(FileError::WrongShape(format!("theme {id} has no name")));
    }
    if !is_valid_colour(colour) {
        return Err(FileError::WrongShape(format!(
            "theme \"{name}\": \"{colour}\" is not a colour of the form #rrggbb"
        )));
    }
    Ok(())
}

fn theme_from_file(theme: ThemeV3) -> Result<Theme, FileError> {
    let damaged = |what: String| FileError::WrongShape(format!("theme \"{}\": {what}", theme.name));
    check_theme(theme.id, &theme.name, &theme.colour)?;
    let created = time::parse(&theme.created).map_err(damaged)?;
    let made = Stamp::new(created, CoderId(theme.coder));
    let edited = theme.edited;
    let stamps = ThemeStamps {
        name: stamp_from_file(edited.name, made).map_err(damaged)?,
        colour: stamp_from_file(edited.colour, made).map_err(damaged)?,
        description: stamp_from_file(edited.description, made).map_err(damaged)?,
        rank: stamp_from_file(edited.rank, made).map_err(damaged)?,
        parent: stamp_from_file(edited.parent, made).map_err(damaged)?,
        life: stamp_from_file(edited.life, made).map_err(damaged)?,
    };
    Ok(Theme {
        id: ThemeId(theme.id),
        deleted: theme.deleted.as_deref().map(time::parse).transpose().map_err(damaged)?,
        name: theme.name,
        colour: theme.colour,
        description: theme.description,
        rank: theme.rank,
        parent: theme.parent.map(ThemeId),
        coder: CoderId(theme.coder),
        created,
        stamps,
    })
}

/// Where a file put a passage.
struct Placed<'a> {
    start: usize,
    end: usize,
    exact: &'a str,
    orphan: bool,
}

/// Where an annotation read from a file lies: on the text it was made on (`same_text`), exactly
/// where it says, else placed again by its quote.
fn placement(
    placed: Placed,
    quote: &TextQuote,
    live: bool,
    document: &Document,
    same_text: bool,
    report: &mut ImportReport,
) -> Result<(Span, Anchoring), String> {
    let recorded = Span::new(placed.start, placed.end).map_err(|error| error.to_string())?;
    if placed.orphan {
        return Ok((recorded, Anchoring::Orphan));
    }
    if !same_text {
        return Ok(placed_again(document, recorded, quote, live, report));
    }
    // The text is the one the file was made on: positions must fit exactly.
    if recorded.end() > document.len() {
        return Err(format!("it ends at {}, past the end of the text ({})", recorded.end(), document.len()));
    }
    if document.quote(recorded) != placed.exact {
        return Err(format!("the text at {}..{} is not \"{}\"", recorded.start(), recorded.end(), placed.exact));
    }
    Ok((recorded, Anchoring::Placed))
}

/// An annotation of a file of version 3. With `exact_positions` its position must fit the text
/// (a project file is read onto the text it was made on); without, as for records from a live
/// room that another tool may have written (counting UTF-16 units, say), its quote places it,
/// the position only a hint.
fn annotation_from_file(
    annotation: AnnotationV3<'_>,
    document: &Document,
    exact_positions: bool,
    report: &mut ImportReport,
) -> Result<Annotation, FileError> {
    let id = annotation.id;
    let damaged = |what: String| FileError::WrongShape(format!("highlight {id}: {what}"));
    let quote = TextQuote { exact: annotation.exact, prefix: annotation.prefix, suffix: annotation.suffix };
    let placed =
        Placed { start: annotation.start, end: annotation.end, exact: &quote.exact, orphan: annotation.orphan };
    let (span, anchoring) =
        placement(placed, &quote, annotation.deleted.is_none(), document, exact_positions, report).map_err(damaged)?;
    let created = time::parse(&annotation.created).map_err(damaged)?;
    let coder = CoderId(annotation.coder);
    let made = Stamp::new(created, coder);
    let mut codings = Vec::with_capacity(annotation.codings.len());
    for coding in annotation.codings {
        // A theme is most often applied when its passage is made.
        let at = if coding.at == annotation.created { created } else { time::parse(&coding.at).map_err(damaged)? };
        let stamp = Stamp::new(at, CoderId(coding.by));
        if codings.iter().any(|existing: &Coding| existing.theme_id.0 == coding.theme) {
            return Err(damaged(format!("it has theme {} twice", coding.theme)));
        }
        codings.push(Coding { theme_id: ThemeId(coding.theme), applied: !coding.removed, stamp });
    }
    let edited = annotation.edited;
    let stamps = AnnotationStamps {
        passage: stamp_from_file(edited.passage, made).map_err(damaged)?,
        note: stamp_from_file(edited.note, made).map_err(damaged)?,
        life: stamp_from_file(edited.life, made).map_err(damaged)?,
    };
    Ok(Annotation {
        id: AnnotationId(id),
        document_id: document.id().to_owned(),
        span,
        anchoring,
        quote,
        codings,
        note: annotation.note,
        coder,
        created,
        deleted: annotation.deleted.as_deref().map(time::parse).transpose().map_err(damaged)?,
        stamps,
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
    settled(document.place(Some(recorded), quote), recorded, live, report)
}

/// Where a quote goes in `document` when its file gives no position in this text's units (as
/// Hypothesis, which counts the web page's text): found by its quote, it is where it was, not
/// moved; the rest is counted as [`placed_again`] counts it.
pub(crate) fn placed_by_quote(document: &Document, quote: &TextQuote, report: &mut ImportReport) -> (Span, Anchoring) {
    match document.place(None, quote) {
        Placement::ByQuote(span) => (span, Anchoring::Placed),
        other => settled(other, Span::default(), true, report),
    }
}

/// The span and anchoring of a placement, counted in `report` when the annotation is `live`.
fn settled(placement: Placement, recorded: Span, live: bool, report: &mut ImportReport) -> (Span, Anchoring) {
    match placement {
        Placement::AtPosition(span) => (span, Anchoring::Placed),
        Placement::Normalised(span) => {
            report.normalised += usize::from(live);
            (span, Anchoring::Placed)
        }
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
    check_ids(documents, themes, annotations)?;
    let theme_ids: IdSet<ThemeId> = themes.iter().map(|theme| theme.id).collect();
    for annotation in annotations {
        if let Some(missing) =
            annotation.codings.iter().map(|coding| coding.theme_id).find(|id| !theme_ids.contains(id))
        {
            return Err(FileError::WrongShape(format!(
                "highlight {} uses theme {missing}, which is not in the codebook",
                annotation.id
            )));
        }
    }
    Ok(())
}

/// No two records of a kind share an id.
fn check_ids(documents: &[Rc<Document>], themes: &[Theme], annotations: &[Annotation]) -> Result<(), FileError> {
    let mut document_ids = IdSet::default();
    for document in documents {
        if !document_ids.insert(document.id()) {
            return Err(FileError::WrongShape(format!("two documents share the id \"{}\"", document.id())));
        }
    }
    let mut theme_ids = IdSet::default();
    for theme in themes {
        if !theme_ids.insert(theme.id) {
            return Err(FileError::WrongShape(format!("two themes share the id {}", theme.id)));
        }
    }
    let mut annotation_ids = IdSet::with_capacity_and_hasher(annotations.len(), Default::default());
    for annotation in annotations {
        if !annotation_ids.insert(annotation.id) {
            return Err(FileError::WrongShape(format!("two highlights share the id {}", annotation.id)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, Command, Operation, Origin};
    use serde_json::{json, Value};

    fn document() -> Document {
        Document::from_markdown(
            "doc-1",
            "Doc",
            "# Doc\n\nAlpha **beta** 😀 gamma.  \nNext line.\n\n---\n\nDelta داعش [epsilon](https://e.org).",
        )
    }

    fn uuid(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// The two coders of these tests, and a third who never wrote their name into the project.
    fn ana() -> CoderId {
        CoderId(uuid(0xa11a))
    }

    fn bo() -> CoderId {
        CoderId(uuid(0xb0b0))
    }

    fn cy() -> CoderId {
        CoderId(uuid(0xc1c1))
    }

    /// `coder` applies `operation` at `at` on the document `document_id`.
    fn run(project: &mut Project, document_id: &str, coder: CoderId, at: i64, operation: Operation) {
        let command = Command { document_id: document_id.into(), stamp: Stamp::new(Timestamp(at), coder), operation };
        apply(project, command, Origin::Local).unwrap_or_else(|error| panic!("{error}"));
    }

    /// The character offset of `needle` in the document's text.
    fn offset(document: &Document, needle: &str) -> usize {
        let byte = document.text().find(needle).unwrap();
        document.text()[..byte].chars().count()
    }

    /// Ana's highlight (1), Bo's with a note (2), and Ana's deleted one (3).
    fn sample_project(document: &Document) -> Project {
        let mut project = Project::new(document, starter_codebook(Stamp::new(Timestamp(1_600_000_000_000), ana())));
        let theme_id = project.themes().next().unwrap().id;
        let annotation_id = |n| AnnotationId(uuid(n));
        let dahesh = offset(document, "داعش");
        let steps = vec![
            (ana(), 1_600_000_000_000, Operation::SetCoder { name: "Ana".into(), colour: "#1f77b4".into() }),
            (bo(), 1_600_000_000_000, Operation::SetCoder { name: "Bo".into(), colour: "#d62728".into() }),
            (
                ana(),
                1_700_000_000_001,
                Operation::CreateAnnotation {
                    id: annotation_id(1),
                    span: Span::new(16, 19).unwrap(),
                    theme_ids: vec![theme_id],
                },
            ),
            (
                bo(),
                1_700_000_000_002,
                Operation::CreateAnnotation {
                    id: annotation_id(2),
                    span: Span::between(dahesh, dahesh + 4),
                    theme_ids: vec![],
                },
            ),
            (
                bo(),
                1_700_000_000_003,
                Operation::SetAnnotationNote {
                    annotation_id: annotation_id(2),
                    note: "ملاحظة <b>\"quoted\"</b>".into(),
                },
            ),
            (
                ana(),
                1_700_000_000_004,
                Operation::CreateAnnotation {
                    id: annotation_id(3),
                    span: Span::new(7, 12).unwrap(),
                    theme_ids: vec![theme_id],
                },
            ),
            (ana(), 1_700_000_000_005, Operation::DeleteAnnotation { annotation_id: annotation_id(3) }),
        ];
        for (coder, at, operation) in steps {
            run(&mut project, document.id(), coder, at, operation);
        }
        project
    }

    #[test]
    fn write_then_read_gives_the_same_project_with_its_coders_documents_and_stamps() {
        let document = document();
        let mut project = sample_project(&document);
        let (first_theme, second_theme) = {
            let mut themes = project.themes().map(|theme| theme.id);
            (themes.next().unwrap(), themes.next().unwrap())
        };
        let first = AnnotationId(uuid(1));
        let steps = vec![
            // Bo codes Ana's highlight with a second theme, takes her theme off and rewrites the note.
            (bo(), 1_700_000_000_006, Operation::AddAnnotationTheme { annotation_id: first, theme_id: second_theme }),
            (bo(), 1_700_000_000_007, Operation::RemoveAnnotationTheme { annotation_id: first, theme_id: first_theme }),
            (bo(), 1_700_000_000_008, Operation::SetAnnotationNote { annotation_id: first, note: "Bo's note".into() }),
            (bo(), 1_700_000_000_009, Operation::RenameTheme { theme_id: second_theme, name: "Renamed".into() }),
            // Bo turns blind coding on: the setting and its stamp travel with the file.
            (bo(), 1_700_000_000_010, Operation::SetBlind(true)),
        ];
        for (coder, at, operation) in steps {
            run(&mut project, document.id(), coder, at, operation);
        }
        let second = Rc::new(Document::from_plain_text("notes", "Notes", "One line.\nTwo.\n\nThree."));
        run(&mut project, document.id(), ana(), 4, Operation::AddDocument(second.clone()));
        let on_second =
            Operation::CreateAnnotation { id: AnnotationId(uuid(9)), span: Span::between(0, 3), theme_ids: vec![] };
        run(&mut project, second.id(), cy(), 5, on_second);

        let text = write(&project);
        let (read_back, report) = read(&text, &[]).unwrap();
        assert_eq!(read_back, project);
        assert_eq!((report.annotations, report.moved, report.orphans), (3, 0, 0));
        let first_read = read_back.annotation(first).unwrap();
        assert_eq!(first_read.coder, ana());
        assert_eq!(first_read.theme_ids().collect::<Vec<_>>(), vec![second_theme]);
        assert_eq!(first_read.coding(second_theme).unwrap().stamp, Stamp::new(Timestamp(1_700_000_000_006), bo()));
        assert!(!first_read.coding(first_theme).unwrap().applied, "the removed coding stays, removed");
        assert_eq!(first_read.stamps.note, Stamp::new(Timestamp(1_700_000_000_008), bo()));
        assert!(!read_back.annotation_record(AnnotationId(uuid(3))).unwrap().is_live(), "the tombstone stays one");

        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["version"], 3);
        assert_eq!(
            json["coders"],
            json!([
                { "id": ana().to_string(), "name": "Ana", "colour": "#1f77b4", "modified": "2020-09-13T12:26:40.000Z" },
                { "id": bo().to_string(), "name": "Bo", "colour": "#d62728", "modified": "2020-09-13T12:26:40.000Z" }
            ])
        );
        assert_eq!(json["documents"][0]["fingerprint"], document.fingerprint());
        assert_eq!(json["documents"][0]["blocks"][1]["pieces"][1], json!({ "text": "beta", "strong": true }));
        assert_eq!(json["themes"][0]["coder"], ana().to_string());
        assert_eq!(json["themes"][0]["rank"], 0);
        assert!(json["themes"][0].get("edited").is_none(), "a theme never edited names no edit");
        assert_eq!(json["themes"][1]["name"], "Renamed");
        assert_eq!(
            json["themes"][1]["edited"],
            json!({ "name": { "at": "2023-11-14T22:13:20.009Z", "by": bo().to_string() } })
        );

        let annotation = &json["annotations"][0];
        assert_eq!(annotation["exact"], "😀 g");
        assert_eq!(annotation["document"], "doc-1");
        assert_eq!(annotation["coder"], ana().to_string());
        assert_eq!(annotation["created"], "2023-11-14T22:13:20.001Z");
        assert_eq!(annotation["modified"], "2023-11-14T22:13:20.008Z");
        assert_eq!(annotation["note"], "Bo's note");
        assert_eq!(
            annotation["codings"],
            json!([
                { "theme": first_theme.to_string(), "by": bo().to_string(), "at": "2023-11-14T22:13:20.007Z", "removed": true },
                { "theme": second_theme.to_string(), "by": bo().to_string(), "at": "2023-11-14T22:13:20.006Z" }
            ])
        );
        assert_eq!(
            annotation["edited"],
            json!({ "note": { "at": "2023-11-14T22:13:20.008Z", "by": bo().to_string() } })
        );
        assert!(json["annotations"][1].get("deleted").is_none());
        assert_eq!(json["annotations"][1]["edited"]["note"]["by"], bo().to_string());
        assert_eq!(json["annotations"][2]["deleted"], "2023-11-14T22:13:20.005Z");
        assert_eq!(
            json["annotations"][2]["edited"],
            json!({ "life": { "at": "2023-11-14T22:13:20.005Z", "by": ana().to_string() } })
        );
        assert_eq!(json["annotations"][3]["document"], "notes");
        assert_eq!(json["annotations"][3]["coder"], cy().to_string());
    }

    fn time_of(at: i64) -> String {
        time::format(Timestamp(at))
    }

    /// The codebook of a version 1 or 2 file, as those versions wrote it: creators by name, one
    /// `modified` per theme, and a deleted theme that stays with `deleted`.
    fn old_themes() -> Value {
        json!([
            { "id": uuid(102), "name": "Iraq", "colour": "#1b9aaa", "description": "", "creator": "bo",
              "created": time_of(1_600_000_000_000), "modified": time_of(1_650_000_000_000) },
            { "id": uuid(101), "name": "Military action", "colour": "#d1495b", "description": "Operations.",
              "creator": "ana", "created": time_of(1_600_000_000_000), "modified": time_of(1_600_000_000_000) },
            { "id": uuid(103), "name": "Dropped", "colour": "#546e7a", "description": "", "creator": "ana",
              "created": time_of(1_600_000_000_000), "modified": time_of(1_650_000_000_001),
              "deleted": time_of(1_650_000_000_001) }
        ])
    }

    /// The spans of the highlights of [`old_annotations`], on [`document`].
    fn old_spans(document: &Document) -> [Span; 4] {
        let dahesh = offset(document, "داعش");
        let epsilon = offset(document, "epsilon");
        [
            Span::new(16, 19).unwrap(),
            Span::between(dahesh, dahesh + 4),
            Span::new(7, 12).unwrap(),
            Span::between(epsilon, epsilon + 7),
        ]
    }

    /// A highlight of an older file: id, span, theme ids, note, creator, created, modified, deleted.
    type OldHighlight = (u128, Span, &'static [u128], &'static str, Option<&'static str>, i64, i64, Option<i64>);

    /// The highlights of a version 1 or 2 file (version 2 names their document): `theme_ids`,
    /// a creator by name (one left out, as those versions allowed), `created` and `modified`, and
    /// a deleted one.
    fn old_annotations(document: &Document, on_document: Option<&str>) -> Value {
        let spans = old_spans(document);
        let records: [OldHighlight; 4] = [
            (1, spans[0], &[101, 102], "", Some("ana"), 1_700_000_000_001, 1_700_000_000_010, None),
            (2, spans[1], &[], "ملاحظة", Some("bo"), 1_700_000_000_002, 1_700_000_000_003, None),
            (3, spans[2], &[101], "", Some("ana"), 1_700_000_000_004, 1_700_000_000_005, Some(1_700_000_000_005)),
            (4, spans[3], &[102], "", None, 1_700_000_000_006, 1_700_000_000_006, None),
        ];
        let annotations = records.map(|(id, span, themes, note, creator, created, modified, deleted)| {
            let quote = document.describe(span);
            let mut annotation = json!({
                "id": uuid(id), "start": span.start(), "end": span.end(),
                "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix,
                "theme_ids": themes.iter().map(|n| uuid(*n)).collect::<Vec<_>>(), "note": note,
                "created": time_of(created), "modified": time_of(modified)
            });
            let fields = annotation.as_object_mut().unwrap();
            if let Some(creator) = creator {
                fields.insert("creator".into(), creator.into());
            }
            if let Some(deleted) = deleted {
                fields.insert("deleted".into(), time_of(deleted).into());
            }
            if let Some(document) = on_document {
                fields.insert("document".into(), document.into());
            }
            annotation
        });
        json!(annotations)
    }

    /// A version 1 file: it names its one document without holding it.
    fn version_1(document: &Document) -> String {
        json!({
            "version": 1, "generator": "communique-annotator",
            "document": { "id": document.id(), "title": document.title(), "fingerprint": document.fingerprint() },
            "themes": old_themes(),
            "annotations": old_annotations(document, None)
        })
        .to_string()
    }

    /// A version 2 file: its documents (in the shape version 3 keeps), and each highlight's.
    fn version_2(document: &Document) -> String {
        let document_json: Value = serde_json::from_str(&write_document(document)).unwrap();
        json!({
            "version": 2, "generator": "communique-annotator",
            "documents": [document_json],
            "themes": old_themes(),
            "annotations": old_annotations(document, Some(document.id()))
        })
        .to_string()
    }

    /// What [`version_1`] and [`version_2`] migrate to: each creator a coder with an id made from
    /// their name, every part of a record stamped by its creator at its `modified`, ranks in
    /// file order.
    fn migrated_project(document: &Document) -> Project {
        let stamp = |at: i64, creator: &str| Stamp::new(Timestamp(at), coder::id_for_name(creator));
        let theme = |id: u128, name: &str, colour: &str, description: &str, rank: i64, creator: &str, modified: i64| {
            let mut theme = Theme::new(ThemeId(uuid(id)), name, colour, description, rank, stamp(modified, creator));
            theme.created = Timestamp(1_600_000_000_000);
            theme
        };
        let mut dropped = theme(103, "Dropped", "#546e7a", "", 2, "ana", 1_650_000_000_001);
        dropped.deleted = Some(Timestamp(1_650_000_000_001));
        let themes = vec![
            theme(102, "Iraq", "#1b9aaa", "", 0, "bo", 1_650_000_000_000),
            theme(101, "Military action", "#d1495b", "Operations.", 1, "ana", 1_600_000_000_000),
            dropped,
        ];
        let spans = old_spans(document);
        let annotation = |id: u128, span: Span, themes: &[u128], creator: &str, created: i64, modified: i64| {
            let theme_ids: Vec<ThemeId> = themes.iter().map(|n| ThemeId(uuid(*n))).collect();
            let id = AnnotationId(uuid(id));
            let quote = document.describe(span);
            let mut annotation = Annotation::new(id, document.id(), span, quote, &theme_ids, stamp(modified, creator));
            annotation.created = Timestamp(created);
            annotation
        };
        let mut noted = annotation(2, spans[1], &[], "bo", 1_700_000_000_002, 1_700_000_000_003);
        noted.note = "ملاحظة".into();
        let mut deleted = annotation(3, spans[2], &[101], "ana", 1_700_000_000_004, 1_700_000_000_005);
        deleted.deleted = Some(Timestamp(1_700_000_000_005));
        let annotations = vec![
            annotation(1, spans[0], &[101, 102], "ana", 1_700_000_000_001, 1_700_000_000_010),
            noted,
            deleted,
            annotation(4, spans[3], &[102], "", 1_700_000_000_006, 1_700_000_000_006),
        ];
        let coders =
            vec![coder::named("bo", Timestamp(1_600_000_000_000)), coder::named("ana", Timestamp(1_600_000_000_000))];
        Project::from_parts(vec![Rc::new(document.clone())], coders, themes, annotations)
    }

    /// What must hold of a project migrated from [`version_1`] or [`version_2`].
    fn check_migrated(project: &Project, report: &ImportReport, document: &Document, version: u32) {
        assert_eq!(project, &migrated_project(document), "version {version}");
        assert_eq!(report.annotations, 3, "version {version}: the live highlights");
        // The creators became coders, with ids made from their names.
        let coders: Vec<(CoderId, &str)> =
            project.coders().iter().map(|coder| (coder.id, coder.name.as_str())).collect();
        assert_eq!(coders, [(coder::id_for_name("bo"), "bo"), (coder::id_for_name("ana"), "ana")], "version {version}");
        // The themes came through, in the file's order, the deleted one as a tombstone.
        let names: Vec<&str> = project.themes().map(|theme| theme.name.as_str()).collect();
        assert_eq!(names, ["Iraq", "Military action"], "version {version}");
        assert_eq!(project.all_themes().len(), 3, "version {version}");
        assert_eq!(project.theme(ThemeId(uuid(102))).unwrap().coder, coder::id_for_name("bo"));
        // The highlights came through, each theme a coding by its creator at its last change.
        let first = project.annotation(AnnotationId(uuid(1))).unwrap();
        assert_eq!(first.coder, coder::id_for_name("ana"));
        assert_eq!(first.theme_ids().collect::<Vec<_>>(), [ThemeId(uuid(101)), ThemeId(uuid(102))]);
        let ana_at_10 = Stamp::new(Timestamp(1_700_000_000_010), coder::id_for_name("ana"));
        assert!(first.codings.iter().all(|coding| coding.applied && coding.stamp == ana_at_10), "{first:?}");
        assert_eq!(first.quote.exact, "😀 g");
        assert_eq!(project.annotation(AnnotationId(uuid(2))).unwrap().note, "ملاحظة");
        assert_eq!(project.annotation(AnnotationId(uuid(2))).unwrap().coder, coder::id_for_name("bo"));
        assert!(project.annotation(AnnotationId(uuid(3))).is_none(), "the deleted highlight stays deleted");
        assert_eq!(
            project.annotation_record(AnnotationId(uuid(3))).unwrap().deleted,
            Some(Timestamp(1_700_000_000_005))
        );
        // A creator left out names no coder; the highlight keeps the coder of the empty name.
        assert_eq!(project.annotation(AnnotationId(uuid(4))).unwrap().coder, coder::id_for_name(""));
        // Saved again, the migrated project is a version 3 file that reads back the same.
        let again = write(project);
        assert_eq!(serde_json::from_str::<Value>(&again).unwrap()["version"], 3);
        assert_eq!(&read(&again, &[]).unwrap().0, project, "version {version}");
    }

    #[test]
    fn a_version_2_file_is_migrated_with_its_creators_as_coders() {
        let document = document();
        let (project, report) = read(&version_2(&document), &[]).unwrap();
        check_migrated(&project, &report, &document, 2);
    }

    #[test]
    fn a_version_2_highlight_must_name_its_document_as_version_1_ones_need_not() {
        let document = document();
        let mut file: Value = serde_json::from_str(&version_2(&document)).unwrap();
        file["annotations"][0].as_object_mut().unwrap().remove("document");
        let error = read(&file.to_string(), &[]).unwrap_err().to_string();
        assert!(error.contains("missing field `document`"), "{error}");
        // A version 1 highlight naming a document anyway is read onto the file's one document.
        let mut file: Value = serde_json::from_str(&version_1(&document)).unwrap();
        file["annotations"][0]["document"] = json!("elsewhere");
        let known = Rc::new(document.clone());
        let (project, _) = read(&file.to_string(), &[known]).unwrap();
        assert!(project.annotations().all(|annotation| annotation.document_id == document.id()));
    }

    #[test]
    fn a_version_1_file_is_migrated_onto_the_document_it_names() {
        let document = document();
        let known = [Rc::new(document.clone())];
        let (project, report) = read(&version_1(&document), &known).unwrap();
        check_migrated(&project, &report, &document, 1);
        let other = [Rc::new(Document::from_plain_text("other", "Other", "x"))];
        assert_eq!(
            read(&version_1(&document), &other).unwrap_err(),
            FileError::OtherDocument { file_title: "Doc".into(), open_title: "Other".into() }
        );
    }

    #[test]
    fn a_version_1_file_made_on_another_text_is_placed_again() {
        let document = document();
        let text = version_1(&document);
        let edited = Document::from_markdown(
            "doc-1",
            "Doc",
            "# Doc\n\nNew first line.\n\nAlpha beta 😀 gamma.\n\nDelta epsilon.",
        );
        let (project, report) = read(&text, &[Rc::new(edited.clone())]).unwrap();
        assert_eq!((report.annotations, report.moved, report.orphans), (3, 2, 1));
        let annotations: Vec<_> = project.annotations().collect();
        assert_eq!(edited.quote(annotations[0].span), "😀 g");
        assert_eq!(annotations[0].anchoring, Anchoring::Placed);
        assert_eq!(annotations[1].anchoring, Anchoring::Orphan, "\"داعش\" is gone from the text");
        assert_eq!(edited.quote(annotations[2].span), "epsilon");
        // Orphans stay orphans through a save and a read.
        let again = write(&project);
        let json: Value = serde_json::from_str(&again).unwrap();
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
        let first = AnnotationId(uuid(1));
        let theme_id = project.themes().nth(2).unwrap().id;
        let changes = [
            (ana(), 9, Operation::SetAnnotationNote { annotation_id: first, note: "Changed \u{1F600}".into() }),
            (bo(), 10, Operation::AddAnnotationTheme { annotation_id: first, theme_id }),
            (bo(), 11, Operation::RenameTheme { theme_id, name: "Renamed".into() }),
            (bo(), 12, Operation::SetCoder { name: "Bo B.".into(), colour: "#2ca02c".into() }),
            (ana(), 13, Operation::DeleteAnnotation { annotation_id: first }),
            (ana(), 14, Operation::AddDocument(Rc::new(Document::from_plain_text("doc-2", "Second", "Another text.")))),
        ];
        for (coder, at, change) in changes {
            run(&mut project, document.id(), coder, at, change);
            let text = rewriter.write(&project);
            assert_eq!(text, write_compact(&project));
            assert_eq!(read(&text, &[]).unwrap().0, project);
        }
        assert_eq!(project.coder_name(bo()), "Bo B.");
    }

    #[test]
    fn bad_files_are_refused_with_a_message_that_names_the_problem() {
        let document = document();
        let good: Value = serde_json::from_str(&write(&sample_project(&document))).unwrap();
        let with = |edit: &dyn Fn(&mut Value)| {
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
        let deep = format!("{{\"version\": 3, \"annotations\": [{}{}]}}", "[".repeat(200_000), "]".repeat(200_000));
        check(&deep, "invalid type: sequence, expected a formatted UUID string");
        let deep = format!("{{\"version\": 2, \"annotations\": [{}{}]}}", "[".repeat(200_000), "]".repeat(200_000));
        check(&deep, "invalid type: sequence, expected struct");
        let deep = format!("{{\"version\": 3, \"x\": {}{}}}", "[".repeat(200_000), "]".repeat(200_000));
        check(&deep, "unknown field `x`");
        check("{\"name\": \"x\"}", "it has no \"version\" field");
        check(&with(&|v| v["version"] = 7.into()), "has version 7; this app reads version 3");
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
        check(&with(&|v| v["documents"] = json!([])), "it holds no document");
        check(&with(&|v| v["annotations"][0]["end"] = 999.into()), "past the end of the text");
        check(&with(&|v| v["annotations"][0]["exact"] = "nope".into()), "is not \"nope\"");
        check(&with(&|v| v["annotations"][0]["created"] = "soon".into()), "\"soon\" is not a date");
        check(&with(&|v| v["annotations"][0]["codings"][0]["at"] = "later".into()), "\"later\" is not a date");
        check(&with(&|v| v["annotations"][1]["edited"]["note"]["at"] = "then".into()), "\"then\" is not a date");
        check(
            &with(&|v| v["annotations"][1]["edited"]["colour"] = v["annotations"][1]["edited"]["note"].clone()),
            "unknown field `colour`",
        );
        check(&with(&|v| v["themes"][0]["colour"] = "red".into()), "\"red\" is not a colour");
        check(&with(&|v| v["coders"][0]["colour"] = "blue".into()), "coder \"Ana\": \"blue\" is not a colour");
        check(&with(&|v| v["coders"][0]["modified"] = "never".into()), "\"never\" is not a date");
        check(
            &with(&|v| v["annotations"][0]["codings"][0]["theme"] = uuid(77).to_string().into()),
            "which is not in the codebook",
        );
        check(
            &with(&|v| {
                let coding = v["annotations"][0]["codings"][0].clone();
                v["annotations"][0]["codings"].as_array_mut().unwrap().push(coding);
            }),
            "twice",
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
        // Files of older versions are refused for their own problems too.
        let version_2: Value = serde_json::from_str(&version_2(&document)).unwrap();
        let old_with = |edit: &dyn Fn(&mut Value)| {
            let mut value = version_2.clone();
            edit(&mut value);
            value.to_string()
        };
        check(&old_with(&|v| v["annotations"][0]["modified"] = "soon".into()), "\"soon\" is not a date");
        check(
            &old_with(&|v| v["annotations"][0]["theme_ids"][0] = uuid(77).to_string().into()),
            "which is not in the codebook",
        );
        check(&old_with(&|v| v["themes"][0]["colour"] = "red".into()), "\"red\" is not a colour");
        check(&old_with(&|v| v["coders"] = json!([])), "unknown field `coders`");
    }

    #[test]
    fn more_annotations_than_the_limit_are_refused_wherever_the_version_is() {
        let document = document();
        let file: Value = serde_json::from_str(&version_2(&document)).unwrap();
        let one = file["annotations"][0].to_string();
        let annotations = vec![one.as_str(); MAX_ANNOTATIONS + 1].join(",");
        let rest = format!(
            "\"documents\": {}, \"themes\": {}, \"annotations\": [{annotations}]",
            file["documents"], file["themes"]
        );
        // First, as this app writes it (read at once), and last (found by the first pass).
        for text in [format!("{{\"version\": 2, {rest}}}"), format!("{{{rest}, \"version\": 2}}")] {
            assert_eq!(read(&text, &[]).map(|_| ()), Err(FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS }));
        }
    }

    #[test]
    fn the_version_is_read_from_the_start_of_a_file_that_opens_with_it() {
        let check = |text: &str, expected: Option<u64>| assert_eq!(leading_version(text), expected, "{text:?}");
        check("{\"version\": 3, \"documents\": []}", Some(3));
        check(" \n{\n  \"version\" :1}", Some(1));
        check("{\"version\":2,", Some(2));
        check("{\"version\": 4, ", None);
        check("{\"version\": 3.5, ", None);
        check("{\"version\": \"3\", ", None);
        check("{\"generator\": \"x\", \"version\": 3}", None);
        check("{\"version\": 30}", None);
        check("", None);
    }

    #[test]
    fn the_current_version_is_read_alone_as_the_full_reader_reads_it() {
        let document = document();
        let known = [Rc::new(document.clone())];
        let project = sample_project(&document);
        for text in [write(&project), write_compact(&project)] {
            let (alone, alone_report) = read_current(&text, &known).expect("the current version").expect("read");
            let (full, full_report) = read(&text, &known).expect("read");
            assert!(alone == full, "the same project");
            assert_eq!((alone_report.annotations, alone_report.moved), (full_report.annotations, full_report.moved));
        }
        // Anything else is the full reader's: an earlier version, a version not written first,
        // something that is not a project file.
        let others = [
            version_2(&document),
            version_1(&document),
            format!("{{\"generator\":\"x\",{}", &write_compact(&project)[1..]),
            "[1, 2]".to_owned(),
            "not JSON".to_owned(),
        ];
        for text in others {
            assert!(read_current(&text, &known).is_none(), "{text:.60}");
        }
        // A file of the current version with a problem is refused as the full reader refuses it.
        let broken = write_compact(&project).replacen("\"annotations\":[", "\"annotations\":[7,", 1);
        let alone = read_current(&broken, &known).expect("the current version").err().map(|error| error.to_string());
        assert_eq!(alone, read(&broken, &known).err().map(|error| error.to_string()));
        assert!(alone.is_some());
    }

    #[test]
    fn a_document_known_exactly_is_shared_and_one_that_differs_is_made() {
        let document = Rc::new(document());
        let text = write(&sample_project(&document));
        let (read_once, _) = read(&text, &[]).unwrap();
        let known = read_once.documents()[0].clone();
        let (again, _) = read(&text, std::slice::from_ref(&known)).unwrap();
        assert!(Rc::ptr_eq(&again.documents()[0], &known), "the same document is shared");
        assert_eq!(again, read_once);
        let retitled = Rc::new(Document::from_sources(known.id(), "Another title".into(), known.sources()));
        let (other, _) = read(&text, std::slice::from_ref(&retitled)).unwrap();
        assert!(!Rc::ptr_eq(&other.documents()[0], &retitled));
        assert_eq!(other.documents()[0].title(), known.title(), "the file's own document");
    }

    #[test]
    fn documents_travel_alone_too() {
        let document = document();
        assert_eq!(read_document(&write_document(&document)).unwrap(), document);
        assert!(read_document("{}").unwrap_err().to_string().contains("missing field"));
    }
}
