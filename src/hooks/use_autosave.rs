//! Keeping the work in the browser: restored when the app starts, written shortly after every
//! change, to local storage or (when large) IndexedDB. A stored project that cannot be read is
//! moved aside, never overwritten unread.

use crate::default_document::communique;
use crate::dom::storage::{
    in_database_note, is_in_database_note, load, load_me, store, CODER_KEY, LOCAL_STORAGE_LIMIT, PROJECT_KEY,
    UNREADABLE_PROJECT_KEY,
};
use crate::dom::{first_paint, indexed_db};
use crate::state::{shown_document, Action, AppState, Notice};
use annotator_core::theme::starter_codebook;
use annotator_core::{Document, Project, Stamp};
use annotator_formats::project_file::{self, Rewriter};
use annotator_formats::{FileError, ImportReport};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The state the app starts in: the communiqué, with the stored project if there is one. A
/// project kept in IndexedDB, or of an earlier version than this app writes, is read after the
/// first render ([`restore`]; `restoring` is set until then).
pub fn initial_state() -> AppState {
    let communique = Rc::new(communique());
    let me = load_me(crate::dom::clock::now());
    // The starter codebook is the same in every browser (fixed ids, time and no coder), so that
    // two fresh projects merge without a difference in it.
    let fresh = Project::new(&communique, starter_codebook(Stamp::default()));
    let (project, notice, storage_problem, restoring) = match load(PROJECT_KEY) {
        Ok(None) => (fresh, None, None, false),
        Ok(Some(text)) if is_in_database_note(&text) => {
            DATABASE_HOLDS_PROJECT.set(true);
            (fresh, None, None, true)
        }
        Ok(Some(text)) => match project_file::read_current(&text, std::slice::from_ref(&communique)) {
            None => (fresh, None, None, true),
            Some(read) => match restored(read) {
                Ok((project, notice)) => (project, notice, None, false),
                Err(error) => {
                    let kept = store(UNREADABLE_PROJECT_KEY, &text).is_ok();
                    (fresh, Some(unreadable(&error, kept.then_some("local storage"))), None, false)
                }
            },
        },
        Err(problem) => (fresh, None, Some(problem), false),
    };
    let last_shown = load(crate::dom::storage::SHOWN_DOCUMENT_KEY).ok().flatten();
    let document = shown_document(&project, last_shown.as_deref().unwrap_or(communique.id()));
    let ask_name = me.name.trim().is_empty() && !crate::dom::storage::holds(crate::dom::storage::NAME_SKIPPED_KEY);
    let mut state = AppState::new(document, project, me);
    state.ask_name = ask_name;
    state.revealed = load(crate::dom::storage::REVEALED_KEY)
        .ok()
        .flatten()
        .and_then(|text| text.parse::<i64>().ok())
        .map(annotator_core::Timestamp);
    state.last_shown = last_shown.filter(|_| restoring);
    state.notice = notice;
    state.storage_problem = storage_problem;
    state.restoring = restoring;
    state
}

/// Reads a project file (`project_file::read`'s type).
pub type ReadProject = fn(&str, &[Rc<Document>]) -> Result<(Project, ImportReport), FileError>;

crate::on_demand!(
    /// The full reader of project files (every version, and what is wrong with a file that is
    /// not one), fetched for stored work that is not of the version this app writes.
    pub FULL_READER: ReadProject, project_reader => project_file::read
);

/// Why stored work was not read.
enum NotRead {
    /// It is not a project this app reads (why).
    Unreadable(String),
    /// It could not be read and was put aside: what to tell the person.
    PutAside(Notice),
    /// It is of an earlier version, and the code that reads those could not be fetched: it is
    /// left where it is, and nothing is written over it.
    ReaderNotFetched,
}

/// Reads stored work: at once when it is of the version this app writes, else with the full
/// reader, fetched first.
async fn read_kept(text: &str, communique: &Rc<Document>) -> Result<(Project, Option<Notice>), NotRead> {
    let known = std::slice::from_ref(communique);
    let read = match project_file::read_current(text, known) {
        Some(read) => read,
        None => FULL_READER.fetch().await.ok_or(NotRead::ReaderNotFetched)?(text, known),
    };
    restored(read).map_err(NotRead::Unreadable)
}

/// The person is told that stored work of an earlier version waits for its reader.
fn reader_not_fetched() -> Notice {
    Notice::error(
        "The work stored in this browser is of an earlier version of this app, and the code that reads it could not be fetched (the server may be gone or the connection lost). It stays as it is and nothing is written over it: reload the page once the connection is back.",
    )
}

/// A stored project as read back, with what to tell the person if its highlights had to be
/// placed again.
fn restored(read: Result<(Project, ImportReport), FileError>) -> Result<(Project, Option<Notice>), String> {
    let (project, report) = read.map_err(|error| error.to_string())?;
    let notice = (report.moved + report.orphans > 0).then(|| {
        Notice::info(format!(
            "The document's text changed since this work was stored, so its highlights were placed again. {}",
            report.summary()
        ))
    });
    Ok((project, notice))
}

