//! Files the person brings: project files and other tools' files opened or dropped (project
//! files read here and merged or opened, the others imported through the exchange worker), and
//! documents added from files. A part of the page's WebAssembly fetched the first time a file is
//! opened, added, imported or exported (see `crate::on_demand`), with the page's side of the
//! exchange worker (what `crate::hooks::use_exchange` sends it, and its answers), so that the
//! page loaded on opening carries none of it.

use crate::components::open_dialog::{OpenDialog, OpenDialogProps};
use crate::components::top_bar::MAX_PROJECT_FILE_BYTES;
use crate::dom::clock::now;
use crate::dom::download::save_bytes;
use crate::exchange::{ExchangeRequest, ExchangeResponse, ExchangeWorker};
use crate::hooks::use_exchange::{ExchangeBridge, WORKER_SCRIPT};
use crate::merging::dispatch_merging;
use crate::state::{Action, AppState, Notice, NoticeAction, PendingOpen};
use annotator_core::opening::{opening, Opening};
use annotator_core::{Document, Project};
use annotator_formats::detect::{detect, Format};
use annotator_formats::project_file;
use annotator_formats::target_document::SourceMatching;
use gloo::file::callbacks::FileReader;
use gloo::worker::Spawnable;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What reading files needs of the app: where to send what comes of them, the state they were
/// chosen in (its project and shown document), the exchange worker, and the readers under way.
#[derive(Clone)]
pub struct FileContext {
    /// Sends what comes of the files.
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// The state when the files were chosen.
    pub state: UseReducerHandle<AppState>,
    /// Sends a request to the exchange worker.
    pub exchange: Callback<ExchangeRequest>,
    /// The browser's readers of the files, kept until they are done.
    pub readers: Rc<RefCell<Vec<FileReader>>>,
}

impl FileContext {
    /// What to say when the code that reads files cannot be fetched: `what` was not read.
    pub fn cannot_read(&self, what: String) -> impl FnOnce() + 'static {
        let dispatcher = self.dispatcher.clone();
        move || {
            dispatcher.dispatch(Action::Notify(Notice::error(format!(
                "Could not open {what}: the code that reads files could not be fetched (the server may be gone or the connection lost). Your work is unchanged."
            ))))
        }
    }
}

/// The code that reads files, as functions.
#[derive(Clone, Copy)]
pub struct FileCode {
    /// Opens project files and other tools' files, picked or dropped together.
    pub open: fn(FileContext, Vec<web_sys::File>),
    /// Adds a document read from a file (text, Markdown or HTML) to the project.
    pub add_document: fn(FileContext, web_sys::File),
    /// Adds pasted text, with its title, as a document.
    pub add_pasted: fn(FileContext, String, String),
    /// Sends a request to the exchange worker, starting it if need be; its answers become
    /// downloads, merges or messages.
    pub exchange: fn(&ExchangeBridge, &UseReducerDispatcher<AppState>, ExchangeRequest),
    /// Draws the question asked when a project file is opened while this browser holds work.
    pub draw_open_dialog: fn(OpenDialogProps) -> Html,
}

crate::on_demand!(
    /// The code that reads files, fetched the first time a file is opened or added.
    pub FILES: FileCode, files => FileCode {
        open: open_files,
        add_document,
        add_pasted,
        exchange,
        draw_open_dialog: |props| html! { <OpenDialog ..props /> },
    }
);

fn open_files(context: FileContext, files: Vec<web_sys::File>) {
    let dispatcher = &context.dispatcher;
    let exchange = &context.exchange;
    let mut readers = Vec::new();
    let count = files.len();
    let mut refused = Vec::new();
    // Project files are gathered until every one is read, then merged (or opened) together.
    let project_files = Rc::new(std::cell::RefCell::new(OpenedFiles::expecting(files.len(), &context.state.project)));
    for file in files {
        let file_name = file.name();
        if file.size() > MAX_PROJECT_FILE_BYTES {
            let text = format!("Could not open \"{file_name}\": it is {:.1} MB, larger than the 20 MB this app reads. Your highlights are unchanged.", file.size() / 1_048_576.0);
            refused.push(Notice::error(text));
            project_files.borrow_mut().skip(dispatcher, &context.state.project);
            continue;
        }
        let dispatcher = dispatcher.clone();
        let exchange = exchange.clone();
        let project = context.state.project.clone();
        let document = context.state.document.clone();
        let project_files = project_files.clone();
        let state_now = context.state.clone();
        // Every format is read as bytes: zip archives are binary, and text must be UTF-8.
        let reader = gloo::file::callbacks::read_as_bytes(&gloo::file::File::from(file), move |result| {
            let refuse = |text: String| dispatcher.dispatch(Action::Notify(Notice::error(text)));
            match result.map_err(|error| error.to_string()).and_then(|bytes| {
                let format = detect(&file_name, &bytes).map_err(|problem| problem.to_string())?;
                Ok((bytes, format))
            }) {
                Ok((bytes, Format::ProjectFile)) => {
                    let read = {
                        let opened = project_files.borrow();
                        annotator_formats::utf8_text(&file_name, &bytes).map_err(|error| error.to_string()).and_then(
                            |text| {
                                project_file::read(text, opened.known_documents()).map_err(|error| error.to_string())
                            },
                        )
                    };
                    match read {
                        Ok((opened, _)) => project_files.borrow_mut().add(file_name, opened),
                        Err(problem) => {
                            refuse(format!("Could not open \"{file_name}\". {problem} Your highlights are unchanged."));
                            project_files.borrow_mut().skip_quietly();
                        }
                    }
                }
                Ok((bytes, format)) => {
                    project_files.borrow_mut().skip_quietly();
                    exchange.emit(ExchangeRequest::Import {
                        file_name,
                        bytes,
                        format,
                        // The worker needs the documents and the codebook to place and match
                        // what the file brings; the annotations stay here.
                        project_file: project_file::write_compact(&project.without_annotations()),
                        document_id: document.id().to_owned(),
                        at: now().0,
                        matching: SourceMatching::ByAddress,
                    })
                }
                Err(problem) => {
                    refuse(format!("Could not open \"{file_name}\": {problem}. Your highlights are unchanged."));
                    project_files.borrow_mut().skip_quietly();
                }
            }
            project_files.borrow_mut().finish_if_done(&dispatcher, &state_now.project);
        });
        readers.push(reader);
    }
    *context.readers.borrow_mut() = readers;
    // Said once every read has started, so that the browser reads the files while the page
    // draws the message; it is there before the first is in, as reading ends in a later task.
    if count > 1 {
        dispatcher.dispatch(Action::Notify(Notice::info(format!("Reading {count} files…"))));
    }
    for notice in refused {
        dispatcher.dispatch(Action::Notify(notice));
    }
}

