//! Undo and redo over the stream of this coder's own changes.
//!
//! Undoing puts back, field by field, what a change wrote, and only the fields nobody has
//! written since: so undo never overwrites another coder's later edit (merged from a file,
//! another tab or a live session), and the undo itself is a new write that merges like any other.

use crate::annotation::Annotation;
use crate::command::{apply, Change, Command, CommandError, Edit, Operation, Origin, Record};
use crate::ids::{Stamp, Timestamp};
use crate::project::Project;
use crate::settings::Settings;
use crate::theme::Theme;
use std::rc::Rc;

/// The local changes that can be undone, and the undone ones that can be redone. It lives in
/// memory only: after a reload the history starts afresh while the data stays.
///
/// The app's state is copied on every action, so the history is two persistent stacks of
/// shared changes: copying it copies two pointers, however long it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    undo_stack: Stack<Rc<Change>>,
    redo_stack: Stack<Rc<Change>>,
}

impl History {
    /// Remembers a change that was just applied. Remote changes are not undoable here; a new
    /// local change clears what could be redone.
    pub fn record(&mut self, change: Change) {
        if change.origin == Origin::Remote || change.is_empty() {
            return;
        }
        self.undo_stack = self.undo_stack.pushed(Rc::new(change));
        self.redo_stack = Stack::default();
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.undo_stack.top().is_some()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.redo_stack.top().is_some()
    }

    /// Undoes the latest change as `stamp`'s coder: puts back what it wrote wherever nobody has
    /// written since (a created record becomes a tombstone). Returns the change this made, or
    /// `None` when there was nothing to undo.
    pub fn undo(&mut self, project: &mut Project, stamp: Stamp) -> Option<Result<Change, CommandError>> {
        let (undone, redone) = step(&mut self.undo_stack, project, stamp)?;
        Some(undone.inspect(|_| self.redo_stack = self.redo_stack.pushed(redone)))
    }

    /// Redoes the latest undone change. Returns the change this made, or `None` when there was
    /// nothing to redo.
    pub fn redo(&mut self, project: &mut Project, stamp: Stamp) -> Option<Result<Change, CommandError>> {
        let (redone, undone) = step(&mut self.redo_stack, project, stamp)?;
        Some(redone.inspect(|_| self.undo_stack = self.undo_stack.pushed(undone)))
    }
}

/// Reverts the change on top of `from`; on success returns it with the reverting change (for the
/// other stack), on refusal leaves `from` as it was.
#[allow(clippy::type_complexity)]
fn step(
    from: &mut Stack<Rc<Change>>,
    project: &mut Project,
    stamp: Stamp,
) -> Option<(Result<Change, CommandError>, Rc<Change>)> {
    let (change, rest) = from.popped()?;
    let records = reverted(project, &change, stamp);
    let command = Command { document_id: String::new(), stamp, operation: Operation::Restore(records) };
    let result = apply(project, command, Origin::Local);
    match &result {
        Ok(reverting) => {
            *from = rest;
            Some((result.clone(), Rc::new(reverting.clone())))
        }
        Err(_) => Some((result, change)),
    }
}

