//! W3C Web Annotation (JSON-LD): an `AnnotationCollection` out, and in a single annotation, a
//! list, a page or a collection, as Hypothesis, Recogito and other tools write them.
//!
//! Each annotation targets the document's source with a `TextQuoteSelector` (exact, prefix,
//! suffix) and a `TextPositionSelector` (code points, as the model counts them). Each theme is a
//! `TextualBody` with `purpose: "tagging"` (its `id` is the theme's `urn:uuid:`), the note a
//! `TextualBody` with `purpose: "commenting"`.

pub mod validate;

use crate::error::FileError;
use crate::import_report::{stable_uuid, Import, MAX_ANNOTATIONS};
use crate::project_file::{placed_again, placed_by_quote};
use crate::target_document::SourceMatching;
use crate::time;
use annotator_core::document::fingerprint_of;
use annotator_core::hierarchy::Hierarchy;
use annotator_core::{
    Anchoring, Annotation, AnnotationId, CoderId, Document, Project, Span, Stamp, TextQuote, ThemeId, Timestamp,
};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;
use validate::{check_annotation, has_annotation_context, has_type, kind_of, ANNOTATION_CONTEXT};

#[derive(Serialize)]
struct CollectionOut {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: PageOut,
}

#[derive(Serialize)]
struct PageOut {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<AnnotationOut>,
}

#[derive(Serialize)]
struct AnnotationOut {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: String,
    modified: String,
    creator: AgentOut,
    body: Vec<BodyOut>,
    target: TargetOut,
}

#[derive(Serialize)]
struct AgentOut {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
}

/// A coder as a W3C agent: their coder id as a URN, so that a file read back keeps who coded.
fn agent(project: &Project, coder: CoderId) -> AgentOut {
    AgentOut { id: format!("urn:uuid:{coder}"), kind: "Person", name: project.coder_name(coder) }
}

#[derive(Serialize)]
struct BodyOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: String,
    format: &'static str,
    /// Who applied the theme, where another coder than the annotation's did.
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<AgentOut>,
}

#[derive(Serialize)]
struct TargetOut {
    source: String,
    selector: (QuoteSelectorOut, PositionSelectorOut),
}

#[derive(Serialize)]
struct QuoteSelectorOut {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: String,
    prefix: String,
    suffix: String,
}

