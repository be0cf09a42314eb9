//! The page's side of a live session: starts the sync worker on the first join, hands it this
//! tab's changes and presence, and turns what it says into actions. The address carries the
//! room (`?session=ROOM`, and `&server=ws://…` for another server than `make session`'s), so a
//! link joins it.

use crate::live::{FromRoom, ToRoom, DEFAULT_SERVER, WORKER_SCRIPT};
use crate::state::{Action, AppState, Notice, Peer};
use annotator_core::{Document, Project, Span};
use annotator_formats::project_file;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
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
struct Link {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<String>,
    on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    /// The project as last handed to the worker: what changed since is sent next.
    sent: Option<Rc<Project>>,
    /// The documents this tab holds, to read the worker's records onto.
    documents: Vec<Rc<Document>>,
}

impl Link {
    fn send(&mut self, message: &ToRoom) {
        let Ok(json) = serde_json::to_string(message) else { return };
        match (&self.worker, self.ready) {
            (Some(worker), true) => {
                let _ = worker.post_message(&JsValue::from_str(&json));
            }
            _ => self.queue.push(json),
        }
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

/// A presence in the room, as other Yjs clients write theirs too (`user.name`, `user.color`);
/// the worker adds the tab's `client_id`. Typed, not `serde_json::Value`, which would add its
/// reader and writer to the page.
#[derive(serde::Serialize, serde::Deserialize)]
struct Presence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_id: Option<u64>,
    user: PresenceUser,
    #[serde(default)]
    selection: Option<PresenceSelection>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct PresenceUser {
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: String,
    #[serde(default)]
    coder: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct PresenceSelection {
    document: String,
    start: usize,
    end: usize,
}

/// This person's presence: who, and what they have selected.
fn presence(state: &AppState) -> String {
    let name = if state.me.name.trim().is_empty() { "Anonymous coder" } else { state.me.name.trim() };
    let selection = state.selection.map(|selection| PresenceSelection {
        document: state.document.id().to_owned(),
        start: selection.span.start(),
        end: selection.span.end(),
    });
    let user = PresenceUser { name: name.to_owned(), color: state.me.colour.clone(), coder: state.me.id.to_string() };
    serde_json::to_string(&Presence { client_id: None, user, selection }).unwrap_or_default()
}

/// Someone's presence as the page shows it; a presence another client wrote in another shape
/// is left out, and what it says is cut to size.
fn peer_of(json: &str) -> Option<Peer> {
    let presence: Presence = serde_json::from_str(json).ok()?;
    let cut = |text: &str, longest: usize| text.chars().take(longest).collect::<String>();
    let colour = Some(cut(&presence.user.color, 7))
        .filter(|colour| annotator_core::theme::is_valid_colour(colour))
        .unwrap_or_else(|| "#777777".into());
    let name = Some(cut(presence.user.name.trim(), 60)).filter(|name| !name.is_empty());
    let selection = presence
        .selection
        .filter(|selection| selection.start <= selection.end)
        .map(|selection| (cut(&selection.document, 200), Span::between(selection.start, selection.end)));
    Some(Peer {
        client_id: presence.client_id?,
        name: name.unwrap_or_else(|| "Anonymous coder".into()),
        colour,
        selection,
    })
}

/// Runs this tab's side of a live session.
#[hook]
pub fn use_live_session(state: &UseReducerHandle<AppState>) -> LiveControls {
    let link = use_mut_ref(Link::default);
    let dispatcher = state.dispatcher();
    // The documents the worker's records are read onto, kept when the project changes (not on
    // every render).
    {
        let link = link.clone();
        use_effect_with(state.project.clone(), move |project| {
            link.borrow_mut().documents = project.documents().to_vec();
        });
    }

    let join = {
        let link = link.clone();
        let dispatcher = dispatcher.clone();
        let state = state.clone();
        Rc::new(move |room: String, server: String| {
            let mut guard = link.borrow_mut();
            if guard.worker.is_none() {
                match start_worker(&link, &dispatcher) {
                    Ok((worker, on_message)) => {
                        guard.worker = Some(worker);
                        guard.on_message = Some(on_message);
                    }
                    Err(why) => {
                        return dispatcher.dispatch(Action::Notify(Notice::error(format!(
                            "Could not start the live session: {why}. Your work is unchanged."
                        ))))
                    }
                }
            }
            guard.sent = Some(state.project.clone());
            // A tab's own client id: two tabs of one person are two clients to Yjs.
            let client_id = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
            guard.send(&ToRoom::Join {
                server: server.clone(),
                room: room.clone(),
                client_id,
                presence: presence(&state),
                records: project_file::write_records(&state.project),
            });
            if !gloo::utils::window().navigator().on_line() {
                guard.send(&ToRoom::Network { online: false });
            }
            drop(guard);
            dispatcher.dispatch(Action::JoinedRoom { room, server });
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
                        if guard.sent.is_some() {
                            guard.send(&ToRoom::Network { online });
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
            let Some(sent) = guard.sent.clone() else { return };
            if Rc::ptr_eq(&sent, &project) {
                return;
            }
            let changed = project.changed_since(&sent);
            guard.sent = Some(project);
            if !changed.is_empty() {
                guard.send(&ToRoom::Write { records: project_file::write_records(&changed) });
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
            if guard.sent.is_some() {
                guard.send(&ToRoom::Presence { state: presence(&state) });
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
            guard.send(&ToRoom::Leave);
            guard.sent = None;
            set_address(None);
            dispatcher.dispatch(Action::LeftRoom);
        })
    };
    LiveControls { start, leave }
}

type Started = (Worker, Closure<dyn FnMut(MessageEvent)>);

fn start_worker(link: &Rc<RefCell<Link>>, dispatcher: &UseReducerDispatcher<AppState>) -> Result<Started, String> {
    let worker = spawn(WORKER_SCRIPT).map_err(|error| crate::dom::download::describe(&error))?;
    let link = Rc::downgrade(link);
    let dispatcher = dispatcher.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(link) = link.upgrade() else { return };
        let Some(text) = event.data().as_string() else { return };
        let Ok(message) = serde_json::from_str::<FromRoom>(&text) else { return };
        match message {
            FromRoom::Ready => {
                let mut guard = link.borrow_mut();
                guard.ready = true;
                let queue = std::mem::take(&mut guard.queue);
                if let Some(worker) = &guard.worker {
                    for json in queue {
                        let _ = worker.post_message(&JsValue::from_str(&json));
                    }
                }
            }
            FromRoom::Status { connection, waiting } => dispatcher.dispatch(Action::RoomStatus { connection, waiting }),
            FromRoom::Records { records } => {
                let documents = link.borrow().documents.clone();
                match project_file::read_records(&records, &documents) {
                    Ok((records, _)) => dispatcher.dispatch(Action::FromRoom(records)),
                    Err(problem) => dispatcher.dispatch(Action::Notify(Notice::error(format!(
                        "A change from the live session could not be read: {problem} Your work is unchanged."
                    )))),
                }
            }
            FromRoom::Peers { peers } => {
                dispatcher.dispatch(Action::RoomPeers(peers.iter().filter_map(|peer| peer_of(peer)).collect()))
            }
            FromRoom::Problem { text } => dispatcher.dispatch(Action::Notify(Notice::error(text))),
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Ok((worker, on_message))
}

/// Starts the worker as gloo's spawner does for the exchange worker: Trunk's script for a worker
/// defines `wasm_bindgen` without calling it, so a small script made here loads it and starts it.
fn spawn(script: &str) -> Result<Worker, JsValue> {
    let page = gloo::utils::window().location().href()?;
    let script_url = web_sys::Url::new_with_base(script, &page)?.href();
    let wasm_url = script_url.replace(".js", "_bg.wasm");
    let parts = js_sys::Array::of1(&JsValue::from_str(&format!(
        "importScripts({});wasm_bindgen({{module_or_path:{}}});",
        serde_json::to_string(&script_url).unwrap_or_default(),
        serde_json::to_string(&wasm_url).unwrap_or_default()
    )));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    Worker::new(&web_sys::Url::create_object_url_with_blob(&blob)?)
}
