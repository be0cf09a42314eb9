//! Every change to a project is a [`Command`] applied here. Undo and redo, autosave, file merges
//! and live collaboration all see the same stream of [`Change`]s.

use crate::annotation::{Anchoring, Annotation};
use crate::document::Document;
use crate::ids::{AnnotationId, ThemeId, Timestamp};
use crate::project::Project;
use crate::span::Span;
use crate::theme::{is_valid_colour, Theme};
use std::rc::Rc;
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
    /// Moves an annotation to another passage (its quote and context follow).
    MoveAnnotation {
        /// The annotation.
        annotation_id: AnnotationId,
        /// The new passage.
        span: Span,
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
    /// Renames a theme.
    RenameTheme {
        /// The theme.
        theme_id: ThemeId,
        /// Its new name, unique among live themes.
        name: String,
        /// When.
        at: Timestamp,
    },
    /// Gives a theme another colour.
    RecolourTheme {
        /// The theme.
        theme_id: ThemeId,
        /// Its new colour, `#rrggbb`.
        colour: String,
        /// When.
        at: Timestamp,
    },
    /// Replaces a theme's description.
    DescribeTheme {
        /// The theme.
        theme_id: ThemeId,
        /// What it means.
        description: String,
        /// When.
        at: Timestamp,
    },
    /// Moves a theme to another place in the codebook.
    MoveTheme {
        /// The theme.
        theme_id: ThemeId,
        /// Its new index among the live themes (clamped to the last place).
        to_index: usize,
    },
    /// Merges one theme into another: highlights tagged `from` are tagged `into`, and `from` is deleted.
    MergeThemes {
        /// The theme that goes away.
        from: ThemeId,
        /// The theme that stays.
        into: ThemeId,
        /// When.
        at: Timestamp,
    },
    /// Deletes a theme: highlights lose it, and it stays as a tombstone.
    DeleteTheme {
        /// The theme.
        theme_id: ThemeId,
        /// When.
        at: Timestamp,
    },
    /// Adds a document to the project (or replaces the one with its id).
    AddDocument(Rc<Document>),
    /// Puts records back exactly as given: how undo, redo and merges write.
    Restore(Vec<Record>),
}

/// One record of a project, as a change sees it before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// An annotation.
    Annotation(Annotation),
    /// A theme.
    Theme(Theme),
    /// The order of the codebook: every theme id, tombstones included.
    ThemeOrder(Vec<ThemeId>),
    /// A document. Documents are never deleted: undoing their addition keeps them.
    Document(Rc<Document>),
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
    /// The highlight belongs to another document than the one shown.
    #[error("highlight {0} belongs to another document")]
    OtherDocument(AnnotationId),
    /// A theme cannot be merged into itself.
    #[error("a theme cannot be merged into itself")]
    MergeIntoItself,
}

/// Applies `command` to `project`, whose annotations lie in `document`'s text. Every record the
/// command writes is worked out first, so on error the project is left exactly as it was.
pub fn apply(
    project: &mut Project,
    document: &Document,
    command: Command,
    origin: Origin,
) -> Result<Change, CommandError> {
    let records = records_to_write(project, document, command)?;
    let edits = records.into_iter().map(|after| Edit { before: put(project, after.clone()), after }).collect();
    Ok(Change { edits, origin })
}

