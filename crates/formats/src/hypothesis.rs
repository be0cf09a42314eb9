//! Hypothesis files: the JSON its client writes ("Export annotations": `export_date`,
//! `export_userid`, `client_version`, `annotations`), and the shape of its API's search results
//! (`{"total": N, "rows": [...]}`), both lists of the API's annotation objects (a bare list of
//! them is read too).
//!
//! An annotation's tags become themes (matched by name to the codebook's), its `text` the note,
//! its `user` (`acct:name@hypothes.is`, shown by `user_info.display_name`) the coder, `created`
//! and `updated` its stamps. Its place is its `TextQuoteSelector` (exact, prefix, suffix); the
//! `TextPositionSelector` counts UTF-16 units of the web page's text, not of this document, so
//! it is not read as a place (the quote alone decides), and a `RangeSelector` (XPaths into the
//! page's markup, which this app does not have) places nothing: an annotation with no quote becomes an orphan whose passage is
//! unknown, never one put at a guessed position. Page notes (no selector) and replies
//! (`references`) are not passages and are skipped, counted by kind.

use crate::error::FileError;
use crate::import_report::{stable_uuid, Import, MAX_ANNOTATIONS};
use crate::project_file::placed_by_quote;
use crate::target_document::SourceMatching;
use crate::time;
use annotator_core::{Anchoring, Annotation, AnnotationId, Document, Project, Span, Stamp, TextQuote, Timestamp};
use serde::Deserialize;
use serde_json::Value;

/// One annotation as the Hypothesis API gives it (only what this app reads; the rest, such as
/// `permissions`, `links`, `flagged`, `hidden`, is ignored).
#[derive(Deserialize)]
struct ApiAnnotation {
    id: String,
    created: Option<String>,
    updated: Option<String>,
    #[serde(default)]
    user: String,
    user_info: Option<UserInfo>,
    #[serde(default)]
    uri: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    target: Vec<Target>,
}

#[derive(Deserialize)]
struct UserInfo {
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct Target {
    #[serde(default)]
    source: String,
    #[serde(default)]
    selector: Vec<Selector>,
}

/// The selectors the client writes for text; others (PDF pages, shapes, EPUB chapters, media
/// times) are told apart only by their type.
#[derive(Deserialize)]
#[serde(tag = "type")]
enum Selector {
    #[serde(rename = "TextQuoteSelector")]
    TextQuote {
        exact: String,
        #[serde(default)]
        prefix: String,
        #[serde(default)]
        suffix: String,
    },
    /// UTF-16 units of the web page's text: not this document's offsets, so not read as a place.
    #[allow(dead_code, reason = "read to check the file's shape")]
    #[serde(rename = "TextPositionSelector")]
    TextPosition { start: usize, end: usize },
    #[allow(dead_code, reason = "read to check the file's shape; XPaths into a page this app does not have")]
    #[serde(rename = "RangeSelector")]
    Range {
        #[serde(rename = "startContainer")]
        start_container: String,
        #[serde(rename = "endContainer")]
        end_container: String,
        #[serde(rename = "startOffset")]
        start_offset: usize,
        #[serde(rename = "endOffset")]
        end_offset: usize,
    },
    #[serde(other)]
    Other,
}

/// The annotation objects of a file, or why it holds none.
fn annotation_values(value: &Value) -> Result<&[Value], FileError> {
    let not = |problem: &str| FileError::NotHypothesis(problem.to_owned());
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(fields) => match (fields.get("annotations"), fields.get("rows")) {
            (Some(Value::Array(items)), _) | (None, Some(Value::Array(items))) => Ok(items),
            (Some(_), _) => Err(not("its \"annotations\" is not a list")),
            (None, Some(_)) => Err(not("its \"rows\" is not a list")),
            (None, None) => {
                Err(not("it has neither the \"annotations\" of an export nor the \"rows\" of the API's search results"))
            }
        },
        _ => Err(not("it holds neither an export nor search results")),
    }
}

/// The pages the file's annotations were made on, in the order they come (repeats included):
/// what chooses the document the file is for ([`crate::target_document`]). None when the file
/// cannot be read (reading it then says why).
pub fn target_sources(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let Ok(items) = annotation_values(&value) else { return Vec::new() };
    items.iter().filter_map(|item| serde_json::from_value::<ApiAnnotation>(item.clone()).ok()).map(source).collect()
}

