//! The app's state and its reducer. Every change to the data is a core `Command` applied here;
//! side effects (storage, files, the clock) stay in hooks and callbacks, which pass in what they
//! read (times, ids, file texts) as part of the action.

use crate::live::Connection;
use crate::merging::Merging;
use annotator_agreement::consensus_command;
use annotator_core::layers::Layers;
use annotator_core::listing::{ListFilter, ListOrder};
use annotator_core::{
    apply, AnnotationId, Coder, CoderId, Command, Document, History, Merged, Operation, Origin, Project, Record, Span,
    Stamp, ThemeId, Timestamp,
};
use std::rc::Rc;
use yew::Reducible;

/// A message shown to the person in the notice bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How it is shown and announced.
    pub kind: NoticeKind,
    /// The words.
    pub text: String,
    /// What the person may do about it, offered as a button beside the words.
    pub action: Option<NoticeAction>,
}

impl Notice {
    /// Something went wrong; the person may need to act.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Error, text: text.into(), action: None }
    }

    /// Something happened as asked.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Info, text: text.into(), action: None }
    }

    /// The same notice, offering `action`.
    pub fn offering(mut self, action: NoticeAction) -> Notice {
        self.action = Some(action);
        self
    }
}

/// What a notice offers to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// Import a file whose annotations name another page onto the document on screen.
    PlaceOnShownDocument {
        /// The file's name.
        file_name: String,
        /// Its bytes (shared: the notice is cloned with the state).
        bytes: Rc<Vec<u8>>,
        /// Its format.
        format: annotator_formats::detect::Format,
    },
}

impl NoticeAction {
    /// The button's words.
    pub fn label(&self) -> &'static str {
        match self {
            NoticeAction::PlaceOnShownDocument { .. } => "Place on this document",
        }
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

/// What the find box looks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Find {
    /// The words (or expression) typed.
    pub query: String,
    /// Whole words, case, regular expression.
    pub options: annotator_core::search::SearchOptions,
}

/// The matches of the find box, awaiting the theme that tags each of them.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingMatches {
    /// The passages, in text order.
    pub spans: Rc<Vec<Span>>,
    /// Where the toolbar goes.
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

/// A project file opened while this browser holds work: the person chooses to merge or replace.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingOpen {
    /// The file's name.
    pub file_name: String,
    /// The project it holds.
    pub project: Rc<Project>,
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
    /// How far coders agree, where they differ, and the consensus.
    Agreement,
    /// Where themes meet: the themes × themes and themes × documents matrices.
    Cooccurrence,
}

/// What the agreement panel compares (and the agreement report exports): the coders and themes
/// chosen, `None` for the defaults (every coder with a highlight in the document shown but the
/// consensus; every theme).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The coders chosen, in the project's order.
    pub coders: Option<Vec<CoderId>>,
    /// The themes chosen, in codebook order.
    pub themes: Option<Vec<ThemeId>>,
    /// Whether the figures leave whitespace out.
    pub without_whitespace: bool,
    /// The theme whose disagreements are listed.
    pub drilled: Option<ThemeId>,
}

impl Comparison {
    /// The coders and themes it amounts to in `project` on `document_id`: those chosen (themes
    /// deleted since left out), or the defaults.
    pub fn chosen(&self, project: &Project, document_id: &str) -> (Vec<CoderId>, Vec<ThemeId>) {
        let (default_coders, default_themes) = annotator_agreement::default_comparison(project, document_id);
        let coders = self.coders.clone().unwrap_or(default_coders);
        let themes = self
            .themes
            .clone()
            .map(|themes| themes.into_iter().filter(|id| project.theme(*id).is_some()).collect())
            .unwrap_or(default_themes);
        (coders, themes)
    }
}

/// The live session this tab is in.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveSession {
    /// The room's id.
    pub room: String,
    /// The session server, as `ws://HOST:PORT`.
    pub server: String,
    /// How the room is reached.
    pub connection: Connection,
    /// Changes made here that the server has not had yet.
    pub waiting: usize,
    /// The others in the room.
    pub peers: Vec<Peer>,
}

