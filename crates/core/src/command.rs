//! Every change to a project is a [`Command`] applied here. Undo and redo, autosave, file merges
//! and live collaboration all see the same stream of [`Change`]s.

use crate::anchoring::describe;
use crate::annotation::Annotation;
use crate::document::Document;
use crate::ids::{AnnotationId, ThemeId, Timestamp};
use crate::project::Project;
use crate::span::Span;
use crate::theme::{is_valid_colour, Theme};
use thiserror::Error;

/// A change a person (or a peer) asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Highlights a passage with some themes.
    CreateAnnotation {
        /// The new annotation's id.
        id: AnnotationId,
        /// The passage.
        span: Span,
        /// Its themes, in order.
        theme_ids: Vec<ThemeId>,
        /// Who makes it.
        creator: String,
        /// When.
        at: Timestamp,
    },
    /// Tags an annotation with one more theme.
    AddAnnotationTheme {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The theme to add.
        theme_id: ThemeId,
        /// When.
        at: Timestamp,
    },
    /// Takes a theme off an annotation.
    RemoveAnnotationTheme {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The theme to take off.
        theme_id: ThemeId,
        /// When.
        at: Timestamp,
    },
    /// Replaces an annotation's note.
    SetAnnotationNote {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The new note.
        note: String,
        /// When.
        at: Timestamp,
    },
    /// Deletes an annotation (it stays as a tombstone).
    DeleteAnnotation {
        /// The annotation.
        annotation_id: AnnotationId,
        /// When.
        at: Timestamp,
    },
    /// Adds a theme to the codebook.
    CreateTheme {
        /// The new theme's id.
        id: ThemeId,
        /// Its name, unique among live themes.
        name: String,
        /// Its colour, `#rrggbb`.
        colour: String,
        /// What it means.
        description: String,
        /// Who makes it.
        creator: String,
        /// When.
        at: Timestamp,
    },
    /// Puts a record back exactly as given: how undo, redo and merges write.
    Restore(Record),
}

/// One record of a project, as a change sees it before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// An annotation.
    Annotation(Annotation),
    /// A theme.
    Theme(Theme),
}

/// Where a change came from: remote changes are applied but never sent out again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Made in this browser.
    Local,
    /// Received from a peer or merged from a file.
    Remote,
}

/// What a command did: the record before (none when it was created) and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The record as it was, or `None` when the command created it.
    pub before: Option<Record>,
    /// The record as it is now.
    pub after: Record,
    /// Where the command came from.
    pub origin: Origin,
}

/// Why a command was refused; the project is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CommandError {
    /// The passage is empty.
    #[error("select some text first: the passage is empty")]
    EmptySpan,
    /// The passage lies past the end of the document.
    #[error("the passage {start}..{end} lies outside the document ({length} characters)")]
    SpanOutsideDocument {
        /// Where it starts.
        start: usize,
        /// Where it ends.
        end: usize,
        /// The document's length.
        length: usize,
    },
    /// No live annotation has this id.
    #[error("there is no highlight {0}")]
    UnknownAnnotation(AnnotationId),
    /// No live theme has this id.
    #[error("there is no theme {0}")]
    UnknownTheme(ThemeId),
    /// A record with this id exists already.
    #[error("the id {0} is taken already")]
    DuplicateId(String),
    /// The theme name is blank.
    #[error("a theme needs a name")]
    EmptyThemeName,
    /// Another live theme has this name.
    #[error("there is a theme called \"{0}\" already")]
    DuplicateThemeName(String),
    /// The colour is not `#rrggbb`.
    #[error("\"{0}\" is not a colour of the form #rrggbb")]
    InvalidColour(String),
}