#[derive(Serialize)]
struct PositionSelectorOut {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

fn annotation_out(
    project: &Project,
    hierarchy: &Hierarchy,
    document: &Document,
    annotation: &Annotation,
    context: Option<&'static str>,
) -> AnnotationOut {
    let mut body: Vec<BodyOut> = annotation
        .applied_codings()
        .filter_map(|coding| project.theme(coding.theme_id).map(|theme| (coding, theme)))
        .map(|(coding, theme)| BodyOut {
            // Named by its path in the code hierarchy ("Parent / Child"), as QDA tools show it.
            value: hierarchy.path(theme.id),
            id: Some(format!("urn:uuid:{}", theme.id)),
            kind: "TextualBody",
            purpose: "tagging",
            format: "text/plain",
            creator: (coding.stamp.coder != annotation.coder).then(|| agent(project, coding.stamp.coder)),
        })
        .collect();
    if !annotation.note.is_empty() {
        body.push(BodyOut {
            id: None,
            kind: "TextualBody",
            purpose: "commenting",
            value: annotation.note.clone(),
            format: "text/plain",
            creator: None,
        });
    }
    AnnotationOut {
        context,
        id: format!("urn:uuid:{}", annotation.id),
        kind: "Annotation",
        motivation: if annotation.theme_ids().next().is_none() { "highlighting" } else { "tagging" },
        created: time::format(annotation.created),
        modified: time::format(annotation.modified().at),
        creator: agent(project, annotation.coder),
        body,
        target: TargetOut {
            source: document.source().to_owned(),
            selector: (
                QuoteSelectorOut {
                    kind: "TextQuoteSelector",
                    exact: annotation.quote.exact.clone(),
                    prefix: annotation.quote.prefix.clone(),
                    suffix: annotation.quote.suffix.clone(),
                },
                PositionSelectorOut {
                    kind: "TextPositionSelector",
                    start: annotation.span.start(),
                    end: annotation.span.end(),
                },
            ),
        },
    }
}

/// Every live annotation (orphans as they were) as one `AnnotationCollection`.
pub fn write_collection(project: &Project, document: &Document) -> String {
    let hierarchy = Hierarchy::of(project);
    let items: Vec<AnnotationOut> = project
        .annotations_in(document.id())
        .map(|annotation| annotation_out(project, &hierarchy, document, annotation, None))
        .collect();
    let id = format!("urn:sha256:{}", fingerprint_of(&format!("{}/{}", document.fingerprint(), items.len())));
    let collection = CollectionOut {
        context: ANNOTATION_CONTEXT,
        label: format!("Annotations on \"{}\"", document.title()),
        total: items.len(),
        first: PageOut { id: format!("{id}/page1"), kind: "AnnotationPage", start_index: 0, items },
        id,
        kind: "AnnotationCollection",
    };
    serde_json::to_string_pretty(&collection).unwrap_or_default()
}

/// One annotation as a standalone Web Annotation document.
pub fn write_annotation(project: &Project, document: &Document, annotation: &Annotation) -> String {
    serde_json::to_string_pretty(&annotation_out(
        project,
        &Hierarchy::of(project),
        document,
        annotation,
        Some(ANNOTATION_CONTEXT),
    ))
    .unwrap_or_default()
}

/// Reads a W3C Web Annotation file for `document`, matching its tags to `project`'s themes.
/// Annotations the model forbids make the whole file refused; those this app cannot show
/// (other sources, images, SVG or CSS selectors) are skipped and named in the report.
/// `at` stamps whatever the file leaves undated.
pub fn read(text: &str, project: &Project, document: &Document, at: Timestamp) -> Result<Import, FileError> {
    read_matching(text, project, document, at, SourceMatching::ByAddress)
}

/// The sources the file's annotations target, in the order they come (repeats included): what
/// chooses the document the file is for ([`crate::target_document`]). None when the file is not
/// JSON or holds no annotations (reading it then says why).
pub fn target_sources(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let Ok(items) = annotation_values(&value) else { return Vec::new() };
    let mut sources = Vec::new();
    for (item, _) in items {
        let targets: Vec<&Value> = match item.get("target") {
            Some(Value::Array(targets)) => targets.iter().collect(),
            Some(target) => vec![target],
            None => Vec::new(),
        };
        sources.extend(targets.into_iter().filter_map(|target| target.get("source")?.as_str()).map(str::to_owned));
    }
    sources
}

/// [`read`], with the file's addresses treated as `matching` says: checked against the
/// document's, or ignored when the person chose to place the file on `document`.
pub fn read_matching(
    text: &str,
    project: &Project,
    document: &Document,
    at: Timestamp,
    matching: SourceMatching,
) -> Result<Import, FileError> {
    let value: Value = serde_json::from_str(text).map_err(|error| FileError::not_json(&error))?;
    let items = annotation_values(&value).map_err(FileError::NotAnnotations)?;
    if items.len() > MAX_ANNOTATIONS {
        return Err(FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS });
    }
    for (index, (item, context_inherited)) in items.iter().enumerate() {
        check_annotation(item, *context_inherited)
            .map_err(|problem| FileError::NotAnnotations(describe_item(index, items.len(), item, &problem)))?;
    }
    let mut import = Import::new("W3C Web Annotation");
    for (item, _) in &items {
        let label = item.get("id").and_then(Value::as_str).unwrap_or("an annotation").to_owned();
        match read_annotation(item, project, document, at, matching, &mut import) {
            Ok(annotation) => import.annotations.push(annotation),
            Err(reason) => import.report.skipped.push(format!("{label}: {reason}")),
        }
    }
    import.report.annotations = import.annotations.len();
    Ok(import)
}

fn describe_item(index: usize, count: usize, item: &Value, problem: &str) -> String {
    let id = item.get("id").and_then(Value::as_str).map(|id| format!(" ({id})")).unwrap_or_default();
    if count == 1 {
        format!("the annotation{id} is not valid: {problem}")
    } else {
        format!("annotation {} of {count}{id} is not valid: {problem}", index + 1)
    }
}

