//! Files other tools read, written and read in a web worker: W3C Web Annotation, CSV, reports,
//! REFI-QDA. Their code (csv, quick-xml, zip, deflate) is a separate download the browser fetches
//! only when a file is first imported or exported, and large files are handled off the page's
//! thread. The page sends the project as a project file and the document's text; the worker
//! answers with the file to save, or with what an import brings, again as a project file.

use annotator_core::{Document, Project};
use annotator_formats::csv::ByteOrderMark;
use annotator_formats::detect::Format;
use annotator_formats::report::Grouping;
use annotator_formats::{csv, project_file, refi, report, utf8_text, w3c};
use gloo::worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The export formats, in the order the menu lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// This app's project file.
    ProjectFile,
    /// A W3C Web Annotation collection.
    W3c,
    /// CSV for programs.
    Csv,
    /// CSV for spreadsheets (with a byte-order mark).
    SpreadsheetCsv,
    /// The coding report in Markdown.
    MarkdownReport,
    /// The coding report as a printable web page.
    HtmlReport,
    /// The coding report in Markdown, grouped by coder.
    MarkdownReportByCoder,
    /// The codebook for QDA programs (REFI-QDA `.qdc`).
    RefiCodebook,
    /// The project for NVivo, ATLAS.ti, MAXQDA, QualCoder (REFI-QDA `.qdpx`).
    RefiProject,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 9] = [
        ExportFormat::ProjectFile,
        ExportFormat::W3c,
        ExportFormat::Csv,
        ExportFormat::SpreadsheetCsv,
        ExportFormat::MarkdownReport,
        ExportFormat::HtmlReport,
        ExportFormat::MarkdownReportByCoder,
        ExportFormat::RefiCodebook,
        ExportFormat::RefiProject,
    ];

    /// How the menu names it.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::ProjectFile => "Project file (JSON)",
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::Csv => "CSV",
            ExportFormat::SpreadsheetCsv => "CSV for Excel (UTF-8 with BOM)",
            ExportFormat::MarkdownReport => "Report (Markdown)",
            ExportFormat::HtmlReport => "Report (printable HTML)",
            ExportFormat::MarkdownReportByCoder => "Report by coder (Markdown)",
            ExportFormat::RefiCodebook => "REFI-QDA codebook (.qdc)",
            ExportFormat::RefiProject => "REFI-QDA project (.qdpx)",
        }
    }
}

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExchangeRequest {
    /// Write the project's annotations on one document in a format.
    Export {
        /// Which.
        format: ExportFormat,
        /// The project, as a project file (which holds its documents).
        project_file: String,
        /// The id of the document to export.
        document_id: String,
    },
    /// Read a file in a format other than the project file.
    Import {
        /// The file's name.
        file_name: String,
        /// Its bytes.
        bytes: Vec<u8>,
        /// Its format, as detected.
        format: Format,
        /// The project it comes into, as a project file.
        project_file: String,
        /// The id of the document whose annotations the file holds.
        document_id: String,
        /// Now, in milliseconds (stamps what the file leaves undated).
        at: i64,
    },
    /// Read a Markdown document (the page has no Markdown parser).
    ReadMarkdown {
        /// The file's name (its title when it has no level-1 heading).
        file_name: String,
        /// The file's text.
        text: String,
    },
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExchangeResponse {
    /// A file to save.
    Exported {
        /// Its suggested name.
        name: String,
        /// Its media type.
        mime_type: String,
        /// Its contents.
        bytes: Vec<u8>,
    },
    /// What an import brings: the project the file amounts to (its coders, themes and
    /// annotations on the document), which the page merges.
    Imported {
        /// The file's name.
        file_name: String,
        /// The coders, themes and annotations, as a project file.
        project_file: String,
        /// The report, for the person.
        summary: String,
    },
    /// A document that was read, as written by `project_file::write_document`.
    DocumentRead(String),
    /// Why the request could not be done (a message for the person).
    Failed(String),
}

/// The project a request carries, and the document it is about.
fn project_and_document(project_text: &str, document_id: &str) -> Result<(Project, Rc<Document>), String> {
    let (project, _) = project_file::read(project_text, &[]).map_err(|error| error.to_string())?;
    let document = project
        .document(document_id)
        .cloned()
        .ok_or_else(|| format!("the project has no document \"{document_id}\""))?;
    Ok((project, document))
}

/// Does what the page asks. Pure: the worker calls it, and so do the native tests.
pub fn handle(request: ExchangeRequest) -> ExchangeResponse {
    match request {
        ExchangeRequest::Export { format, project_file, document_id } => {
            let exported = project_and_document(&project_file, &document_id)
                .and_then(|(project, document)| export(format, &project, &document));
            match exported {
                Ok((name, mime_type, bytes)) => ExchangeResponse::Exported { name, mime_type: mime_type.into(), bytes },
                Err(problem) => ExchangeResponse::Failed(format!("Could not export: {problem}")),
            }
        }
        ExchangeRequest::Import { file_name, bytes, format, project_file, document_id, at } => {
            let unchanged = "Your highlights are unchanged.";
            let (project, document) = match project_and_document(&project_file, &document_id) {
                Ok(found) => found,
                Err(problem) => {
                    return ExchangeResponse::Failed(format!(
                        "Could not import \"{file_name}\": {problem}. {unchanged}"
                    ))
                }
            };
            let at = annotator_core::Timestamp(at);
            // A .qdpx is a zip, whose files refi checks one by one; the others are text.
            let text = || utf8_text(&file_name, &bytes);
            let read = match format {
                Format::RefiProject => refi::read_project(&bytes, &project, &document, at),
                Format::Csv => text().and_then(|text| csv::read(text, &project, &document, at)),
                Format::RefiCodebook => text().and_then(|text| refi::read_codebook_import(text, &project, at)),
                Format::W3c | Format::ProjectFile => text().and_then(|text| w3c::read(text, &project, &document, at)),
            };
            match read {
                Ok(import) => {
                    let summary = import.report.summary();
                    let brought = import.into_project(&document);
                    ExchangeResponse::Imported {
                        file_name,
                        project_file: project_file::write_compact(&brought),
                        summary,
                    }
                }
                Err(error) => {
                    ExchangeResponse::Failed(format!("Could not import \"{file_name}\". {error} {unchanged}"))
                }
            }
        }
        ExchangeRequest::ReadMarkdown { file_name, text } => read_markdown(&file_name, &text),
    }
}

#[cfg(feature = "markdown")]
fn read_markdown(file_name: &str, text: &str) -> ExchangeResponse {
    let title = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    let document = Document::from_markdown("", title, text);
    let id = format!("doc-{}", &document.fingerprint()[..12]);
    let document = Document::from_sources(&id, document.title().to_owned(), document.sources());
    ExchangeResponse::DocumentRead(project_file::write_document(&document))
}

#[cfg(not(feature = "markdown"))]
fn read_markdown(file_name: &str, _text: &str) -> ExchangeResponse {
    ExchangeResponse::Failed(format!("Could not open \"{file_name}\": this build reads no Markdown"))
}

/// The project in `format`: its file name, media type and bytes.
fn export(
    format: ExportFormat,
    project: &Project,
    document: &Document,
) -> Result<(String, &'static str, Vec<u8>), String> {
    let base = document.id();
    let (name, mime_type, text) = match format {
        ExportFormat::RefiProject => {
            return Ok((format!("{base}.qdpx"), "application/zip", refi::write_project(project, document)?))
        }
        ExportFormat::ProjectFile => {
            (format!("{base}.annotations.json"), "application/json", project_file::write(project))
        }
        ExportFormat::W3c => {
            (format!("{base}.w3c.jsonld"), "application/ld+json", w3c::write_collection(project, document))
        }
        ExportFormat::Csv => (format!("{base}.csv"), "text/csv", csv::write(project, document, ByteOrderMark::Without)),
        ExportFormat::SpreadsheetCsv => {
            (format!("{base}.excel.csv"), "text/csv", csv::write(project, document, ByteOrderMark::With))
        }
        ExportFormat::MarkdownReport => {
            (format!("{base}.report.md"), "text/markdown", report::markdown(project, document, Grouping::ByTheme))
        }
        ExportFormat::HtmlReport => {
            (format!("{base}.report.html"), "text/html", report::html(project, document, Grouping::ByTheme))
        }
        ExportFormat::MarkdownReportByCoder => (
            format!("{base}.report-by-coder.md"),
            "text/markdown",
            report::markdown(project, document, Grouping::ByCoder),
        ),
        ExportFormat::RefiCodebook => (format!("{base}.qdc"), "application/xml", refi::write_codebook(project)),
    };
    Ok((name, mime_type, text.into_bytes()))
}

/// The web worker: one answer per request.
pub struct ExchangeWorker;

impl Worker for ExchangeWorker {
    type Message = ();
    type Input = ExchangeRequest;
    type Output = ExchangeResponse;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        ExchangeWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: ExchangeRequest, id: HandlerId) {
        scope.respond(id, handle(request));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::default_document::communique;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, AnnotationId, CoderId, Command, Operation, Origin, Span, Stamp, ThemeId, Timestamp};
    use uuid::Uuid;

    fn sample() -> (Document, Project) {
        let document = communique();
        let mut project = Project::new(&document, starter_codebook(Stamp::default()));
        let theme_id = project.themes().next().unwrap().id;
        let me = Stamp::new(Timestamp(1), CoderId(Uuid::from_u128(0xe)));
        let operation = Operation::Batch(vec![
            Operation::SetCoder { name: "me".into(), colour: "#1f77b4".into() },
            Operation::CreateAnnotation {
                id: AnnotationId(Uuid::from_u128(1)),
                span: Span::between(500, 540),
                theme_ids: vec![theme_id],
            },
        ]);
        apply(&mut project, Command { document_id: document.id().into(), stamp: me, operation }, Origin::Local)
            .unwrap();
        (document, project)
    }

    /// What the worker answers when the page asks for `format`: the file's name, type and bytes.
    fn exported(project: &Project, document: &Document, format: ExportFormat) -> (String, String, Vec<u8>) {
        let request = ExchangeRequest::Export {
            format,
            project_file: project_file::write(project),
            document_id: document.id().into(),
        };
        match handle(request) {
            ExchangeResponse::Exported { name, mime_type, bytes } => (name, mime_type, bytes),
            other => panic!("{format:?} exports: {other:?}"),
        }
    }

    #[test]
    fn every_format_holds_the_passage_and_its_theme() {
        let (document, project) = sample();
        let annotation = project.annotations().next().unwrap().clone();
        let theme = project.theme(annotation.theme_ids().next().unwrap()).unwrap().clone();
        let quote = annotation.quote.exact.as_str();
        // Nothing in the quote or the name is escaped by any format, so each must appear as it is.
        let plain = |text: &str| text.chars().all(|c| c.is_alphanumeric() || " .-".contains(c));
        assert!(plain(quote) && plain(&theme.name), "{quote:?}, {:?}", theme.name);
        let base = document.id();
        let check = |format: ExportFormat, expected_name: &str, expected_mime_type: &str| -> Vec<u8> {
            let (name, mime_type, bytes) = exported(&project, &document, format);
            assert_eq!((name.as_str(), mime_type.as_str()), (expected_name, expected_mime_type), "{format:?}");
            bytes
        };
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("a text format writes UTF-8");

        let json = text(check(ExportFormat::ProjectFile, &format!("{base}.annotations.json"), "application/json"));
        let (read_back, _) = project_file::read(&json, &[]).unwrap();
        assert_eq!(read_back, project, "the project file gives the project back");

        let json = text(check(ExportFormat::W3c, &format!("{base}.w3c.jsonld"), "application/ld+json"));
        let collection: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(collection["total"], 1);
        let item = &collection["first"]["items"][0];
        assert_eq!(item["id"], format!("urn:uuid:{}", annotation.id));
        assert_eq!(item["target"]["source"], document.source());
        assert_eq!(item["target"]["selector"][0]["exact"], quote);
        assert_eq!(
            (&item["target"]["selector"][1]["start"], &item["target"]["selector"][1]["end"]),
            (&500.into(), &540.into())
        );
        assert_eq!(item["body"][0]["value"], theme.name.as_str());
        assert_eq!(item["body"][0]["purpose"], "tagging");

        let csv = text(check(ExportFormat::Csv, &format!("{base}.csv"), "text/csv"));
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 2, "a header and one row: {csv}");
        assert!(rows[0].starts_with("annotation id,document,start,end,quote,theme,"), "{}", rows[0]);
        let row = format!("{},{},500,540,{quote},{},", annotation.id, document.title(), theme.name);
        assert!(rows[1].starts_with(&row), "{} does not start with {row}", rows[1]);
        let spreadsheet = check(ExportFormat::SpreadsheetCsv, &format!("{base}.excel.csv"), "text/csv");
        assert_eq!(spreadsheet, ["\u{feff}".as_bytes(), csv.as_bytes()].concat(), "the same CSV after a BOM");

        let markdown = text(check(ExportFormat::MarkdownReport, &format!("{base}.report.md"), "text/markdown"));
        assert!(markdown.contains(&format!("\n## {} (1)\n", theme.name)), "{markdown}");
        assert!(markdown.contains(&format!("\n> {quote}\n\n<sub>500–540 · me · ")), "{markdown}");

        let by_coder =
            text(check(ExportFormat::MarkdownReportByCoder, &format!("{base}.report-by-coder.md"), "text/markdown"));
        assert!(by_coder.contains("\n## me (1)\n"), "{by_coder}");
        assert!(by_coder.contains(&format!("\n> {quote}\n\n<sub>500–540 · {} · ", theme.name)), "{by_coder}");

        let html = text(check(ExportFormat::HtmlReport, &format!("{base}.report.html"), "text/html"));
        assert!(html.contains(&format!("</span>{} <small>(1)</small></h2>", theme.name)), "{html}");
        assert!(html.contains(&format!("\">{quote}<p class=\"meta\">500–540 · me · ")), "{html}");

        let codebook = text(check(ExportFormat::RefiCodebook, &format!("{base}.qdc"), "application/xml"));
        let codes = refi::read_codebook(&codebook, Timestamp(0)).unwrap();
        let names = |themes: Vec<&annotator_core::Theme>| -> Vec<(ThemeId, String)> {
            themes.into_iter().map(|theme| (theme.id, theme.name.clone())).collect()
        };
        assert_eq!(names(codes.iter().collect()), names(project.themes().collect()));

        let qdpx = check(ExportFormat::RefiProject, &format!("{base}.qdpx"), "application/zip");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).unwrap();
        let mut entry = |name: &str| {
            let mut content = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut content).unwrap();
            content
        };
        let qde = entry("project.qde");
        let source_path = qde
            .split("plainTextPath=\"internal://")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the project names its plain text source");
        assert_eq!(entry(&format!("Sources/{source_path}")), document.text());
        let selection = format!("name=\"{quote}\" startPosition=\"500\" endPosition=\"540\"");
        assert!(qde.contains(&selection), "{qde}");
        assert!(qde.contains(&format!("<CodeRef targetGUID=\"{}\"/>", theme.id)), "{qde}");
        assert_eq!(archive.len(), 2, "project.qde and the one source");
    }

    #[test]
    fn every_format_exports_and_the_exchange_formats_come_back() {
        let (document, project) = sample();
        for format in ExportFormat::ALL {
            let (name, _, bytes) = exported(&project, &document, format);
            if matches!(
                format,
                ExportFormat::MarkdownReport
                    | ExportFormat::MarkdownReportByCoder
                    | ExportFormat::HtmlReport
                    | ExportFormat::ProjectFile
                    | ExportFormat::RefiCodebook
            ) {
                continue;
            }
            let detected = annotator_formats::detect::detect(&name, &bytes).unwrap();
            let empty = Project::new(&document, starter_codebook(Stamp::default()));
            let request = ExchangeRequest::Import {
                file_name: name.clone(),
                bytes,
                format: detected,
                project_file: project_file::write(&empty),
                document_id: document.id().into(),
                at: 5,
            };
            let ExchangeResponse::Imported { project_file: brought, summary, .. } = handle(request) else {
                panic!("{name} imports")
            };
            let (brought, _) = project_file::read(&brought, &[]).unwrap();
            let spans: Vec<Span> = brought.annotations().map(|a| a.span).collect();
            assert_eq!(spans, vec![Span::between(500, 540)], "{name}: {summary}");
            let coders: Vec<String> = brought.annotations().map(|a| brought.coder_name(a.coder)).collect();
            assert_eq!(coders, vec!["me"], "{name} keeps who coded");
        }
    }

    #[cfg(feature = "markdown")]
    #[test]
    fn markdown_documents_are_read_in_the_worker() {
        let response = handle(ExchangeRequest::ReadMarkdown {
            file_name: "notes.md".into(),
            text: "Some *notes*.\n\n<script>alert(1)</script>".into(),
        });
        let ExchangeResponse::DocumentRead(json) = response else { panic!("{response:?}") };
        let document = project_file::read_document(&json).unwrap();
        assert_eq!((document.title(), document.text()), ("notes", "Some notes.\n\n<script>alert(1)</script>"));
        assert!(document.id().starts_with("doc-"));
    }

    #[test]
    fn a_failed_import_says_why_and_leaves_the_work_alone() {
        let (document, project) = sample();
        let check = |file_name: &str, bytes: &[u8], format: Format, expected: &str| {
            let request = ExchangeRequest::Import {
                file_name: file_name.into(),
                bytes: bytes.to_vec(),
                format,
                project_file: project_file::write(&project),
                document_id: document.id().into(),
                at: 0,
            };
            assert_eq!(handle(request), ExchangeResponse::Failed(expected.into()), "{file_name}");
        };
        check("bad.csv", b"a,b\n", Format::Csv, "Could not import \"bad.csv\". This CSV file cannot be read: it has no \"start\" column (the columns are: a, b). Your highlights are unchanged.");
        // Text in another encoding is refused, not read with its letters replaced.
        let not_utf8 = "Could not import \"old.csv\". \"old.csv\" is not UTF-8 text (its byte 24 is the first that is not). Save it with the encoding UTF-8 and try again. Your highlights are unchanged.";
        check("old.csv", b"start,end,quote\n1,2,caf\xe9\n", Format::Csv, not_utf8);
        check("old.csv", b"start,end,quote\n1,2,caf\xe9\n", Format::W3c, not_utf8);
        check("old.csv", b"start,end,quote\n1,2,caf\xe9\n", Format::RefiCodebook, not_utf8);
    }
}
