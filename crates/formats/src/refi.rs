//! REFI-QDA (QDA-XML 1.0), the exchange format of NVivo, ATLAS.ti, MAXQDA and QualCoder: the
//! codebook as `.qdc`, the whole project as `.qdpx` (a zip of `project.qde` and the document's
//! plain text under `Sources/`).
//!
//! Positions (`startPosition`, `endPosition`) are written in Unicode code points of the plain
//! text source, the unit of this app's core and of the W3C model, and the one QualCoder (which
//! indexes Python strings) reads. Orphans have no passage in the text, so they are left out.

use crate::error::FileError;
use crate::import_report::{stable_uuid, Import, MAX_ANNOTATIONS};
use crate::project_file::placed_again;
use crate::time;
use annotator_core::hierarchy::Hierarchy;
use annotator_core::text_units::slice;
use annotator_core::theme::is_valid_colour;
use annotator_core::{
    Anchoring, Annotation, AnnotationId, CoderId, Document, Project, Span, Stamp, TextQuote, Theme, ThemeId, Timestamp,
};
use quick_xml::escape::{escape, resolve_xml_entity};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::{Reader, Writer};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use uuid::Uuid;

const PROJECT_NAMESPACE: &str = "urn:QDA-XML:project:1.0";
const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";
const ORIGIN: &str = "communique-annotator";

/// The most a `.qdpx` may unpack to: more is taken for a zip bomb and refused.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// A stable GUID for a name (users, sources), so that exports of one project agree.
fn guid_of(name: &str) -> Uuid {
    stable_uuid(name)
}

/// An attribute holding free text (a name, a quote). quick-xml's `escape` takes care of `<`, `&`,
/// `>` and both quotes; line breaks and tabs are written as character references as well, because
/// a reader normalises a raw one inside an attribute to a space, and the name would come back
/// changed (XML 1.0, 3.3.3).
fn text_attribute<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let escaped = escape(value).replace('\t', "&#9;").replace('\n', "&#10;").replace('\r', "&#13;");
    Attribute { key: QName(key.as_bytes()), value: Cow::Owned(escaped.into_bytes()) }
}

