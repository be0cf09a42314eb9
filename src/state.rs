//! The app's state and its reducer. Every change to the data is a core `Command` applied here;
//! side effects (storage, files, the clock) stay in hooks and callbacks, which pass in what they
//! read (times, ids, file texts) as part of the action.

use annotator_core::listing::{ListFilter, ListOrder};
use annotator_core::{
    apply, AnnotationId, Command, Document, History, Origin, Project, Record, Span, ThemeId, Timestamp,
};
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

impl Notice {
    /// Something went wrong; the person may need to act.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Error, text: text.into() }
    }

    /// Something happened as asked.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Info, text: text.into() }
    }
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

/// The side panels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panel {
    /// The list of highlights.
    #[default]
    Highlights,
    /// The codebook.
    Codebook,
    /// Figures and chart per theme.
    Overview,
}

/// On a narrow screen the document and the panels take turns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NarrowView {
    /// The document fills the screen.
    #[default]
    Document,
    /// The side panel fills the screen.
    Panel,
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
    /// Which side panel is shown.
    pub panel: Panel,
    /// What a narrow screen shows.
    pub narrow_view: NarrowView,
    /// The highlight whose passage the next selection replaces ("move here").
    pub moving: Option<AnnotationId>,
    /// Which highlights the list shows.
    pub list_filter: ListFilter,
    /// The list's order.
    pub list_order: ListOrder,
    /// Whether the keyboard shortcuts are shown.
    pub help_open: bool,
    /// Whether the stored project is still being read (from IndexedDB, after the first render).
    pub restoring: bool,
}