/// The page an annotation was made on: its target's source, else its `uri`.
fn source(annotation: ApiAnnotation) -> String {
    annotation
        .target
        .into_iter()
        .map(|target| target.source)
        .find(|source| !source.is_empty())
        .unwrap_or(annotation.uri)
}

/// Reads a Hypothesis export or search results for `document`, matching tags to `project`'s
/// themes. A file of the wrong shape is refused whole, with the annotation and field at fault;
/// `at` stamps what the file leaves undated.
pub fn read(
    text: &str,
    project: &Project,
    document: &Document,
    at: Timestamp,
    matching: SourceMatching,
) -> Result<Import, FileError> {
    let value: Value = serde_json::from_str(text).map_err(|error| FileError::not_json(&error))?;
    let items = annotation_values(&value)?;
    if items.len() > MAX_ANNOTATIONS {
        return Err(FileError::TooManyAnnotations { limit: MAX_ANNOTATIONS });
    }
    let annotations = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            serde_json::from_value::<ApiAnnotation>(item.clone()).map_err(|error| {
                let id = item.get("id").and_then(Value::as_str).map(|id| format!(" ({id})")).unwrap_or_default();
                FileError::NotHypothesis(format!(
                    "annotation {} of {}{id} is not an annotation of Hypothesis: {error}",
                    index + 1,
                    items.len()
                ))
            })
        })
        .collect::<Result<Vec<ApiAnnotation>, FileError>>()?;
    let mut import = Import::new("Hypothesis");
    for annotation in annotations {
        if let Some(annotation) = read_annotation(annotation, project, document, at, matching, &mut import)? {
            import.annotations.push(annotation);
        }
    }
    import.report.annotations = import.annotations.len();
    Ok(import)
}

/// One annotation as ours; `None` when it is skipped (counted in the report by kind).
fn read_annotation(
    annotation: ApiAnnotation,
    project: &Project,
    document: &Document,
    at: Timestamp,
    matching: SourceMatching,
    import: &mut Import,
) -> Result<Option<Annotation>, FileError> {
    if !annotation.references.is_empty() {
        import.report.skip_kind("reply", "replies");
        return Ok(None);
    }
    let selectors: Vec<&Selector> = annotation.target.iter().flat_map(|target| &target.selector).collect();
    if selectors.is_empty() {
        import.report.skip_kind("page note", "page notes");
        return Ok(None);
    }
    let page = annotation
        .target
        .iter()
        .map(|target| target.source.as_str())
        .find(|source| !source.is_empty())
        .unwrap_or(&annotation.uri);
    if !page.is_empty() && !matching.accepts(document, page) {
        import.report.skip_kind("annotation on another page", "annotations on other pages");
        return Ok(None);
    }
    let mut quote = None;
    let mut has_range = false;
    for selector in &selectors {
        match selector {
            Selector::TextQuote { exact, prefix, suffix } => {
                quote = Some(TextQuote { exact: exact.clone(), prefix: prefix.clone(), suffix: suffix.clone() })
            }
            Selector::Range { .. } => has_range = true,
            Selector::TextPosition { .. } | Selector::Other => {}
        }
    }
    let (span, anchoring, quote) = match quote {
        Some(quote) => {
            let (span, anchoring) = placed_by_quote(document, &quote, &mut import.report);
            let quote = if anchoring == Anchoring::Placed { document.describe(span) } else { quote };
            (span, anchoring, quote)
        }
        None if has_range => {
            // Only XPaths into the page's markup: the passage is unknown here, never guessed.
            import.report.orphans += 1;
            (Span::default(), Anchoring::Orphan, TextQuote::default())
        }
        None => {
            import
                .report
                .skip_kind("annotation of a region that is not text", "annotations of regions that are not text");
            return Ok(None);
        }
    };
    let stamp = |text: &Option<String>| -> Result<Option<Timestamp>, FileError> {
        text.as_deref()
            .map(|text| {
                time::parse(text).map_err(|problem| {
                    FileError::NotHypothesis(format!(
                        "annotation {} has a time that is not one: {problem}",
                        annotation.id
                    ))
                })
            })
            .transpose()
    };
    let created = stamp(&annotation.created)?.unwrap_or(at);
    let modified = stamp(&annotation.updated)?.unwrap_or(created).max(created);
    let display_name = annotation.user_info.as_ref().and_then(|info| info.display_name.as_deref()).unwrap_or_default();
    let name = if display_name.trim().is_empty() { account_name(&annotation.user) } else { display_name };
    let coder = import.coder_known_as(&annotation.user, name, project, created);
    // The id Hypothesis' own W3C export gives it, so both files of one annotation are one highlight.
    let id = AnnotationId(stable_uuid(&format!("https://hypothes.is/a/{}", annotation.id)));
    let mut ours = Annotation::new(id, document.id(), span, quote, &[], Stamp::new(created, coder));
    for tag in &annotation.tags {
        if tag.trim().is_empty() {
            continue;
        }
        let theme_id = import.theme(None, tag, "", project, created);
        ours.set_coding(theme_id, true, Stamp::new(modified, coder));
    }
    ours.anchoring = anchoring;
    ours.note = annotation.text;
    ours.stamps.note = Stamp::new(modified, coder);
    Ok(Some(ours))
}