/// The annotations in a file, each with whether it inherits the context from its container.
fn annotation_values(value: &Value) -> Result<Vec<(&Value, bool)>, String> {
    match value {
        Value::Array(items) => Ok(items.iter().map(|item| (item, false)).collect()),
        Value::Object(fields) => {
            let kind = fields.get("type");
            let is = |wanted: &str| kind.is_some_and(|kind| has_type(kind, wanted));
            if is("AnnotationCollection") || is("AnnotationPage") {
                has_annotation_context(fields.get("@context"))?;
                let page = if is("AnnotationCollection") {
                    match fields.get("first") {
                        Some(Value::Object(page)) => page,
                        Some(Value::String(address)) => {
                            return Err(format!("the collection's annotations are on another page ({address}); export them with the items inline"))
                        }
                        _ if fields.get("total").and_then(Value::as_u64) == Some(0) => return Ok(Vec::new()),
                        _ => return Err("the collection has no \"first\" page of items".into()),
                    }
                } else {
                    fields
                };
                match page.get("items") {
                    Some(Value::Array(items)) => Ok(items.iter().map(|item| (item, true)).collect()),
                    _ => Err("the annotation page has no \"items\" list".into()),
                }
            } else if fields.is_empty() {
                Err("the file is an empty JSON object".into())
            } else {
                Ok(vec![(value, false)])
            }
        }
        other => Err(format!("the file holds {}, not annotations", kind_of(other))),
    }
}

/// One valid annotation as ours, or why it cannot be shown here.
fn read_annotation(
    item: &Value,
    project: &Project,
    document: &Document,
    at: Timestamp,
    matching: SourceMatching,
    import: &mut Import,
) -> Result<Annotation, String> {
    let fields = item.as_object().ok_or("not an object")?;
    let (position, quote) = text_selectors(fields.get("target"), document, matching)?;
    let quote = match (quote, position) {
        (Some(quote), _) => quote,
        (None, Some(position)) if position.end() <= document.len() => {
            TextQuote { exact: document.quote(position).to_owned(), ..TextQuote::default() }
        }
        (None, _) => return Err("its position lies outside this text and it has no quote".into()),
    };
    // Without a position, a quote found is where the file put it, not moved.
    let (span, anchoring) = match position {
        Some(recorded) => placed_again(document, recorded, &quote, true, &mut import.report),
        None => placed_by_quote(document, &quote, &mut import.report),
    };
    let quote = if anchoring == Anchoring::Placed { document.describe(span) } else { quote };
    let motivation_tags = fields.get("motivation").is_some_and(|motivation| has_type(motivation, "tagging"));
    let mut theme_ids = Vec::new();
    let mut notes = Vec::new();
    let bodies: Vec<&Value> = match fields.get("body") {
        Some(Value::Array(bodies)) => bodies.iter().collect(),
        Some(body) => vec![body],
        None => Vec::new(),
    };
    for body in bodies {
        let Some(body) = body.as_object() else { continue };
        let Some(value) = body.get("value").and_then(Value::as_str) else { continue };
        let purpose = body.get("purpose").and_then(Value::as_str);
        if purpose == Some("tagging") || (purpose.is_none() && motivation_tags) {
            let id = body
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| id.strip_prefix("urn:uuid:"))
                .and_then(|uuid| Uuid::parse_str(uuid).ok());
            let theme_id = import.theme_at_path(id.map(ThemeId), value, "", project, at);
            if !theme_ids.iter().any(|(known, _)| *known == theme_id) {
                theme_ids.push((theme_id, body.get("creator").cloned()));
            }
        } else {
            notes.push(value.to_owned());
        }
    }
    if let Some(value) = fields.get("bodyValue").and_then(Value::as_str) {
        notes.push(value.to_owned());
    }
    let stamp = |name: &str| fields.get(name).and_then(Value::as_str).and_then(|text| time::parse(text).ok());
    let created = stamp("created").unwrap_or(at);
    let modified = stamp("modified").unwrap_or(created);
    let id = fields.get("id").and_then(Value::as_str).unwrap_or_default();
    let coder = creator_coder(import, fields.get("creator"), project, created);
    let made = Stamp::new(created, coder);
    let mut annotation = Annotation::new(AnnotationId(uuid_of(id)), document.id(), span, quote, &[], made);
    for (theme_id, creator) in theme_ids {
        let coded_by = match creator {
            Some(creator) => creator_coder(import, Some(&creator), project, created),
            None => coder,
        };
        annotation.set_coding(theme_id, true, Stamp::new(modified, coded_by));
    }
    annotation.anchoring = anchoring;
    annotation.note = notes.join("\n\n");
    annotation.stamps.note = Stamp::new(modified, coder);
    Ok(annotation)
}

