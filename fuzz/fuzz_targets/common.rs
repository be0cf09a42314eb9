// Shared by the fuzz targets: a small document with emoji and Arabic, and its project.
use annotator_core::theme::starter_codebook;
use annotator_core::{Document, Project, Timestamp};

pub fn document() -> Document {
    Document::from_markdown("doc", "Doc", "# Doc\n\nThe Ministers welcomed new members 😀 داعش.\n\nSecond paragraph  \nwith a break.")
}

pub fn project(document: &Document) -> Project {
    Project::new(document, starter_codebook("fuzz", Timestamp(0)))
}
