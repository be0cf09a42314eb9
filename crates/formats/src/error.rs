//! What can be wrong with a file.

use thiserror::Error;

impl FileError {
    /// Not JSON, as serde_json found, its position apart from its words.
    pub fn not_json(error: &serde_json::Error) -> FileError {
        FileError::NotJson { reason: json_reason(error), line: error.line(), column: error.column() }
    }

    /// The file called `name` (or the file of that name inside an archive) is not UTF-8 text.
    pub fn not_utf8(name: &str, error: &std::str::Utf8Error) -> FileError {
        FileError::NotUtf8 { name: name.to_owned(), first_bad_byte: error.valid_up_to() + 1 }
    }
}

/// The text of the file called `name`, or why it has none: every reader of a file a person
/// opens goes through here, so a file in another encoding is refused with one message rather
/// than read with its letters replaced (which would shift every offset after them).
pub fn utf8_text<'bytes>(name: &str, bytes: &'bytes [u8]) -> Result<&'bytes str, FileError> {
    std::str::from_utf8(bytes).map_err(|error| FileError::not_utf8(name, &error))
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
    /// The file is JSON but not a Hypothesis export or search results this app can read.
    #[error("This Hypothesis file cannot be read: {0}.")]
    NotHypothesis(String),
    /// The file is not CSV this app can read.
    #[error("This CSV file cannot be read: {0}.")]
    NotCsv(String),
    /// The file is not REFI-QDA this app can read.
    #[error("This REFI-QDA file cannot be read: {0}.")]
    NotRefi(String),
    /// The file is not UTF-8 text (an older spreadsheet's CSV, a file in a legacy encoding).
    #[error("\"{name}\" is not UTF-8 text (its byte {first_bad_byte} is the first that is not). Save it with the encoding UTF-8 and try again.")]
    NotUtf8 {
        /// The file's name (or the name of the file inside an archive).
        name: String,
        /// Where the first byte that is not UTF-8 lies, counted from 1.
        first_bad_byte: usize,
    },
    /// The file holds more annotations than the app takes at once.
    #[error("This file holds more than {limit} annotations, more than this app takes at once; split it and import the parts.")]
    TooManyAnnotations {
        /// The most the app takes.
        limit: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_utf8_text_is_read() {
        let check = |bytes: &[u8], expected: Result<&str, &str>| {
            let got = utf8_text("notes.csv", bytes).map_err(|error| error.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{bytes:?}");
        };
        check(b"start,end\n", Ok("start,end\n"));
        check("\u{feff}داعش 😀".as_bytes(), Ok("\u{feff}داعش 😀"));
        check(b"", Ok(""));
        // "café" in Windows-1252, as an older Excel saves a CSV.
        check(
            b"caf\xe9",
            Err("\"notes.csv\" is not UTF-8 text (its byte 4 is the first that is not). Save it with the encoding UTF-8 and try again."),
        );
        // A UTF-8 file cut in the middle of a character.
        check(&"😀".as_bytes()[..2], Err("\"notes.csv\" is not UTF-8 text (its byte 1 is the first that is not). Save it with the encoding UTF-8 and try again."));
    }
}
