//! Every change to a project is a [`Command`] applied here. Undo and redo, autosave, file merges
//! and live collaboration all see the same stream of [`Change`]s.

use crate::annotation::{Anchoring, Annotation};
use crate::coder::Coder;
use crate::document::Document;
use crate::ids::{AnnotationId, Stamp, ThemeId};
use crate::project::Project;
use crate::settings::Settings;
use crate::span::Span;
use crate::theme::{is_valid_colour, Theme};
use std::rc::Rc;
use thiserror::Error;

/// A change a person (or a peer) asks for: what, on which document, by whom and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The document it is made on (the one shown).
    pub document_id: String,
    /// Who makes it, and when.
    pub stamp: Stamp,
    /// What it does.
    pub operation: Operation,
}

/// What a command does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    /// Highlights a passage with some themes.
    CreateAnnotation {
        /// The new annotation's id.
        id: AnnotationId,
        /// The passage.
        span: Span,
        /// Its themes, in order.
        theme_ids: Vec<ThemeId>,
    },
    /// Moves an annotation to another passage (its quote and context follow).
    MoveAnnotation {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The new passage.
        span: Span,
    },
    /// Codes an annotation with one more theme.
    AddAnnotationTheme {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The theme to add.
        theme_id: ThemeId,
    },
    /// Takes a theme off an annotation.
    RemoveAnnotationTheme {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The theme to take off.
        theme_id: ThemeId,
    },
    /// Replaces an annotation's note.
    SetAnnotationNote {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The new note.
        note: String,
    },
    /// Deletes an annotation (it stays as a tombstone).
    DeleteAnnotation {
        /// The annotation.
        annotation_id: AnnotationId,
    },
    /// Adds a theme to the codebook, after the others.
    CreateTheme {
        /// The new theme's id.
        id: ThemeId,
        /// Its name, unique among live themes.
        name: String,
        /// Its colour, `#rrggbb`.
        colour: String,
        /// What it means.
        description: String,
    },
    /// Renames a theme.
    RenameTheme {
        /// The theme.
        theme_id: ThemeId,
        /// Its new name, unique among live themes.
        name: String,
    },
    /// Gives a theme another colour.
    RecolourTheme {
        /// The theme.
        theme_id: ThemeId,
        /// Its new colour, `#rrggbb`.
        colour: String,
    },
    /// Replaces a theme's description.
    DescribeTheme {
        /// The theme.
        theme_id: ThemeId,
        /// What it means.
        description: String,
    },
    /// Moves a theme to another place in the codebook.
    MoveTheme {
        /// The theme.
        theme_id: ThemeId,
        /// Its new index among the live themes (clamped to the last place).
        to_index: usize,
    },
    /// Puts a theme under another in the code hierarchy, or at the top level (`parent: None`).
    /// Refused when `parent` is the theme itself or lies below it.
    SetThemeParent {
        /// The theme.
        theme_id: ThemeId,
        /// The theme it goes under, `None` for the top level.
        parent: Option<ThemeId>,
    },
    /// Merges one theme into another: highlights coded `from` are coded `into`, and `from` is deleted.
    MergeThemes {
        /// The theme that goes away.
        from: ThemeId,
        /// The theme that stays.
        into: ThemeId,
    },
    /// Deletes a theme: highlights lose it, and it stays as a tombstone.
    DeleteTheme {
        /// The theme.
        theme_id: ThemeId,
    },
    /// Adds a document to the project (or replaces the one with its id).
    AddDocument(Rc<Document>),
    /// Writes the coder's name and colour into the project (the coder is the command's).
    SetCoder {
        /// Their name.
        name: String,
        /// Their colour.
        colour: String,
    },
    /// Turns blind coding on or off for the project.
    SetBlind(bool),
    /// Puts records back exactly as given: how undo, redo and merges write.
    Restore(Vec<Record>),
    /// Several operations as one change (one undo step): each sees what the ones before it did,
    /// and if one is refused none is applied.
    Batch(Vec<Operation>),
}

/// One record of a project, as a change sees it before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// An annotation, shared with the project that holds it (and with the history), so that a
    /// change holds what it wrote without a copy of it.
    Annotation(Rc<Annotation>),
    /// A theme (boxed, as a coder is, so that a record, and an edit of two, stays the size of a
    /// few pointers however many a merge writes).
    Theme(Box<Theme>),
    /// A coder.
    Coder(Box<Coder>),
    /// A document. Documents are never deleted: undoing their addition keeps them.
    Document(Rc<Document>),
    /// The project's settings.
    Settings(Settings),
}