/// The name of `acct:name@hypothes.is`; the whole of anything else.
fn account_name(user: &str) -> &str {
    let account = user.strip_prefix("acct:").unwrap_or(user);
    account.split_once('@').map_or(account, |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{coder, CoderId};

    fn document() -> Document {
        Document::from_markdown("doc", "Doc", "# Doc\n\nThe Ministers welcomed new members. They met in Rome.")
            .with_source("https://example.org/doc")
    }

    fn annotation(id: &str, fields: Value) -> Value {
        let mut base = serde_json::json!({
            "id": id, "created": "2021-07-01T10:00:00.123456+00:00", "updated": "2021-07-02T10:00:00+00:00",
            "user": "acct:amira@hypothes.is", "user_info": { "display_name": "Amira K." },
            "uri": "https://www.example.org/doc", "text": "", "tags": [], "group": "__world__",
            "document": { "title": ["Doc"] }, "target": []
        });
        for (name, value) in fields.as_object().unwrap() {
            base[name] = value.clone();
        }
        base
    }

    fn quoted(exact: &str, prefix: &str, suffix: &str) -> Value {
        serde_json::json!([{ "source": "https://www.example.org/doc", "selector": [
            { "type": "RangeSelector", "startContainer": "/main[1]/p[1]", "endContainer": "/main[1]/p[1]", "startOffset": 4, "endOffset": 12 },
            { "type": "TextPositionSelector", "start": 1004, "end": 1012 },
            { "type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix }
        ] }])
    }

    #[test]
    fn an_export_reads_as_highlights_with_tags_notes_and_coders() {
        let document = document();
        let project = Project::new(&document, starter_codebook(Stamp::default()));
        let export = serde_json::json!({
            "export_date": "2021-07-03T00:00:00.000Z", "export_userid": "acct:amira@hypothes.is", "client_version": "1.1400.0",
            "annotations": [
                annotation("a1", serde_json::json!({ "text": "Who?", "tags": ["iraq", "Membership"], "target": quoted("welcomed new members", "The Ministers ", ". They") })),
                annotation("a2", serde_json::json!({ "user": "acct:bo@hypothes.is", "user_info": null, "target": quoted("met in Rome", "They ", ".") })),
                annotation("note", serde_json::json!({ "text": "A page note", "target": [{ "source": "https://www.example.org/doc" }] })),
                annotation("reply", serde_json::json!({ "text": "Agreed", "references": ["a1"], "target": [{ "source": "https://www.example.org/doc" }] })),
                annotation("range", serde_json::json!({ "target": [{ "source": "https://example.org/doc", "selector": [
                    { "type": "RangeSelector", "startContainer": "/p[2]", "endContainer": "/p[2]", "startOffset": 0, "endOffset": 5 }] }] })),
            ]
        });
        let import = read(&export.to_string(), &project, &document, Timestamp(7), SourceMatching::ByAddress).unwrap();
        assert_eq!(import.annotations.len(), 3);
        let first = &import.annotations[0];
        assert_eq!(document.quote(first.span), "welcomed new members");
        assert_eq!(first.note, "Who?");
        assert_eq!(first.created, time::parse("2021-07-01T10:00:00.123Z").unwrap());
        assert_eq!(first.modified().at, time::parse("2021-07-02T10:00:00Z").unwrap());
        let amira = coder::id_for_name("acct:amira@hypothes.is");
        assert_eq!(first.coder, amira);
        let names: Vec<(CoderId, &str)> = import.coders.iter().map(|coder| (coder.id, coder.name.as_str())).collect();
        assert_eq!(names, [(amira, "Amira K."), (coder::id_for_name("acct:bo@hypothes.is"), "bo")]);
        let iraq = project.themes().find(|theme| theme.name == "Iraq").unwrap().id;
        let themes: Vec<_> = first.theme_ids().collect();
        assert_eq!(themes[0], iraq, "a tag matches a theme by name in any case");
        assert_eq!(import.themes.iter().find(|theme| theme.id == themes[1]).unwrap().name, "Membership");
        assert_eq!(document.quote(import.annotations[1].span), "met in Rome");
        let range_only = &import.annotations[2];
        assert_eq!((range_only.anchoring, range_only.quote.exact.as_str()), (Anchoring::Orphan, ""));
        assert_eq!(
            import.report.summary(),
            "Hypothesis: 3 annotations imported; 1 could not be placed and is listed as orphans; 1 theme added to the codebook; 2 skipped: 1 page note, 1 reply."
        );
        // Its id is the one Hypothesis' W3C export gives the same annotation.
        assert_eq!(first.id, AnnotationId(stable_uuid("https://hypothes.is/a/a1")));
    }

    #[test]
    fn search_results_and_bare_lists_read_too_and_other_pages_are_skipped() {
        let document = document();
        let project = Project::new(&document, vec![]);
        let elsewhere = serde_json::json!([{ "source": "https://example.org/other", "selector": [
            { "type": "TextQuoteSelector", "exact": "met in Rome" }] }]);
        let rows = serde_json::json!({ "total": 2, "rows": [
            annotation("r1", serde_json::json!({ "target": quoted("met in Rome", "", "") })),
            annotation("r2", serde_json::json!({ "uri": "https://example.org/other", "target": elsewhere })),
        ] });
        let import = read(&rows.to_string(), &project, &document, Timestamp(7), SourceMatching::ByAddress).unwrap();
        assert_eq!(import.annotations.len(), 1);
        assert_eq!(
            import.report.summary(),
            "Hypothesis: 1 annotation imported; 1 skipped: 1 annotation on another page."
        );
        let onto = read(&rows.to_string(), &project, &document, Timestamp(7), SourceMatching::OntoDocument).unwrap();
        assert_eq!(onto.annotations.len(), 2, "placed on this document, both quotes are found");
        assert_eq!(target_sources(&rows.to_string()), ["https://www.example.org/doc", "https://example.org/other"]);
        let bare =
            serde_json::json!([annotation("b1", serde_json::json!({ "target": quoted("met in Rome", "", "") }))]);
        assert_eq!(
            read(&bare.to_string(), &project, &document, Timestamp(7), SourceMatching::ByAddress)
                .unwrap()
                .annotations
                .len(),
            1
        );
    }

    #[test]
    fn malformed_files_are_refused_with_what_is_wrong() {
        let document = document();
        let project = Project::new(&document, vec![]);
        let check = |text: &str, expected: &str| {
            let error = read(text, &project, &document, Timestamp(0), SourceMatching::ByAddress).unwrap_err();
            assert_eq!(error.to_string(), expected, "{text}");
        };
        check("{\"export_date\": 1", "This file is not valid JSON (EOF while parsing an object at line 1, column 17).");
        check("{\"total\": 0}", "This Hypothesis file cannot be read: it has neither the \"annotations\" of an export nor the \"rows\" of the API's search results.");
        check("{\"annotations\": {}}", "This Hypothesis file cannot be read: its \"annotations\" is not a list.");
        check(
            r#"{"annotations": [{"id": "x1", "target": [{"selector": [{"type": "TextQuoteSelector"}]}]}]}"#,
            "This Hypothesis file cannot be read: annotation 1 of 1 (x1) is not an annotation of Hypothesis: missing field `exact`.",
        );
        check(
            r#"{"rows": [{"id": "x2", "created": "last week", "target": [{"selector": [{"type": "TextQuoteSelector", "exact": "Rome"}]}]}]}"#,
            "This Hypothesis file cannot be read: annotation x2 has a time that is not one: \"last week\" is not a date and time like 2021-06-28T12:00:00Z.",
        );
        check(r#"[{"tags": []}]"#, "This Hypothesis file cannot be read: annotation 1 of 1 is not an annotation of Hypothesis: missing field `id`.");
    }
}
