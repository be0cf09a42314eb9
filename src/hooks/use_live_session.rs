//! The page's side of a live session: starts the sync worker on the first join, hands it this
//! tab's changes and presence, and turns what it says into actions. The address carries the
//! room (`?session=ROOM`, and `&server=ws://…` for another server than `make session`'s), so a
//! link joins it.
//!
//! What only a session needs (the worker and its messages) is fetched on the first join
//! (`crate::live::in_session`); this hook holds the session between renders and calls it.

use crate::live::in_session::{SessionCode, SESSION};
use crate::live::DEFAULT_SERVER;
use crate::merging::{Merging, MERGING};
use crate::state::{Action, AppState, Notice};
use annotator_core::{Document, Project};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

/// What the top bar can do with a session.
#[derive(Clone, PartialEq)]
pub struct LiveControls {
    /// Starts a session in a new room.
    pub start: Callback<()>,
    /// Leaves the room.
    pub leave: Callback<()>,
}

/// The worker, once started, and what waits for it to be ready.
#[derive(Default)]
pub struct Link {
    /// The sync worker, started on the first join.
    pub worker: Option<Worker>,
    ready: bool,
    queue: Vec<String>,
    /// What reads the worker's messages (kept as long as the worker).
    pub on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    /// The project as last handed to the worker: what changed since is sent next.
    pub sent: Option<Rc<Project>>,
    /// The documents this tab holds, to read the worker's records onto.
    pub documents: Vec<Rc<Document>>,
    /// The session's code, once fetched.
    code: Option<SessionCode>,
    /// The merge, fetched with it, for what the room sends.
    pub merging: Option<Merging>,
}

/// The link as the hook and the session's code share it.
pub type SharedLink = Rc<std::cell::RefCell<Link>>;

impl Link {
    /// Hands a message (JSON) to the worker, or keeps it until the worker is ready.
    pub fn send(&mut self, json: String) {
        match (&self.worker, self.ready) {
            (Some(worker), true) => {
                let _ = worker.post_message(&JsValue::from_str(&json));
            }
            _ => self.queue.push(json),
        }
    }

    /// The worker is ready: what waited is handed to it.
    pub fn set_ready(&mut self) {
        self.ready = true;
        let queue = std::mem::take(&mut self.queue);
        if let Some(worker) = &self.worker {
            for json in queue {
                let _ = worker.post_message(&JsValue::from_str(&json));
            }
        }
    }

    /// The session's code, while this tab is in a room.
    fn in_room(&self) -> Option<SessionCode> {
        self.code.filter(|_| self.sent.is_some())
    }
}

/// The room and server the address names, if it names a room.
fn room_in_address() -> Option<(String, String)> {
    let search = gloo::utils::window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let room = params.get("session").filter(|room| valid_room(room))?;
    let server = params.get("server").filter(|server| valid_server(server)).unwrap_or_else(|| DEFAULT_SERVER.into());
    Some((room, server))
}

/// Room ids are what y-sweet accepts in its paths.
fn valid_room(room: &str) -> bool {
    !room.is_empty() && room.len() <= 64 && room.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn valid_server(server: &str) -> bool {
    (server.starts_with("ws://") || server.starts_with("wss://")) && server.len() <= 200
}

/// Writes (or takes out) the room in the address, without reloading.
fn set_address(room: Option<(&str, &str)>) {
    let window = gloo::utils::window();
    let Ok(href) = window.location().href() else { return };
    let Ok(url) = web_sys::Url::new(&href) else { return };
    let params = url.search_params();
    match room {
        Some((room, server)) => {
            params.set("session", room);
            if server != DEFAULT_SERVER {
                params.set("server", server);
            }
        }
        None => {
            params.delete("session");
            params.delete("server");
        }
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url.href()));
    }
}

/// A new room's id: random, as y-sweet makes them.
fn new_room_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..16].to_owned()
}