fn exchange(bridge: &ExchangeBridge, dispatcher: &UseReducerDispatcher<AppState>, request: ExchangeRequest) {
    let working = match &request {
        ExchangeRequest::Export { format, .. } => format!("Preparing the {} file…", format.label()),
        ExchangeRequest::ExportAgreement { format, .. } => {
            format!("Computing the agreement for the {} file…", format.label())
        }
        ExchangeRequest::ExportTable { file_name, .. } => format!("Preparing \"{file_name}\"…"),
        ExchangeRequest::Import { file_name, .. } | ExchangeRequest::ReadMarkdown { file_name, .. } => {
            format!("Reading \"{file_name}\"…")
        }
    };
    dispatcher.dispatch(Action::Notify(Notice::info(working)));
    let mut bridge = bridge.borrow_mut();
    let bridge = bridge.get_or_insert_with(|| {
        let dispatcher = dispatcher.clone();
        ExchangeWorker::spawner().callback(move |response| answer(&dispatcher, response)).spawn(WORKER_SCRIPT)
    });
    bridge.send(request);
}

fn answer(dispatcher: &UseReducerDispatcher<AppState>, response: ExchangeResponse) {
    let error = |text: String| dispatcher.dispatch(Action::Notify(Notice::error(text)));
    match response {
        ExchangeResponse::Exported { name, mime_type, bytes } => match save_bytes(&name, &mime_type, &bytes) {
            Ok(()) => dispatcher.dispatch(Action::Notify(Notice::info(format!("Saved \"{name}\".")))),
            Err(problem) => error(problem),
        },
        ExchangeResponse::Imported { file_name, project_file, summary } => {
            match project_file::read(&project_file, &[]) {
                Ok((project, _)) => {
                    dispatch_merging(dispatcher, format!("\"{file_name}\""), move |merging| Action::MergeProjects {
                        file_names: vec![file_name],
                        projects: vec![project],
                        notes: vec![summary],
                        merging,
                    })
                }
                Err(problem) => {
                    error(format!("Could not merge \"{file_name}\": {problem} Your highlights are unchanged."))
                }
            }
        }
        ExchangeResponse::ForAnotherSource { file_name, bytes, format, addresses } => {
            let named = match addresses.as_slice() {
                [only] => only.clone(),
                [first, rest @ ..] => format!("{first} (and {} other addresses)", rest.len()),
                [] => "another page".to_owned(),
            };
            let text = format!(
                "Nothing was imported from \"{file_name}\": its annotations are on {named}, which is not a document of this project. Place them on this document: their quotes decide where each goes, and those not found become orphans."
            );
            let action = NoticeAction::PlaceOnShownDocument { file_name, bytes: std::rc::Rc::new(bytes), format };
            dispatcher.dispatch(Action::Notify(Notice::info(text).offering(action)));
        }
        ExchangeResponse::DocumentRead(json) => match project_file::read_document(&json) {
            Ok(document) => dispatcher.dispatch(Action::AddDocument(std::rc::Rc::new(document))),
            Err(problem) => error(format!("Could not open the document: {problem}")),
        },
        ExchangeResponse::Failed(message) => error(message),
    }
}

fn add_pasted(context: FileContext, title: String, text: String) {
    context.dispatcher.dispatch(match new_document(&title, DocumentFormat::PlainText, &text) {
        Ok(document) => Action::AddDocument(Rc::new(document)),
        Err(problem) => Action::Notify(Notice::error(format!("Could not add the text: {problem}."))),
    })
}

