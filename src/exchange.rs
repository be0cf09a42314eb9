//! Files other tools read, written and read in a web worker: W3C Web Annotation, CSV, reports,
//! REFI-QDA. Their code (csv, quick-xml, zip, deflate) is a separate download the browser fetches
//! only when a file is first imported or exported, and large files are handled off the page's
//! thread. The page sends the project as a project file and the document's text; the worker
//! answers with the file to save, or with what an import brings, again as a project file.

use annotator_core::{Document, Project};
use annotator_formats::csv::ByteOrderMark;
use annotator_formats::detect::Format;
use annotator_formats::w3c::W3cImport;
use annotator_formats::{csv, project_file, refi, report, w3c, ImportReport};
use gloo::worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

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
    /// The codebook for QDA programs (REFI-QDA `.qdc`).
    RefiCodebook,
    /// The project for NVivo, ATLAS.ti, MAXQDA, QualCoder (REFI-QDA `.qdpx`).
    RefiProject,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::ProjectFile,
        ExportFormat::W3c,
        ExportFormat::Csv,
        ExportFormat::SpreadsheetCsv,
        ExportFormat::MarkdownReport,
        ExportFormat::HtmlReport,
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
            ExportFormat::RefiCodebook => "REFI-QDA codebook (.qdc)",
            ExportFormat::RefiProject => "REFI-QDA project (.qdpx)",
        }
    }
}

/// The document as the worker needs it: its text and names, not its blocks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentText {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The IRI annotation files name.
    pub source: String,
    /// Its plain text.
    pub text: String,
}

impl DocumentText {
    /// The text of `document`.
    pub fn of(document: &Document) -> DocumentText {
        DocumentText {
            id: document.id().into(),
            title: document.title().into(),
            source: document.source().into(),
            text: document.text().into(),
        }
    }

    fn document(&self) -> Document {
        Document::flat(&self.id, &self.title, &self.source, &self.text)
    }
}

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExchangeRequest {
    /// Write the project in a format.
    Export {
        /// Which.
        format: ExportFormat,
        /// The project, as a project file.
        project_file: String,
        /// The document.
        document: DocumentText,
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
        /// The document.
        document: DocumentText,
        /// Now, in milliseconds (stamps what the file leaves undated).
        at: i64,
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
    /// What an import brings: a project file holding the codebook with any new themes, and only
    /// the annotations the file brought.
    Imported {
        /// The file's name.
        file_name: String,
        /// The themes and annotations, as a project file.
        project_file: String,
        /// The report, for the person.
        summary: String,
    },
    /// Why the request could not be done (a message for the person).
    Failed(String),
}

/// Colours given to themes that imported files bring, in turn.
pub const IMPORT_COLOURS: [&str; 8] =
    ["#0f7b6c", "#c0392b", "#6d4c41", "#3949ab", "#ad1457", "#00838f", "#9e7700", "#546e7a"];

/// Does what the page asks. Pure: the worker calls it, and so do the native tests.
pub fn handle(request: ExchangeRequest) -> ExchangeResponse {
    match request {
        ExchangeRequest::Export { format, project_file, document } => {
            let document = document.document();
            match project_file::read(&project_file, &document) {
                Ok((project, _)) => match export(format, &project, &document) {
                    Ok((name, mime_type, bytes)) => {
                        ExchangeResponse::Exported { name, mime_type: mime_type.into(), bytes }
                    }
                    Err(problem) => ExchangeResponse::Failed(format!("Could not export: {problem}")),
                },
                Err(error) => ExchangeResponse::Failed(format!("Could not export: {error}")),
            }
        }
        ExchangeRequest::Import { file_name, bytes, format, project_file, document, at } => {
            let document = document.document();
            let unchanged = "Your highlights are unchanged.";
            let project = match project_file::read(&project_file, &document) {
                Ok((project, _)) => project,
                Err(error) => {
                    return ExchangeResponse::Failed(format!("Could not import \"{file_name}\": {error} {unchanged}"))
                }
            };
            let at = annotator_core::Timestamp(at);
            let text = String::from_utf8_lossy(&bytes);
            let read = match format {
                Format::Csv => csv::read(&text, &project, &document, at, &IMPORT_COLOURS),
                Format::RefiProject => refi::read_project(&bytes, &project, &document, at),
                Format::RefiCodebook => refi::read_codebook(&text, at).map(|themes| codebook_import(&project, themes)),
                Format::W3c | Format::ProjectFile => w3c::read(&text, &project, &document, at, &IMPORT_COLOURS),
            };
            match read {
                Ok(import) => {
                    let summary = format!("Imported \"{file_name}\". {}", import.report.summary());
                    let themes = project.all_themes().iter().cloned().chain(import.new_themes).collect();
                    let brought = Project::from_parts(
                        document.id().into(),
                        document.fingerprint().into(),
                        themes,
                        import.annotations,
                    );
                    ExchangeResponse::Imported {
                        file_name,
                        project_file: project_file::write(&brought, &document),
                        summary,
                    }
                }
                Err(error) => {
                    ExchangeResponse::Failed(format!("Could not import \"{file_name}\". {error} {unchanged}"))
                }
            }
        }
    }
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
            (format!("{base}.annotations.json"), "application/json", project_file::write(project, document))
        }
        ExportFormat::W3c => {
            (format!("{base}.w3c.jsonld"), "application/ld+json", w3c::write_collection(project, document))
        }
        ExportFormat::Csv => (format!("{base}.csv"), "text/csv", csv::write(project, document, ByteOrderMark::Without)),
        ExportFormat::SpreadsheetCsv => {
            (format!("{base}.excel.csv"), "text/csv", csv::write(project, document, ByteOrderMark::With))
        }
        ExportFormat::MarkdownReport => {
            (format!("{base}.report.md"), "text/markdown", report::markdown(project, document))
        }
        ExportFormat::HtmlReport => (format!("{base}.report.html"), "text/html", report::html(project, document)),
        ExportFormat::RefiCodebook => (format!("{base}.qdc"), "application/xml", refi::write_codebook(project)),
    };
    Ok((name, mime_type, text.into_bytes()))
}