/// Someone else in the live session.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    /// Their tab's Yjs client id.
    pub client_id: u64,
    /// Their name (or "Anonymous coder").
    pub name: String,
    /// Their colour, as `#rrggbb`.
    pub colour: String,
    /// What they have selected: the document and the passage.
    pub selection: Option<(String, Span)>,
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
    /// This coder's changes that can be undone.
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
    /// The person coding in this browser: every change here is stamped with their id.
    pub me: Coder,
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
    /// A project file waiting for the person to choose: merge or replace.
    pub pending_open: Option<PendingOpen>,
    /// Whose highlights are shown.
    pub layers: Layers,
    /// Whether to ask the person for their name (they have given none and not skipped it).
    pub ask_name: bool,
    /// The document shown when the page was last left: shown again once the stored project,
    /// read after the first render, is in.
    pub last_shown: Option<String>,
    /// What the agreement panel compares.
    pub comparison: Comparison,
    /// When the blind-coding setting this person revealed was made, if they revealed one.
    pub revealed: Option<Timestamp>,
    /// The live session this tab is in.
    pub live: Option<LiveSession>,
    /// What the find box looks for.
    pub find: Find,
    /// The find box's matches waiting for a theme ("Tag all N matches").
    pub pending_matches: Option<PendingMatches>,
}

/// What can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Applies operations made here on the document shown, as one change (one undo step): if one
    /// is refused, none is applied.
    Apply(Vec<Operation>, Timestamp),
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
    /// Makes a theme named after the pending selection's words (or takes the codebook's theme of
    /// that name) and tags the selection with it, in one step.
    InVivo {
        /// The new theme's id, if one is made.
        theme_id: ThemeId,
        /// The new highlight's id.
        annotation_id: AnnotationId,
        /// When.
        at: Timestamp,
    },
    /// Changes what the find box looks for.
    Find(Find),
    /// Opens (or closes) the toolbar that tags every match of the find box.
    StartTaggingMatches(Option<PendingMatches>),
    /// Tags each pending match as its own highlight with a theme (and, with a name and colour,
    /// makes that theme first), in one step.
    TagMatches {
        /// The theme.
        theme_id: ThemeId,
        /// A new theme's name and colour, when the theme is made now.
        new_theme: Option<(String, String)>,
        /// The new highlights' ids, one per match.
        annotation_ids: Vec<AnnotationId>,
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
    Redo(Timestamp),
    /// Merges projects the person opened or dropped (project files, or what the exchange worker
    /// read from other tools' files) into this one, as one undoable change with one report.
    MergeProjects {
        /// The files' names, for the messages.
        file_names: Vec<String>,
        /// The projects they hold.
        projects: Vec<Project>,
        /// What reading them found, to say alongside the merge's report.
        notes: Vec<String>,
        /// The merge.
        merging: Merging,
    },
    /// Replaces this project with one the person opened (undoable).
    ReplaceProject {
        /// The file's name, for the messages.
        file_name: String,
        /// The project it holds.
        project: Box<Project>,
    },
    /// Shows another document of the project.
    ShowDocument(String),
    /// Adds a document to the project and shows it.
    AddDocument(Rc<Document>),
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
    SetMyName(String),
    /// Another tab of this browser saved the project: merge what it has (without writing back,
    /// unless this tab holds something the other does not).
    ProjectFromOtherTab(Project, Merging),
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
    /// Asks the person whether to merge or replace with a project file (or stops asking).
    AskToOpen(Option<PendingOpen>),
    /// Shows or hides coders' layers.
    ShowLayers(Layers),
    /// The person skipped giving their name.
    SkipName,
    /// Changes what the agreement panel compares.
    Compare(Comparison),
    /// This tab joined a live session's room.
    JoinedRoom {
        /// The room.
        room: String,
        /// The server.
        server: String,
    },
    /// The live session's connection changed.
    RoomStatus {
        /// How the room is reached.
        connection: Connection,
        /// Changes waiting for the server.
        waiting: usize,
    },
    /// Who else is in the room.
    RoomPeers(Vec<Peer>),
    /// Records the room changed: merged as a change of origin Remote (never sent out again).
    FromRoom(Project, Merging),
    /// This tab left the room (its project stays, as a local copy).
    LeftRoom,
    /// Turns blind coding on or off for the project (undoable).
    SetBlind(bool, Timestamp),
    /// This person reveals the other coders' work and the agreement, while coding blind.
    Reveal,
    /// Writes a decision of the team into the consensus layer: operations of the consensus
    /// coder, undone in one step like any of this person's. With `then_move`, the new consensus
    /// highlight is then moved to the next selection (the decision is edited).
    Adjudicate {
        /// The consensus's operations.
        operations: Vec<Operation>,
        /// When.
        at: Timestamp,
        /// A highlight of the decision to move to the next selection.
        then_move: Option<AnnotationId>,
    },
}

