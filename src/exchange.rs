//! Files other tools read, written and read in a web worker: W3C Web Annotation, CSV, reports,
//! REFI-QDA. Their code (csv, quick-xml, zip, deflate) is a separate download the browser fetches
//! only when a file is first imported or exported, and large files are handled off the page's
//! thread. The page sends the project as a project file and the document's text; the worker
//! answers with the file to save, or with what an import brings, again as a project file. The
//! agreement report is computed here too, off the page's thread.

use annotator_agreement::{agreement, AgreementError};
use annotator_core::{CoderId, Document, Project, ThemeId};
use annotator_formats::csv::ByteOrderMark;
use annotator_formats::detect::Format;
use annotator_formats::report::Grouping;
use annotator_formats::target_document::{target_document, SourceMatching, TargetDocument};
use annotator_formats::{agreement_report, csv, hypothesis, project_file, refi, report, utf8_text, w3c};
use gloo::worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use uuid::Uuid;

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

/// The formats of the agreement report, in the order the menu lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementReportFormat {
    /// JSON, for programs (see `annotator_formats::agreement_report`).
    Json,
    /// CSV, for spreadsheets: a row per theme and an overall row.
    Csv,
}

impl AgreementReportFormat {
    /// Every format, in menu order.
    pub const ALL: [AgreementReportFormat; 2] = [AgreementReportFormat::Json, AgreementReportFormat::Csv];

