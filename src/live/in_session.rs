//! The page's side of a live session that only a session needs: starting the sync worker and
//! reading what it says, and the messages this tab sends it (the join, its changes, its
//! presence). Fetched on the first join ([`SESSION`], a part of the page's WebAssembly, see
//! `crate::on_demand`), so the page loaded on opening carries none of it; the hook that holds
//! the session between renders stays small (`crate::hooks::use_live_session`).

use super::{FromRoom, ToRoom, WORKER_SCRIPT};
use crate::components::live::live_session_control::{SessionPanel, SessionPanelProps};
use crate::components::live::peer_selections::{PeerSelections, PeerSelectionsProps};
use crate::hooks::use_live_session::SharedLink;
use crate::state::{Action, AppState, Notice, Peer};
use annotator_core::{Project, Span};
use annotator_formats::project_file;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

/// What a session asks of the page's code, each a plain function once fetched.
#[derive(Clone, Copy)]
pub struct SessionCode {
    /// Joins `room` on `server` with this tab's project and presence, starting the worker first
    /// if this tab has none yet.
    pub join: fn(&SharedLink, &UseReducerDispatcher<AppState>, &AppState, String, String),
    /// The message carrying what changed in the project since what was last sent, if anything.
    pub changes: fn(now: &Project, sent: &Project) -> Option<String>,
    /// The message carrying this person's presence.
    pub presence: fn(&AppState) -> String,
    /// The message saying the browser went offline (`false`) or came back online.
    pub network: fn(bool) -> String,
    /// The message that leaves the room.
    pub leave: fn() -> String,
    /// Draws the session's panel (the control once in a room).
    pub draw_panel: fn(SessionPanelProps) -> Html,
    /// Draws the others' selections.
    pub draw_peers: fn(PeerSelectionsProps) -> Html,
}

crate::on_demand!(
    /// The page's code for a live session, fetched on the first join.
    pub SESSION: SessionCode, live_session => SessionCode {
        join,
        changes,
        presence: |state| message(&ToRoom::Presence { state: presence(state) }),
        network: |online| message(&ToRoom::Network { online }),
        leave: || message(&ToRoom::Leave),
        draw_panel: |props| html! { <SessionPanel ..props /> },
        draw_peers: |props| html! { <PeerSelections ..props /> },
    }
);

/// A message to the worker, as the JSON it reads.
fn message(message: &ToRoom) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

fn join(
    link: &SharedLink,
    dispatcher: &UseReducerDispatcher<AppState>,
    state: &AppState,
    room: String,
    server: String,
) {
    let mut guard = link.borrow_mut();
    if guard.worker.is_none() {
        match start_worker(link, dispatcher) {
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
    guard.documents = state.project.documents().to_vec();
    // A tab's own client id: two tabs of one person are two clients to Yjs.
    let client_id = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    guard.send(message(&ToRoom::Join {
        server: server.clone(),
        room: room.clone(),
        client_id,
        presence: presence(state),
        records: project_file::write_records(&state.project),
    }));
    if !gloo::utils::window().navigator().on_line() {
        guard.send(message(&ToRoom::Network { online: false }));
    }
    drop(guard);
    dispatcher.dispatch(Action::JoinedRoom { room, server });
}

fn changes(now: &Project, sent: &Project) -> Option<String> {
    let changed = now.changed_since(sent);
    (!changed.is_empty()).then(|| message(&ToRoom::Write { records: project_file::write_records(&changed) }))
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

type Started = (Worker, Closure<dyn FnMut(MessageEvent)>);

fn start_worker(link: &SharedLink, dispatcher: &UseReducerDispatcher<AppState>) -> Result<Started, String> {
    let worker = spawn(WORKER_SCRIPT).map_err(|error| crate::dom::download::describe(&error))?;
    let link = Rc::downgrade(link);
    let dispatcher = dispatcher.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(link) = link.upgrade() else { return };
        let Some(text) = event.data().as_string() else { return };
        let Ok(message) = serde_json::from_str::<FromRoom>(&text) else { return };
        match message {
            FromRoom::Ready => {
                link.borrow_mut().set_ready();
            }
            FromRoom::Status { connection, waiting } => dispatcher.dispatch(Action::RoomStatus { connection, waiting }),
            FromRoom::Records { records } => {
                let (documents, Some(merging)) = (link.borrow().documents.clone(), link.borrow().merging) else {
                    return;
                };
                match project_file::read_records(&records, &documents) {
                    Ok((records, _)) => dispatcher.dispatch(Action::FromRoom(records, merging)),
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