/// Where a change came from: remote changes are applied but never sent out again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Made in this browser.
    Local,
    /// Received from a peer or merged from a file.
    Remote,
}

/// One record as it was and as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The record as it was, or `None` when the command created it.
    pub before: Option<Record>,
    /// The record as it is now.
    pub after: Record,
}

/// What a command did: every record it wrote, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The records written.
    pub edits: Vec<Edit>,
    /// Where the command came from.
    pub origin: Origin,
}

impl Change {
    /// Whether it wrote nothing.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
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
    /// The project has no document with this id.
    #[error("there is no document \"{0}\" in this project")]
    UnknownDocument(String),
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
    /// The highlight belongs to another document than the one shown.
    #[error("highlight {0} belongs to another document")]
    OtherDocument(AnnotationId),
    /// The theme would sit under itself.
    #[error("a theme cannot go under itself or under a theme below it")]
    ThemeCycle,
    /// A theme cannot be merged into itself.
    #[error("a theme cannot be merged into itself")]
    MergeIntoItself,
}

/// Applies `command` to `project`. Every record the command writes is worked out first, so on
/// error the project is left exactly as it was.
pub fn apply(project: &mut Project, command: Command, origin: Origin) -> Result<Change, CommandError> {
    let Command { document_id, stamp, operation } = command;
    let mut edits = Vec::new();
    match operation {
        Operation::Batch(operations) => {
            // Each step must see the steps before it, so they are applied in turn; a copy of the
            // project (its records are shared, so this copies pointers) is what a refusal puts back.
            let before = project.clone();
            for operation in operations {
                match write(project, &document_id, stamp, operation) {
                    Ok(written) => edits.extend(written),
                    Err(error) => {
                        *project = before;
                        return Err(error);
                    }
                }
            }
        }
        operation => edits = write(project, &document_id, stamp, operation)?,
    }
    Ok(Change { edits, origin })
}

fn write(
    project: &mut Project,
    document_id: &str,
    stamp: Stamp,
    operation: Operation,
) -> Result<Vec<Edit>, CommandError> {
    let records = match operation {
        Operation::Batch(operations) => {
            let mut edits = Vec::new();
            for operation in operations {
                edits.extend(write(project, document_id, stamp, operation)?);
            }
            return Ok(edits);
        }
        operation => records_to_write(project, document_id, stamp, operation)?,
    };
    Ok(records.into_iter().map(|after| Edit { before: put(project, after.clone()), after }).collect())
}

/// The document a command is made on.
fn document_of<'a>(project: &'a Project, document_id: &str) -> Result<&'a Rc<Document>, CommandError> {
    project.document(document_id).ok_or_else(|| CommandError::UnknownDocument(document_id.to_owned()))
}