/// What can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Applies commands made here, in order, stopping at the first that is refused.
    Apply(Vec<Command>),
    /// Tags the pending selection with a theme, as a new highlight with this id.
    TagSelection {
        /// The theme.
        theme_id: ThemeId,
        /// The new highlight's id.
        annotation_id: AnnotationId,
        /// When.
        at: Timestamp,
    },
    /// Adds a theme and tags the pending selection (if any) with it.
    CreateThemeAndTag {
        /// The new theme's id.
        theme_id: ThemeId,
        /// Its name.
        name: String,
        /// Its colour.
        colour: String,
        /// The new highlight's id.
        annotation_id: AnnotationId,
        /// When.
        at: Timestamp,
    },
    /// Moves the highlight being moved to the pending selection.
    MoveToSelection(Timestamp),
    /// Adds a theme to a highlight, or takes it off if it is there.
    ToggleTheme {
        /// The highlight.
        annotation_id: AnnotationId,
        /// The theme.
        theme_id: ThemeId,
        /// When.
        at: Timestamp,
    },
    /// Undoes the latest local change.
    Undo(Timestamp),
    /// Redoes the latest undone change.
    Redo,
    /// Reads a project file the person opened or dropped; it replaces the project only if it
    /// reads cleanly.
    OpenProjectFile {
        /// The file's name, for the messages.
        file_name: String,
        /// The file's contents.
        bytes: Vec<u8>,
    },
    /// Shows another document of the project.
    ShowDocument(String),
    /// Adds a document to the project and shows it.
    AddDocument(Rc<Document>),
    /// Merges what an imported file brought (themes and annotations, as a project file made by
    /// the exchange worker) as one undoable change.
    MergeImport {
        /// The themes and annotations.
        project_file: String,
        /// What to tell the person.
        summary: String,
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
    /// Another tab of this browser saved the project: take it as it is, without writing it back.
    ProjectFromOtherTab(Project),
    /// The project kept in IndexedDB was read (with what to tell the person), was not there, or
    /// could not be read (and was put aside).
    Restored(Result<Option<(Project, Option<Notice>)>, Notice>),
    /// Shows a side panel (and, on a narrow screen, the panels instead of the document).
    ShowPanel(Panel),
    /// Chooses what a narrow screen shows.
    ShowOnNarrow(NarrowView),
    /// Starts (or cancels) moving a highlight to the next selection.
    StartMoving(Option<AnnotationId>),
    /// Changes which highlights the list shows.
    FilterList(ListFilter),
    /// Changes the list's order.
    OrderList(ListOrder),
    /// Shows or hides the keyboard shortcuts.
    ShowHelp(bool),
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
            panel: Panel::default(),
            narrow_view: NarrowView::default(),
            moving: None,
            list_filter: ListFilter::default(),
            list_order: ListOrder::default(),
            help_open: false,
            restoring: false,
        }
    }

    fn error(&mut self, text: String) {
        self.notice = Some(Notice::error(text));
    }

    fn info(&mut self, text: String) {
        self.notice = Some(Notice::info(text));
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
            Action::TagSelection { theme_id, annotation_id, at } => {
                if let Some(selection) = state.selection.take() {
                    let creator = state.creator.clone();
                    let create = Command::CreateAnnotation {
                        id: annotation_id,
                        span: selection.span,
                        theme_ids: vec![theme_id],
                        creator,
                        at,
                    };
                    return Rc::new(state).reduce(Action::Apply(vec![create]));
                }
            }
            Action::CreateThemeAndTag { theme_id, name, colour, annotation_id, at } => {
                let creator = state.creator.clone();
                let mut commands = vec![Command::CreateTheme {
                    id: theme_id,
                    name,
                    colour,
                    description: String::new(),
                    creator: creator.clone(),
                    at,
                }];
                if let Some(selection) = state.selection.take() {
                    commands.push(Command::CreateAnnotation {
                        id: annotation_id,
                        span: selection.span,
                        theme_ids: vec![theme_id],
                        creator,
                        at,
                    });
                }
                return Rc::new(state).reduce(Action::Apply(commands));
            }
            Action::MoveToSelection(at) => {
                if let (Some(annotation_id), Some(selection)) = (state.moving, state.selection) {
                    state.moving = None;
                    state.selection = None;
                    return Rc::new(state).reduce(Action::Apply(vec![Command::MoveAnnotation {
                        annotation_id,
                        span: selection.span,
                        at,
                    }]));
                }
            }
            Action::ToggleTheme { annotation_id, theme_id, at } => {
                let tagged = state
                    .project
                    .annotation(annotation_id)
                    .is_some_and(|annotation| annotation.theme_ids.contains(&theme_id));
                let command = if tagged {
                    Command::RemoveAnnotationTheme { annotation_id, theme_id, at }
                } else {
                    Command::AddAnnotationTheme { annotation_id, theme_id, at }
                };
                return Rc::new(state).reduce(Action::Apply(vec![command]));
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
            Action::OpenProjectFile { file_name, bytes } => {
                let text = String::from_utf8_lossy(&bytes);
                match project_file::read(&text, state.project.documents()) {
                    Ok((project, report)) => {
                        state.document = shown_document(&project, state.document.id());
                        state.project = Rc::new(project);
                        state.history = History::default();
                        state.revision += 1;
                        state.selection = None;
                        state.open = None;
                        state.info(format!("Opened \"{file_name}\". {}", report.summary()));
                    }
                    Err(error) => {
                        state.error(format!("Could not open \"{file_name}\". {error} Your highlights are unchanged."))
                    }
                }
            }
            Action::ShowDocument(id) => {
                if let Some(document) = state.project.document(&id) {
                    state.document = document.clone();
                    state.selection = None;
                    state.open = None;
                    state.moving = None;
                }
            }
            Action::AddDocument(document) => {
                let title = document.title().to_owned();
                let known = state.project.document(document.id()).is_some();
                state = Rc::unwrap_or_clone(
                    Rc::new(state).reduce(Action::Apply(vec![Command::AddDocument(document.clone())])),
                );
                state = Rc::unwrap_or_clone(Rc::new(state).reduce(Action::ShowDocument(document.id().to_owned())));
                state.info(if known {
                    format!("\"{title}\" is open already.")
                } else {
                    format!("Added \"{title}\" to the project.")
                });
            }
            Action::MergeImport { project_file, summary } => match project_file::read(&project_file, &[]) {
                Ok((brought, _)) => {
                    let new_themes = brought
                        .all_themes()
                        .iter()
                        .filter(|theme| state.project.theme(theme.id).is_none() && theme.is_live());
                    let records: Vec<Record> = new_themes
                        .cloned()
                        .map(Record::Theme)
                        .chain(brought.all_annotations().cloned().map(Record::Annotation))
                        .collect();
                    if !records.is_empty() {
                        state =
                            Rc::unwrap_or_clone(Rc::new(state).reduce(Action::Apply(vec![Command::Restore(records)])));
                    }
                    state.info(summary);
                }
                Err(error) => {
                    state.error(format!("Could not merge the import: {error} Your highlights are unchanged."))
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
            Action::ProjectFromOtherTab(project) => {
                if *state.project != project {
                    state.document = shown_document(&project, state.document.id());
                    state.project = Rc::new(project);
                    // Undo here would write over the other tab's work with stale records.
                    state.history = History::default();
                    state.info("Updated with changes made in another tab.".into());
                }
            }
            Action::Restored(restored) => {
                state.restoring = false;
                match restored {
                    Ok(Some((project, notice))) => {
                        state.document = shown_document(&project, state.document.id());
                        state.project = Rc::new(project);
                        state.history = History::default();
                        state.notice = notice;
                    }
                    Ok(None) => state.error(
                        "The work this browser kept in its database is no longer there (the site's data may have been cleared)."
                            .into(),
                    ),
                    Err(notice) => state.notice = Some(notice),
                }
            }
            Action::ShowPanel(panel) => {
                state.panel = panel;
                state.narrow_view = NarrowView::Panel;
            }
            Action::ShowOnNarrow(view) => state.narrow_view = view,
            Action::StartMoving(moving) => {
                state.moving = moving;
                state.open = None;
                if moving.is_some() {
                    state
                        .info("Select the new passage for this highlight, then choose \"Move highlight here\".".into());
                }
            }
            Action::FilterList(filter) => state.list_filter = filter,
            Action::OrderList(order) => state.list_order = order,
            Action::ShowHelp(open) => state.help_open = open,
        }
        if state.moving.is_some_and(|id| state.project.annotation(id).is_none()) {
            state.moving = None;
        }
        if state.list_filter.theme_id.is_some_and(|id| state.project.theme(id).is_none()) {
            state.list_filter.theme_id = None;
        }
        state.forget_closed_highlights();
        Rc::new(state)
    }
}

/// The document to show of `project`: the one with `shown_id` if it has it, else its first.
pub fn shown_document(project: &Project, shown_id: &str) -> Rc<Document> {
    project
        .document(shown_id)
        .or_else(|| project.documents().first())
        .cloned()
        .unwrap_or_else(|| Rc::new(Document::from_plain_text("empty", "Empty", "")))
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
    fn tagging_moving_and_toggling_through_the_pending_selection() {
        let state = start();
        let theme_id = state.project.themes().next().unwrap().id;
        let annotation_id = AnnotationId(Uuid::from_u128(9));
        let anchor = Anchor::default();
        let tag = Action::TagSelection { theme_id, annotation_id, at: Timestamp(1) };
        let unchanged = state.clone().reduce(tag.clone());
        assert_eq!(unchanged.revision, 0, "no selection, nothing to tag");
        let state = state.reduce(Action::Select(Some(PendingSelection { span: Span::new(10, 20).unwrap(), anchor })));
        let state = state.reduce(tag);
        assert_eq!(state.project.annotation(annotation_id).unwrap().span, Span::new(10, 20).unwrap());
        assert_eq!(state.selection, None);
        let state = state.reduce(Action::StartMoving(Some(annotation_id)));
        let state = state.reduce(Action::Select(Some(PendingSelection { span: Span::new(30, 35).unwrap(), anchor })));
        let state = state.reduce(Action::MoveToSelection(Timestamp(2)));
        assert_eq!(state.project.annotation(annotation_id).unwrap().span, Span::new(30, 35).unwrap());
        assert_eq!((state.moving, state.selection), (None, None));
        let toggle = Action::ToggleTheme { annotation_id, theme_id, at: Timestamp(3) };
        let state = state.reduce(toggle.clone());
        assert!(state.project.annotation(annotation_id).unwrap().theme_ids.is_empty());
        let state = state.reduce(toggle);
        assert_eq!(state.project.annotation(annotation_id).unwrap().theme_ids, vec![theme_id]);
        let state = state.reduce(Action::Undo(Timestamp(4)));
        assert!(state.project.annotation(annotation_id).unwrap().theme_ids.is_empty(), "each step undoes alone");
    }

    #[test]
    fn a_bad_file_leaves_the_project_as_it_was() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let state = state.reduce(action);
        let before = state.project.clone();
        let state = state.reduce(Action::OpenProjectFile { file_name: "broken.json".into(), bytes: b"{oops".to_vec() });
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
    fn another_tabs_project_replaces_this_one_without_a_new_revision() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let elsewhere = state.clone().reduce(action);
        let state = state.reduce(Action::ProjectFromOtherTab((*elsewhere.project).clone()));
        assert_eq!(state.project, elsewhere.project);
        assert_eq!(state.revision, 0, "nothing is written back");
        assert!(!state.history.can_undo());
        let again = state.clone().reduce(Action::ProjectFromOtherTab((*elsewhere.project).clone()));
        assert_eq!(again.notice, state.notice);
    }

    #[test]
    fn a_good_file_replaces_the_project() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let saved = state.clone().reduce(action);
        let text = project_file::write(&saved.project);
        let state = state.reduce(Action::OpenProjectFile { file_name: "mine.json".into(), bytes: text.into_bytes() });
        assert_eq!(state.project, saved.project);
        assert_eq!(state.notice.clone().unwrap().text, "Opened \"mine.json\". Project file: 1 annotation imported.");
    }

    #[test]
    fn the_project_read_from_the_database_replaces_the_fresh_one_or_its_absence_is_said() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let stored = (*state.clone().reduce(action).project).clone();
        let mut waiting = (*state).clone();
        waiting.restoring = true;
        let waiting = Rc::new(waiting);
        let restored = waiting.clone().reduce(Action::Restored(Ok(Some((stored.clone(), None)))));
        assert_eq!((*restored.project == stored, restored.restoring, restored.revision), (true, false, 0));
        let missing = waiting.reduce(Action::Restored(Ok(None)));
        assert!(!missing.restoring);
        assert_eq!(missing.notice.as_ref().map(|notice| notice.kind), Some(NoticeKind::Error));
        assert!(missing.notice.as_ref().unwrap().text.contains("no longer there"));
    }
}
