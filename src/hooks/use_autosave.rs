//! Keeping the work in local storage: restored once when the app starts, written shortly after
//! every change. A stored project that cannot be read is moved aside, never overwritten unread.

use crate::default_document::communique;
use crate::dom::storage::{load, store, CREATOR_KEY, PROJECT_KEY, UNREADABLE_PROJECT_KEY};
use crate::state::{shown_document, Action, AppState, Notice, NoticeKind};
use annotator_core::theme::starter_codebook;
use annotator_core::Project;
use annotator_formats::project_file;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The state the app starts in: the communiqué, with the stored project if there is one.
pub fn initial_state() -> AppState {
    let communique = Rc::new(communique());
    let creator = load(CREATOR_KEY).ok().flatten().unwrap_or_else(|| "Anonymous coder".to_owned());
    let fresh = || Project::new(&communique, starter_codebook(&creator, crate::dom::clock::now()));
    let (project, notice, storage_problem) = match load(PROJECT_KEY) {
        Ok(None) => (fresh(), None, None),
        Ok(Some(text)) => {
            match project_file::read(&text, std::slice::from_ref(&communique)) {
                Ok((project, report)) if report.moved + report.orphans > 0 => {
                    let text = format!("The document's text changed since this work was stored, so its highlights were placed again. {}", report.summary());
                    (project, Some(Notice { kind: NoticeKind::Info, text }), None)
                }
                Ok((project, _)) => (project, None, None),
                Err(error) => {
                    let kept = store(UNREADABLE_PROJECT_KEY, &text).is_ok();
                    let where_kept = if kept {
                        format!(" It was kept in local storage under \"{UNREADABLE_PROJECT_KEY}\".")
                    } else {
                        String::new()
                    };
                    let notice = Notice {
                        kind: NoticeKind::Error,
                        text: format!("The work stored in this browser could not be restored. {error}{where_kept}"),
                    };
                    (fresh(), Some(notice), None)
                }
            }
        }
        Err(problem) => (fresh(), None, Some(problem)),
    };
    let document = shown_document(&project, communique.id());
    let mut state = AppState::new(document, project, creator);
    state.notice = notice;
    state.storage_problem = storage_problem;
    state
}

/// How long after the last change the project is written: a burst of changes (typing, undoing
/// several steps) is written once, and never in the frame that shows a change.
pub const AUTOSAVE_DELAY_MS: u32 = 200;

/// Writes the project to local storage shortly after every change, and at once when the page
/// is left, so that nothing waits in vain. A failure shows a lasting warning (the work stays in
/// memory); success clears it. Each write is measured as the `autosave` performance entry.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>) {
    let pending: Rc<RefCell<Option<Pending>>> = use_mut_ref(|| None);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let pending = pending.clone();
        let project = state.project.clone();
        let dispatcher = state.dispatcher();
        let had_problem = state.storage_problem.is_some();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                *pending.borrow_mut() = Some(Pending { project, dispatcher, had_problem });
                let pending = pending.clone();
                *timer.borrow_mut() = Some(Timeout::new(AUTOSAVE_DELAY_MS, move || write_pending(&pending)));
            }
        });
    }
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "pagehide", move |_| write_pending(&pending));
        move || drop(listener)
    });
    use_effect_with(state.creator.clone(), |creator| {
        let _ = store(CREATOR_KEY, creator);
    });
}

/// A change waiting to be written.
struct Pending {
    project: Rc<Project>,
    dispatcher: UseReducerDispatcher<AppState>,
    had_problem: bool,
}

fn write_pending(pending: &RefCell<Option<Pending>>) {
    let Some(Pending { project, dispatcher, had_problem }) = pending.borrow_mut().take() else { return };
    let performance = gloo::utils::window().performance();
    if let Some(performance) = &performance {
        let _ = performance.mark("autosave-start");
    }
    let stored = store(PROJECT_KEY, &project_file::write(&project));
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark("autosave", "autosave-start");
    }
    match stored {
        Ok(()) if had_problem => dispatcher.dispatch(Action::StorageProblem(None)),
        Ok(()) => {}
        Err(problem) => dispatcher.dispatch(Action::StorageProblem(Some(problem))),
    }
}