fn add_document(context: FileContext, file: web_sys::File) {
    let dispatcher = &context.dispatcher;
    let exchange = &context.exchange;
    let file_name = file.name();
    if file.size() > MAX_DOCUMENT_BYTES {
        let text = format!(
            "Could not open \"{file_name}\": it is {:.1} MB, larger than the 5 MB a document may be.",
            file.size() / 1_048_576.0
        );
        dispatcher.dispatch(Action::Notify(Notice::error(text)));
        return;
    }
    let dispatcher = dispatcher.clone();
    let exchange = exchange.clone();
    let reader = gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |result| {
        let text = match result {
            Ok(text) => text,
            Err(error) => {
                let text = format!("Could not read \"{file_name}\" ({error}).");
                return dispatcher.dispatch(Action::Notify(Notice::error(text)));
            }
        };
        let lower = file_name.to_lowercase();
        let format = if lower.ends_with(".md") || lower.ends_with(".markdown") {
            // Markdown is read in the exchange worker, which carries the parser.
            return exchange.emit(ExchangeRequest::ReadMarkdown { file_name, text });
        } else if lower.ends_with(".html") || lower.ends_with(".htm") {
            DocumentFormat::Html
        } else {
            DocumentFormat::PlainText
        };
        let title = file_name.rsplit_once('.').map_or(file_name.as_str(), |(stem, _)| stem);
        dispatcher.dispatch(match new_document(title, format, &text) {
            Ok(document) => Action::AddDocument(Rc::new(document)),
            Err(problem) => Action::Notify(Notice::error(format!("Could not open \"{file_name}\": {problem}."))),
        });
    });
    *context.readers.borrow_mut() = vec![reader];
}

/// The largest document "Add a document" reads.
const MAX_DOCUMENT_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// The formats a document is read from in the page (Markdown goes to the exchange worker).
enum DocumentFormat {
    PlainText,
    Html,
}

/// A document of `text`, with an id from its fingerprint so that adding it twice finds it.
fn new_document(title: &str, format: DocumentFormat, text: &str) -> Result<Document, String> {
    let title = if title.trim().is_empty() { "Untitled" } else { title.trim() };
    let read = match format {
        DocumentFormat::PlainText => Document::from_plain_text("", title, text),
        DocumentFormat::Html => crate::dom::html_document::document_from_html("", title, text)?,
    };
    if read.is_empty() {
        return Err("it holds no text".into());
    }
    let id = format!("doc-{}", &read.fingerprint()[..12]);
    Ok(Document::from_sources(&id, read.title().to_owned(), read.sources()))
}

/// Project files picked or dropped together, gathered as each is read. When the last is in, the
/// core says what comes of them ([`opening`]: merged in one step, opened in place of a project
/// with no highlights, or the person asked) and this does it.
struct OpenedFiles {
    waiting: usize,
    names: Vec<String>,
    projects: Vec<Project>,
    /// The documents a file read next may share rather than make again: this project's and
    /// those of the files read before (a team's files carry the same text).
    known_documents: Vec<Rc<Document>>,
}

impl OpenedFiles {
    fn expecting(count: usize, project: &Project) -> OpenedFiles {
        OpenedFiles {
            waiting: count,
            names: Vec::new(),
            projects: Vec::new(),
            known_documents: project.documents().to_vec(),
        }
    }

    fn known_documents(&self) -> &[Rc<Document>] {
        &self.known_documents
    }

    fn add(&mut self, name: String, project: Project) {
        self.waiting = self.waiting.saturating_sub(1);
        for document in project.documents() {
            if !self.known_documents.iter().any(|known| Rc::ptr_eq(known, document)) {
                self.known_documents.push(document.clone());
            }
        }
        self.names.push(name);
        self.projects.push(project);
    }

    /// A file that is not a project file, or could not be read.
    fn skip_quietly(&mut self) {
        self.waiting = self.waiting.saturating_sub(1);
    }

    fn skip(&mut self, dispatcher: &UseReducerDispatcher<AppState>, project: &Project) {
        self.skip_quietly();
        self.finish_if_done(dispatcher, project);
    }

    fn finish_if_done(&mut self, dispatcher: &UseReducerDispatcher<AppState>, project: &Project) {
        if self.waiting > 0 {
            return;
        }
        let names = std::mem::take(&mut self.names);
        let mut projects = std::mem::take(&mut self.projects);
        match opening(project, projects.len()) {
            Opening::Nothing => {}
            Opening::MergeAll => {
                let what = names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
                dispatch_merging(dispatcher, what, move |merging| Action::MergeProjects {
                    file_names: names,
                    projects,
                    notes: Vec::new(),
                    merging,
                })
            }
            one => {
                let (Some(file_name), Some(project)) = (names.into_iter().next(), projects.pop()) else { return };
                dispatcher.dispatch(if one == Opening::Replace {
                    Action::ReplaceProject { file_name, project: Box::new(project) }
                } else {
                    Action::AskToOpen(Some(PendingOpen { file_name, project: Rc::new(project) }))
                });
            }
        }
    }
}
