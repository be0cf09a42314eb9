//! The files "Export" offers: which writer, which file name, which media type.

use annotator_core::{Document, Project};
use annotator_formats::csv::ByteOrderMark;
use annotator_formats::{csv, project_file, report, w3c};

/// The export formats, in the order the menu lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::ProjectFile,
        ExportFormat::W3c,
        ExportFormat::Csv,
        ExportFormat::SpreadsheetCsv,
        ExportFormat::MarkdownReport,
        ExportFormat::HtmlReport,
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
        }
    }
}

/// A file to download: its name, media type and text.
pub struct ExportFile {
    /// The suggested file name.
    pub name: String,
    /// Its media type.
    pub mime_type: &'static str,
    /// Its contents.
    pub text: String,
}

/// The project in `format`.
pub fn export(format: ExportFormat, project: &Project, document: &Document) -> ExportFile {
    let base = document.id();
    let (name, mime_type, text) = match format {
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
    };
    ExportFile { name, mime_type, text }
}