/// The records a command writes, as they will be after it.
fn records_to_write(project: &Project, document: &Document, command: Command) -> Result<Vec<Record>, CommandError> {
    let records = match command {
        Command::CreateAnnotation { id, span, theme_ids, creator, at } => {
            check_span(document, span)?;
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
                document_id: document.id().to_owned(),
                span,
                anchoring: Anchoring::Placed,
                quote: document.describe(span),
                theme_ids: unique_theme_ids,
                note: String::new(),
                creator,
                created: at,
                modified: at,
                deleted: None,
            };
            vec![Record::Annotation(annotation)]
        }
        Command::MoveAnnotation { annotation_id, span, at } => {
            check_span(document, span)?;
            if project.annotation(annotation_id).is_some_and(|annotation| annotation.document_id != document.id()) {
                return Err(CommandError::OtherDocument(annotation_id));
            }
            vec![edited_annotation(project, annotation_id, at, |annotation| {
                annotation.span = span;
                annotation.anchoring = Anchoring::Placed;
                annotation.quote = document.describe(span);
            })?]
        }
        Command::AddAnnotationTheme { annotation_id, theme_id, at } => {
            live_theme(project, theme_id)?;
            vec![edited_annotation(project, annotation_id, at, |annotation| {
                if !annotation.theme_ids.contains(&theme_id) {
                    annotation.theme_ids.push(theme_id);
                }
            })?]
        }
        Command::RemoveAnnotationTheme { annotation_id, theme_id, at } => {
            vec![edited_annotation(project, annotation_id, at, |annotation| {
                annotation.theme_ids.retain(|id| *id != theme_id)
            })?]
        }
        Command::SetAnnotationNote { annotation_id, note, at } => {
            vec![edited_annotation(project, annotation_id, at, |annotation| annotation.note = note)?]
        }
        Command::DeleteAnnotation { annotation_id, at } => {
            vec![edited_annotation(project, annotation_id, at, |annotation| annotation.deleted = Some(at))?]
        }
        Command::CreateTheme { id, name, colour, description, creator, at } => {
            let name = checked_theme_name(project, &name, None)?;
            check_colour(&colour)?;
            if project.theme_record(id).is_some() {
                return Err(CommandError::DuplicateId(id.to_string()));
            }
            vec![Record::Theme(Theme {
                id,
                name,
                colour,
                description,
                creator,
                created: at,
                modified: at,
                deleted: None,
            })]
        }
        Command::RenameTheme { theme_id, name, at } => {
            let name = checked_theme_name(project, &name, Some(theme_id))?;
            vec![edited_theme(project, theme_id, at, |theme| theme.name = name)?]
        }
        Command::RecolourTheme { theme_id, colour, at } => {
            check_colour(&colour)?;
            vec![edited_theme(project, theme_id, at, |theme| theme.colour = colour)?]
        }
        Command::DescribeTheme { theme_id, description, at } => {
            vec![edited_theme(project, theme_id, at, |theme| theme.description = description)?]
        }
        Command::MoveTheme { theme_id, to_index } => {
            live_theme(project, theme_id)?;
            let mut live: Vec<ThemeId> = project.themes().map(|theme| theme.id).filter(|id| *id != theme_id).collect();
            live.insert(to_index.min(live.len()), theme_id);
            // Tombstones keep their places after the live themes; only the live order is seen.
            let tombstones = project.all_themes().iter().filter(|theme| !theme.is_live()).map(|theme| theme.id);
            vec![Record::ThemeOrder(live.into_iter().chain(tombstones).collect())]
        }
        Command::MergeThemes { from, into, at } => {
            if from == into {
                return Err(CommandError::MergeIntoItself);
            }
            live_theme(project, into)?;
            let mut records = retagged_annotations(project, from, at, |theme_ids| {
                let position = theme_ids.iter().position(|id| *id == from);
                theme_ids.retain(|id| *id != from);
                if let (Some(position), false) = (position, theme_ids.contains(&into)) {
                    theme_ids.insert(position, into);
                }
            });
            records.push(edited_theme(project, from, at, |theme| theme.deleted = Some(at))?);
            records
        }
        Command::DeleteTheme { theme_id, at } => {
            live_theme(project, theme_id)?;
            let mut records =
                retagged_annotations(project, theme_id, at, |theme_ids| theme_ids.retain(|id| *id != theme_id));
            records.push(edited_theme(project, theme_id, at, |theme| theme.deleted = Some(at))?);
            records
        }
        Command::AddDocument(added) => vec![Record::Document(added)],
        Command::Restore(records) => records,
    };
    Ok(records)
}

