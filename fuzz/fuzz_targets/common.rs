// Shared by the fuzz targets: a small document with emoji and Arabic, and its project.
use annotator_core::theme::starter_codebook;
use annotator_core::{coder, Document, Project, Stamp, Timestamp};

pub fn document() -> Document {
    Document::from_markdown("doc", "Doc", "# Doc\n\nThe Ministers welcomed new members 😀 داعش.\n\nSecond paragraph  \nwith a break.")
}

pub fn project(document: &Document) -> Project {
    Project::new(document, starter_codebook(Stamp::new(Timestamp(0), coder::id_for_name("fuzz"))))
}