/// The records an operation writes, as they will be after it.
fn records_to_write(
    project: &Project,
    document_id: &str,
    stamp: Stamp,
    operation: Operation,
) -> Result<Vec<Record>, CommandError> {
    let records = match operation {
        Operation::CreateAnnotation { id, span, theme_ids } => {
            let document = document_of(project, document_id)?;
            check_span(document, span)?;
            if project.annotation_record(id).is_some() {
                return Err(CommandError::DuplicateId(id.to_string()));
            }
            if let Some(unknown) = theme_ids.iter().find(|theme_id| project.theme(**theme_id).is_none()) {
                return Err(CommandError::UnknownTheme(*unknown));
            }
            let annotation = Annotation::new(id, document.id(), span, document.describe(span), &theme_ids, stamp);
            vec![Record::Annotation(Rc::new(annotation))]
        }
        Operation::MoveAnnotation { annotation_id, span } => {
            let document = document_of(project, document_id)?;
            check_span(document, span)?;
            if project.annotation(annotation_id).is_some_and(|annotation| annotation.document_id != document.id()) {
                return Err(CommandError::OtherDocument(annotation_id));
            }
            vec![edited_annotation(project, annotation_id, |annotation| {
                annotation.span = span;
                annotation.anchoring = Anchoring::Placed;
                annotation.quote = document.describe(span);
                annotation.stamps.passage = stamp.succeeding(annotation.stamps.passage);
            })?]
        }
        Operation::AddAnnotationTheme { annotation_id, theme_id } => {
            live_theme(project, theme_id)?;
            let annotation = live_annotation(project, annotation_id)?;
            if annotation.has_theme(theme_id) {
                return Ok(Vec::new());
            }
            vec![edited_annotation(project, annotation_id, |annotation| code(annotation, theme_id, true, stamp))?]
        }
        Operation::RemoveAnnotationTheme { annotation_id, theme_id } => {
            let annotation = live_annotation(project, annotation_id)?;
            if !annotation.has_theme(theme_id) {
                return Ok(Vec::new());
            }
            vec![edited_annotation(project, annotation_id, |annotation| code(annotation, theme_id, false, stamp))?]
        }
        Operation::SetAnnotationNote { annotation_id, note } => {
            vec![edited_annotation(project, annotation_id, |annotation| {
                annotation.note = note;
                annotation.stamps.note = stamp.succeeding(annotation.stamps.note);
            })?]
        }
        Operation::DeleteAnnotation { annotation_id } => {
            vec![edited_annotation(project, annotation_id, |annotation| {
                annotation.deleted = Some(stamp.at);
                // Later than every part of it, so the tombstone holds wherever it is merged.
                annotation.stamps.life = stamp.succeeding(annotation.modified());
            })?]
        }
        Operation::CreateTheme { id, name, colour, description } => {
            let name = checked_theme_name(project, &name, None)?;
            check_colour(&colour)?;
            if project.theme_record(id).is_some() {
                return Err(CommandError::DuplicateId(id.to_string()));
            }
            vec![Record::Theme(Box::new(Theme::new(id, &name, &colour, &description, project.next_rank(), stamp)))]
        }
        Operation::RenameTheme { theme_id, name } => {
            let name = checked_theme_name(project, &name, Some(theme_id))?;
            vec![edited_theme(project, theme_id, |theme| {
                theme.name = name;
                theme.stamps.name = stamp.succeeding(theme.stamps.name);
            })?]
        }
        Operation::RecolourTheme { theme_id, colour } => {
            check_colour(&colour)?;
            vec![edited_theme(project, theme_id, |theme| {
                theme.colour = colour;
                theme.stamps.colour = stamp.succeeding(theme.stamps.colour);
            })?]
        }
        Operation::DescribeTheme { theme_id, description } => {
            vec![edited_theme(project, theme_id, |theme| {
                theme.description = description;
                theme.stamps.description = stamp.succeeding(theme.stamps.description);
            })?]
        }
        Operation::MoveTheme { theme_id, to_index } => {
            live_theme(project, theme_id)?;
            let mut order: Vec<&Theme> = project.themes().filter(|theme| theme.id != theme_id).collect();
            order.insert(to_index.min(order.len()), live_theme(project, theme_id)?);
            // The live themes are ranked afresh in their new order; only those whose rank
            // changes are written. Tombstones keep theirs: they are not shown.
            order
                .into_iter()
                .zip(0..)
                .filter(|(theme, rank)| theme.rank != *rank)
                .map(|(theme, rank)| {
                    let mut theme = theme.clone();
                    theme.rank = rank;
                    theme.stamps.rank = stamp.succeeding(theme.stamps.rank);
                    Record::Theme(Box::new(theme))
                })
                .collect()
        }
        Operation::SetThemeParent { theme_id, parent } => {
            live_theme(project, theme_id)?;
            let hierarchy = crate::hierarchy::Hierarchy::of(project);
            if let Some(parent) = parent {
                live_theme(project, parent)?;
                if parent == theme_id || hierarchy.is_below(parent, theme_id) {
                    return Err(CommandError::ThemeCycle);
                }
            }
            // Compared with the tree as read (not the stored link), so that a move to where a
            // theme is shown writes nothing, and one out of an ignored link is written.
            if hierarchy.parent(theme_id) == parent && live_theme(project, theme_id)?.parent == parent {
                return Ok(Vec::new());
            }
            vec![edited_theme(project, theme_id, |theme| {
                theme.parent = parent;
                theme.stamps.parent = stamp.succeeding(theme.stamps.parent);
            })?]
        }
        Operation::MergeThemes { from, into } => {
            if from == into {
                return Err(CommandError::MergeIntoItself);
            }
            live_theme(project, into)?;
            let mut records = recoded_annotations(project, from, |annotation| {
                let place = annotation.codings.iter().position(|coding| coding.theme_id == from);
                code(annotation, from, false, stamp);
                if annotation.has_theme(into) {
                    return;
                }
                let new_coding = annotation.coding(into).is_none();
                code(annotation, into, true, stamp);
                // A theme new to the passage takes the place of the one merged into it.
                if let (true, Some(place), Some(added)) = (new_coding, place, annotation.codings.pop()) {
                    annotation.codings.insert(place, added);
                }
            });
            records.push(deleted_theme(project, from, stamp)?);
            records
        }
        Operation::DeleteTheme { theme_id } => {
            live_theme(project, theme_id)?;
            let mut records =
                recoded_annotations(project, theme_id, |annotation| code(annotation, theme_id, false, stamp));
            records.push(deleted_theme(project, theme_id, stamp)?);
            records
        }
        Operation::AddDocument(added) => vec![Record::Document(added)],
        Operation::SetCoder { name, colour } => {
            check_colour(&colour)?;
            let previous = project.coder(stamp.coder).map(|coder| coder.stamp).unwrap_or_default();
            vec![Record::Coder(Box::new(Coder {
                id: stamp.coder,
                name: name.trim().to_owned(),
                colour,
                stamp: stamp.succeeding(previous),
            }))]
        }
        Operation::SetBlind(blind) => {
            vec![Record::Settings(Settings { blind, stamp: stamp.succeeding(project.settings().stamp) })]
        }
        Operation::Restore(records) => records,
        Operation::Batch(_) => unreachable!("batches are unrolled by write"),
    };
    Ok(records)
}