/// The records that revert `change` now, written by `stamp`: each field the change wrote is put
/// back as it was before, unless someone wrote it since (its stamp is no longer the change's).
/// Coders and documents are kept: undoing never removes a coder's name or a document's text.
///
/// A change may write one record several times (a batch that creates a highlight and deletes
/// it): its edits are reverted last first, each over what reverting the later ones made of the
/// record, so the record ends as it was before the whole change.
pub fn reverted(project: &Project, change: &Change, stamp: Stamp) -> Vec<Record> {
    let mut reverted: Vec<Record> = Vec::new();
    for Edit { before, after } in change.edits.iter().rev() {
        let kept = reverted.iter().position(|kept| same_record(kept, after));
        let now = kept.map(|place| &reverted[place]);
        let record = match (before, after) {
            (before, Record::Annotation(after)) => {
                let before = match before {
                    Some(Record::Annotation(before)) => Some(before),
                    _ => None,
                };
                let now = match now {
                    Some(Record::Annotation(now)) => Some(&**now),
                    _ => project.annotation_record(after.id),
                };
                now.and_then(|now| reverted_annotation(now, before.map(|before| &**before), after, stamp))
                    .map(|reverted| Record::Annotation(Rc::new(reverted)))
            }
            (before, Record::Theme(after)) => {
                let before = match before {
                    Some(Record::Theme(before)) => Some(&**before),
                    _ => None,
                };
                let now = match now {
                    Some(Record::Theme(now)) => Some(&**now),
                    _ => project.theme_record(after.id),
                };
                now.and_then(|now| reverted_theme(now, before, after, stamp))
                    .map(|reverted| Record::Theme(Box::new(reverted)))
            }
            (before, Record::Settings(after)) => {
                let now = match now {
                    Some(Record::Settings(now)) => *now,
                    _ => *project.settings(),
                };
                let before = match before {
                    Some(Record::Settings(before)) => Some(before),
                    _ => None,
                };
                before.filter(|before| may_put_back(Some(before.stamp), after.stamp, now.stamp, stamp)).map(|before| {
                    Record::Settings(Settings { blind: before.blind, stamp: stamp.succeeding(now.stamp) })
                })
            }
            (_, Record::Coder(_) | Record::Document(_)) => None,
        };
        match (record, kept) {
            (Some(record), Some(place)) => reverted[place] = record,
            (Some(record), None) => reverted.push(record),
            (None, _) => {}
        }
    }
    reverted
}

/// Whether two records are versions of the same annotation or the same theme.
fn same_record(first: &Record, second: &Record) -> bool {
    match (first, second) {
        (Record::Annotation(first), Record::Annotation(second)) => first.id == second.id,
        (Record::Theme(first), Record::Theme(second)) => first.id == second.id,
        (Record::Settings(_), Record::Settings(_)) => true,
        _ => false,
    }
}

/// Whether a field the change wrote (stamped `after`, where it was `before`) may be put back
/// now that it is stamped `now` by `undoing`: the change wrote it, and no other coder has since.
/// (This coder's own later writes, undone before this one, are no obstacle.)
fn may_put_back(before: Option<Stamp>, after: Stamp, now: Stamp, undoing: Stamp) -> bool {
    before != Some(after) && (now == after || now.coder == undoing.coder)
}

fn reverted_annotation(
    now: &Annotation,
    before: Option<&Annotation>,
    after: &Annotation,
    stamp: Stamp,
) -> Option<Annotation> {
    let mut reverted = now.clone();
    if let Some(before) = before {
        if may_put_back(Some(before.stamps.passage), after.stamps.passage, now.stamps.passage, stamp) {
            reverted.span = before.span;
            reverted.anchoring = before.anchoring;
            reverted.quote = before.quote.clone();
            reverted.stamps.passage = stamp.succeeding(now.stamps.passage);
        }
        if may_put_back(Some(before.stamps.note), after.stamps.note, now.stamps.note, stamp) {
            reverted.note = before.note.clone();
            reverted.stamps.note = stamp.succeeding(now.stamps.note);
        }
    }
    // A highlight the change created loses its themes too when it goes back to a tombstone, so
    // that nothing reads it as coded (a rejection the consensus made is a coded tombstone).
    for coding in &after.codings {
        let was = before.and_then(|before| before.coding(coding.theme_id));
        let is = now.coding(coding.theme_id).map(|coding| coding.stamp).unwrap_or_default();
        if may_put_back(was.map(|was| was.stamp), coding.stamp, is, stamp) {
            let applied = was.is_some_and(|was| was.applied);
            reverted.set_coding(coding.theme_id, applied, stamp.succeeding(is));
        }
    }
    if let Some(before) = before {
        // The themes come back in the order they had, not as if applied anew.
        let place_before = |theme_id| before.codings.iter().position(|coding| coding.theme_id == theme_id);
        reverted.codings.sort_by_key(|coding| place_before(coding.theme_id).unwrap_or(usize::MAX));
    }
    let was_live = before.is_some_and(Annotation::is_live);
    let puts_life_back = was_live != after.is_live()
        && may_put_back(before.map(|b| b.stamps.life), after.stamps.life, now.stamps.life, stamp);
    // Only the life field decides whether the record lives: fields put back on a tombstone are
    // newer than it and would revive it (a tombstone wins only over older edits), so it is
    // stamped again after them.
    let live = if puts_life_back { was_live } else { now.is_live() };
    if puts_life_back || reverted.is_live() != live {
        let modified = reverted.modified();
        put_back_life(&mut reverted.deleted, &mut reverted.stamps.life, live, stamp, modified);
    }
    (reverted != *now).then_some(reverted)
}

