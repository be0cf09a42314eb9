//! How project files a person opens together come into the project: several are merged in one
//! step; one replaces the project when there is no work here to lose, and otherwise the person
//! is asked whether to merge it or replace the project with it.

use crate::project::Project;

/// What to do with the project files read from one opening (a pick or a drop).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// Nothing was read (every file was refused, or was of another format).
    Nothing,
    /// Merge them all into this project, as one change.
    MergeAll,
    /// The one file takes the place of this project, which holds no highlight to lose.
    Replace,
    /// The one file comes over work: ask whether to merge it or to replace the project.
    AskMergeOrReplace,
}

/// What to do with `read` project files opened together over `project`.
pub fn opening(project: &Project, read: usize) -> Opening {
    match read {
        0 => Opening::Nothing,
        1 if project.annotations().next().is_some() => Opening::AskMergeOrReplace,
        1 => Opening::Replace,
        _ => Opening::MergeAll,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{apply, Command, Operation, Origin};
    use crate::ids::{AnnotationId, CoderId, Stamp, Timestamp};
    use crate::theme::starter_codebook;
    use crate::{Document, Span};
    use uuid::Uuid;

    #[test]
    fn several_files_merge_and_one_replaces_an_empty_project_or_asks() {
        let document = Document::from_plain_text("doc", "Doc", "Alpha beta gamma.");
        let empty = Project::new(&document, starter_codebook(Stamp::default()));
        let mut with_work = empty.clone();
        let stamp = Stamp::new(Timestamp(1), CoderId(Uuid::from_u128(1)));
        let theme_ids = vec![with_work.themes().next().map(|theme| theme.id).unwrap()];
        let create =
            Operation::CreateAnnotation { id: AnnotationId(Uuid::from_u128(2)), span: Span::between(0, 5), theme_ids };
        apply(&mut with_work, Command { document_id: "doc".into(), stamp, operation: create }, Origin::Local).unwrap();
        let mut deleted = with_work.clone();
        let delete = Operation::DeleteAnnotation { annotation_id: AnnotationId(Uuid::from_u128(2)) };
        let later = Stamp::new(Timestamp(2), stamp.coder);
        apply(&mut deleted, Command { document_id: "doc".into(), stamp: later, operation: delete }, Origin::Local)
            .unwrap();

        let check = |project: &Project, read: usize, expected: Opening| {
            assert_eq!(
                opening(project, read),
                expected,
                "{read} file(s), {} highlight(s)",
                project.annotations().count()
            );
        };
        check(&empty, 0, Opening::Nothing);
        check(&with_work, 0, Opening::Nothing);
        check(&empty, 1, Opening::Replace);
        check(&with_work, 1, Opening::AskMergeOrReplace);
        check(&deleted, 1, Opening::Replace);
        check(&empty, 2, Opening::MergeAll);
        check(&with_work, 10, Opening::MergeAll);
    }
}
