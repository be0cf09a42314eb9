//! Undo and redo over the stream of local changes.

use crate::command::{apply, Change, Command, CommandError, Origin};
use crate::document::Document;
use crate::ids::Timestamp;
use crate::project::Project;

/// The local changes that can be undone, and the undone ones that can be redone. It lives in
/// memory only: after a reload the history starts afresh while the data stays.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    undo_stack: Vec<Change>,
    redo_stack: Vec<Change>,
}

impl History {
    /// Remembers a change that was just applied. Remote changes are not undoable here; a new
    /// local change clears what could be redone.
    pub fn record(&mut self, change: &Change) {
        if change.origin == Origin::Remote {
            return;
        }
        self.undo_stack.push(change.clone());
        self.redo_stack.clear();
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo_stack.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo_stack.is_empty()
    }

    /// Undoes the latest change: puts its record back as it was (a created record becomes a
    /// tombstone). Returns the change this made, or `None` when there was nothing to undo.
    pub fn undo(
        &mut self,
        project: &mut Project,
        document: &Document,
        at: Timestamp,
    ) -> Option<Result<Change, CommandError>> {
        let change = self.undo_stack.pop()?;
        let restored = change
            .edits
            .iter()
            .rev()
            .map(|edit| edit.before.clone().unwrap_or_else(|| edit.after.tombstoned(at)))
            .collect();
        let result = apply(project, document, Command::Restore(restored), Origin::Local);
        match &result {
            Ok(_) => self.redo_stack.push(change),
            Err(_) => self.undo_stack.push(change),
        }
        Some(result)
    }

    /// Redoes the latest undone change. Returns the change this made, or `None` when there was
    /// nothing to redo.
    pub fn redo(&mut self, project: &mut Project, document: &Document) -> Option<Result<Change, CommandError>> {
        let change = self.redo_stack.pop()?;
        let redone = change.edits.iter().map(|edit| edit.after.clone()).collect();
        let result = apply(project, document, Command::Restore(redone), Origin::Local);
        match &result {
            Ok(_) => self.undo_stack.push(change),
            Err(_) => self.redo_stack.push(change),
        }
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{annotation_id, create, fixture, theme};

    /// One step of an undo/redo sequence.
    enum Step {
        Do(Box<Command>),
        Undo,
        Redo,
    }

    /// The live annotations as (id, theme count, note).
    type Live = Vec<(u128, usize, &'static str)>;

    /// Runs the steps and checks the live annotations' (id, theme count, note) after each.
    fn check(steps: Vec<(Step, Live)>) {
        let (document, mut project) = fixture();
        let mut history = History::default();
        for (index, (step, expected)) in steps.into_iter().enumerate() {
            match step {
                Step::Do(command) => {
                    let change = apply(&mut project, &document, *command, Origin::Local).unwrap();
                    history.record(&change);
                }
                Step::Undo => {
                    history.undo(&mut project, &document, Timestamp(1000 + index as i64)).transpose().unwrap();
                }
                Step::Redo => {
                    history.redo(&mut project, &document).transpose().unwrap();
                }
            }
            let live: Vec<(u128, usize, &str)> =
                project.annotations().map(|a| (a.id.0.as_u128(), a.theme_ids.len(), a.note.as_str())).collect();
            assert_eq!(live, expected, "after step {index}");
        }
    }

    #[test]
    fn undo_and_redo_sequences() {
        let (_, project) = fixture();
        let first = theme(&project, 0);
        let note = |text: &str| Command::SetAnnotationNote {
            annotation_id: annotation_id(1),
            note: text.into(),
            at: Timestamp(50),
        };
        let add = Command::AddAnnotationTheme {
            annotation_id: annotation_id(1),
            theme_id: theme(&project, 1),
            at: Timestamp(60),
        };
        let delete = Command::DeleteAnnotation { annotation_id: annotation_id(1), at: Timestamp(70) };
        check(vec![
            (Step::Do(Box::new(create(1, 0, 5, vec![first]))), vec![(1, 1, "")]),
            (Step::Undo, vec![]),
            (Step::Redo, vec![(1, 1, "")]),
            (Step::Do(Box::new(note("a"))), vec![(1, 1, "a")]),
            (Step::Do(Box::new(add)), vec![(1, 2, "a")]),
            (Step::Undo, vec![(1, 1, "a")]),
            (Step::Undo, vec![(1, 1, "")]),
            (Step::Redo, vec![(1, 1, "a")]),
            (Step::Do(Box::new(delete)), vec![]),
            (Step::Redo, vec![]),
            (Step::Undo, vec![(1, 1, "a")]),
            (Step::Do(Box::new(create(2, 6, 10, vec![]))), vec![(1, 1, "a"), (2, 0, "")]),
            (Step::Redo, vec![(1, 1, "a"), (2, 0, "")]),
            (Step::Undo, vec![(1, 1, "a")]),
            (Step::Undo, vec![(1, 1, "")]),
            (Step::Undo, vec![]),
            (Step::Undo, vec![]),
        ]);
    }

    #[test]
    fn remote_changes_are_not_undone_here() {
        let (document, mut project) = fixture();
        let mut history = History::default();
        let change = apply(&mut project, &document, create(1, 0, 5, vec![]), Origin::Remote).unwrap();
        history.record(&change);
        assert!(!history.can_undo());
        assert!(history.undo(&mut project, &document, Timestamp(5)).is_none());
        assert_eq!(project.annotations().count(), 1);
    }
}
