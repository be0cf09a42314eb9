//! The app's state and its reducer. Every change to the data is a core `Command` applied here;
//! side effects (storage, files, the clock) stay in hooks and callbacks, which pass in what they
//! read (times, ids, file texts) as part of the action.

use annotator_core::{apply, AnnotationId, Command, Document, History, Origin, Project, Span, Timestamp};
use annotator_formats::project_file;
use std::rc::Rc;
use yew::Reducible;

/// A message shown to the person in the notice bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How it is shown and announced.
    pub kind: NoticeKind,
    /// The words.
    pub text: String,
}

/// Errors are announced at once (`role="alert"`), information politely (`role="status"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something went wrong; the person may need to act.
    Error,
    /// Something happened as asked.
    Info,
}

/// Where a floating panel (toolbar, popover) is drawn: page coordinates of the point it hangs from.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Anchor {
    /// Pixels from the left of the page.
    pub left: f64,
    /// Pixels from the top of the page.
    pub top: f64,
}

/// The text selected in the document, awaiting a theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PendingSelection {
    /// The selected passage.
    pub span: Span,
    /// Where its toolbar goes.
    pub anchor: Anchor,
}

/// The highlights under a click, whose popover is open.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenHighlights {
    /// The highlights under the click, innermost first.
    pub annotation_ids: Vec<AnnotationId>,
    /// Which of them the popover shows.
    pub shown: AnnotationId,
    /// Where the popover goes.
    pub anchor: Anchor,
}

/// Everything the app shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The document being annotated.
    pub document: Rc<Document>,
    /// Its codebook and annotations.
    pub project: Rc<Project>,
    /// Local changes that can be undone.
    pub history: History,
    /// Grows by one with every change to the project: what autosave watches.
    pub revision: u64,
    /// The selection waiting to be tagged.
    pub selection: Option<PendingSelection>,
    /// The highlight popover.
    pub open: Option<OpenHighlights>,
    /// The latest message for the person.
    pub notice: Option<Notice>,
    /// Why the browser's storage cannot keep the work, while it cannot.
    pub storage_problem: Option<String>,
    /// The name written as creator of new highlights and themes.
    pub creator: String,
}

/// What can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Applies commands made here, in order, stopping at the first that is refused.
    Apply(Vec<Command>),
    /// Undoes the latest local change.
    Undo(Timestamp),
    /// Redoes the latest undone change.
    Redo,
    /// Reads a project file the person opened; the project is replaced only if it reads cleanly.
    OpenProjectFile {
        /// The file's name, for the messages.
        file_name: String,
        /// The file's text.
        text: String,
    },
    /// The person selected text (or cleared the selection).
    Select(Option<PendingSelection>),
    /// The person clicked highlights (or closed the popover).
    Open(Option<OpenHighlights>),
    /// Shows a message.
    Notify(Notice),
    /// Hides the message.
    DismissNotice,
    /// Storage failed (with why) or works again (`None`).
    StorageProblem(Option<String>),
    /// The person changed their name.
    SetCreator(String),
}

impl AppState {
    /// A state showing `document` with `project`.
    pub fn new(document: Rc<Document>, project: Project, creator: String) -> AppState {
        AppState {
            document,
            project: Rc::new(project),
            history: History::default(),
            revision: 0,
            selection: None,
            open: None,
            notice: None,
            storage_problem: None,
            creator,
        }
    }

    fn error(&mut self, text: String) {
        self.notice = Some(Notice { kind: NoticeKind::Error, text });
    }

    fn info(&mut self, text: String) {
        self.notice = Some(Notice { kind: NoticeKind::Info, text });
    }