impl AppState {
    /// A state showing `document` with `project`.
    pub fn new(document: Rc<Document>, project: Project, me: Coder) -> AppState {
        AppState {
            document,
            project: Rc::new(project),
            history: History::default(),
            revision: 0,
            selection: None,
            open: None,
            notice: None,
            storage_problem: None,
            me,
            panel: Panel::default(),
            narrow_view: NarrowView::default(),
            moving: None,
            list_filter: ListFilter::default(),
            list_order: ListOrder::default(),
            help_open: false,
            restoring: false,
            pending_open: None,
            layers: Layers::default(),
            ask_name: false,
            last_shown: None,
            comparison: Comparison::default(),
            revealed: None,
            live: None,
            find: Find::default(),
            pending_matches: None,
        }
    }

    /// Whether this person sees the other coders' work (not while coding blind, until they reveal it).
    pub fn sees_others(&self) -> bool {
        annotator_core::settings::sees_others(self.project.settings(), self.revealed)
    }

    /// The layers shown: as chosen, or only this person's while they code blind.
    pub fn seen_layers(&self) -> Layers {
        if self.sees_others() {
            self.layers.clone()
        } else {
            Layers::blind(self.me.id)
        }
    }

    /// Applies operations of this coder on the document shown, as one change: first their name
    /// and colour, if the project does not have them as they are.
    fn apply_local(&mut self, mut operations: Vec<Operation>, at: Timestamp) {
        let known = self.project.coder(self.me.id);
        if known.is_none_or(|coder| coder.name != self.me.name || coder.colour != self.me.colour) {
            operations.insert(0, Operation::SetCoder { name: self.me.name.clone(), colour: self.me.colour.clone() });
        }
        let stamp = Stamp::new(at, self.me.id);
        let command =
            Command { document_id: self.document.id().to_owned(), stamp, operation: Operation::Batch(operations) };
        self.apply_undoably(command);
    }

    /// Applies a command of this coder's, to be undone in one step; says why if it is refused.
    fn apply_undoably(&mut self, command: Command) {
        let mut project = Rc::unwrap_or_clone(std::mem::take(&mut self.project));
        match apply(&mut project, command, Origin::Local) {
            Ok(change) => {
                self.history.record(change);
                self.revision += 1;
            }
            Err(error) => self.error(capitalised(&error.to_string())),
        }
        self.project = Rc::new(project);
    }

    /// Shows `document` as the project has it (it may hold it under another id, with the same text).
    fn show_document_of(&mut self, document: &Document) {
        let same = self.project.documents().iter().find(|mine| mine.fingerprint() == document.fingerprint());
        if let Some(shown) = same.or_else(|| self.project.document(document.id())).cloned() {
            self.document = shown;
        }
    }