/// Writes one record and returns what it replaced.
fn put(project: &mut Project, record: Record) -> Option<Record> {
    match record {
        Record::Annotation(annotation) => project.put_annotation(annotation).map(Record::Annotation),
        Record::Theme(theme) => project.put_theme(theme).map(Record::Theme),
        Record::ThemeOrder(order) => Some(Record::ThemeOrder(project.put_theme_order(&order))),
        Record::Document(document) => project.put_document(document).map(Record::Document),
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
    let taken =
        project.themes().any(|theme| Some(theme.id) != renaming && theme.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(CommandError::DuplicateThemeName(name));
    }
    Ok(name)
}

fn live_theme(project: &Project, theme_id: ThemeId) -> Result<&Theme, CommandError> {
    project.theme(theme_id).ok_or(CommandError::UnknownTheme(theme_id))
}

/// A copy of a live annotation, edited and stamped.
fn edited_annotation(
    project: &Project,
    annotation_id: AnnotationId,
    at: Timestamp,
    edit: impl FnOnce(&mut Annotation),
) -> Result<Record, CommandError> {
    let mut annotation =
        project.annotation(annotation_id).ok_or(CommandError::UnknownAnnotation(annotation_id))?.clone();
    edit(&mut annotation);
    annotation.modified = at;
    Ok(Record::Annotation(annotation))
}

/// A copy of a live theme, edited and stamped.
fn edited_theme(
    project: &Project,
    theme_id: ThemeId,
    at: Timestamp,
    edit: impl FnOnce(&mut Theme),
) -> Result<Record, CommandError> {
    let mut theme = live_theme(project, theme_id)?.clone();
    edit(&mut theme);
    theme.modified = at;
    Ok(Record::Theme(theme))
}

/// Copies of the live annotations tagged `theme_id`, with their theme lists edited and stamped.
fn retagged_annotations(
    project: &Project,
    theme_id: ThemeId,
    at: Timestamp,
    retag: impl Fn(&mut Vec<ThemeId>),
) -> Vec<Record> {
    project
        .annotations()
        .filter(|annotation| annotation.theme_ids.contains(&theme_id))
        .map(|annotation| {
            let mut annotation = annotation.clone();
            retag(&mut annotation.theme_ids);
            annotation.modified = at;
            Record::Annotation(annotation)
        })
        .collect()
}

impl Record {
    /// The same record, deleted at `at`: what undoing its creation leaves. The codebook order
    /// and documents are never deleted, so they stay as they are.
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
            kept @ (Record::ThemeOrder(_) | Record::Document(_)) => kept,
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
        assert_eq!(change.edits.len(), 1);
        assert_eq!(change.edits[0].before, None);
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
            let [Edit { after: Record::Annotation(after), .. }] = &change.edits[..] else {
                panic!("one annotation edit")
            };
            assert!(holds(after), "{command:?} gave {after:?}");
            assert_eq!(after.modified, at);
        }
        assert_eq!(project.annotations().count(), 0);
        assert_eq!(project.all_annotations().len(), 1, "deletion leaves a tombstone");
    }

    /// The live codebook as names, and each live annotation's theme names.
    fn codebook_and_tags(project: &Project) -> (Vec<String>, Vec<Vec<String>>) {
        let names = project.themes().map(|theme| theme.name.clone()).collect();
        let tags = project
            .annotations()
            .map(|annotation| {
                annotation
                    .theme_ids
                    .iter()
                    .map(|id| project.theme(*id).map_or("?".into(), |t| t.name.clone()))
                    .collect()
            })
            .collect();
        (names, tags)
    }

    #[test]
    fn codebook_edits_and_their_undo() {
        let (document, start) = fixture();
        let [military, stabilization, counter, financing] = [0, 1, 2, 3].map(|index| theme(&start, index));
        let mut tagged = start.clone();
        for command in [
            create(1, 0, 5, vec![military, financing]),
            create(2, 6, 10, vec![financing]),
            create(3, 11, 16, vec![military, counter]),
        ] {
            apply(&mut tagged, &document, command, Origin::Local).unwrap();
        }
        let at = Timestamp(77);
        // (command, the first four theme names after it, the annotations' theme names after it)
        let check = |command: Command, names: &[&str], tags: &[&[&str]]| {
            let mut project = tagged.clone();
            let mut history = crate::history::History::default();
            let change = apply(&mut project, &document, command.clone(), Origin::Local).unwrap();
            history.record(&change);
            let (got_names, got_tags) = codebook_and_tags(&project);
            assert_eq!(got_names[..names.len()].to_vec(), names, "{command:?}");
            let tags: Vec<Vec<String>> = tags.iter().map(|t| t.iter().map(|n| n.to_string()).collect()).collect();
            assert_eq!(got_tags, tags, "{command:?}");
            history.undo(&mut project, &document, Timestamp(78)).unwrap().unwrap();
            assert_eq!(codebook_and_tags(&project), codebook_and_tags(&tagged), "undo of {command:?}");
        };
        let four = ["Military action", "Stabilization and recovery", "Counter-messaging and propaganda", "Financing"];
        check(
            Command::RenameTheme { theme_id: financing, name: " Money ".into(), at },
            &["Military action", "Stabilization and recovery", "Counter-messaging and propaganda", "Money"],
            &[&["Military action", "Money"], &["Money"], &["Military action", "Counter-messaging and propaganda"]],
        );
        check(
            Command::MoveTheme { theme_id: financing, to_index: 0 },
            &["Financing", "Military action", "Stabilization and recovery", "Counter-messaging and propaganda"],
            &[
                &["Military action", "Financing"],
                &["Financing"],
                &["Military action", "Counter-messaging and propaganda"],
            ],
        );
        check(
            Command::MoveTheme { theme_id: military, to_index: 99 },
            &["Stabilization and recovery", "Counter-messaging and propaganda", "Financing"],
            &[
                &["Military action", "Financing"],
                &["Financing"],
                &["Military action", "Counter-messaging and propaganda"],
            ],
        );
        check(
            Command::MergeThemes { from: military, into: financing, at },
            &["Stabilization and recovery", "Counter-messaging and propaganda", "Financing"],
            &[&["Financing"], &["Financing"], &["Financing", "Counter-messaging and propaganda"]],
        );
        check(
            Command::MergeThemes { from: military, into: stabilization, at },
            &["Stabilization and recovery", "Counter-messaging and propaganda", "Financing"],
            &[
                &["Stabilization and recovery", "Financing"],
                &["Financing"],
                &["Stabilization and recovery", "Counter-messaging and propaganda"],
            ],
        );
        check(
            Command::DeleteTheme { theme_id: financing, at },
            &[
                "Military action",
                "Stabilization and recovery",
                "Counter-messaging and propaganda",
                "Civilians and international law",
            ][..3],
            &[&["Military action"], &[], &["Military action", "Counter-messaging and propaganda"]],
        );
        check(
            Command::RecolourTheme { theme_id: counter, colour: "#000000".into(), at },
            &four,
            &[
                &["Military action", "Financing"],
                &["Financing"],
                &["Military action", "Counter-messaging and propaganda"],
            ],
        );
        check(
            Command::DescribeTheme { theme_id: counter, description: "x".into(), at },
            &four,
            &[
                &["Military action", "Financing"],
                &["Financing"],
                &["Military action", "Counter-messaging and propaganda"],
            ],
        );
    }

    #[test]
    fn codebook_edits_that_are_refused() {
        let (document, project) = fixture();
        let [military, financing] = [0, 3].map(|index| theme(&project, index));
        let gone = ThemeId(Uuid::from_u128(4242));
        let at = Timestamp(1);
        let check = |command: Command, expected: CommandError| {
            let mut copy = project.clone();
            assert_eq!(apply(&mut copy, &document, command.clone(), Origin::Local), Err(expected), "{command:?}");
            assert_eq!(copy, project);
        };
        check(
            Command::RenameTheme { theme_id: military, name: "FINANCING".into(), at },
            CommandError::DuplicateThemeName("FINANCING".into()),
        );
        check(Command::RenameTheme { theme_id: military, name: "".into(), at }, CommandError::EmptyThemeName);
        check(Command::RenameTheme { theme_id: gone, name: "New".into(), at }, CommandError::UnknownTheme(gone));
        check(
            Command::RecolourTheme { theme_id: military, colour: "#12".into(), at },
            CommandError::InvalidColour("#12".into()),
        );
        check(Command::MergeThemes { from: military, into: military, at }, CommandError::MergeIntoItself);
        check(Command::MergeThemes { from: military, into: gone, at }, CommandError::UnknownTheme(gone));
        check(Command::MergeThemes { from: gone, into: financing, at }, CommandError::UnknownTheme(gone));
        check(Command::DeleteTheme { theme_id: gone, at }, CommandError::UnknownTheme(gone));
        check(Command::MoveTheme { theme_id: gone, to_index: 0 }, CommandError::UnknownTheme(gone));
        // Renaming a theme to its own name in another case is allowed.
        let mut copy = project.clone();
        apply(
            &mut copy,
            &document,
            Command::RenameTheme { theme_id: military, name: "MILITARY ACTION".into(), at },
            Origin::Local,
        )
        .unwrap();
    }

    #[test]
    fn moving_an_annotation_takes_its_quote_along() {
        let (document, mut project) = fixture();
        apply(&mut project, &document, create(1, 0, 5, vec![]), Origin::Local).unwrap();
        let id = annotation_id(1);
        let check = |project: &mut Project, start: usize, end: usize, expected: Result<&str, CommandError>| {
            let command =
                Command::MoveAnnotation { annotation_id: id, span: Span::between(start, end), at: Timestamp(9) };
            let result = apply(project, &document, command, Origin::Local)
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
}