/// The message for a stored project that could not be read, and where it was put aside.
fn unreadable(error: &str, kept_in: Option<&str>) -> Notice {
    let where_kept =
        kept_in.map(|place| format!(" It was kept in {place} under \"{UNREADABLE_PROJECT_KEY}\".")).unwrap_or_default();
    Notice::error(format!("The work stored in this browser could not be restored. {error}{where_kept}"))
}

/// What the app does with the stored work it did not read as it started: the project kept in
/// IndexedDB, or one of an earlier version in local storage. Work that cannot be read is put
/// aside; work whose reader cannot be fetched is left as it is, the app still restoring (so that
/// nothing is written over it), and the person told.
pub async fn restore(communique: Rc<Document>) -> Action {
    let in_local_storage = load(PROJECT_KEY).ok().flatten().filter(|text| !is_in_database_note(text));
    let read = match in_local_storage {
        None => read_from_database(communique).await,
        Some(text) => match read_kept(&text, &communique).await {
            Err(NotRead::Unreadable(error)) => {
                let kept = store(UNREADABLE_PROJECT_KEY, &text).is_ok();
                Err(NotRead::PutAside(unreadable(&error, kept.then_some("local storage"))))
            }
            read => read.map(Some),
        },
    };
    match read {
        Ok(found) => Action::Restored(Ok(found)),
        Err(NotRead::PutAside(notice)) => Action::Restored(Err(notice)),
        Err(NotRead::Unreadable(error)) => Action::Restored(Err(Notice::error(error))),
        Err(NotRead::ReaderNotFetched) => {
            // The app, still restoring, shows the message in place of what was painted ahead.
            first_paint::remove_drawn_ahead();
            Action::Notify(reader_not_fetched())
        }
    }
}

/// Reads the project kept in IndexedDB, as the app starts or when another tab saved it (`None`
/// when it is not there). One that cannot be read is put aside.
async fn read_from_database(communique: Rc<Document>) -> Result<Option<(Project, Option<Notice>)>, NotRead> {
    let text = indexed_db::get(PROJECT_KEY).await.map_err(|problem| {
        NotRead::Unreadable(format!("The work stored in this browser could not be read: {problem}."))
    })?;
    let Some(text) = text else { return Ok(None) };
    match read_kept(&text, &communique).await {
        Err(NotRead::Unreadable(error)) => {
            let kept = indexed_db::put(UNREADABLE_PROJECT_KEY, &text).await.is_ok();
            Err(NotRead::PutAside(unreadable(&error, kept.then_some("the browser's database"))))
        }
        read => read.map(Some),
    }
}

/// Reads what another tab stored (in local storage, or the database its note points to); `None`
/// if it cannot be read here, as this tab's own copy is intact and is written again on its next
/// change.
pub async fn read_from_other_tab(text: String, communique: Rc<Document>) -> Option<Project> {
    let found = if is_in_database_note(&text) {
        read_from_database(communique).await.ok().flatten()
    } else {
        read_kept(&text, &communique).await.ok()
    };
    found.map(|(project, _)| project)
}