    /// How the menu names it.
    pub fn label(self) -> &'static str {
        match self {
            AgreementReportFormat::Json => "Agreement report (JSON)",
            AgreementReportFormat::Csv => "Agreement report (CSV)",
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
        /// The id of the document shown: the file's annotations go onto it unless they name
        /// another document of the project by its address.
        document_id: String,
        /// Now, in milliseconds (stamps what the file leaves undated).
        at: i64,
        /// Whether the addresses the file names choose the document, or the person placed the
        /// file on the document shown.
        matching: SourceMatching,
    },
    /// Write how far some coders agree on some themes in one document (see
    /// `annotator_agreement::agreement`; `annotator_agreement::default_comparison` gives what
    /// is compared when nobody has chosen).
    ExportAgreement {
        /// JSON or CSV.
        format: AgreementReportFormat,
        /// The project, as a project file.
        project_file: String,
        /// The id of the document.
        document_id: String,
        /// The ids (UUIDs) of the coders compared, two or more, in the order the report lists them.
        coder_ids: Vec<String>,
        /// The ids (UUIDs) of the themes, live themes of the project, one or more, in the
        /// report's order.
        theme_ids: Vec<String>,
    },
    /// Write a table as CSV (the co-occurrence panel's matrices, which the page computes).
    ExportTable {
        /// The file's name.
        file_name: String,
        /// The rows, the header first.
        rows: Vec<Vec<String>>,
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
    /// Nothing was imported: the file's annotations name only addresses no document of the
    /// project has. The page offers to place it on the document shown.
    ForAnotherSource {
        /// The file's name.
        file_name: String,
        /// Its bytes, to read again if the person places it on the document shown.
        bytes: Vec<u8>,
        /// Its format.
        format: Format,
        /// The addresses it names.
        addresses: Vec<String>,
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
        ExchangeRequest::Import { file_name, bytes, format, project_file, document_id, at, matching } => {
            let unchanged = "Your highlights are unchanged.";
            let (project, shown) = match project_and_document(&project_file, &document_id) {
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
            // Files that name the page they annotate go onto the document with that address.
            let addresses = match format {
                Format::W3c | Format::ProjectFile => text().map(w3c::target_sources).unwrap_or_default(),
                Format::Hypothesis => text().map(hypothesis::target_sources).unwrap_or_default(),
                Format::Csv | Format::RefiProject | Format::RefiCodebook => Vec::new(),
            };
            let document = match target_document(&addresses, &project, &shown, matching) {
                TargetDocument::Document(document) => document,
                TargetDocument::NoneMatches(addresses) => {
                    return ExchangeResponse::ForAnotherSource { file_name, bytes, format, addresses }
                }
            };
            let read = match format {
                Format::RefiProject => refi::read_project(&bytes, &project, &document, at),
                Format::Csv => text().and_then(|text| csv::read(text, &project, &document, at)),
                Format::RefiCodebook => text().and_then(|text| refi::read_codebook_import(text, &project, at)),
                Format::W3c | Format::ProjectFile => {
                    text().and_then(|text| w3c::read_matching(text, &project, &document, at, matching))
                }
                Format::Hypothesis => text().and_then(|text| hypothesis::read(text, &project, &document, at, matching)),
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
        ExchangeRequest::ExportAgreement { format, project_file, document_id, coder_ids, theme_ids } => {
            match export_agreement(format, &project_file, &document_id, &coder_ids, &theme_ids) {
                Ok((name, mime_type, bytes)) => ExchangeResponse::Exported { name, mime_type: mime_type.into(), bytes },
                Err(problem) => ExchangeResponse::Failed(format!("Could not export the agreement report: {problem}")),
            }
        }
        ExchangeRequest::ExportTable { file_name, rows } => ExchangeResponse::Exported {
            name: file_name,
            mime_type: "text/csv".into(),
            bytes: csv::write_table(&rows).into_bytes(),
        },
        ExchangeRequest::ReadMarkdown { file_name, text } => read_markdown(&file_name, &text),
    }
}

/// The agreement report on one document in `format`: its file name, media type and bytes, or
/// what to do about the request (a sentence ending with what the person can do).
fn export_agreement(
    format: AgreementReportFormat,
    project_text: &str,
    document_id: &str,
    coder_ids: &[String],
    theme_ids: &[String],
) -> Result<(String, &'static str, Vec<u8>), String> {
    let (project, document) =
        project_and_document(project_text, document_id).map_err(|problem| format!("{problem}."))?;
    let coders = coder_ids
        .iter()
        .map(|id| {
            let known = Uuid::parse_str(id.trim()).ok().map(CoderId).filter(|coder| {
                project.coder(*coder).is_some() || project.annotations_in(document_id).any(|a| a.coder == *coder)
            });
            known.ok_or_else(|| {
                format!("no coder of this project has the id \"{id}\"; choose the coders to compare again.")
            })
        })
        .collect::<Result<Vec<CoderId>, String>>()?;
    let themes = theme_ids
        .iter()
        .map(|id| {
            let live = Uuid::parse_str(id.trim()).ok().map(ThemeId).filter(|theme| project.theme(*theme).is_some());
            live.ok_or_else(|| {
                format!("the codebook has no theme with the id \"{id}\" (it may have been deleted); choose the themes again.")
            })
        })
        .collect::<Result<Vec<ThemeId>, String>>()?;
    if themes.is_empty() {
        return Err("no theme was chosen; choose at least one theme.".to_owned());
    }
    let report = agreement(&project, document_id, &coders, &themes).map_err(|error| match error {
        AgreementError::TooFewCoders { count } => {
            let chosen = if count == 0 { "none was chosen" } else { "only one was chosen" };
            format!("agreement compares two coders or more, and {chosen}; choose at least two coders.")
        }
        other => format!("{other}."),
    })?;
    let base = document.id();
    Ok(match format {
        AgreementReportFormat::Json => (
            format!("{base}.agreement.json"),
            "application/json",
            agreement_report::json(&project, &report).into_bytes(),
        ),
        AgreementReportFormat::Csv => {
            (format!("{base}.agreement.csv"), "text/csv", agreement_report::csv(&project, &report).into_bytes())
        }
    })
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
                matching: annotator_formats::target_document::SourceMatching::ByAddress,
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

    /// The document of the browser test's agreement fixtures.
    const OPENING: &str = "communique-opening";

    /// The three coders' files of the browser test (e2e/fixtures/agreement/), opened together.
    fn three_coders() -> Project {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/fixtures/agreement");
        let mut merged: Option<Project> = None;
        for name in ["amira.json", "ben.json", "chloe.json"] {
            let text = std::fs::read_to_string(folder.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
            let (project, _) = project_file::read(&text, &[]).unwrap_or_else(|error| panic!("{name}: {error}"));
            match merged.as_mut() {
                None => merged = Some(project),
                Some(merged) => {
                    annotator_core::merge(merged, &project);
                }
            }
        }
        merged.expect("three files")
    }

    fn agreement_request<T: ToString>(
        format: AgreementReportFormat,
        project: &Project,
        document_id: &str,
        coders: &[T],
        themes: &[T],
    ) -> ExchangeRequest {
        ExchangeRequest::ExportAgreement {
            format,
            project_file: project_file::write_compact(project),
            document_id: document_id.to_owned(),
            coder_ids: coders.iter().map(ToString::to_string).collect(),
            theme_ids: themes.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn the_agreement_report_is_exported_as_json_and_csv() {
        let project = three_coders();
        let (coders, themes) = annotator_agreement::default_comparison(&project, OPENING);
        let report = agreement(&project, OPENING, &coders, &themes).unwrap();
        let exported = |format: AgreementReportFormat, coders: &[CoderId], themes: &[ThemeId]| {
            let coders: Vec<String> = coders.iter().map(ToString::to_string).collect();
            let themes: Vec<String> = themes.iter().map(ToString::to_string).collect();
            match handle(agreement_request(format, &project, OPENING, &coders, &themes)) {
                ExchangeResponse::Exported { name, mime_type, bytes } => {
                    (name, mime_type, String::from_utf8(bytes).expect("the report is UTF-8"))
                }
                other => panic!("{format:?}: {other:?}"),
            }
        };

        let (name, mime_type, json) = exported(AgreementReportFormat::Json, &coders, &themes);
        assert_eq!((name.as_str(), mime_type.as_str()), ("communique-opening.agreement.json", "application/json"));
        assert_eq!(json, agreement_report::json(&project, &report));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let names: Vec<&str> =
            value["coders"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Amira", "Ben", "Chloé"]);
        assert_eq!(value["themes"].as_array().unwrap().len(), 4);
        // The figure the reference vector of these files gives (scripts/agreement_vectors.py).
        let vector_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/agreement/tests/fixtures/agreement/communique_three_coders.json");
        let vector: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(vector_path).unwrap()).unwrap();
        let expected = vector["expected"]["overall"]["u_alpha_dkpro_port"].as_f64().unwrap();
        assert!((value["overall"]["u_alpha"].as_f64().unwrap() - expected).abs() < 1e-9);

        let (name, mime_type, csv) = exported(AgreementReportFormat::Csv, &coders, &themes);
        assert_eq!((name.as_str(), mime_type.as_str()), ("communique-opening.agreement.csv", "text/csv"));
        assert_eq!(csv, agreement_report::csv(&project, &report));
        assert_eq!(csv.lines().count(), 6, "a header, four themes and the overall row: {csv}");

        // The coders and themes chosen, in the order chosen: Chloé never used Financing.
        let financing = themes[2];
        assert_eq!(project.theme(financing).map(|theme| theme.name.as_str()), Some("Financing"));
        let (_, _, json) = exported(AgreementReportFormat::Json, &[coders[2], coders[0]], &[financing]);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let names: Vec<&str> =
            value["coders"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Chloé", "Amira"]);
        assert_eq!(value["themes"].as_array().unwrap().len(), 1);
        assert_eq!(value["themes"][0]["coders_using"], 1);
    }

    #[test]
    fn an_agreement_report_that_cannot_be_made_says_what_to_choose() {
        let project = three_coders();
        let (coders, themes) = annotator_agreement::default_comparison(&project, OPENING);
        let [amira, ben, _] = [0, 1, 2].map(|place| coders[place].to_string());
        let financing = themes[2].to_string();
        // The same project with Financing deleted.
        let without_financing = {
            let mut codebook = project.all_themes().to_vec();
            codebook.iter_mut().filter(|theme| theme.id == themes[2]).for_each(|theme| {
                theme.deleted = Some(Timestamp(i64::MAX / 2));
                theme.stamps.life = Stamp::new(Timestamp(i64::MAX / 2), coders[0]);
            });
            let annotations = project.all_annotations().cloned().collect();
            Project::from_parts(project.documents().to_vec(), project.coders().to_vec(), codebook, annotations)
        };
        let stranger = Uuid::from_u128(0x5).to_string();
        let starter_theme = annotator_core::theme::starter_codebook(Stamp::default())[0].id.to_string();
        let check = |project: &Project, document_id: &str, coders: &[&str], themes: &[&str], expected: &str| {
            let request = agreement_request(AgreementReportFormat::Json, project, document_id, coders, themes);
            let expected = format!("Could not export the agreement report: {expected}");
            assert_eq!(handle(request), ExchangeResponse::Failed(expected), "{coders:?} {themes:?}");
        };
        let choose_coders = "choose the coders to compare again.";
        check(&project, "nowhere", &[&amira, &ben], &[&financing], "the project has no document \"nowhere\".");
        check(
            &project,
            OPENING,
            &[&amira, "Ben"],
            &[&financing],
            &format!("no coder of this project has the id \"Ben\"; {choose_coders}"),
        );
        check(
            &project,
            OPENING,
            &[&amira, &stranger],
            &[&financing],
            &format!("no coder of this project has the id \"{stranger}\"; {choose_coders}"),
        );
        let no_theme = |id: &str| {
            format!(
                "the codebook has no theme with the id \"{id}\" (it may have been deleted); choose the themes again."
            )
        };
        check(&project, OPENING, &[&amira, &ben], &["financing"], &no_theme("financing"));
        check(&project, OPENING, &[&amira, &ben], &[&starter_theme], &no_theme(&starter_theme));
        check(&without_financing, OPENING, &[&amira, &ben], &[&financing], &no_theme(&financing));
        check(&project, OPENING, &[&amira, &ben], &[], "no theme was chosen; choose at least one theme.");
        let too_few =
            |chosen: &str| format!("agreement compares two coders or more, and {chosen}; choose at least two coders.");
        check(&project, OPENING, &[&amira], &[&financing], &too_few("only one was chosen"));
        check(&project, OPENING, &[&amira, &amira], &[&financing], &too_few("only one was chosen"));
        check(&project, OPENING, &[], &[&financing], &too_few("none was chosen"));
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
                matching: annotator_formats::target_document::SourceMatching::ByAddress,
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

    /// Files of other tools on the communiqué, as they write them (e2e/fixtures/imports/), read
    /// by the worker into a project that holds the communiqué and, shown, another document.
    mod imports {
        use super::*;
        use annotator_core::Anchoring;
        use annotator_formats::target_document::SourceMatching;

        fn fixture(name: &str) -> Vec<u8> {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/fixtures/imports").join(name);
            std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        }

        /// The project of a person who added a document of their own and is reading `shown`.
        fn project() -> Project {
            let communique = Rc::new(communique());
            let notes = Rc::new(Document::flat("notes", "Notes", "https://example.org/notes", "My notes on Rome."));
            Project::from_parts(vec![communique, notes], vec![], starter_codebook(Stamp::default()), vec![])
        }

        fn import(name: &str, shown: &str, matching: SourceMatching) -> ExchangeResponse {
            let bytes = fixture(name);
            let format = annotator_formats::detect::detect(name, &bytes).unwrap();
            handle(ExchangeRequest::Import {
                file_name: name.into(),
                bytes,
                format,
                project_file: project_file::write(&project()),
                document_id: shown.into(),
                at: 5,
                matching,
            })
        }

        /// Each annotation brought: its document, the text at its span (empty for an orphan),
        /// its anchoring, its themes' names, its note and its coder's name; and the summary.
        type Brought = (Vec<(String, String, Anchoring, Vec<String>, String, String)>, String);

        fn brought(response: ExchangeResponse) -> Brought {
            let ExchangeResponse::Imported { project_file: brought, summary, .. } = response else {
                panic!("imported: {response:?}")
            };
            let (brought, _) = project_file::read(&brought, &[]).unwrap();
            let annotations = brought
                .annotations()
                .map(|annotation| {
                    let document = brought.document(&annotation.document_id).unwrap();
                    let text = match annotation.anchoring {
                        Anchoring::Placed => document.quote(annotation.span).to_owned(),
                        Anchoring::Orphan => String::new(),
                    };
                    let themes = annotation.theme_ids().map(|id| brought.theme(id).unwrap().name.clone()).collect();
                    (
                        annotation.document_id.clone(),
                        text,
                        annotation.anchoring,
                        themes,
                        annotation.note.clone(),
                        brought.coder_name(annotation.coder),
                    )
                })
                .collect();
            (annotations, summary)
        }

        fn check(
            name: &str,
            shown: &str,
            matching: SourceMatching,
            expected: &[(&str, Anchoring, &[&str], &str, &str)],
            summary: &str,
        ) {
            let (annotations, got_summary) = brought(import(name, shown, matching));
            let got: Vec<(&str, Anchoring, Vec<&str>, &str, &str)> = annotations
                .iter()
                .map(|(document, text, anchoring, themes, note, coder)| {
                    assert_eq!(document, crate::default_document::COMMUNIQUE_ID, "{name}: onto the communiqué");
                    (
                        text.as_str(),
                        *anchoring,
                        themes.iter().map(String::as_str).collect(),
                        note.as_str(),
                        coder.as_str(),
                    )
                })
                .collect();
            let expected: Vec<(&str, Anchoring, Vec<&str>, &str, &str)> = expected
                .iter()
                .map(|(text, anchoring, themes, note, coder)| (*text, *anchoring, themes.to_vec(), *note, *coder))
                .collect();
            assert_eq!(got, expected, "{name}");
            assert_eq!(got_summary, summary, "{name}");
        }

        const PLACED: Anchoring = Anchoring::Placed;
        const ORPHAN: Anchoring = Anchoring::Orphan;

        #[test]
        fn a_hypothesis_export_for_the_www_address_lands_on_the_communique() {
            // Read while another document is shown: the file's address chooses the communiqué.
            check(
                "hypothesis-export.json",
                "notes",
                SourceMatching::ByAddress,
                &[
                    ("welcomed new members joining the Coalition", PLACED, &["Membership"], "Four new members, three of them African.", "Amira Haddad"),
                    ("the protection of civilians as a priority", PLACED, &["Civilians and international law", "priorities"], "The only *priority* named as such.", "Amira Haddad"),
                    ("nearly eight million people have been freed from its control", PLACED, &["Iraq", "Syria"], "", "Ben Kowalski"),
                    ("", ORPHAN, &[], "", "Amira Haddad"),
                ],
                "Hypothesis: 4 annotations imported; 1 could not be placed and is listed as orphans; 2 themes added to the codebook; 2 skipped: 1 page note, 1 reply.",
            );
        }

        #[test]
        fn search_results_for_the_bare_address_with_tracking_land_on_the_communique() {
            check(
                "hypothesis-search.json",
                crate::default_document::COMMUNIQUE_ID,
                SourceMatching::ByAddress,
                &[
                    ("curbing its ability to raise revenue", PLACED, &["Financing"], "Money first.", "Amira Haddad"),
                    (
                        "denying the group space to exploit social media online",
                        PLACED,
                        &["Counter-messaging and propaganda"],
                        "",
                        "Amira Haddad",
                    ),
                ],
                "Hypothesis: 2 annotations imported.",
            );
        }

        #[test]
        fn typographically_drifted_quotes_land_on_the_real_text() {
            check(
                "hypothesis-drifted.json",
                crate::default_document::COMMUNIQUE_ID,
                SourceMatching::ByAddress,
                &[
                    ("which remains the Coalition's sole purpose", PLACED, &["Coalition"], "Curly apostrophe on the page.", "Amira Haddad"),
                    ("joining the Coalition - Central African Republic", PLACED, &["Membership"], "En dash and a non-breaking space.", "Amira Haddad"),
                    ("continue the fight against Daesh/ISIS", PLACED, &["Military action"], "A ligature in the page's font.", "Amira Haddad"),
                    ("June 28, 2021 - Ottawa, Ontario", PLACED, &["Dateline"], "Non-breaking spaces and an en dash.", "Amira Haddad"),
                    ("the Islamic State in Iraq and Syria-Khurasan", PLACED, &["Afghanistan"], "Not drifted at all.", "Amira Haddad"),
                ],
                "Hypothesis: 5 annotations imported; 4 found only after normalising quotation marks, dashes and spaces; 4 themes added to the codebook.",
            );
        }

        #[test]
        fn w3c_files_for_either_address_land_on_the_communique() {
            check(
                "w3c-www.jsonld",
                "notes",
                SourceMatching::ByAddress,
                &[
                    ("met today in Rome", PLACED, &["Meetings"], "Rome, June 2021.", "Chloé Martin"),
                    (
                        "the 2021 Pledge Drive for Stabilization",
                        PLACED,
                        &["Stabilization and recovery"],
                        "",
                        "Chloé Martin",
                    ),
                ],
                "W3C Web Annotation: 2 annotations imported; 1 theme added to the codebook.",
            );
            check(
                "w3c-bare.jsonld",
                crate::default_document::COMMUNIQUE_ID,
                SourceMatching::ByAddress,
                &[("the Sahel Region and in East Africa/Mozambique", PLACED, &["Africa"], "", "Chloé Martin")],
                "W3C Web Annotation: 1 annotation imported; 1 theme added to the codebook.",
            );
        }

        #[test]
        fn a_file_for_an_unknown_address_imports_nothing_until_placed_on_the_document() {
            let response =
                import("w3c-unknown.jsonld", crate::default_document::COMMUNIQUE_ID, SourceMatching::ByAddress);
            let ExchangeResponse::ForAnotherSource { file_name, addresses, format, bytes } = response else {
                panic!("{response:?}")
            };
            assert_eq!(file_name, "w3c-unknown.jsonld");
            assert_eq!(addresses, ["https://example.org/mirror/coalition-statement-2021.html"]);
            assert_eq!((format, bytes), (Format::W3c, fixture("w3c-unknown.jsonld")));
            check(
                "w3c-unknown.jsonld",
                crate::default_document::COMMUNIQUE_ID,
                SourceMatching::OntoDocument,
                &[
                    ("a cohesive, responsive tool", PLACED, &["Coalition"], "Found in the communiqué too.", "Chloé Martin"),
                    ("Small Group Political Directors Meeting in Brussels", PLACED, &["Meetings"], "", "Chloé Martin"),
                    ("", ORPHAN, &["Meetings"], "", "Chloé Martin"),
                ],
                "W3C Web Annotation: 3 annotations imported; 1 could not be placed and is listed as orphans; 2 themes added to the codebook.",
            );
        }
    }
}