/// Applies or takes off a theme, stamped after the coding it replaces.
fn code(annotation: &mut Annotation, theme_id: ThemeId, applied: bool, stamp: Stamp) {
    let previous = annotation.coding(theme_id).map(|coding| coding.stamp).unwrap_or_default();
    annotation.set_coding(theme_id, applied, stamp.succeeding(previous));
}

/// Writes one record and returns what it replaced.
fn put(project: &mut Project, record: Record) -> Option<Record> {
    match record {
        Record::Annotation(annotation) => project.put_annotation(annotation).map(Record::Annotation),
        Record::Theme(theme) => project.put_theme(*theme).map(|before| Record::Theme(Box::new(before))),
        Record::Coder(coder) => project.put_coder(*coder).map(|before| Record::Coder(Box::new(before))),
        Record::Document(document) => project.put_document(document).map(Record::Document),
        Record::Settings(settings) => Some(Record::Settings(project.put_settings(settings))),
    }
}

fn check_span(document: &Document, span: Span) -> Result<(), CommandError> {
    if span.is_empty() {
        return Err(CommandError::EmptySpan);
    }
    if span.end() > document.len() {
        return Err(CommandError::SpanOutsideDocument { start: span.start(), end: span.end(), length: document.len() });
    }
    Ok(())
}

fn check_colour(colour: &str) -> Result<(), CommandError> {
    if is_valid_colour(colour) {
        Ok(())
    } else {
        Err(CommandError::InvalidColour(colour.to_owned()))
    }
}

/// The trimmed name, if no other live theme (than `renaming`) has it.
fn checked_theme_name(project: &Project, name: &str, renaming: Option<ThemeId>) -> Result<String, CommandError> {
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(CommandError::EmptyThemeName);
    }
    if project.theme_named(&name, renaming).is_some() {
        return Err(CommandError::DuplicateThemeName(name));
    }
    Ok(name)
}

fn live_theme(project: &Project, theme_id: ThemeId) -> Result<&Theme, CommandError> {
    project.theme(theme_id).ok_or(CommandError::UnknownTheme(theme_id))
}

fn live_annotation(project: &Project, annotation_id: AnnotationId) -> Result<&Annotation, CommandError> {
    project.annotation(annotation_id).ok_or(CommandError::UnknownAnnotation(annotation_id))
}

/// A copy of a live annotation, edited (the edit stamps what it writes).
fn edited_annotation(
    project: &Project,
    annotation_id: AnnotationId,
    edit: impl FnOnce(&mut Annotation),
) -> Result<Record, CommandError> {
    let mut annotation = live_annotation(project, annotation_id)?.clone();
    edit(&mut annotation);
    Ok(Record::Annotation(Rc::new(annotation)))
}

/// A copy of a live theme, edited (the edit stamps what it writes).
fn edited_theme(project: &Project, theme_id: ThemeId, edit: impl FnOnce(&mut Theme)) -> Result<Record, CommandError> {
    let mut theme = live_theme(project, theme_id)?.clone();
    edit(&mut theme);
    Ok(Record::Theme(Box::new(theme)))
}

/// A live theme, deleted by `stamp`.
fn deleted_theme(project: &Project, theme_id: ThemeId, stamp: Stamp) -> Result<Record, CommandError> {
    edited_theme(project, theme_id, |theme| {
        theme.deleted = Some(stamp.at);
        theme.stamps.life = stamp.succeeding(theme.modified());
    })
}

