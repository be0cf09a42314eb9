//! What can be wrong with a file.

use thiserror::Error;

impl FileError {
    /// Not JSON, as serde_json found, its position apart from its words.
    pub fn not_json(error: &serde_json::Error) -> FileError {
        FileError::NotJson { reason: json_reason(error), line: error.line(), column: error.column() }
    }
}

/// serde_json's message without its trailing position (the messages state that separately).
pub(crate) fn json_reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

/// Why a file could not be read. Every message names the problem in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FileError {
    /// The file is not JSON at all.
    #[error("This file is not valid JSON ({reason} at line {line}, column {column}).")]
    NotJson {
        /// What the parser found.
        reason: String,
        /// Where.
        line: usize,
        /// Where.
        column: usize,
    },
    /// The JSON is not a project file.
    #[error("This is JSON, but not a project file of this app: {0}.")]
    NotAProjectFile(String),
    /// The file is a project file of a version this app cannot read.
    #[error("This project file has version {found}; this app reads version {supported}.")]
    UnsupportedVersion {
        /// The version in the file.
        found: String,
        /// The version this app reads.
        supported: u32,
    },
    /// A field has the wrong shape.
    #[error("This project file is damaged: {0}.")]
    WrongShape(String),
    /// The file's annotations belong to another document.
    #[error("This project file belongs to another document (\"{file_title}\"), not to \"{open_title}\".")]
    OtherDocument {
        /// The title the file names.
        file_title: String,
        /// The title of the open document.
        open_title: String,
    },
    /// The file is JSON but not Web Annotations the model allows.
    #[error("This W3C Web Annotation file cannot be read: {0}.")]
    NotAnnotations(String),
    /// The file is not CSV this app can read.
    #[error("This CSV file cannot be read: {0}.")]
    NotCsv(String),
    /// The file is not REFI-QDA this app can read.
    #[error("This REFI-QDA file cannot be read: {0}.")]
    NotRefi(String),
    /// The file holds more annotations than the app takes at once.
    #[error("This file holds more than {limit} annotations, more than this app takes at once; split it and import the parts.")]
    TooManyAnnotations {
        /// The most the app takes.
        limit: usize,
    },
}