/// Runs this tab's side of a live session.
#[hook]
pub fn use_live_session(state: &UseReducerHandle<AppState>) -> LiveControls {
    let link = use_mut_ref(Link::default);
    let dispatcher = state.dispatcher();
    // The documents the worker's records are read onto, kept when the project changes (not on
    // every render) while in a room.
    {
        let link = link.clone();
        use_effect_with(state.project.clone(), move |project| {
            let mut guard = link.borrow_mut();
            if guard.in_room().is_some() {
                guard.documents = project.documents().to_vec();
            }
        });
    }

    // The session's code is fetched first, on the first join; the state is the latest drawn.
    let join = {
        let link = link.clone();
        let dispatcher = dispatcher.clone();
        let state = state.clone();
        Rc::new(move |room: String, server: String| {
            let (link, dispatcher, state) = (link.clone(), dispatcher.clone(), state.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (Some(code), Some(merging)) = (SESSION.fetch().await, MERGING.fetch().await) else {
                    return dispatcher.dispatch(Action::Notify(Notice::error(
                        "Could not start the live session: its code could not be fetched (the server may be gone or the connection lost). Your work is unchanged.",
                    )));
                };
                link.borrow_mut().code = Some(code);
                link.borrow_mut().merging = Some(merging);
                (code.join)(&link, &dispatcher, &state, room, server);
            });
        })
    };

    // A link with `?session=ROOM` joins once the stored work is in.
    {
        let join = join.clone();
        let restoring = state.restoring;
        use_effect_with(restoring, move |restoring| {
            if !*restoring {
                if let Some((room, server)) = room_in_address() {
                    join(room, server);
                }
            }
        });
    }

    // The browser knows before a socket does when the network is gone, and when it is back.
    {
        let link = link.clone();
        use_effect_with((), move |_| {
            let listeners: Vec<gloo::events::EventListener> = [("online", true), ("offline", false)]
                .into_iter()
                .map(|(event, online)| {
                    let link = link.clone();
                    gloo::events::EventListener::new(&gloo::utils::window(), event, move |_| {
                        let mut guard = link.borrow_mut();
                        if let Some(code) = guard.in_room() {
                            guard.send((code.network)(online));
                        }
                    })
                })
                .collect();
            move || drop(listeners)
        });
    }

    // Every change since the last one handed over goes to the room. Changes that came from the
    // room go too, when they fall in one step with this tab's: the worker's merge finds nothing
    // new in them, so nothing is sent out again.
    {
        let link = link.clone();
        let project = state.project.clone();
        use_effect_with(state.revision, move |_| {
            let mut guard = link.borrow_mut();
            let (Some(code), Some(sent)) = (guard.in_room(), guard.sent.clone()) else { return };
            if Rc::ptr_eq(&sent, &project) {
                return;
            }
            guard.sent = Some(project.clone());
            if let Some(changes) = (code.changes)(&project, &sent) {
                guard.send(changes);
            }
        });
    }

    // Presence: who, and what they have selected.
    {
        let link = link.clone();
        let state = state.clone();
        let key = (state.selection.map(|selection| selection.span), state.me.clone(), state.document.id().to_owned());
        use_effect_with(key, move |_| {
            let mut guard = link.borrow_mut();
            if let Some(code) = guard.in_room() {
                guard.send((code.presence)(&state));
            }
        });
    }

    let start = {
        let join = join.clone();
        let in_room = state.live.is_some();
        Callback::from(move |()| {
            if in_room {
                return;
            }
            let room = new_room_id();
            let server = room_in_address().map_or_else(|| DEFAULT_SERVER.to_owned(), |(_, server)| server);
            set_address(Some((&room, &server)));
            join(room, server);
        })
    };
    let leave = {
        let link = link.clone();
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| {
            let mut guard = link.borrow_mut();
            if let Some(code) = guard.in_room() {
                guard.send((code.leave)());
            }
            guard.sent = None;
            set_address(None);
            dispatcher.dispatch(Action::LeftRoom);
        })
    };
    LiveControls { start, leave }
}