fn reverted_theme(now: &Theme, before: Option<&Theme>, after: &Theme, stamp: Stamp) -> Option<Theme> {
    let mut reverted = now.clone();
    if let Some(before) = before {
        if may_put_back(Some(before.stamps.name), after.stamps.name, now.stamps.name, stamp) {
            reverted.name = before.name.clone();
            reverted.stamps.name = stamp.succeeding(now.stamps.name);
        }
        if may_put_back(Some(before.stamps.colour), after.stamps.colour, now.stamps.colour, stamp) {
            reverted.colour = before.colour.clone();
            reverted.stamps.colour = stamp.succeeding(now.stamps.colour);
        }
        if may_put_back(Some(before.stamps.description), after.stamps.description, now.stamps.description, stamp) {
            reverted.description = before.description.clone();
            reverted.stamps.description = stamp.succeeding(now.stamps.description);
        }
        if may_put_back(Some(before.stamps.rank), after.stamps.rank, now.stamps.rank, stamp) {
            reverted.rank = before.rank;
            reverted.stamps.rank = stamp.succeeding(now.stamps.rank);
        }
        if may_put_back(Some(before.stamps.parent), after.stamps.parent, now.stamps.parent, stamp) {
            reverted.parent = before.parent;
            reverted.stamps.parent = stamp.succeeding(now.stamps.parent);
        }
    }
    let was_live = before.is_some_and(Theme::is_live);
    let puts_life_back = was_live != after.is_live()
        && may_put_back(before.map(|b| b.stamps.life), after.stamps.life, now.stamps.life, stamp);
    // As for annotations: only the life field decides whether the theme lives.
    let live = if puts_life_back { was_live } else { now.is_live() };
    if puts_life_back || reverted.is_live() != live {
        let modified = reverted.modified();
        put_back_life(&mut reverted.deleted, &mut reverted.stamps.life, live, stamp, modified);
    }
    (reverted != *now).then_some(reverted)
}

/// Makes a record live again or a tombstone, as it was before the change undone: stamped after
/// every part of it (`modified`), so that a tombstone holds wherever it is merged.
fn put_back_life(deleted: &mut Option<Timestamp>, life: &mut Stamp, live: bool, stamp: Stamp, modified: Stamp) {
    *deleted = if live { None } else { Some(stamp.at) };
    *life = stamp.succeeding(modified);
}

/// A persistent stack: pushing and popping make new stacks that share the old one's nodes, so a
/// copy costs a pointer. Written here because undo needs only push, pop and top, which a
/// persistent-collections crate would bring with much more.
#[derive(Debug)]
struct Stack<T>(Option<Rc<(T, Stack<T>)>>);

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Stack(None)
    }
}

impl<T> Clone for Stack<T> {
    fn clone(&self) -> Self {
        Stack(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for Stack<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(first), Some(second)) => Rc::ptr_eq(first, second) || **first == **second,
            _ => false,
        }
    }
}