/// Applies `command` to `project`, whose annotations lie in `document`'s text. On error the
/// project is left exactly as it was.
pub fn apply(
    project: &mut Project,
    document: &Document,
    command: Command,
    origin: Origin,
) -> Result<Change, CommandError> {
    let (before, after) = match command {
        Command::CreateAnnotation { id, span, theme_ids, creator, at } => {
            if span.is_empty() {
                return Err(CommandError::EmptySpan);
            }
            if span.end() > document.len() {
                return Err(CommandError::SpanOutsideDocument {
                    start: span.start(),
                    end: span.end(),
                    length: document.len(),
                });
            }
            if project.annotation_record(id).is_some() {
                return Err(CommandError::DuplicateId(id.to_string()));
            }
            if let Some(unknown) = theme_ids.iter().find(|theme_id| project.theme(**theme_id).is_none()) {
                return Err(CommandError::UnknownTheme(*unknown));
            }
            let mut unique_theme_ids = Vec::with_capacity(theme_ids.len());
            for theme_id in theme_ids {
                if !unique_theme_ids.contains(&theme_id) {
                    unique_theme_ids.push(theme_id);
                }
            }
            let annotation = Annotation {
                id,
                span,
                quote: describe(document.text(), span),
                theme_ids: unique_theme_ids,
                note: String::new(),
                creator,
                created: at,
                modified: at,
                deleted: None,
            };
            (None, Record::Annotation(annotation))
        }
        Command::AddAnnotationTheme { annotation_id, theme_id, at } => {
            if project.theme(theme_id).is_none() {
                return Err(CommandError::UnknownTheme(theme_id));
            }
            edit_annotation(project, annotation_id, at, |annotation| {
                if !annotation.theme_ids.contains(&theme_id) {
                    annotation.theme_ids.push(theme_id);
                }
            })?
        }
        Command::RemoveAnnotationTheme { annotation_id, theme_id, at } => {
            edit_annotation(project, annotation_id, at, |annotation| annotation.theme_ids.retain(|id| *id != theme_id))?
        }
        Command::SetAnnotationNote { annotation_id, note, at } => {
            edit_annotation(project, annotation_id, at, |annotation| annotation.note = note)?
        }
        Command::DeleteAnnotation { annotation_id, at } => {
            edit_annotation(project, annotation_id, at, |annotation| annotation.deleted = Some(at))?
        }
        Command::CreateTheme { id, name, colour, description, creator, at } => {
            let name = name.trim().to_owned();
            if name.is_empty() {
                return Err(CommandError::EmptyThemeName);
            }
            if project.themes().any(|theme| theme.name.to_lowercase() == name.to_lowercase()) {
                return Err(CommandError::DuplicateThemeName(name));
            }
            if !is_valid_colour(&colour) {
                return Err(CommandError::InvalidColour(colour));
            }
            if project.theme_record(id).is_some() {
                return Err(CommandError::DuplicateId(id.to_string()));
            }
            let theme = Theme { id, name, colour, description, creator, created: at, modified: at, deleted: None };
            (None, Record::Theme(theme))
        }
        Command::Restore(record) => (current_record(project, &record), record),
    };
    let replaced = match after.clone() {
        Record::Annotation(annotation) => project.put_annotation(annotation).map(Record::Annotation),
        Record::Theme(theme) => project.put_theme(theme).map(Record::Theme),
    };
    debug_assert_eq!(replaced, before);
    Ok(Change { before, after, origin })
}

fn current_record(project: &Project, record: &Record) -> Option<Record> {
    match record {
        Record::Annotation(annotation) => project.annotation_record(annotation.id).cloned().map(Record::Annotation),
        Record::Theme(theme) => project.theme_record(theme.id).cloned().map(Record::Theme),
    }
}

/// Edits a copy of a live annotation; the caller puts the copy in.
fn edit_annotation(
    project: &Project,
    annotation_id: AnnotationId,
    at: Timestamp,
    edit: impl FnOnce(&mut Annotation),
) -> Result<(Option<Record>, Record), CommandError> {
    let before = project.annotation(annotation_id).ok_or(CommandError::UnknownAnnotation(annotation_id))?;
    let mut after = before.clone();
    edit(&mut after);
    after.modified = at;
    Ok((Some(Record::Annotation(before.clone())), Record::Annotation(after)))
}