/// A codebook read from a file, as an import: the themes the codebook does not have yet (by id
/// or name).
fn codebook_import(project: &Project, themes: Vec<annotator_core::Theme>) -> W3cImport {
    let new_themes: Vec<annotator_core::Theme> = themes
        .into_iter()
        .filter(|theme| {
            !project
                .themes()
                .any(|known| known.id == theme.id || known.name.to_lowercase() == theme.name.to_lowercase())
        })
        .collect();
    let report =
        ImportReport { format: "REFI-QDA codebook".into(), themes_added: new_themes.len(), ..ImportReport::default() };
    W3cImport { new_themes, annotations: Vec::new(), report }
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
    use annotator_core::{apply, AnnotationId, Command, Origin, Span, Timestamp};
    use uuid::Uuid;

    fn sample() -> (Document, Project) {
        let document = communique();
        let mut project = Project::new(&document, starter_codebook("me", Timestamp(0)));
        let theme_id = project.themes().next().unwrap().id;
        let create = Command::CreateAnnotation {
            id: AnnotationId(Uuid::from_u128(1)),
            span: Span::between(500, 540),
            theme_ids: vec![theme_id],
            creator: "me".into(),
            at: Timestamp(1),
        };
        apply(&mut project, &document, create, Origin::Local).unwrap();
        (document, project)
    }

    #[test]
    fn every_format_exports_and_the_exchange_formats_come_back() {
        let (document, project) = sample();
        for format in ExportFormat::ALL {
            let request = ExchangeRequest::Export {
                format,
                project_file: project_file::write(&project, &document),
                document: DocumentText::of(&document),
            };
            let ExchangeResponse::Exported { name, bytes, .. } = handle(request) else { panic!("{format:?} exports") };
            assert!(!bytes.is_empty(), "{name}");
            if matches!(
                format,
                ExportFormat::MarkdownReport
                    | ExportFormat::HtmlReport
                    | ExportFormat::ProjectFile
                    | ExportFormat::RefiCodebook
            ) {
                continue;
            }
            let detected = annotator_formats::detect::detect(&name, &bytes).unwrap();
            let empty = Project::new(&document, starter_codebook("me", Timestamp(0)));
            let request = ExchangeRequest::Import {
                file_name: name.clone(),
                bytes,
                format: detected,
                project_file: project_file::write(&empty, &document),
                document: DocumentText::of(&document),
                at: 5,
            };
            let ExchangeResponse::Imported { project_file: brought, summary, .. } = handle(request) else {
                panic!("{name} imports")
            };
            let (brought, _) = project_file::read(&brought, &document).unwrap();
            let spans: Vec<Span> = brought.annotations().map(|a| a.span).collect();
            assert_eq!(spans, vec![Span::between(500, 540)], "{name}: {summary}");
        }
    }

    #[test]
    fn a_failed_import_says_why_and_leaves_the_work_alone() {
        let (document, project) = sample();
        let request = ExchangeRequest::Import {
            file_name: "bad.csv".into(),
            bytes: b"a,b\n".to_vec(),
            format: Format::Csv,
            project_file: project_file::write(&project, &document),
            document: DocumentText::of(&document),
            at: 0,
        };
        assert_eq!(handle(request), ExchangeResponse::Failed("Could not import \"bad.csv\". This CSV file cannot be read: it has no \"start\" column (the columns are: a, b). Your highlights are unchanged.".into()));
    }
}
