//! The files of the communiqué annotator: the versioned project file (also what local storage
//! keeps), and later the exchange formats other tools read.
//!
//! Each format is a sibling module with its own serde types (DTOs), kept apart from the domain
//! types of `annotator-core`, so a file's shape can change by version without touching the model.
//! Reading returns a [`FileError`] whose message tells a person what is wrong with the file.
#![deny(missing_docs)]

pub mod agreement_report;
pub mod csv;
pub mod detect;
pub mod error;
pub mod hypothesis;
pub mod import_report;
pub mod project_file;
pub mod refi;
pub mod report;
pub mod target_document;
mod time;
pub mod w3c;

pub use error::{utf8_text, FileError};
pub use import_report::{Import, ImportReport};