/// Copies of the live annotations coded `theme_id`, recoded.
fn recoded_annotations(project: &Project, theme_id: ThemeId, recode: impl Fn(&mut Annotation)) -> Vec<Record> {
    project
        .annotations()
        .filter(|annotation| annotation.has_theme(theme_id))
        .map(|annotation| {
            let mut annotation = annotation.clone();
            recode(&mut annotation);
            Record::Annotation(Rc::new(annotation))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ids::{CoderId, Timestamp};
    use crate::theme::starter_codebook;
    use uuid::Uuid;

    pub(crate) const TEXT: &str = "Alpha beta gamma.\n\nDelta epsilon 😀 zeta.";

    pub(crate) fn fixture() -> (Document, Project) {
        let document = Document::from_markdown("doc", "Doc", TEXT);
        let project = Project::new(&document, starter_codebook(stamp(0)));
        (document, project)
    }

    /// The coder of these tests.
    pub(crate) fn tester() -> CoderId {
        CoderId(Uuid::from_u128(0x7e57))
    }

    /// The tester at a time.
    pub(crate) fn stamp(at: i64) -> Stamp {
        Stamp::new(Timestamp(at), tester())
    }

    /// An operation on the fixture's document by the tester at a time.
    pub(crate) fn command(operation: Operation, at: i64) -> Command {
        Command { document_id: "doc".into(), stamp: stamp(at), operation }
    }

    pub(crate) fn annotation_id(n: u128) -> AnnotationId {
        AnnotationId(Uuid::from_u128(n))
    }

    pub(crate) fn theme(project: &Project, index: usize) -> ThemeId {
        project.themes().nth(index).unwrap().id
    }

    pub(crate) fn create(n: u128, start: usize, end: usize, theme_ids: Vec<ThemeId>) -> Command {
        let span = Span::new(start, end).unwrap();
        command(Operation::CreateAnnotation { id: annotation_id(n), span, theme_ids }, n as i64)
    }

    #[test]
    fn create_annotation_records_quote_context_and_themes() {
        let (_, mut project) = fixture();
        let military = theme(&project, 0);
        let change = apply(&mut project, create(1, 6, 10, vec![military, military]), Origin::Local).unwrap();
        assert_eq!(change.edits.len(), 1);
        assert_eq!(change.edits[0].before, None);
        assert_eq!(change.origin, Origin::Local);
        let annotation = project.annotation(annotation_id(1)).unwrap();
        assert_eq!(annotation.quote.exact, "beta");
        assert_eq!(annotation.quote.prefix, "Alpha ");
        assert_eq!(annotation.quote.suffix, " gamma.\n\nDelta epsilon 😀 zeta.");
        assert_eq!(annotation.theme_ids().collect::<Vec<_>>(), vec![military]);
        assert_eq!((annotation.created, annotation.modified()), (Timestamp(1), stamp(1)));
        assert_eq!(
            (annotation.coder, annotation.codings[0].stamp),
            (tester(), stamp(1)),
            "coder of highlight and coding"
        );
    }

    #[test]
    fn commands_are_refused_with_the_project_unchanged() {
        let (_, project) = fixture();
        let military = theme(&project, 0);
        let missing_theme = ThemeId(Uuid::from_u128(999));
        let mut with_one = project.clone();
        apply(&mut with_one, create(1, 0, 5, vec![]), Origin::Local).unwrap();
        let check = |start: &Project, command: Command, expected: CommandError| {
            let mut project = start.clone();
            assert_eq!(apply(&mut project, command.clone(), Origin::Local), Err(expected), "{command:?}");
            assert_eq!(&project, start, "{command:?} left the project unchanged");
        };
        check(&project, create(2, 3, 3, vec![]), CommandError::EmptySpan);
        check(&project, create(2, 3, 99, vec![]), CommandError::SpanOutsideDocument { start: 3, end: 99, length: 40 });
        check(&project, create(2, 0, 3, vec![missing_theme]), CommandError::UnknownTheme(missing_theme));
        check(&with_one, create(1, 0, 3, vec![]), CommandError::DuplicateId(annotation_id(1).to_string()));
        let elsewhere = Command { document_id: "nowhere".into(), ..create(2, 0, 3, vec![]) };
        check(&project, elsewhere, CommandError::UnknownDocument("nowhere".into()));
        let add = |annotation: u128, theme_id| {
            command(Operation::AddAnnotationTheme { annotation_id: annotation_id(annotation), theme_id }, 9)
        };
        check(&with_one, add(7, military), CommandError::UnknownAnnotation(annotation_id(7)));
        check(&with_one, add(1, missing_theme), CommandError::UnknownTheme(missing_theme));
        let new_theme = |name: &str, colour: &str| {
            let id = ThemeId(Uuid::from_u128(500));
            command(
                Operation::CreateTheme { id, name: name.into(), colour: colour.into(), description: String::new() },
                3,
            )
        };
        check(&project, new_theme("  ", "#000000"), CommandError::EmptyThemeName);
        check(&project, new_theme("iraq", "#000000"), CommandError::DuplicateThemeName("iraq".into()));
        check(&project, new_theme("Energy", "red"), CommandError::InvalidColour("red".into()));
        // A batch refused at its second step leaves nothing of its first.
        let batch = command(
            Operation::Batch(vec![
                Operation::CreateTheme {
                    id: ThemeId(Uuid::from_u128(501)),
                    name: "Energy".into(),
                    colour: "#000000".into(),
                    description: String::new(),
                },
                Operation::CreateAnnotation { id: annotation_id(3), span: Span::between(4, 4), theme_ids: vec![] },
            ]),
            4,
        );
        check(&project, batch, CommandError::EmptySpan);
    }

    #[test]
    fn a_batch_is_one_change_whose_steps_see_each_other() {
        let (_, mut project) = fixture();
        let energy = ThemeId(Uuid::from_u128(501));
        let batch = command(
            Operation::Batch(vec![
                Operation::CreateTheme {
                    id: energy,
                    name: "Energy".into(),
                    colour: "#000000".into(),
                    description: "".into(),
                },
                Operation::CreateAnnotation {
                    id: annotation_id(3),
                    span: Span::between(0, 5),
                    theme_ids: vec![energy],
                },
            ]),
            4,
        );
        let change = apply(&mut project, batch, Origin::Local).unwrap();
        assert_eq!(change.edits.len(), 2);
        assert!(project.annotation(annotation_id(3)).unwrap().has_theme(energy));
        assert_eq!(project.themes().last().unwrap().name, "Energy", "a new theme goes last");
    }

    /// What must hold of the annotation after a step.
    type Expectation = Box<dyn Fn(&Annotation) -> bool>;

    #[test]
    fn edits_change_one_annotation_and_stamp_the_part_they_write() {
        let (_, mut project) = fixture();
        let (first, second) = (theme(&project, 0), theme(&project, 1));
        apply(&mut project, create(1, 0, 5, vec![first]), Origin::Local).unwrap();
        let id = annotation_id(1);
        let steps: Vec<(Operation, i64, Expectation)> = vec![
            (
                Operation::AddAnnotationTheme { annotation_id: id, theme_id: second },
                10,
                Box::new(move |a| {
                    a.theme_ids().collect::<Vec<_>>() == vec![first, second]
                        && a.coding(second).unwrap().stamp == stamp(10)
                }),
            ),
            (
                Operation::RemoveAnnotationTheme { annotation_id: id, theme_id: first },
                12,
                Box::new(move |a| {
                    a.theme_ids().collect::<Vec<_>>() == vec![second] && !a.coding(first).unwrap().applied
                }),
            ),
            (
                Operation::SetAnnotationNote { annotation_id: id, note: "why".into() },
                13,
                Box::new(|a| a.note == "why" && a.stamps.note == stamp(13) && a.stamps.passage == stamp(1)),
            ),
            (
                Operation::MoveAnnotation { annotation_id: id, span: Span::between(6, 10) },
                14,
                Box::new(|a| a.quote.exact == "beta" && a.stamps.passage == stamp(14)),
            ),
            (
                Operation::DeleteAnnotation { annotation_id: id },
                15,
                Box::new(|a| a.deleted == Some(Timestamp(15)) && !a.is_live()),
            ),
        ];
        for (operation, at, holds) in steps {
            let change = apply(&mut project, command(operation.clone(), at), Origin::Remote).unwrap();
            assert_eq!(change.origin, Origin::Remote);
            let [Edit { after: Record::Annotation(after), .. }] = &change.edits[..] else {
                panic!("one annotation edit")
            };
            assert!(holds(after), "{operation:?} gave {after:?}");
            assert_eq!(after.modified(), stamp(at));
        }
        assert_eq!(project.annotations().count(), 0);
        assert_eq!(project.all_annotations().len(), 1, "deletion leaves a tombstone");
    }

    #[test]
    fn adding_a_theme_already_there_or_removing_one_not_there_writes_nothing() {
        let (_, mut project) = fixture();
        let (first, second) = (theme(&project, 0), theme(&project, 1));
        apply(&mut project, create(1, 0, 5, vec![first]), Origin::Local).unwrap();
        let id = annotation_id(1);
        for operation in [
            Operation::AddAnnotationTheme { annotation_id: id, theme_id: first },
            Operation::RemoveAnnotationTheme { annotation_id: id, theme_id: second },
        ] {
            assert!(apply(&mut project, command(operation, 5), Origin::Local).unwrap().is_empty());
        }
    }

    #[test]
    fn a_write_is_stamped_after_the_one_it_replaces_even_with_a_clock_behind() {
        let (_, mut project) = fixture();
        apply(&mut project, create(1, 0, 5, vec![]), Origin::Local).unwrap();
        let id = annotation_id(1);
        let note = |text: &str, at| command(Operation::SetAnnotationNote { annotation_id: id, note: text.into() }, at);
        apply(&mut project, note("first", 100), Origin::Local).unwrap();
        apply(&mut project, note("second", 50), Origin::Local).unwrap();
        assert_eq!(project.annotation(id).unwrap().stamps.note, stamp(101));
    }

    /// The live codebook as names, and each live annotation's theme names.
    fn codebook_and_tags(project: &Project) -> (Vec<String>, Vec<Vec<String>>) {
        let names = project.themes().map(|theme| theme.name.clone()).collect();
        let tags = project
            .annotations()
            .map(|annotation| {
                annotation.theme_ids().map(|id| project.theme(id).map_or("?".into(), |t| t.name.clone())).collect()
            })
            .collect();
        (names, tags)
    }

    #[test]
    fn codebook_edits_and_their_undo() {
        let (_, start) = fixture();
        let [military, stabilization, counter, financing] = [0, 1, 2, 3].map(|index| theme(&start, index));
        let mut tagged = start.clone();
        for command in [
            create(1, 0, 5, vec![military, financing]),
            create(2, 6, 10, vec![financing]),
            create(3, 11, 16, vec![military, counter]),
        ] {
            apply(&mut tagged, command, Origin::Local).unwrap();
        }
        // (operation, the first theme names after it, the annotations' theme names after it)
        let check = |operation: Operation, names: &[&str], tags: &[&[&str]]| {
            let mut project = tagged.clone();
            let mut history = crate::history::History::default();
            let change = apply(&mut project, command(operation.clone(), 77), Origin::Local).unwrap();
            history.record(change);
            let (got_names, got_tags) = codebook_and_tags(&project);
            assert_eq!(got_names[..names.len()].to_vec(), names, "{operation:?}");
            let tags: Vec<Vec<String>> = tags.iter().map(|t| t.iter().map(|n| n.to_string()).collect()).collect();
            assert_eq!(got_tags, tags, "{operation:?}");
            history.undo(&mut project, stamp(78)).unwrap().unwrap();
            assert_eq!(codebook_and_tags(&project), codebook_and_tags(&tagged), "undo of {operation:?}");
        };
        let four = ["Military action", "Stabilization and recovery", "Counter-messaging and propaganda", "Financing"];
        let unchanged_tags: &[&[&str]] = &[
            &["Military action", "Financing"],
            &["Financing"],
            &["Military action", "Counter-messaging and propaganda"],
        ];
        check(
            Operation::RenameTheme { theme_id: financing, name: " Money ".into() },
            &["Military action", "Stabilization and recovery", "Counter-messaging and propaganda", "Money"],
            &[&["Military action", "Money"], &["Money"], &["Military action", "Counter-messaging and propaganda"]],
        );
        check(
            Operation::MoveTheme { theme_id: financing, to_index: 0 },
            &["Financing", "Military action", "Stabilization and recovery", "Counter-messaging and propaganda"],
            unchanged_tags,
        );
        check(
            Operation::MoveTheme { theme_id: military, to_index: 99 },
            &["Stabilization and recovery", "Counter-messaging and propaganda", "Financing"],
            unchanged_tags,
        );
        check(
            Operation::MergeThemes { from: military, into: financing },
            &["Stabilization and recovery", "Counter-messaging and propaganda", "Financing"],
            &[&["Financing"], &["Financing"], &["Financing", "Counter-messaging and propaganda"]],
        );
        check(
            Operation::MergeThemes { from: military, into: stabilization },
            &["Stabilization and recovery", "Counter-messaging and propaganda", "Financing"],
            &[
                &["Stabilization and recovery", "Financing"],
                &["Financing"],
                &["Stabilization and recovery", "Counter-messaging and propaganda"],
            ],
        );
        check(
            Operation::DeleteTheme { theme_id: financing },
            &["Military action", "Stabilization and recovery", "Counter-messaging and propaganda"],
            &[&["Military action"], &[], &["Military action", "Counter-messaging and propaganda"]],
        );
        check(Operation::RecolourTheme { theme_id: counter, colour: "#000000".into() }, &four, unchanged_tags);
        check(Operation::DescribeTheme { theme_id: counter, description: "x".into() }, &four, unchanged_tags);
    }

    #[test]
    fn codebook_edits_that_are_refused() {
        let (_, project) = fixture();
        let [military, financing] = [0, 3].map(|index| theme(&project, index));
        let gone = ThemeId(Uuid::from_u128(4242));
        let check = |operation: Operation, expected: CommandError| {
            let mut copy = project.clone();
            assert_eq!(apply(&mut copy, command(operation.clone(), 1), Origin::Local), Err(expected), "{operation:?}");
            assert_eq!(copy, project);
        };
        check(
            Operation::RenameTheme { theme_id: military, name: "FINANCING".into() },
            CommandError::DuplicateThemeName("FINANCING".into()),
        );
        check(Operation::RenameTheme { theme_id: military, name: "".into() }, CommandError::EmptyThemeName);
        check(Operation::RenameTheme { theme_id: gone, name: "New".into() }, CommandError::UnknownTheme(gone));
        check(
            Operation::RecolourTheme { theme_id: military, colour: "#12".into() },
            CommandError::InvalidColour("#12".into()),
        );
        check(Operation::MergeThemes { from: military, into: military }, CommandError::MergeIntoItself);
        check(Operation::MergeThemes { from: military, into: gone }, CommandError::UnknownTheme(gone));
        check(Operation::MergeThemes { from: gone, into: financing }, CommandError::UnknownTheme(gone));
        check(Operation::DeleteTheme { theme_id: gone }, CommandError::UnknownTheme(gone));
        check(Operation::MoveTheme { theme_id: gone, to_index: 0 }, CommandError::UnknownTheme(gone));
        check(
            Operation::SetCoder { name: "Me".into(), colour: "blue".into() },
            CommandError::InvalidColour("blue".into()),
        );
        // Renaming a theme to its own name in another case is allowed.
        let mut copy = project.clone();
        let rename = Operation::RenameTheme { theme_id: military, name: "MILITARY ACTION".into() };
        apply(&mut copy, command(rename, 1), Origin::Local).unwrap();
    }

    #[test]
    fn moving_an_annotation_takes_its_quote_along() {
        let (_, mut project) = fixture();
        apply(&mut project, create(1, 0, 5, vec![]), Origin::Local).unwrap();
        let id = annotation_id(1);
        let check = |project: &mut Project, start: usize, end: usize, expected: Result<&str, CommandError>| {
            let operation = Operation::MoveAnnotation { annotation_id: id, span: Span::between(start, end) };
            let result = apply(project, command(operation, 9), Origin::Local)
                .map(|_| project.annotation(id).unwrap().quote.exact.clone());
            assert_eq!(result, expected.map(str::to_owned), "move to {start}..{end}");
        };
        check(&mut project, 19, 24, Ok("Delta"));
        check(&mut project, 33, 36, Ok("😀 z"));
        check(&mut project, 3, 3, Err(CommandError::EmptySpan));
        check(&mut project, 30, 41, Err(CommandError::SpanOutsideDocument { start: 30, end: 41, length: 40 }));
        assert_eq!(
            project.annotation(id).unwrap().quote.prefix,
            "lpha beta gamma.\n\nDelta epsilon ",
            "32 code points of context"
        );
    }

    #[test]
    fn a_coder_writes_their_name_and_colour() {
        let (_, mut project) = fixture();
        let set = |name: &str| command(Operation::SetCoder { name: name.into(), colour: "#1f77b4".into() }, 3);
        apply(&mut project, set(" Amira "), Origin::Local).unwrap();
        apply(&mut project, set("Amira K."), Origin::Local).unwrap();
        assert_eq!(project.coders().len(), 1);
        assert_eq!(project.coder(tester()).unwrap().name, "Amira K.");
        assert_eq!(project.coder(tester()).unwrap().stamp, stamp(4), "after the write it replaced");
    }
}