/// The coder of a W3C `creator`: the coder with that id where it is a coder id this app wrote
/// (`urn:uuid:…`), else a coder known by the agent's name (or IRI).
fn creator_coder(import: &mut Import, creator: Option<&Value>, project: &Project, at: Timestamp) -> CoderId {
    let name = creator_name(creator);
    let id = creator
        .and_then(|creator| creator.get("id"))
        .and_then(Value::as_str)
        .and_then(|id| id.strip_prefix("urn:uuid:"))
        .and_then(|uuid| Uuid::parse_str(uuid).ok());
    match id {
        Some(id) => import.coder_with_id(CoderId(id), &name, project),
        None => import.coder(&name, project, at),
    }
}

/// The position and quote the target gives for this document, or why there are none.
fn text_selectors(
    target: Option<&Value>,
    document: &Document,
    matching: SourceMatching,
) -> Result<(Option<Span>, Option<TextQuote>), String> {
    let targets: Vec<&Value> = match target {
        Some(Value::Array(targets)) => targets.iter().collect(),
        Some(target) => vec![target],
        None => return Err("it has no target".into()),
    };
    let mut reasons = Vec::new();
    for target in targets {
        let Some(fields) = target.as_object() else {
            reasons.push(format!("it targets the whole of {}, not a passage", target.as_str().unwrap_or("a resource")));
            continue;
        };
        if let Some(source) = fields.get("source").and_then(Value::as_str) {
            if !matching.accepts(document, source) {
                reasons.push(format!("it targets another source ({source})"));
                continue;
            }
        }
        let selectors: Vec<&Map<String, Value>> = match fields.get("selector") {
            Some(Value::Array(selectors)) => selectors.iter().filter_map(Value::as_object).collect(),
            Some(Value::Object(selector)) => vec![selector],
            _ => Vec::new(),
        };
        let mut position = None;
        let mut quote = None;
        let mut other_kinds = Vec::new();
        for selector in selectors {
            match selector.get("type").and_then(Value::as_str) {
                Some("TextPositionSelector") => {
                    let number = |name| selector.get(name).and_then(Value::as_u64).map(|n| n as usize);
                    position = number("start").zip(number("end")).map(|(start, end)| Span::between(start, end));
                }
                Some("TextQuoteSelector") => {
                    let text = |name| selector.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
                    quote = Some(TextQuote { exact: text("exact"), prefix: text("prefix"), suffix: text("suffix") });
                }
                other => other_kinds.push(other.unwrap_or("untyped").to_owned()),
            }
        }
        if position.is_some() || quote.is_some() {
            return Ok((position, quote));
        }
        reasons.push(if other_kinds.is_empty() {
            "its target has no text selector".to_owned()
        } else {
            format!("it uses {} this app cannot show", other_kinds.join(", "))
        });
    }
    Err(reasons.join("; "))
}

/// The UUID of an IRI: itself for `urn:uuid:`, else one derived from the IRI, so that importing
/// the same file twice updates rather than duplicates.
fn uuid_of(iri: &str) -> Uuid {
    if let Some(uuid) = iri.strip_prefix("urn:uuid:").and_then(|uuid| Uuid::parse_str(uuid).ok()) {
        return uuid;
    }
    stable_uuid(iri)
}