    /// Closes the popover if the highlight it shows is gone.
    fn forget_closed_highlights(&mut self) {
        if let Some(open) = &self.open {
            if self.project.annotation(open.shown).is_none() {
                self.open = None;
            }
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        match action {
            Action::Apply(commands) => {
                let mut project = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                for command in commands {
                    match apply(&mut project, &state.document, command, Origin::Local) {
                        Ok(change) => {
                            state.history.record(&change);
                            state.revision += 1;
                        }
                        Err(error) => {
                            state.error(capitalised(&error.to_string()));
                            break;
                        }
                    }
                }
                state.project = Rc::new(project);
            }
            Action::Undo(at) => {
                let mut project = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                let result = state.history.undo(&mut project, &state.document, at);
                state.project = Rc::new(project);
                match result {
                    Some(Ok(_)) => state.revision += 1,
                    Some(Err(error)) => state.error(format!("Could not undo: {error}")),
                    None => state.info("Nothing to undo.".into()),
                }
            }
            Action::Redo => {
                let mut project = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                let result = state.history.redo(&mut project, &state.document);
                state.project = Rc::new(project);
                match result {
                    Some(Ok(_)) => state.revision += 1,
                    Some(Err(error)) => state.error(format!("Could not redo: {error}")),
                    None => state.info("Nothing to redo.".into()),
                }
            }
            Action::OpenProjectFile { file_name, text } => match project_file::read(&text, &state.document) {
                Ok(project) => {
                    let count = project.annotations().count();
                    state.project = Rc::new(project);
                    state.history = History::default();
                    state.revision += 1;
                    state.selection = None;
                    state.open = None;
                    state.info(format!("Opened \"{file_name}\": {count} highlight{}.", plural(count)));
                }
                Err(error) => {
                    state.error(format!("Could not open \"{file_name}\". {error} Your highlights are unchanged."))
                }
            },
            Action::Select(selection) => {
                state.selection = selection;
                if selection.is_some() {
                    state.open = None;
                }
            }
            Action::Open(open) => {
                if open.is_some() {
                    state.selection = None;
                }
                state.open = open;
            }
            Action::Notify(notice) => state.notice = Some(notice),
            Action::DismissNotice => state.notice = None,
            Action::StorageProblem(problem) => state.storage_problem = problem,
            Action::SetCreator(creator) => state.creator = creator,
        }
        state.forget_closed_highlights();
        Rc::new(state)
    }
}

/// `"s"` unless there is exactly one.
pub fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect::<String>() + ".",
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::default_document::communique;
    use annotator_core::theme::starter_codebook;
    use annotator_core::ThemeId;
    use uuid::Uuid;

    fn start() -> Rc<AppState> {
        let document = Rc::new(communique());
        let project = Project::new(&document, starter_codebook("me", Timestamp(0)));
        Rc::new(AppState::new(document, project, "me".into()))
    }

    fn create(state: &AppState, n: u128, start: usize, end: usize) -> Action {
        let theme: ThemeId = state.project.themes().next().unwrap().id;
        Action::Apply(vec![Command::CreateAnnotation {
            id: AnnotationId(Uuid::from_u128(n)),
            span: Span::new(start, end).unwrap(),
            theme_ids: vec![theme],
            creator: "me".into(),
            at: Timestamp(5),
        }])
    }

    #[test]
    fn applying_undoing_and_refusing_commands() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let state = state.reduce(action);
        assert_eq!((state.project.annotations().count(), state.revision), (1, 1));
        let state = state.reduce(Action::Undo(Timestamp(6)));
        assert_eq!((state.project.annotations().count(), state.revision), (0, 2));
        let state = state.reduce(Action::Redo);
        assert_eq!((state.project.annotations().count(), state.revision), (1, 3));
        let action = create(&state, 2, 30, 30);
        let state = state.reduce(action);
        assert_eq!(state.revision, 3, "a refused command changes nothing");
        assert_eq!(state.notice.as_ref().map(|notice| notice.kind), Some(NoticeKind::Error));
        assert_eq!(state.notice.as_ref().unwrap().text, "Select some text first: the passage is empty.");
    }

    #[test]
    fn a_bad_file_leaves_the_project_as_it_was() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let state = state.reduce(action);
        let before = state.project.clone();
        let state = state.reduce(Action::OpenProjectFile { file_name: "broken.json".into(), text: "{oops".into() });
        assert_eq!(state.project, before);
        let notice = state.notice.clone().unwrap();
        assert_eq!(notice.kind, NoticeKind::Error);
        assert!(
            notice.text.starts_with("Could not open \"broken.json\". This file is not valid JSON"),
            "{}",
            notice.text
        );
        assert!(notice.text.ends_with("Your highlights are unchanged."));
    }

    #[test]
    fn a_good_file_replaces_the_project() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let saved = state.clone().reduce(action);
        let text = project_file::write(&saved.project, &saved.document);
        let state = state.reduce(Action::OpenProjectFile { file_name: "mine.json".into(), text });
        assert_eq!(state.project, saved.project);
        assert_eq!(state.notice.clone().unwrap().text, "Opened \"mine.json\": 1 highlight.");
    }
}
