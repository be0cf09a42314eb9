//! The pure model of the communiqué annotator: a document and its plain text, spans over that
//! text, coders, themes, annotations, the commands that change them (with undo), and the one merge
//! of two copies of a project.
//!
//! Nothing here touches a browser, so everything is tested natively with `cargo test`.
//! Every offset in this crate counts Unicode scalar values (code points) of the document's plain
//! text, the unit of the W3C Web Annotation model; conversion to the DOM's UTF-16 code units lives
//! in [`text_units`] and is called only by the browser shell.
#![deny(missing_docs)]

pub mod anchoring;
pub mod annotation;
pub mod coder;
pub mod command;
pub mod cooccurrence;
pub mod document;
pub mod fuzzy;
pub mod hierarchy;
pub mod history;
pub mod ids;
pub mod in_vivo;
pub mod layers;
pub mod listing;
#[cfg(feature = "markdown")]
mod markdown;
pub mod merge;
pub mod opening;
pub mod overview;
pub mod project;
pub mod search;
pub mod segments;
mod sentences;
pub mod settings;
pub mod source_address;
pub mod span;
pub mod text_units;
pub mod theme;
pub mod typography;

pub use annotation::{Anchoring, Annotation, AnnotationStamps, Coding, TextQuote};
pub use coder::Coder;
pub use command::{apply, Change, Command, CommandError, Edit, Operation, Origin, Record};
pub use document::{Block, BlockKind, Document, InlineMarks, Run, RunKind};
pub use history::History;
pub use ids::{AnnotationId, CoderId, Stamp, ThemeId, Timestamp};
pub use merge::{merge, merge_all, MergeReport, Merged};
pub use project::Project;
pub use segments::{segment, Segment};
pub use span::{Span, SpanError};
pub use theme::{Theme, ThemeStamps};