fn creator_name(creator: Option<&Value>) -> String {
    match creator {
        Some(Value::String(iri)) => iri.clone(),
        Some(Value::Object(agent)) => ["name", "nickname", "id"]
            .iter()
            .find_map(|field| agent.get(*field).and_then(Value::as_str))
            .unwrap_or_default()
            .to_owned(),
        Some(Value::Array(agents)) => creator_name(agents.first()),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import_report::test_support::{all_essentials, check_two_coders_come_back, TwoCoders};
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, coder, Command, Operation, Origin};
    use std::rc::Rc;

    fn document() -> Document {
        Document::from_markdown("doc", "Doc", "# Doc\n\nThe Ministers welcomed new members. They met in Rome 😀 داعش.")
            .with_source("https://example.org/doc")
    }

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

    /// Ana's highlight with two themes, and Bo's with a note; both coders picked their colours.
    fn project(document: &Document) -> Project {
        let mut project = Project::new(document, starter_codebook(Stamp::new(Timestamp(1_000), ana())));
        let themes: Vec<ThemeId> = project.themes().take(2).map(|theme| theme.id).collect();
        let id = |n| AnnotationId(Uuid::from_u128(n));
        for (coder, at, operation) in [
            (ana(), 1_000, Operation::SetCoder { name: "ana".into(), colour: "#9467bd".into() }),
            (bo(), 1_000, Operation::SetCoder { name: "bo".into(), colour: "#ff7f0e".into() }),
            (
                ana(),
                2_000,
                Operation::CreateAnnotation { id: id(1), span: Span::between(19, 27), theme_ids: themes.clone() },
            ),
            (bo(), 3_000, Operation::CreateAnnotation { id: id(2), span: Span::between(60, 64), theme_ids: vec![] }),
            (bo(), 4_000, Operation::SetAnnotationNote { annotation_id: id(2), note: "Arabic name".into() }),
        ] {
            run(&mut project, coder, at, operation);
        }
        project
    }

    #[test]
    fn export_then_import_gives_the_same_annotations() {
        let document = document();
        let project = project(&document);
        let text = write_collection(&project, &document);
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["type"], "AnnotationCollection");
        assert_eq!(json["total"], 2);
        let first = &json["first"]["items"][0];
        assert_eq!(first["target"]["selector"][0]["exact"], "welcomed");
        assert_eq!(
            first["target"]["selector"][1],
            serde_json::json!({ "type": "TextPositionSelector", "start": 19, "end": 27 })
        );
        assert_eq!(first["body"][0]["purpose"], "tagging");
        assert!(first["body"][0].get("creator").is_none(), "a theme applied by the highlight's coder names no other");
        assert_eq!(
            first["creator"],
            serde_json::json!({ "id": format!("urn:uuid:{}", ana()), "type": "Person", "name": "ana" })
        );
        assert_eq!(
            json["first"]["items"][1]["body"][0],
            serde_json::json!({ "type": "TextualBody", "purpose": "commenting", "value": "Arabic name", "format": "text/plain" })
        );

        // Into the same project: every tag matches a theme, nothing is added, the coders are the project's.
        let import = read(&text, &project, &document, Timestamp(9)).unwrap();
        assert_eq!(import.report.themes_added, 0);
        assert!(import.themes.iter().all(|theme| project.theme(theme.id) == Some(theme)), "{:?}", import.themes);
        assert_eq!(import.coders, project.coders());
        let originals: Vec<Annotation> = project.annotations().cloned().collect();
        assert_eq!(all_essentials(&import.annotations), all_essentials(&originals));
        assert_eq!(import.report.summary(), "W3C Web Annotation: 2 annotations imported.");

        // Into a project without those themes or coders: they come back with their ids and names.
        let bare = Project::new(&document, vec![]);
        let import = read(&text, &bare, &document, Timestamp(9)).unwrap();
        let names: Vec<&str> = import.themes.iter().map(|theme| theme.name.as_str()).collect();
        assert_eq!(names, ["Military action", "Stabilization and recovery"]);
        assert_eq!(
            import.themes.iter().map(|theme| theme.id).collect::<Vec<_>>(),
            originals[0].theme_ids().collect::<Vec<_>>()
        );
        assert_eq!(import.report.themes_added, 2);
        let coders: Vec<(CoderId, &str)> = import.coders.iter().map(|coder| (coder.id, coder.name.as_str())).collect();
        assert_eq!(coders, [(ana(), "ana"), (bo(), "bo")]);
        assert_eq!(all_essentials(&import.annotations), all_essentials(&originals));

        // One annotation alone reads back too.
        let single = write_annotation(&project, &document, &originals[1]);
        let import = read(&single, &project, &document, Timestamp(9)).unwrap();
        assert_eq!(all_essentials(&import.annotations), all_essentials(&originals[1..]));
    }

    #[test]
    fn two_coders_and_who_applied_each_theme_survive_an_export_and_import() {
        let document = Rc::new(document());
        let mut project = project(&document);
        let third = project.themes().nth(2).unwrap().id;
        let first = AnnotationId(Uuid::from_u128(1));
        run(&mut project, bo(), 5_000, Operation::AddAnnotationTheme { annotation_id: first, theme_id: third });
        let text = write_collection(&project, &document);
        let json: Value = serde_json::from_str(&text).unwrap();
        let bodies = &json["first"]["items"][0]["body"];
        assert_eq!(bodies[2]["id"], format!("urn:uuid:{third}"));
        assert_eq!(
            bodies[2]["creator"],
            serde_json::json!({ "id": format!("urn:uuid:{}", bo()), "type": "Person", "name": "bo" }),
            "the theme Bo applied to Ana's highlight names Bo"
        );

        // Read back, each coding keeps who made it.
        check_two_coders_come_back(
            &project,
            &document,
            |into| read(&text, into, &document, Timestamp(9)).unwrap(),
            TwoCoders {
                coders: [(ana(), "ana"), (bo(), "bo")],
                first,
                second: AnnotationId(Uuid::from_u128(2)),
                coding: |coding| (coding.theme_id, coding.stamp.coder),
                third_coding: (third, bo()),
            },
        );
        assert_ne!(coder::colour_for(ana()), project.coder(ana()).unwrap().colour, "a file implies another colour");
    }

    #[test]
    fn a_file_of_too_many_annotations_is_refused() {
        let document = document();
        let project = Project::new(&document, vec![]);
        let one =
            r#"{"@context":"http://www.w3.org/ns/anno.jsonld","id":"urn:x:1","type":"Annotation","target":"urn:x:t"}"#;
        let too_many = format!("[{}]", vec![one; MAX_ANNOTATIONS + 1].join(","));
        let error = read(&too_many, &project, &document, Timestamp(0)).unwrap_err();
        assert_eq!(error, FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS });
        assert!(error.to_string().contains("split it and import the parts"));
    }

    #[test]
    fn quotes_from_other_tools_are_found_in_a_changed_text_or_orphaned() {
        let document = document();
        let project = Project::new(&document, starter_codebook(Stamp::default()));
        // As Hypothesis writes it: a quote with context, a position, a tag and a comment.
        let hypothesis = serde_json::json!([{
            "@context": ANNOTATION_CONTEXT, "id": "https://hypothes.is/a/abc123", "type": "Annotation",
            "creator": { "type": "Person", "name": "acct:reader@hypothes.is" },
            "body": [
                { "type": "TextualBody", "purpose": "tagging", "value": "iraq" },
                { "type": "TextualBody", "purpose": "tagging", "value": "Meetings" },
                { "type": "TextualBody", "value": "Where?" }
            ],
            "target": { "source": "https://example.org/doc", "selector": [
                { "type": "TextPositionSelector", "start": 40, "end": 52 },
                { "type": "TextQuoteSelector", "exact": "met in Rooms", "prefix": "members. They ", "suffix": " 😀" }
            ] }
        }, {
            "@context": ANNOTATION_CONTEXT, "id": "https://hypothes.is/a/gone", "type": "Annotation",
            "target": { "source": "https://example.org/doc", "selector": { "type": "TextQuoteSelector", "exact": "a passage that is nowhere in this text at all" } }
        }, {
            "@context": ANNOTATION_CONTEXT, "id": "https://hypothes.is/a/image", "type": "Annotation",
            "target": { "source": "https://example.org/picture.png", "selector": { "type": "SvgSelector", "value": "<svg/>" } }
        }]);
        let import = read(&hypothesis.to_string(), &project, &document, Timestamp(5)).unwrap();
        assert_eq!(import.annotations.len(), 2);
        let found = &import.annotations[0];
        assert_eq!(document.quote(found.span), "met in Rome");
        assert_eq!(found.anchoring, Anchoring::Placed);
        assert_eq!(found.note, "Where?");
        // A creator known by name only is the coder of that name.
        let reader = coder::id_for_name("acct:reader@hypothes.is");
        assert_eq!(found.coder, reader);
        assert_eq!(import.coders.iter().find(|coder| coder.id == reader).unwrap().name, "acct:reader@hypothes.is");
        assert!(found.applied_codings().all(|coding| coding.stamp.coder == reader), "the tags are the creator's");
        let iraq = project.themes().find(|theme| theme.name == "Iraq").unwrap().id;
        assert_eq!(found.theme_ids().next(), Some(iraq), "tags match themes by name in any case");
        assert_eq!(import.report.themes_added, 1);
        let meetings = import.themes.iter().find(|theme| theme.name == "Meetings").unwrap();
        assert!(project.theme(meetings.id).is_none());
        assert_eq!(
            meetings.colour.as_str(),
            project.unused_colour(),
            "a new theme takes a colour the codebook does not use yet"
        );
        assert_eq!(import.annotations[1].anchoring, Anchoring::Orphan);
        assert_eq!(
            import.report.summary(),
            "W3C Web Annotation: 2 annotations imported; 1 found again where the text changed; 1 could not be placed and is listed as orphans; 1 theme added to the codebook; 1 skipped (https://hypothes.is/a/image: it targets another source (https://example.org/picture.png))."
        );
        // Importing again updates the same annotations rather than adding others.
        let again = read(&hypothesis.to_string(), &project, &document, Timestamp(6)).unwrap();
        assert_eq!(
            again.annotations.iter().map(|a| a.id).collect::<Vec<_>>(),
            import.annotations.iter().map(|a| a.id).collect::<Vec<_>>()
        );
    }
}