impl Record {
    /// The same record, deleted at `at`: what undoing its creation leaves.
    pub fn tombstoned(&self, at: Timestamp) -> Record {
        match self.clone() {
            Record::Annotation(mut annotation) => {
                annotation.deleted = Some(at);
                annotation.modified = at;
                Record::Annotation(annotation)
            }
            Record::Theme(mut theme) => {
                theme.deleted = Some(at);
                theme.modified = at;
                Record::Theme(theme)
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::theme::starter_codebook;
    use uuid::Uuid;

    pub(crate) const TEXT: &str = "Alpha beta gamma.\n\nDelta epsilon 😀 zeta.";

    pub(crate) fn fixture() -> (Document, Project) {
        let document = Document::from_markdown("doc", "Doc", TEXT);
        let project = Project::new(&document, starter_codebook("tester", Timestamp(0)));
        (document, project)
    }

    pub(crate) fn annotation_id(n: u128) -> AnnotationId {
        AnnotationId(Uuid::from_u128(n))
    }

    pub(crate) fn theme(project: &Project, index: usize) -> ThemeId {
        project.themes().nth(index).unwrap().id
    }

    pub(crate) fn create(n: u128, start: usize, end: usize, theme_ids: Vec<ThemeId>) -> Command {
        Command::CreateAnnotation {
            id: annotation_id(n),
            span: Span::new(start, end).unwrap(),
            theme_ids,
            creator: "tester".into(),
            at: Timestamp(n as i64),
        }
    }

    #[test]
    fn create_annotation_records_quote_context_and_themes() {
        let (document, mut project) = fixture();
        let military = theme(&project, 0);
        let change = apply(&mut project, &document, create(1, 6, 10, vec![military, military]), Origin::Local).unwrap();
        assert_eq!(change.before, None);
        assert_eq!(change.origin, Origin::Local);
        let annotation = project.annotation(annotation_id(1)).unwrap();
        assert_eq!(annotation.quote.exact, "beta");
        assert_eq!(annotation.quote.prefix, "Alpha ");
        assert_eq!(annotation.quote.suffix, " gamma.\n\nDelta epsilon 😀 zeta.");
        assert_eq!(annotation.theme_ids, vec![military]);
        assert_eq!((annotation.created, annotation.modified), (Timestamp(1), Timestamp(1)));
    }

    #[test]
    fn commands_are_refused_with_the_project_unchanged() {
        let (document, project) = fixture();
        let military = theme(&project, 0);
        let missing_theme = ThemeId(Uuid::from_u128(999));
        let mut with_one = project.clone();
        apply(&mut with_one, &document, create(1, 0, 5, vec![]), Origin::Local).unwrap();
        let check = |start: &Project, command: Command, expected: CommandError| {
            let mut project = start.clone();
            assert_eq!(apply(&mut project, &document, command.clone(), Origin::Local), Err(expected), "{command:?}");
            assert_eq!(&project, start, "{command:?} left the project unchanged");
        };
        check(&project, create(2, 3, 3, vec![]), CommandError::EmptySpan);
        check(&project, create(2, 3, 99, vec![]), CommandError::SpanOutsideDocument { start: 3, end: 99, length: 40 });
        check(&project, create(2, 0, 3, vec![missing_theme]), CommandError::UnknownTheme(missing_theme));
        check(&with_one, create(1, 0, 3, vec![]), CommandError::DuplicateId(annotation_id(1).to_string()));
        let add = Command::AddAnnotationTheme { annotation_id: annotation_id(7), theme_id: military, at: Timestamp(9) };
        check(&with_one, add, CommandError::UnknownAnnotation(annotation_id(7)));
        let add =
            Command::AddAnnotationTheme { annotation_id: annotation_id(1), theme_id: missing_theme, at: Timestamp(9) };
        check(&with_one, add, CommandError::UnknownTheme(missing_theme));
        let new_theme = |name: &str, colour: &str| Command::CreateTheme {
            id: ThemeId(Uuid::from_u128(500)),
            name: name.into(),
            colour: colour.into(),
            description: String::new(),
            creator: "tester".into(),
            at: Timestamp(3),
        };
        check(&project, new_theme("  ", "#000000"), CommandError::EmptyThemeName);
        check(&project, new_theme("iraq", "#000000"), CommandError::DuplicateThemeName("iraq".into()));
        check(&project, new_theme("Energy", "red"), CommandError::InvalidColour("red".into()));
    }

    /// What must hold of the annotation after a step.
    type Expectation = Box<dyn Fn(&Annotation) -> bool>;

    #[test]
    fn edits_change_one_annotation_and_its_modified_time() {
        let (document, mut project) = fixture();
        let (first, second) = (theme(&project, 0), theme(&project, 1));
        apply(&mut project, &document, create(1, 0, 5, vec![first]), Origin::Local).unwrap();
        let id = annotation_id(1);
        let steps: Vec<(Command, Expectation)> = vec![
            (
                Command::AddAnnotationTheme { annotation_id: id, theme_id: second, at: Timestamp(10) },
                Box::new(move |a| a.theme_ids == vec![first, second]),
            ),
            (
                Command::AddAnnotationTheme { annotation_id: id, theme_id: second, at: Timestamp(11) },
                Box::new(move |a| a.theme_ids == vec![first, second]),
            ),
            (
                Command::RemoveAnnotationTheme { annotation_id: id, theme_id: first, at: Timestamp(12) },
                Box::new(move |a| a.theme_ids == vec![second]),
            ),
            (
                Command::SetAnnotationNote { annotation_id: id, note: "why".into(), at: Timestamp(13) },
                Box::new(|a| a.note == "why"),
            ),
            (
                Command::DeleteAnnotation { annotation_id: id, at: Timestamp(14) },
                Box::new(|a| a.deleted == Some(Timestamp(14))),
            ),
        ];
        for (command, holds) in steps {
            let at = match &command {
                Command::AddAnnotationTheme { at, .. }
                | Command::RemoveAnnotationTheme { at, .. }
                | Command::SetAnnotationNote { at, .. }
                | Command::DeleteAnnotation { at, .. } => *at,
                _ => unreachable!(),
            };
            let change = apply(&mut project, &document, command.clone(), Origin::Remote).unwrap();
            assert_eq!(change.origin, Origin::Remote);
            let Record::Annotation(after) = change.after else { panic!("an annotation change") };
            assert!(holds(&after), "{command:?} gave {after:?}");
            assert_eq!(after.modified, at);
        }
        assert_eq!(project.annotations().count(), 0);
        assert_eq!(project.all_annotations().len(), 1, "deletion leaves a tombstone");
    }
}