impl<T: Eq> Eq for Stack<T> {}

impl<T: Clone> Stack<T> {
    fn pushed(&self, value: T) -> Stack<T> {
        Stack(Some(Rc::new((value, self.clone()))))
    }

    fn top(&self) -> Option<&T> {
        self.0.as_ref().map(|node| &node.0)
    }

    fn popped(&self) -> Option<(T, Stack<T>)> {
        self.0.as_ref().map(|node| (node.0.clone(), node.1.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{annotation_id, command, create, fixture, stamp, theme};
    use crate::ids::{CoderId, Timestamp};
    use uuid::Uuid;

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
        let (_, mut project) = fixture();
        let mut history = History::default();
        for (index, (step, expected)) in steps.into_iter().enumerate() {
            let now = stamp(1000 + index as i64);
            match step {
                Step::Do(command) => history.record(apply(&mut project, *command, Origin::Local).unwrap()),
                Step::Undo => {
                    history.undo(&mut project, now).transpose().unwrap();
                }
                Step::Redo => {
                    history.redo(&mut project, now).transpose().unwrap();
                }
            }
            let live: Vec<(u128, usize, &str)> =
                project.annotations().map(|a| (a.id.0.as_u128(), a.theme_ids().count(), a.note.as_str())).collect();
            assert_eq!(live, expected, "after step {index}");
        }
    }

    #[test]
    fn undo_and_redo_sequences() {
        let (_, project) = fixture();
        let first = theme(&project, 0);
        let id = annotation_id(1);
        let note = |text: &str| command(Operation::SetAnnotationNote { annotation_id: id, note: text.into() }, 50);
        let add = command(Operation::AddAnnotationTheme { annotation_id: id, theme_id: theme(&project, 1) }, 60);
        let delete = command(Operation::DeleteAnnotation { annotation_id: id }, 70);
        let step = |command: Command| Step::Do(Box::new(command));
        check(vec![
            (step(create(1, 0, 5, vec![first])), vec![(1, 1, "")]),
            (Step::Undo, vec![]),
            (Step::Redo, vec![(1, 1, "")]),
            (step(note("a")), vec![(1, 1, "a")]),
            (step(add), vec![(1, 2, "a")]),
            (Step::Undo, vec![(1, 1, "a")]),
            (Step::Undo, vec![(1, 1, "")]),
            (Step::Redo, vec![(1, 1, "a")]),
            (step(delete), vec![]),
            (Step::Redo, vec![]),
            (Step::Undo, vec![(1, 1, "a")]),
            (step(create(2, 6, 10, vec![])), vec![(1, 1, "a"), (2, 0, "")]),
            (Step::Redo, vec![(1, 1, "a"), (2, 0, "")]),
            (Step::Undo, vec![(1, 1, "a")]),
            (Step::Undo, vec![(1, 1, "")]),
            (Step::Undo, vec![]),
            (Step::Undo, vec![]),
        ]);
    }

    #[test]
    fn remote_changes_are_not_undone_here() {
        let (_, mut project) = fixture();
        let mut history = History::default();
        history.record(apply(&mut project, create(1, 0, 5, vec![]), Origin::Remote).unwrap());
        assert!(!history.can_undo());
        assert!(history.undo(&mut project, stamp(5)).is_none());
        assert_eq!(project.annotations().count(), 1);
    }

    #[test]
    fn undo_puts_back_only_what_nobody_wrote_since() {
        let (_, mut project) = fixture();
        let [first, second] = [0, 1].map(|index| theme(&project, index));
        let id = annotation_id(1);
        let mut history = History::default();
        history.record(apply(&mut project, create(1, 0, 5, vec![first]), Origin::Local).unwrap());
        let mine = Operation::Batch(vec![
            Operation::SetAnnotationNote { annotation_id: id, note: "mine".into() },
            Operation::AddAnnotationTheme { annotation_id: id, theme_id: second },
        ]);
        history.record(apply(&mut project, command(mine, 10), Origin::Local).unwrap());
        // Another coder then rewrites the note (as a merge or a live session would bring it).
        let other = Stamp::new(Timestamp(20), CoderId(Uuid::from_u128(0x07e2)));
        let theirs = Operation::SetAnnotationNote { annotation_id: id, note: "theirs".into() };
        apply(&mut project, Command { document_id: "doc".into(), stamp: other, operation: theirs }, Origin::Remote)
            .unwrap();
        history.undo(&mut project, stamp(30)).unwrap().unwrap();
        let annotation = project.annotation(id).unwrap();
        assert_eq!(annotation.note, "theirs", "their later note stays");
        assert!(!annotation.has_theme(second), "my theme is taken off");
        history.redo(&mut project, stamp(40)).unwrap().unwrap();
        let annotation = project.annotation(id).unwrap();
        assert_eq!((annotation.note.as_str(), annotation.has_theme(second)), ("theirs", true));
        // Undoing the creation leaves a tombstone stamped after every part of the highlight.
        history.undo(&mut project, stamp(50)).unwrap().unwrap();
        history.undo(&mut project, stamp(60)).unwrap().unwrap();
        let tombstone = project.annotation_record(id).unwrap();
        assert!(!tombstone.is_live());
        assert!(tombstone.stamps.life >= tombstone.modified());
    }

    #[test]
    fn undo_never_revives_what_another_coder_deleted_and_a_batch_undoes_whole() {
        let (_, mut project) = fixture();
        let first = theme(&project, 0);
        let id = annotation_id(1);
        let mut history = History::default();
        history.record(apply(&mut project, create(1, 0, 5, vec![first]), Origin::Local).unwrap());
        let note = Operation::SetAnnotationNote { annotation_id: id, note: "mine".into() };
        history.record(apply(&mut project, command(note, 10), Origin::Local).unwrap());
        let other = Stamp::new(Timestamp(20), CoderId(Uuid::from_u128(0x07e2)));
        let delete = Operation::DeleteAnnotation { annotation_id: id };
        apply(&mut project, Command { document_id: "doc".into(), stamp: other, operation: delete }, Origin::Remote)
            .unwrap();
        // My note goes back, on their tombstone, which stays one.
        history.undo(&mut project, stamp(30)).unwrap().unwrap();
        let record = project.annotation_record(id).unwrap();
        assert_eq!((record.note.as_str(), record.is_live()), ("", false));

        // A batch that creates a highlight and deletes it (a rejection) undoes to a tombstone
        // without its theme, and redoes to the coded tombstone.
        let second = annotation_id(2);
        let both = Operation::Batch(vec![
            Operation::CreateAnnotation { id: second, span: crate::span::Span::between(6, 9), theme_ids: vec![first] },
            Operation::DeleteAnnotation { annotation_id: second },
        ]);
        history.record(apply(&mut project, command(both, 40), Origin::Local).unwrap());
        history.undo(&mut project, stamp(50)).unwrap().unwrap();
        let record = project.annotation_record(second).unwrap();
        assert_eq!((record.is_live(), record.has_theme(first)), (false, false));
        history.redo(&mut project, stamp(60)).unwrap().unwrap();
        let record = project.annotation_record(second).unwrap();
        assert_eq!((record.is_live(), record.has_theme(first)), (false, true));
    }

    #[test]
    fn copying_a_long_history_copies_pointers() {
        let (_, mut project) = fixture();
        let mut history = History::default();
        for n in 1..=200 {
            history.record(apply(&mut project, create(n, 0, 5, vec![]), Origin::Local).unwrap());
        }
        let copy = history.clone();
        let (Some(original), Some(copied)) = (&history.undo_stack.0, &copy.undo_stack.0) else { panic!("200 changes") };
        assert!(Rc::ptr_eq(original, copied));
        assert_eq!(copy, history);
    }
}