thread_local! {
    /// Whether the database may hold a version of the project (the app found one at start or
    /// wrote one), to be cleared once the project is small enough for local storage again.
    static DATABASE_HOLDS_PROJECT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many writes have been started, so a slow database write can tell it was overtaken.
    static WRITES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Past this many records the autosave does not know yet, they are written ahead at idle time.
const WARM_AFTER: usize = 500;

/// How long after the last change the project is written: a burst of changes (typing, undoing
/// several steps) is written once, and never in the frame that shows a change.
pub const AUTOSAVE_DELAY_MS: u32 = 200;

/// Writes the project to the browser's storage (local storage, or IndexedDB when large) shortly
/// after every change, and at once when the page is left, so that nothing waits in vain. A failure shows a lasting warning (the work stays in
/// memory); success clears it. Each write is measured as the `autosave` performance entry.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>) {
    let pending: Rc<RefCell<Option<Pending>>> = use_mut_ref(|| None);
    let rewriter = use_mut_ref(Rewriter::default);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let pending = pending.clone();
        let project = state.project.clone();
        let dispatcher = state.dispatcher();
        let had_problem = state.storage_problem.is_some();
        let restoring = state.restoring;
        let rewriter = rewriter.clone();
        use_effect_with(state.revision, move |revision| {
            // Until the stored project is read, nothing may be written over it.
            if *revision > 0 && !restoring {
                *pending.borrow_mut() = Some(Pending { project, dispatcher, had_problem });
                let pending = pending.clone();
                *timer.borrow_mut() =
                    Some(Timeout::new(AUTOSAVE_DELAY_MS, move || write_pending(&pending, &mut rewriter.borrow_mut())));
            }
        });
    }
    {
        let (pending, rewriter) = (pending.clone(), rewriter.clone());
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                write_pending(&pending, &mut rewriter.borrow_mut())
            });
            move || drop(listener)
        });
    }
    // After a project is read (from storage, a file or another tab), its records are written
    // once while the browser is idle, so that the autosave after the next change serialises
    // only that change.
    use_effect_with(state.project.clone(), move |project| {
        // A write still waiting takes the project as it is now: a merge from another tab since
        // the change that scheduled it must not be written over by the older copy.
        if let Some(waiting) = pending.borrow_mut().as_mut() {
            waiting.project = project.clone();
        }
        if rewriter.borrow().unknown_records(project) > WARM_AFTER {
            let project = project.clone();
            let warm = Closure::once_into_js(move || {
                if pending.borrow().is_none() {
                    rewriter.borrow_mut().write(&project);
                }
            });
            // Browsers without idle callbacks skip this: the next autosave writes it all.
            let _ = gloo::utils::window().request_idle_callback(warm.unchecked_ref());
        }
    });
    {
        let dispatcher = state.dispatcher();
        let document = state.document.clone();
        use_effect_with(state.restoring, move |restoring| {
            if *restoring {
                yew::platform::spawn_local(async move {
                    dispatcher.dispatch(restore(document).await);
                });
            }
        });
    }
    use_effect_with(state.me.clone(), |me| {
        let _ = store(CODER_KEY, &annotator_formats::project_file::write_coder(me));
    });
    use_effect_with((state.document.id().to_owned(), state.restoring), |(shown, restoring)| {
        if !*restoring {
            let _ = store(crate::dom::storage::SHOWN_DOCUMENT_KEY, shown);
        }
    });
    use_effect_with(state.revealed, |revealed| {
        if let Some(revealed) = revealed {
            let _ = store(crate::dom::storage::REVEALED_KEY, &revealed.0.to_string());
        }
    });
    use_effect_with(state.ask_name, |ask_name| {
        if !*ask_name {
            let _ = store(crate::dom::storage::NAME_SKIPPED_KEY, "1");
        }
    });
}

/// A change waiting to be written.
struct Pending {
    project: Rc<Project>,
    dispatcher: UseReducerDispatcher<AppState>,
    had_problem: bool,
}

fn write_pending(pending: &RefCell<Option<Pending>>, rewriter: &mut Rewriter) {
    let Some(Pending { project, dispatcher, had_problem }) = pending.borrow_mut().take() else { return };
    let performance = gloo::utils::window().performance();
    if let Some(performance) = &performance {
        let _ = performance.mark("autosave-start");
    }
    // Only the records changed since the last write are serialised again.
    let text = rewriter.write(&project);
    WRITES.set(WRITES.get() + 1);
    let report = move |stored: Result<(), String>| match stored {
        Ok(()) if had_problem => dispatcher.dispatch(Action::StorageProblem(None)),
        Ok(()) => {}
        Err(problem) => dispatcher.dispatch(Action::StorageProblem(Some(problem))),
    };
    // The copy of the first frame is of what is drawn as the project is written.
    let frame = first_paint::take();
    if text.len() <= LOCAL_STORAGE_LIMIT {
        let stored = store(PROJECT_KEY, &text);
        if stored.is_ok() {
            first_paint::keep(frame);
        } else {
            first_paint::forget();
        }
        measure(performance.as_ref());
        // A larger version of the project left in the database is no longer pointed to.
        if stored.is_ok() && DATABASE_HOLDS_PROJECT.replace(false) {
            yew::platform::spawn_local(async {
                let _ = indexed_db::delete(PROJECT_KEY).await;
            });
        }
        report(stored);
        return;
    }
    DATABASE_HOLDS_PROJECT.set(true);
    // Until the database has the project, the copy kept with the one before it is not shown.
    first_paint::forget();
    // The database writes off the page's thread; the note in local storage (and the copy of the
    // first frame) follow once the project is committed, so a reader never finds the note before
    // the project, and only if no later write has been made meanwhile (its text or note is the
    // one to keep).
    measure(performance.as_ref());
    let this_write = WRITES.get();
    yew::platform::spawn_local(async move {
        let stored = match indexed_db::put(PROJECT_KEY, &text).await {
            Ok(()) if WRITES.get() != this_write => Ok(()),
            Ok(()) => store(PROJECT_KEY, &in_database_note(js_sys::Date::now())).inspect(|()| first_paint::keep(frame)),
            Err(problem) => Err(problem),
        };
        report(stored);
    });
}

/// Ends the `autosave` performance entry: the time the page's thread spent on the write.
fn measure(performance: Option<&web_sys::Performance>) {
    if let Some(performance) = performance {
        let _ = performance.measure_with_start_mark("autosave", "autosave-start");
    }
}