/// The codebook as nested `<Code>` elements, as the code hierarchy has them (QDA-XML lets a
/// code hold its child codes after its description).
fn write_codes(writer: &mut Writer<Vec<u8>>, project: &Project) -> std::io::Result<()> {
    let hierarchy = Hierarchy::of(project);
    writer.create_element("Codes").write_inner_content(|writer| {
        for root in hierarchy.roots() {
            write_code(writer, project, &hierarchy, *root)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_code(
    writer: &mut Writer<Vec<u8>>,
    project: &Project,
    hierarchy: &Hierarchy,
    theme_id: ThemeId,
) -> std::io::Result<()> {
    let Some(theme) = project.theme(theme_id) else { return Ok(()) };
    let children = hierarchy.children(theme_id);
    let element = writer
        .create_element("Code")
        .with_attribute(("guid", theme.id.to_string().as_str()))
        .with_attribute(text_attribute("name", &theme.name))
        .with_attribute(("isCodable", "true"))
        .with_attribute(("color", theme.colour.as_str()));
    if theme.description.is_empty() && children.is_empty() {
        element.write_empty()?;
    } else {
        element.write_inner_content(|writer| {
            if !theme.description.is_empty() {
                writer.create_element("Description").write_text_content(BytesText::new(&theme.description))?;
            }
            for child in children {
                write_code(writer, project, hierarchy, *child)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

fn finish(writer: Writer<Vec<u8>>) -> String {
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

/// The codebook as a `.qdc` file.
pub fn write_codebook(project: &Project) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail.
    let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    let _ = writer
        .create_element("CodeBook")
        .with_attribute(("xmlns", CODEBOOK_NAMESPACE))
        .with_attribute(("origin", ORIGIN))
        .write_inner_content(|writer| write_codes(writer, project));
    finish(writer)
}

/// The project as a `.qdpx` file (zip bytes).
pub fn write_project(project: &Project, document: &Document) -> Result<Vec<u8>, String> {
    let source_guid = guid_of(&format!("source:{}", document.fingerprint()));
    let qde = write_qde(project, document, source_guid);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let problem = |error: zip::result::ZipError| format!("the zip could not be written ({error})");
    zip.start_file("project.qde", options).map_err(problem)?;
    zip.write_all(qde.as_bytes()).map_err(|error| error.to_string())?;
    zip.start_file(format!("Sources/{source_guid}.txt"), options).map_err(problem)?;
    zip.write_all(document.text().as_bytes()).map_err(|error| error.to_string())?;
    Ok(zip.finish().map_err(problem)?.into_inner())
}

fn write_qde(project: &Project, document: &Document, source_guid: Uuid) -> String {
    // Every coder who made a theme, a highlight or a coding exported here is a user; their
    // guid is their coder id, so that a project read back keeps who coded what.
    let annotations = || project.placed_annotations_in(document.id());
    let mut users: Vec<CoderId> = project
        .themes()
        .map(|theme| theme.coder)
        .chain(annotations().map(|annotation| annotation.coder))
        .chain(annotations().flat_map(|annotation| annotation.applied_codings().map(|coding| coding.stamp.coder)))
        .collect();
    users.sort_unstable();
    users.dedup();
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    let _ = writer
        .create_element("Project")
        .with_attribute(("xmlns", PROJECT_NAMESPACE))
        .with_attribute(text_attribute("name", document.title()))
        .with_attribute(("origin", ORIGIN))
        .write_inner_content(|writer| {
            writer.create_element("Users").write_inner_content(|writer| {
                for user in &users {
                    writer
                        .create_element("User")
                        .with_attribute(("guid", user.to_string().as_str()))
                        .with_attribute(text_attribute("name", &project.coder_name(*user)))
                        .write_empty()?;
                }
                Ok(())
            })?;
            writer.create_element("CodeBook").write_inner_content(|writer| write_codes(writer, project))?;
            writer.create_element("Sources").write_inner_content(|writer| {
                writer
                    .create_element("TextSource")
                    .with_attribute(("guid", source_guid.to_string().as_str()))
                    .with_attribute(text_attribute("name", document.title()))
                    .with_attribute(("plainTextPath", format!("internal://{source_guid}.txt").as_str()))
                    .write_inner_content(|writer| {
                        for annotation in project.placed_annotations_in(document.id()) {
                            let created = time::format(annotation.created);
                            let creator = annotation.coder.to_string();
                            writer
                                .create_element("PlainTextSelection")
                                .with_attribute(("guid", annotation.id.to_string().as_str()))
                                .with_attribute(text_attribute("name", &annotation.quote.exact))
                                .with_attribute(("startPosition", annotation.span.start().to_string().as_str()))
                                .with_attribute(("endPosition", annotation.span.end().to_string().as_str()))
                                .with_attribute(("creatingUser", creator.as_str()))
                                .with_attribute(("creationDateTime", created.as_str()))
                                .with_attribute(("modifiedDateTime", time::format(annotation.modified().at).as_str()))
                                .write_inner_content(|writer| {
                                    if !annotation.note.is_empty() {
                                        writer
                                            .create_element("Description")
                                            .write_text_content(BytesText::new(&annotation.note))?;
                                    }
                                    for coding in annotation
                                        .applied_codings()
                                        .filter(|coding| project.theme(coding.theme_id).is_some())
                                    {
                                        let theme_id = coding.theme_id;
                                        let coding_guid = guid_of(&format!("coding:{}:{theme_id}", annotation.id));
                                        let coded = time::format(coding.stamp.at);
                                        writer
                                            .create_element("Coding")
                                            .with_attribute(("guid", coding_guid.to_string().as_str()))
                                            .with_attribute(("creatingUser", coding.stamp.coder.to_string().as_str()))
                                            .with_attribute(("creationDateTime", coded.as_str()))
                                            .write_inner_content(|writer| {
                                                writer
                                                    .create_element("CodeRef")
                                                    .with_attribute(("targetGUID", theme_id.to_string().as_str()))
                                                    .write_empty()?;
                                                Ok(())
                                            })?;
                                    }
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
            Ok(())
        });
    finish(writer)
}

/// What was read from QDA-XML, before it meets the document.
#[derive(Default)]
struct Parsed {
    codes: Vec<Theme>,
    users: HashMap<String, String>,
    sources: Vec<ParsedSource>,
}

#[derive(Default)]
struct ParsedSource {
    name: String,
    plain_text_path: String,
    content: Option<String>,
    selections: Vec<ParsedSelection>,
}

#[derive(Default)]
struct ParsedSelection {
    guid: String,
    start: usize,
    end: usize,
    user: String,
    created: String,
    modified: String,
    note: String,
    /// The codes applied, each with the guid of the user who applied it and when.
    codings: Vec<ParsedCoding>,
}

/// A `<Coding>` of a selection.
struct ParsedCoding {
    code_guid: String,
    user: String,
    created: String,
}

/// Where text read next goes.
enum TextTarget {
    None,
    CodeDescription,
    SelectionDescription,
    SourceContent,
}

fn xml_error(error: impl std::fmt::Display) -> FileError {
    FileError::NotRefi(format!("its XML is broken ({error})"))
}

fn parse(xml: &str, at: Timestamp) -> Result<Parsed, FileError> {
    let mut reader = Reader::from_str(xml);
    let mut parsed = Parsed::default();
    let mut target = TextTarget::None;
    let mut in_selection = false;
    // Who applied the code of the <Coding> being read, and when (its <CodeRef> comes inside it).
    let mut coding_user = String::new();
    let mut coding_created = String::new();
    let mut text = String::new();
    // The codes open around the one being read: the last is its parent.
    let mut open_codes: Vec<ThemeId> = Vec::new();
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match &event {
            Event::Start(element) | Event::Empty(element) => {
                let mut attributes: HashMap<String, String> = HashMap::new();
                for attribute in element.attributes() {
                    let attribute = attribute.map_err(xml_error)?;
                    let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
                    attributes.insert(
                        key,
                        attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_error)?.into_owned(),
                    );
                }
                let get = |name: &str| attributes.get(name).cloned().unwrap_or_default();
                let name = element.local_name();
                match name.as_ref() {
                    b"Code" => {
                        let guid = Uuid::parse_str(get("guid").trim_matches(['{', '}']))
                            .map_err(|_| FileError::NotRefi(format!("code \"{}\" has no valid guid", get("name"))))?;
                        let colour = get("color");
                        let colour = if is_valid_colour(&colour) { colour.to_lowercase() } else { "#546e7a".into() };
                        let rank = parsed.codes.len() as i64;
                        let stamp = Stamp::new(at, CoderId::default());
                        let mut code = Theme::new(ThemeId(guid), &get("name"), &colour, "", rank, stamp);
                        code.parent = open_codes.last().copied();
                        parsed.codes.push(code);
                        if matches!(event, Event::Start(_)) {
                            open_codes.push(ThemeId(guid));
                        }
                    }
                    b"User" => {
                        parsed.users.insert(get("guid"), get("name"));
                    }
                    b"TextSource" if !in_selection => parsed.sources.push(ParsedSource {
                        name: get("name"),
                        plain_text_path: get("plainTextPath"),
                        ..ParsedSource::default()
                    }),
                    b"PlainTextSelection" => {
                        let number = |name: &str| {
                            get(name).trim().parse::<usize>().map_err(|_| {
                                FileError::NotRefi(format!(
                                    "a selection's {name} \"{}\" is not a whole number",
                                    get(name)
                                ))
                            })
                        };
                        let selection = ParsedSelection {
                            guid: get("guid"),
                            start: number("startPosition")?,
                            end: number("endPosition")?,
                            user: get("creatingUser"),
                            created: get("creationDateTime"),
                            modified: get("modifiedDateTime"),
                            ..ParsedSelection::default()
                        };
                        let source = parsed
                            .sources
                            .last_mut()
                            .ok_or_else(|| FileError::NotRefi("a selection lies outside any text source".into()))?;
                        if source.selections.len() >= MAX_ANNOTATIONS {
                            return Err(FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS });
                        }
                        source.selections.push(selection);
                        in_selection = matches!(event, Event::Start(_));
                    }
                    b"Coding" if in_selection => {
                        coding_user = get("creatingUser");
                        coding_created = get("creationDateTime");
                    }
                    b"CodeRef" if in_selection => {
                        if let Some(selection) =
                            parsed.sources.last_mut().and_then(|source| source.selections.last_mut())
                        {
                            let or_selection = |coding: &str, selection: &str| {
                                if coding.is_empty() {
                                    selection.to_owned()
                                } else {
                                    coding.to_owned()
                                }
                            };
                            selection.codings.push(ParsedCoding {
                                code_guid: get("targetGUID"),
                                user: or_selection(&coding_user, &selection.user),
                                created: or_selection(&coding_created, &selection.created),
                            });
                        }
                    }
                    b"Description" => {
                        target = if in_selection {
                            TextTarget::SelectionDescription
                        } else if !parsed.codes.is_empty() && parsed.sources.is_empty() {
                            TextTarget::CodeDescription
                        } else {
                            TextTarget::None
                        };
                        text.clear();
                    }
                    b"PlainTextContent" => {
                        target = TextTarget::SourceContent;
                        text.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(content) => text.push_str(&content.decode().map_err(xml_error)?),
            Event::CData(content) => text.push_str(&content.decode().map_err(xml_error)?),
            // quick-xml hands a reference in text over apart from the text around it: a character
            // reference, or one of the five entities XML predefines (a QDA-XML file declares none).
            Event::GeneralRef(reference) => match reference.resolve_char_ref().map_err(xml_error)? {
                Some(character) => text.push(character),
                None => {
                    let name = reference.decode().map_err(xml_error)?;
                    let value = resolve_xml_entity(&name).ok_or_else(|| {
                        FileError::NotRefi(format!("it uses the entity &{name}; which XML does not define"))
                    })?;
                    text.push_str(value);
                }
            },
            Event::End(element) => match element.local_name().as_ref() {
                b"Description" | b"PlainTextContent" => {
                    let value = std::mem::take(&mut text);
                    match std::mem::replace(&mut target, TextTarget::None) {
                        TextTarget::CodeDescription => {
                            let describing = open_codes.last().copied();
                            if let Some(code) = parsed.codes.iter_mut().rev().find(|code| Some(code.id) == describing) {
                                code.description = value.trim().to_owned();
                            }
                        }
                        TextTarget::SelectionDescription => {
                            if let Some(selection) =
                                parsed.sources.last_mut().and_then(|source| source.selections.last_mut())
                            {
                                selection.note = value;
                            }
                        }
                        TextTarget::SourceContent => {
                            if let Some(source) = parsed.sources.last_mut() {
                                source.content = Some(value);
                            }
                        }
                        TextTarget::None => {}
                    }
                }
                b"PlainTextSelection" => in_selection = false,
                b"Code" => {
                    open_codes.pop();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(parsed)
}

/// Reads a `.qdc` codebook: the themes it holds.
/// A codebook (`.qdc`) as an import of its themes: the merge matches them to the codebook's by
/// id or name.
pub fn read_codebook_import(xml: &str, project: &Project, at: Timestamp) -> Result<Import, FileError> {
    let mut import = Import::new("REFI-QDA codebook");
    import_codes(&mut import, &read_codebook(xml, at)?, project, at);
    Ok(import)
}

/// The themes of the import that codes become, by code guid, each put under the theme its code
/// was nested in.
fn import_codes(import: &mut Import, codes: &[Theme], project: &Project, at: Timestamp) -> HashMap<String, ThemeId> {
    let mut theme_of: HashMap<String, ThemeId> = HashMap::new();
    for code in codes {
        theme_of.insert(code.id.to_string(), import_code(import, code, project, at));
    }
    for code in codes {
        let parent = code.parent.and_then(|parent| theme_of.get(&parent.to_string()).copied());
        if let (Some(theme_id), Some(parent)) = (theme_of.get(&code.id.to_string()), parent) {
            import.place_under(*theme_id, parent, project, at);
        }
    }
    theme_of
}

/// The theme of the import that a code becomes. A theme new to the codebook takes the code's
/// colour; one the codebook has keeps its own.
fn import_code(import: &mut Import, code: &Theme, project: &Project, at: Timestamp) -> ThemeId {
    let theme_id = import.theme(Some(code.id), &code.name, &code.description, project, at);
    let is_new = project.theme(theme_id).is_none();
    if let Some(theme) = import.themes.iter_mut().find(|theme| theme.id == theme_id).filter(|_| is_new) {
        theme.colour = code.colour.clone();
    }
    theme_id
}

/// The codes of a codebook (`.qdc`) as themes.
pub fn read_codebook(xml: &str, at: Timestamp) -> Result<Vec<Theme>, FileError> {
    let parsed = parse(xml, at)?;
    if parsed.codes.is_empty() {
        return Err(FileError::NotRefi("it holds no codes".into()));
    }
    Ok(parsed.codes)
}

/// Reads a `.qdpx` project for `document`: its codes (matched to the codebook by id, then name)
/// and the coded selections of the text source that is this document (placed again by quote if
/// its text differs). Other sources are skipped and named in the report.
pub fn read_project(bytes: &[u8], project: &Project, document: &Document, at: Timestamp) -> Result<Import, FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| FileError::NotRefi(format!("it is not a zip archive ({error})")))?;
    let mut unpacked = 0u64;
    let mut read_entry = |archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
                          name: &str|
     -> Result<Option<String>, FileError> {
        let entry = match archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => return Err(FileError::NotRefi(format!("\"{name}\" cannot be read from the zip ({error})"))),
        };
        let mut content = Vec::new();
        let limit = MAX_UNPACKED_BYTES - unpacked;
        entry
            .take(limit + 1)
            .read_to_end(&mut content)
            .map_err(|error| FileError::NotRefi(format!("\"{name}\" cannot be unpacked ({error})")))?;
        unpacked += content.len() as u64;
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(FileError::NotRefi(format!(
                "it unpacks to more than {} MB, more than a project can hold (a zip bomb?)",
                MAX_UNPACKED_BYTES / 1024 / 1024
            )));
        }
        String::from_utf8(content).map(Some).map_err(|error| FileError::not_utf8(name, &error.utf8_error()))
    };
    let qde =
        read_entry(&mut archive, "project.qde")?.ok_or_else(|| FileError::NotRefi("it has no project.qde".into()))?;
    let parsed = parse(&qde, at)?;
    let mut import = Import::new("REFI-QDA project");
    let theme_of = import_codes(&mut import, &parsed.codes, project, at);
    for source in parsed.sources {
        let text = match source.content {
            Some(content) => content,
            None => {
                let path = source
                    .plain_text_path
                    .strip_prefix("internal://")
                    .map(|file| format!("Sources/{file}"))
                    .unwrap_or(source.plain_text_path.clone());
                match read_entry(&mut archive, &path)? {
                    Some(text) => text,
                    None => {
                        import
                            .report
                            .skipped
                            .push(format!("source \"{}\": its text ({path}) is not in the file", source.name));
                        continue;
                    }
                }
            }
        };
        let same_text = text == document.text();
        let close_enough = same_text || source.name == document.title();
        if !close_enough {
            import.report.skipped.push(format!(
                "source \"{}\": another document ({} selections)",
                source.name,
                source.selections.len()
            ));
            continue;
        }
        for selection in source.selections {
            let recorded = Span::between(selection.start, selection.end);
            let quote =
                TextQuote { exact: slice(&text, selection.start, selection.end).to_owned(), ..TextQuote::default() };
            let (span, anchoring) = if same_text && recorded.end() <= document.len() {
                (recorded, Anchoring::Placed)
            } else {
                placed_again(document, recorded, &quote, true, &mut import.report)
            };
            let created = time::parse(&selection.created).unwrap_or(at);
            let id = AnnotationId(
                Uuid::parse_str(selection.guid.trim_matches(['{', '}']))
                    .unwrap_or_else(|_| guid_of(&format!("selection:{}:{}", selection.start, selection.end))),
            );
            let coder = user_coder(&mut import, &parsed.users, &selection.user, project, created);
            let quote = if anchoring == Anchoring::Placed { document.describe(span) } else { quote };
            let mut annotation = Annotation::new(id, document.id(), span, quote, &[], Stamp::new(created, coder));
            for coding in &selection.codings {
                if let Some(theme_id) = theme_of.get(coding.code_guid.trim_matches(['{', '}'])) {
                    let coded = time::parse(&coding.created).unwrap_or(created);
                    let coded_by = user_coder(&mut import, &parsed.users, &coding.user, project, coded);
                    annotation.set_coding(*theme_id, true, Stamp::new(coded, coded_by));
                }
            }
            annotation.anchoring = anchoring;
            annotation.note = selection.note;
            annotation.stamps.note = Stamp::new(time::parse(&selection.modified).unwrap_or(created), coder);
            import.annotations.push(annotation);
        }
    }
    import.report.annotations = import.annotations.len();
    Ok(import)
}

/// The coder of a REFI-QDA user guid: the coder of that id where the guid is one this app wrote
/// (a coder id), else a coder known by the user's name.
fn user_coder(
    import: &mut Import,
    users: &HashMap<String, String>,
    guid: &str,
    project: &Project,
    at: Timestamp,
) -> CoderId {
    let name = users.get(guid).cloned().unwrap_or_default();
    match Uuid::parse_str(guid.trim_matches(['{', '}'])) {
        Ok(id) if users.contains_key(guid) => import.coder_with_id(CoderId(id), &name, project),
        _ => import.coder(&name, project, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import_report::test_support::{all_essentials, check_two_coders_come_back, TwoCoders};
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, Command, Operation, Origin};
    use std::rc::Rc;

    fn ana() -> CoderId {
        CoderId(Uuid::from_u128(0xa11a))
    }

    fn bo() -> CoderId {
        CoderId(Uuid::from_u128(0xb0b0))
    }

    fn run(project: &mut Project, coder: CoderId, at: i64, operation: Operation) {
        let command = Command { document_id: "doc".into(), stamp: Stamp::new(Timestamp(at), coder), operation };
        apply(project, command, Origin::Local).unwrap();
    }

    /// Ana's highlight with two themes and a note, and Bo's with one theme.
    pub(crate) fn sample() -> (Document, Project) {
        let document = Document::from_markdown(
            "doc",
            "Doc & <Co>",
            "# Doc & <Co>\n\nAlpha \"beta\" 😀 gamma.\n\nDelta داعش epsilon.",
        );
        let mut project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(1_600_000_000_000), ana())));
        let themes: Vec<ThemeId> = project.themes().take(2).map(|theme| theme.id).collect();
        let id = |n| AnnotationId(Uuid::from_u128(n));
        for (coder, at, operation) in [
            (ana(), 1_600_000_000_000, Operation::SetCoder { name: "ana".into(), colour: "#9467bd".into() }),
            (bo(), 1_600_000_000_000, Operation::SetCoder { name: "bo & <co>".into(), colour: "#ff7f0e".into() }),
            (
                ana(),
                1_700_000_000_000,
                Operation::CreateAnnotation { id: id(1), span: Span::between(20, 27), theme_ids: themes.clone() },
            ),
            (
                ana(),
                1_700_000_000_000,
                Operation::SetAnnotationNote { annotation_id: id(1), note: "A <note> & \"more\"".into() },
            ),
            (
                bo(),
                1_700_000_100_000,
                Operation::CreateAnnotation { id: id(2), span: Span::between(42, 46), theme_ids: vec![themes[1]] },
            ),
        ] {
            run(&mut project, coder, at, operation);
        }
        (document, project)
    }

    #[test]
    fn the_codebook_round_trips() {
        let (_, project) = sample();
        let xml = write_codebook(&project);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"communique-annotator\">"));
        let themes = read_codebook(&xml, Timestamp(1_600_000_000_000)).unwrap();
        let expected: Vec<(ThemeId, String, String, String, i64)> =
            project.themes().map(|t| (t.id, t.name.clone(), t.colour.clone(), t.description.clone(), t.rank)).collect();
        assert_eq!(
            themes
                .iter()
                .map(|t| (t.id, t.name.clone(), t.colour.clone(), t.description.clone(), t.rank))
                .collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn the_project_round_trips_through_a_qdpx() {
        let (document, project) = sample();
        let bytes = write_project(&project, &document).unwrap();
        let import = read_project(&bytes, &project, &document, Timestamp(9)).unwrap();
        let originals: Vec<Annotation> = project.annotations().cloned().collect();
        assert_eq!(all_essentials(&import.annotations), all_essentials(&originals));
        assert_eq!(import.report.themes_added, 0);
        assert!(import.themes.iter().all(|theme| project.theme(theme.id) == Some(theme)), "{:?}", import.themes);
        assert_eq!(import.coders, project.coders(), "the users are the project's coders");
        assert_eq!(import.report.summary(), "REFI-QDA project: 2 annotations imported.");
        // Into a project without those themes or coders: the codes come back as themes, the users as coders.
        let bare = Project::new(&document, vec![]);
        let import = read_project(&bytes, &bare, &document, Timestamp(9)).unwrap();
        assert_eq!(import.report.themes_added, 10);
        let colours: Vec<(ThemeId, &str)> = import.themes.iter().map(|t| (t.id, t.colour.as_str())).collect();
        let expected: Vec<(ThemeId, &str)> = project.themes().map(|t| (t.id, t.colour.as_str())).collect();
        assert_eq!(colours, expected, "new themes take the codes' colours");
        let coders: Vec<(CoderId, &str)> = import.coders.iter().map(|coder| (coder.id, coder.name.as_str())).collect();
        assert_eq!(coders, [(ana(), "ana"), (bo(), "bo & <co>")]);
        assert_eq!(all_essentials(&import.annotations), all_essentials(&originals));
        // A theme the codebook has keeps its own colour, whatever the file's code says.
        let mut recoloured = project.clone();
        let first_theme = project.themes().next().unwrap().id;
        run(
            &mut recoloured,
            bo(),
            1_800_000_000_000,
            Operation::RecolourTheme { theme_id: first_theme, colour: "#000000".into() },
        );
        let import = read_project(&bytes, &recoloured, &document, Timestamp(9)).unwrap();
        let theme = import.themes.iter().find(|theme| theme.id == first_theme).unwrap();
        assert_eq!(Some(theme), recoloured.theme(first_theme));
    }

    #[test]
    fn two_coders_and_who_applied_each_theme_survive_a_qdpx() {
        let (document, mut project) = sample();
        let document = Rc::new(document);
        let third = project.themes().nth(2).unwrap().id;
        let first = AnnotationId(Uuid::from_u128(1));
        run(
            &mut project,
            bo(),
            1_700_000_200_000,
            Operation::AddAnnotationTheme { annotation_id: first, theme_id: third },
        );
        let bytes = write_project(&project, &document).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut qde = String::new();
        archive.by_name("project.qde").unwrap().read_to_string(&mut qde).unwrap();
        assert!(qde.contains(&format!("<User guid=\"{}\" name=\"bo &amp; &lt;co&gt;\"/>", bo())), "{qde}");
        assert!(
            qde.contains(&format!("creatingUser=\"{}\" creationDateTime=\"2023-11-14T22:16:40.000Z\"", bo())),
            "{qde}"
        );

        // Read back, each coding keeps who made it and when.
        check_two_coders_come_back(
            &project,
            &document,
            |into| read_project(&bytes, into, &document, Timestamp(9)).unwrap(),
            TwoCoders {
                coders: [(ana(), "ana"), (bo(), "bo & <co>")],
                first,
                second: AnnotationId(Uuid::from_u128(2)),
                coding: |coding| (coding.theme_id, coding.stamp),
                third_coding: (third, Stamp::new(Timestamp(1_700_000_200_000), bo())),
            },
        );
    }

    #[test]
    fn users_of_other_tools_become_coders() {
        let (document, project) = sample();
        let user = "{7D3F0A6B-1111-4C2D-9E8F-0123456789AB}";
        let qde = format!(
            "<?xml version=\"1.0\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"><Users><User guid=\"{user}\" name=\"Nina\"/></Users>\
             <CodeBook><Codes><Code guid=\"{theme}\" name=\"Theirs\" isCodable=\"true\" color=\"#123456\"/></Codes></CodeBook>\
             <Sources><TextSource guid=\"{{11111111-2222-3333-4444-555555555555}}\" name=\"Doc &amp; &lt;Co&gt;\">\
             <PlainTextContent>{}</PlainTextContent>\
             <PlainTextSelection guid=\"{{AAAAAAAA-2222-3333-4444-555555555555}}\" startPosition=\"20\" endPosition=\"27\" creatingUser=\"{user}\" creationDateTime=\"2021-06-28T12:00:00Z\">\
             <Coding guid=\"{{BBBBBBBB-2222-3333-4444-555555555555}}\"><CodeRef targetGUID=\"{theme}\"/></Coding></PlainTextSelection>\
             <PlainTextSelection guid=\"{{CCCCCCCC-2222-3333-4444-555555555555}}\" startPosition=\"42\" endPosition=\"46\" creatingUser=\"someone\"/>\
             </TextSource></Sources></Project>",
            document.text().replace('&', "&amp;").replace('<', "&lt;"),
            theme = project.themes().next().unwrap().id,
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("project.qde", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(qde.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let import = read_project(&bytes, &project, &document, Timestamp(9)).unwrap();
        assert_eq!(import.report.summary(), "REFI-QDA project: 2 annotations imported.");
        let nina = CoderId(Uuid::parse_str("7d3f0a6b-1111-4c2d-9e8f-0123456789ab").unwrap());
        assert_eq!(import.annotations[0].coder, nina, "a user's guid is the coder's id");
        assert_eq!(import.annotations[0].created, Timestamp(1_624_881_600_000));
        let first_theme = project.themes().next().unwrap();
        assert_eq!(import.themes, vec![first_theme.clone()], "the code is the codebook's theme of its guid");
        let coding = import.annotations[0].codings[0];
        assert_eq!(
            coding.stamp,
            Stamp::new(Timestamp(1_624_881_600_000), nina),
            "a coding without a user or time is its selection's"
        );
        let unknown = annotator_core::coder::id_for_name("");
        assert_eq!(import.annotations[1].coder, unknown, "a user the file does not list is no one known");
        let coders: Vec<(CoderId, &str)> = import.coders.iter().map(|coder| (coder.id, coder.name.as_str())).collect();
        assert_eq!(coders, [(nina, "Nina"), (unknown, "")]);
    }

    #[test]
    fn names_and_notes_with_markup_characters_and_line_breaks_come_back_unchanged() {
        let document = Document::from_markdown("doc", "Doc", "Alpha beta gamma.");
        let check = |name: &str, note: &str| {
            let coder = CoderId(Uuid::from_u128(9));
            let theme_id = ThemeId(Uuid::from_u128(7));
            let theme = Theme::new(theme_id, name, "#546e7a", note, 0, Stamp::new(Timestamp(0), coder));
            let mut project = Project::new(&document, vec![theme]);
            let annotation_id = AnnotationId(Uuid::from_u128(8));
            run(&mut project, coder, 0, Operation::SetCoder { name: name.to_owned(), colour: "#1f77b4".into() });
            let create = Operation::CreateAnnotation {
                id: annotation_id,
                span: Span::between(6, 10),
                theme_ids: vec![theme_id],
            };
            run(&mut project, coder, 0, create);
            run(&mut project, coder, 0, Operation::SetAnnotationNote { annotation_id, note: note.to_owned() });

            let themes = read_codebook(&write_codebook(&project), Timestamp(0)).unwrap();
            let names: Vec<(&str, &str)> =
                themes.iter().map(|theme| (theme.name.as_str(), theme.description.as_str())).collect();
            assert_eq!(names, vec![(name, note.trim())], "codebook of {name:?}");

            let bytes = write_project(&project, &document).unwrap();
            let import = read_project(&bytes, &Project::new(&document, vec![]), &document, Timestamp(0)).unwrap();
            let names: Vec<&str> = import.themes.iter().map(|theme| theme.name.as_str()).collect();
            assert_eq!(names, vec![name], "project of {name:?}");
            let coder_name =
                |id: CoderId| import.coders.iter().find(|coder| coder.id == id).map(|coder| coder.name.as_str());
            let annotations: Vec<(&str, Option<&str>)> =
                import.annotations.iter().map(|a| (a.note.as_str(), coder_name(a.coder))).collect();
            assert_eq!(annotations, vec![(note, Some(name))], "project of {name:?}");
        };
        check("<&>\"'", "<&>\"'");
        check("one\ntwo", "first line\nsecond line");
        check("a <b> & \"c\"\n'd'", "A <note> & \"more\"\n\n'quoted' ]]> end");
        check("tab\there", "tab\there");
        check("&amp; &#10; written out", "&lt; not an entity &#60;");
        check("داعش 😀", "داعش 😀\n");
    }

    #[test]
    fn references_in_text_are_resolved_and_undefined_entities_refused() {
        let check = |description: &str, expected: Result<&str, &str>| {
            let xml = format!(
                "<CodeBook><Codes><Code guid=\"{}\" name=\"x\"><Description>{description}</Description></Code></Codes></CodeBook>",
                Uuid::from_u128(7)
            );
            let read = read_codebook(&xml, Timestamp(0));
            let got = read.as_ref().map(|themes| themes[0].description.as_str()).map_err(|error| error.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{description:?}");
        };
        check("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", Ok("a <b> & \"c\" 'd'"));
        check("&#60;&#x3E;&#10;😀", Ok("<>\n😀"));
        check(
            "a&nbsp;b",
            Err("This REFI-QDA file cannot be read: it uses the entity &nbsp; which XML does not define."),
        );
    }

    #[test]
    fn broken_archives_and_bombs_are_refused() {
        let (document, project) = sample();
        let check = |bytes: &[u8], expected: &str| {
            let error = read_project(bytes, &project, &document, Timestamp(0)).unwrap_err().to_string();
            assert!(error.contains(expected), "{error}");
        };
        check(b"not a zip", "it is not a zip archive");
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("other.txt", options).unwrap();
        zip.write_all(b"x").unwrap();
        check(&zip.finish().unwrap().into_inner(), "it has no project.qde");
        let mut latin1 = zip::ZipWriter::new(Cursor::new(Vec::new()));
        latin1.start_file("project.qde", options).unwrap();
        latin1.write_all(b"<Project name=\"caf\xe9\"/>").unwrap();
        check(
            &latin1.finish().unwrap().into_inner(),
            "\"project.qde\" is not UTF-8 text (its byte 19 is the first that is not)",
        );
        let mut bomb = zip::ZipWriter::new(Cursor::new(Vec::new()));
        bomb.start_file("project.qde", options).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..65 {
            bomb.write_all(&zeros).unwrap();
        }
        let bomb = bomb.finish().unwrap().into_inner();
        assert!(bomb.len() < 200 * 1024, "the bomb is small packed: {}", bomb.len());
        check(&bomb, "a zip bomb?");
        let mut broken = zip::ZipWriter::new(Cursor::new(Vec::new()));
        broken.start_file("project.qde", options).unwrap();
        broken
            .write_all(b"<Project><Sources><TextSource><PlainTextSelection startPosition=\"x\" endPosition=\"2\"/>")
            .unwrap();
        check(&broken.finish().unwrap().into_inner(), "a selection's startPosition \"x\" is not a whole number");
        let mut crowded = zip::ZipWriter::new(Cursor::new(Vec::new()));
        crowded.start_file("project.qde", options).unwrap();
        crowded.write_all(b"<Project><Sources><TextSource>").unwrap();
        for _ in 0..=MAX_ANNOTATIONS {
            crowded.write_all(b"<PlainTextSelection startPosition=\"0\" endPosition=\"1\"/>").unwrap();
        }
        crowded.write_all(b"</TextSource></Sources></Project>").unwrap();
        check(&crowded.finish().unwrap().into_inner(), "holds more than 100000 annotations");
    }
}