    /// Keeps the document shown the project's copy of it.
    fn show_a_document_of_the_project(&mut self) {
        self.document = shown_document(&self.project, self.document.id());
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
            Action::Apply(operations, at) => state.apply_local(operations, at),
            Action::Compare(comparison) => state.comparison = comparison,
            Action::JoinedRoom { room, server } => {
                state.live = Some(LiveSession {
                    room,
                    server,
                    connection: Connection::Connecting,
                    waiting: 0,
                    peers: Vec::new(),
                });
            }
            Action::RoomStatus { connection, waiting } => {
                if let Some(live) = &mut state.live {
                    live.connection = connection;
                    live.waiting = waiting;
                }
            }
            Action::RoomPeers(peers) => {
                if let Some(live) = &mut state.live {
                    live.peers = peers;
                }
            }
            Action::LeftRoom => {
                state.live = None;
                state.info("You left the live session. Your copy of the project stays in this browser.".into());
            }
            Action::FromRoom(records, merging) => {
                let mut mine = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                let merged = (merging.merge)(&mut mine, &records);
                state.project = Rc::new(mine);
                if !merged.change.is_empty() {
                    // Kept in this browser too (autosave), so leaving or going offline loses nothing.
                    state.revision += 1;
                    state.forget_closed_highlights();
                    // A document only the room had is shown when this tab's holds no highlight.
                    if merged.report.added.documents > 0
                        && state.project.annotations_in(state.document.id()).next().is_none()
                    {
                        if let Some(document) = state.project.main_document() {
                            state.document = document.clone();
                        }
                    }
                }
            }
            Action::SetBlind(blind, at) => {
                state.apply_local(vec![Operation::SetBlind(blind)], at);
                if blind {
                    state.info("Blind coding is on: each coder sees only their own highlights, and no agreement, until they choose \"Reveal\". Save and share the project file so that the others code blind too.".into());
                }
            }
            Action::Reveal => state.revealed = Some(state.project.settings().stamp.at),
            Action::Adjudicate { operations, at, then_move } => {
                let command = consensus_command(&state.project, state.document.id(), at, operations);
                state.apply_undoably(command);
                // The decision is shown: the consensus layer comes into view if it was hidden.
                state.layers = state.layers.with_coder_shown(annotator_core::coder::CONSENSUS_ID, true);
                if let Some(annotation_id) = then_move.filter(|id| state.project.annotation(*id).is_some()) {
                    state.moving = Some(annotation_id);
                    state.info(
                        "Select the passage the consensus should have, then choose \"Move highlight here\".".into(),
                    );
                }
            }
            Action::TagSelection { theme_id, annotation_id, at } => {
                if let Some(selection) = state.selection.take() {
                    let create = Operation::CreateAnnotation {
                        id: annotation_id,
                        span: selection.span,
                        theme_ids: vec![theme_id],
                    };
                    state.apply_local(vec![create], at);
                }
            }
            Action::CreateThemeAndTag { theme_id, name, colour, annotation_id, at } => {
                let mut operations =
                    vec![Operation::CreateTheme { id: theme_id, name, colour, description: String::new() }];
                if let Some(selection) = state.selection.take() {
                    operations.push(Operation::CreateAnnotation {
                        id: annotation_id,
                        span: selection.span,
                        theme_ids: vec![theme_id],
                    });
                }
                state.apply_local(operations, at);
            }
            Action::InVivo { theme_id, annotation_id, at } => {
                if let Some(selection) = state.selection.take() {
                    match annotator_core::in_vivo::in_vivo(
                        &state.project,
                        &state.document,
                        selection.span,
                        theme_id,
                        annotation_id,
                    ) {
                        Ok(coded) => {
                            let revision = state.revision;
                            state.apply_local(coded.operations, at);
                            if state.revision != revision {
                                state.info(if coded.is_new {
                                    format!("Made the theme \"{}\" and tagged the passage with it.", coded.name)
                                } else {
                                    format!(
                                        "The codebook has a theme \"{}\" already: the passage is tagged with it.",
                                        coded.name
                                    )
                                });
                            }
                        }
                        Err(error) => state.error(capitalised(&error.to_string())),
                    }
                }
            }
            Action::Find(find) => {
                state.find = find;
                state.pending_matches = None;
            }
            Action::StartTaggingMatches(pending) => {
                if pending.is_some() {
                    state.selection = None;
                    state.open = None;
                }
                state.pending_matches = pending;
            }
            Action::TagMatches { theme_id, new_theme, annotation_ids, at } => {
                if let Some(pending) = state.pending_matches.take() {
                    let mut operations: Vec<Operation> = new_theme
                        .map(|(name, colour)| Operation::CreateTheme {
                            id: theme_id,
                            name,
                            colour,
                            description: String::new(),
                        })
                        .into_iter()
                        .collect();
                    operations.extend(
                        pending.spans.iter().zip(annotation_ids).map(|(span, id)| Operation::CreateAnnotation {
                            id,
                            span: *span,
                            theme_ids: vec![theme_id],
                        }),
                    );
                    let count = pending.spans.len();
                    let revision = state.revision;
                    state.apply_local(operations, at);
                    if state.revision != revision {
                        state.info(format!(
                            "Tagged {count} match{}, each as its own highlight. One undo takes them all away.",
                            if count == 1 { "" } else { "es" }
                        ));
                    }
                }
            }
            Action::MoveToSelection(at) => {
                if let (Some(annotation_id), Some(selection)) = (state.moving, state.selection) {
                    state.moving = None;
                    state.selection = None;
                    state.apply_local(vec![Operation::MoveAnnotation { annotation_id, span: selection.span }], at);
                }
            }
            Action::ToggleTheme { annotation_id, theme_id, at } => {
                let tagged =
                    state.project.annotation(annotation_id).is_some_and(|annotation| annotation.has_theme(theme_id));
                let operation = if tagged {
                    Operation::RemoveAnnotationTheme { annotation_id, theme_id }
                } else {
                    Operation::AddAnnotationTheme { annotation_id, theme_id }
                };
                state.apply_local(vec![operation], at);
            }
            Action::Undo(at) => {
                let stamp = Stamp::new(at, state.me.id);
                let mut project = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                let result = state.history.undo(&mut project, stamp);
                state.project = Rc::new(project);
                match result {
                    Some(Ok(change)) if change.is_empty() => {
                        state.info("That change had been replaced by other coders' later edits.".into())
                    }
                    Some(Ok(_)) => state.revision += 1,
                    Some(Err(error)) => state.error(format!("Could not undo: {error}")),
                    None => state.info("Nothing to undo.".into()),
                }
                state.show_a_document_of_the_project();
            }
            Action::Redo(at) => {
                let stamp = Stamp::new(at, state.me.id);
                let mut project = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                let result = state.history.redo(&mut project, stamp);
                state.project = Rc::new(project);
                match result {
                    Some(Ok(_)) => state.revision += 1,
                    Some(Err(error)) => state.error(format!("Could not redo: {error}")),
                    None => state.info("Nothing to redo.".into()),
                }
            }
            Action::MergeProjects { file_names, projects, notes, merging } => {
                let busiest = projects.iter().max_by_key(|incoming| incoming.annotations().count());
                let shown = busiest.and_then(Project::main_document).cloned();
                let mut project = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                // All the files in one pass: each record written once, the files' records moved.
                let Merged { change, report } = (merging.merge_all)(&mut project, projects);
                state.project = Rc::new(project);
                // Merging files is this person's doing: it is undone in one step like any of theirs.
                let change = annotator_core::Change { edits: change.edits, origin: Origin::Local };
                let changed = !change.is_empty();
                state.history.record(change);
                if changed {
                    state.revision += 1;
                }
                if let Some(shown) = shown {
                    state.show_document_of(&shown);
                }
                state.selection = None;
                state.open = None;
                let names = file_names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
                let summary = report.summary();
                let notes: Vec<&str> = notes.iter().map(String::as_str).filter(|note| !note.is_empty()).collect();
                // A file of another tool is imported (what reading it found comes first); files of
                // this app are merged.
                let text = if notes.is_empty() {
                    format!("Merged {names}: {summary}")
                } else {
                    format!("Imported {names}. {} Merged: {summary}", notes.join(" "))
                };
                state.info(text);
            }
            Action::ReplaceProject { file_name, project } => {
                // Replacing is every record of the file put over this project's, and every record
                // only this project has put away as a tombstone: one change, so it undoes.
                let mut records: Vec<Record> = Vec::new();
                let at = project
                    .all_annotations()
                    .map(|a| a.modified().at)
                    .chain(state.project.all_annotations().map(|a| a.modified().at))
                    .max()
                    .unwrap_or_default();
                let stamp = Stamp::new(Timestamp(at.0 + 1), state.me.id);
                for annotation in state.project.annotations() {
                    if project.annotation_record(annotation.id).is_none() {
                        let mut gone = annotation.clone();
                        gone.deleted = Some(stamp.at);
                        gone.stamps.life = stamp.succeeding(gone.modified());
                        records.push(Record::Annotation(Rc::new(gone)));
                    }
                }
                records.extend(project.documents().iter().cloned().map(Record::Document));
                records.extend(project.coders().iter().cloned().map(|coder| Record::Coder(Box::new(coder))));
                records.extend(project.all_themes().iter().cloned().map(|theme| Record::Theme(Box::new(theme))));
                records.extend(project.shared_annotations().iter().cloned().map(Record::Annotation));
                records.push(Record::Settings(*project.settings()));
                state.apply_undoably(Command {
                    document_id: String::new(),
                    stamp,
                    operation: Operation::Restore(records),
                });
                if let Some(shown) = project.main_document() {
                    state.show_document_of(shown);
                }
                state.selection = None;
                state.open = None;
                state.info(format!("Opened \"{file_name}\" in place of this project. Undo brings your work back."));
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
                // A document is added at no time of its own: documents carry no stamps.
                state.apply_local(vec![Operation::AddDocument(document.clone())], Timestamp::default());
                state.show_document_of(&document);
                state.info(if known {
                    format!("\"{title}\" is open already.")
                } else {
                    format!("Added \"{title}\" to the project.")
                });
            }
            Action::Select(selection) => {
                state.selection = selection;
                state.pending_matches = None;
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
            Action::SetMyName(name) => {
                state.ask_name &= name.trim().is_empty();
                state.me.name = name;
            }
            Action::SkipName => state.ask_name = false,
            Action::ProjectFromOtherTab(project, merging) => {
                let mut mine = Rc::unwrap_or_clone(std::mem::take(&mut state.project));
                let merged = (merging.merge)(&mut mine, &project);
                state.project = Rc::new(mine);
                if !merged.change.is_empty() {
                    // Undo stays: it puts back only what no other coder wrote since.
                    state.info("Updated with changes made in another tab.".into());
                }
                // When this tab holds something the other does not (both changed within the
                // same moment), it writes the merged project back, so the two end up equal.
                let other_lacks = (merging.merge)(&mut project.clone(), &state.project).report.changed() > 0;
                if other_lacks {
                    state.revision += 1;
                }
                state.show_a_document_of_the_project();
            }
            Action::Restored(restored) => {
                state.restoring = false;
                match restored {
                    Ok(Some((project, notice))) => {
                        let shown = state.last_shown.take().unwrap_or_else(|| state.document.id().to_owned());
                        state.document = shown_document(&project, &shown);
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
            Action::AskToOpen(pending) => state.pending_open = pending,
            Action::ShowLayers(layers) => {
                state.layers = layers;
                // A highlight hidden by its layer is not left open.
                if state.open.as_ref().is_some_and(|open| {
                    state
                        .project
                        .annotation(open.shown)
                        .is_some_and(|annotation| !state.seen_layers().shows(annotation))
                }) {
                    state.open = None;
                }
            }
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

/// `text` with a capital and a full stop: a core error as a sentence for the person.
pub fn capitalised(text: &str) -> String {
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
    use crate::merging::CORE_MERGE;
    use annotator_core::theme::starter_codebook;
    use annotator_core::CoderId;
    use uuid::Uuid;

    fn coder(n: u128, name: &str) -> Coder {
        let id = CoderId(Uuid::from_u128(n));
        Coder { id, name: name.into(), colour: "#1f77b4".into(), stamp: Stamp::new(Timestamp(0), id) }
    }

    fn start_as(me: Coder) -> Rc<AppState> {
        let document = Rc::new(communique());
        let project = Project::new(&document, starter_codebook(Stamp::default()));
        Rc::new(AppState::new(document, project, me))
    }

    fn start() -> Rc<AppState> {
        start_as(coder(1, "me"))
    }

    fn create(state: &AppState, n: u128, start: usize, end: usize) -> Action {
        let theme: ThemeId = state.project.themes().next().unwrap().id;
        let span = Span::new(start, end).unwrap();
        Action::Apply(
            vec![Operation::CreateAnnotation { id: AnnotationId(Uuid::from_u128(n)), span, theme_ids: vec![theme] }],
            Timestamp(5),
        )
    }

    #[test]
    fn applying_undoing_and_refusing_commands() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let state = state.reduce(action);
        assert_eq!((state.project.annotations().count(), state.revision), (1, 1));
        assert_eq!(
            state.project.coder(state.me.id).map(|coder| coder.name.as_str()),
            Some("me"),
            "the coder joins the project"
        );
        let state = state.reduce(Action::Undo(Timestamp(6)));
        assert_eq!((state.project.annotations().count(), state.revision), (0, 2));
        let state = state.reduce(Action::Redo(Timestamp(7)));
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
        assert!(!state.project.annotation(annotation_id).unwrap().has_theme(theme_id));
        let state = state.reduce(toggle);
        assert!(state.project.annotation(annotation_id).unwrap().has_theme(theme_id));
        let state = state.reduce(Action::Undo(Timestamp(4)));
        assert!(!state.project.annotation(annotation_id).unwrap().has_theme(theme_id), "each step undoes alone");
    }

    #[test]
    fn a_new_theme_and_its_highlight_undo_as_one_step() {
        let state = start();
        let anchor = Anchor::default();
        let state = state.reduce(Action::Select(Some(PendingSelection { span: Span::new(10, 20).unwrap(), anchor })));
        let theme_id = ThemeId(Uuid::from_u128(77));
        let annotation_id = AnnotationId(Uuid::from_u128(78));
        let state = state.reduce(Action::CreateThemeAndTag {
            theme_id,
            name: "Energy".into(),
            colour: "#000000".into(),
            annotation_id,
            at: Timestamp(3),
        });
        assert!(state.project.annotation(annotation_id).unwrap().has_theme(theme_id));
        let state = state.reduce(Action::Undo(Timestamp(4)));
        assert!(state.project.annotation(annotation_id).is_none());
        assert!(state.project.theme(theme_id).is_none(), "the theme goes with its highlight");
        assert!(!state.history.can_undo());
    }

    #[test]
    fn every_match_tagged_at_once_undoes_in_one_step_and_in_vivo_names_a_theme() {
        let state = start();
        let text = state.document.text().to_owned();
        let results = annotator_core::search::search(&text, "Coalition", Default::default(), []).unwrap();
        let spans: Vec<Span> = results.matches.iter().map(|found| found.span).collect();
        assert!(spans.len() > 3, "the communiqué names the Coalition often");
        let pending = PendingMatches { spans: Rc::new(spans.clone()), anchor: Anchor::default() };
        let state = state.reduce(Action::StartTaggingMatches(Some(pending)));
        let theme_id = state.project.themes().next().unwrap().id;
        let annotation_ids: Vec<AnnotationId> =
            (0..spans.len()).map(|n| AnnotationId(Uuid::from_u128(1000 + n as u128))).collect();
        let state = state.reduce(Action::TagMatches { theme_id, new_theme: None, annotation_ids, at: Timestamp(2) });
        assert_eq!(state.project.annotations().count(), spans.len());
        assert!(state.project.annotations().all(|a| a.quote.exact.eq_ignore_ascii_case("coalition")));
        assert_eq!(state.pending_matches, None);
        let state = state.reduce(Action::Undo(Timestamp(3)));
        assert_eq!(state.project.annotations().count(), 0, "one undo takes every match away");

        let selection = PendingSelection { span: spans[0], anchor: Anchor::default() };
        let state = state.reduce(Action::Select(Some(selection)));
        let theme_id = ThemeId(Uuid::from_u128(77));
        let annotation_id = AnnotationId(Uuid::from_u128(78));
        let state = state.reduce(Action::InVivo { theme_id, annotation_id, at: Timestamp(4) });
        assert_eq!(state.project.theme(theme_id).map(|theme| theme.name.as_str()), Some("Coalition"));
        assert!(state.project.annotation(annotation_id).unwrap().has_theme(theme_id));
        let state = state.reduce(Action::Undo(Timestamp(5)));
        assert!(state.project.theme(theme_id).is_none() && state.project.annotation(annotation_id).is_none());
    }

    #[test]
    fn other_coders_files_merge_in_one_undoable_step_and_the_same_file_twice_adds_nothing() {
        let mine = start().reduce(create(&start(), 1, 10, 20));
        let amira = start_as(coder(2, "Amira"));
        let amira = amira.clone().reduce(create(&amira, 2, 30, 40));
        let ben = start_as(coder(3, "Ben"));
        let ben = ben.clone().reduce(create(&ben, 3, 50, 60));
        let files = |projects: Vec<Project>| Action::MergeProjects {
            file_names: vec!["amira.json".into(), "ben.json".into()],
            projects,
            notes: Vec::new(),
            merging: CORE_MERGE,
        };
        let merged = mine.reduce(files(vec![(*amira.project).clone(), (*ben.project).clone()]));
        assert_eq!(merged.project.annotations().count(), 3);
        let names: Vec<String> = merged.project.coders().iter().map(|coder| coder.name.clone()).collect();
        assert_eq!(names, vec!["me", "Amira", "Ben"]);
        let notice = merged.notice.clone().unwrap().text;
        assert!(notice.starts_with("Merged \"amira.json\", \"ben.json\": 2 highlights added, 0 updated"), "{notice}");
        assert!(notice.contains("2 coders joined"), "{notice}");
        let revision = merged.revision;
        let again = merged.clone().reduce(files(vec![(*amira.project).clone()]));
        assert_eq!((again.project.annotations().count(), again.revision), (3, revision), "nothing new");
        let undone = merged.reduce(Action::Undo(Timestamp(9)));
        assert_eq!(undone.project.annotations().count(), 1, "the merge undoes in one step");
    }

    #[test]
    fn replacing_the_project_is_undoable() {
        let mine = start().reduce(create(&start(), 1, 10, 20));
        let other = start_as(coder(2, "Amira"));
        let other = other.clone().reduce(create(&other, 2, 30, 40));
        let replaced = mine.reduce(Action::ReplaceProject {
            file_name: "amira.json".into(),
            project: Box::new((*other.project).clone()),
        });
        let live: Vec<u128> = replaced.project.annotations().map(|a| a.id.0.as_u128()).collect();
        assert_eq!(live, vec![2]);
        let undone = replaced.reduce(Action::Undo(Timestamp(99)));
        let live: Vec<u128> = undone.project.annotations().map(|a| a.id.0.as_u128()).collect();
        assert_eq!(live, vec![1]);
    }

    #[test]
    fn another_tabs_project_is_merged_and_written_back_only_when_this_tab_holds_more() {
        let state = start();
        let action = create(&state, 1, 10, 20);
        let elsewhere = state.clone().reduce(action);
        let state = state.reduce(Action::ProjectFromOtherTab((*elsewhere.project).clone(), CORE_MERGE));
        assert_eq!(state.project.annotations().count(), 1);
        assert_eq!(state.revision, 0, "nothing to write back");
        // Both tabs changed: this one keeps its change and the other's, and writes them.
        let mine = state.clone().reduce(create(&state, 2, 30, 40));
        let theirs = elsewhere.clone().reduce(create(&elsewhere, 3, 50, 60));
        let both = mine.clone().reduce(Action::ProjectFromOtherTab((*theirs.project).clone(), CORE_MERGE));
        assert_eq!(both.project.annotations().count(), 3);
        assert_eq!(both.revision, mine.revision + 1, "written back");
        assert!(both.history.can_undo(), "this tab's undo stays");
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

    #[test]
    fn hiding_a_layer_closes_its_open_highlight() {
        let state = start();
        let state = state.clone().reduce(create(&state, 1, 10, 20));
        let id = AnnotationId(Uuid::from_u128(1));
        let state = state.reduce(Action::Open(Some(OpenHighlights {
            annotation_ids: vec![id],
            shown: id,
            anchor: Anchor::default(),
        })));
        let me = state.me.id;
        let state = state.clone().reduce(Action::ShowLayers(state.layers.with_coder_shown(me, false)));
        assert_eq!(state.open, None);
    }
}
