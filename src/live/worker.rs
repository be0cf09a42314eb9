//! The sync worker: glue between [`annotator_sync::Room`], a WebSocket to the session server,
//! IndexedDB (the room as this tab last saw it, so work made offline survives a closed tab) and
//! the page. Every decision about records is the room's (and so the core's merge); this file only
//! moves bytes and keeps time.

use super::{Connection, FromRoom, ToRoom};
use crate::dom::indexed_db;
use annotator_formats::project_file;
use annotator_sync::{Received, Room};
use gloo::timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, DedicatedWorkerGlobalScope, MessageEvent, WebSocket};

/// How long a dropped connection waits before its first retry; each failure doubles it, up to
/// [`LONGEST_WAIT_MS`].
const FIRST_WAIT_MS: u32 = 500;
const LONGEST_WAIT_MS: u32 = 8_000;

/// Presence is renewed this often; others' presence is forgotten when older than twice it.
const PRESENCE_EVERY_MS: u32 = 15_000;

/// How long after a change the room is written to IndexedDB (changes in between are written
/// together).
const STORE_AFTER_MS: u32 = 150;

fn now() -> u64 {
    js_sys::Date::now() as u64
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn tell(message: &FromRoom) {
    if let Ok(json) = serde_json::to_string(message) {
        let _ = scope().post_message(&JsValue::from_str(&json));
    }
}

fn problem(text: String) {
    tell(&FromRoom::Problem { text });
}

/// One room joined.
struct Session {
    room: Room,
    server: String,
    room_id: String,
    socket: Option<WebSocket>,
    connected: bool,
    waiting: usize,
    failures: u32,
    left: bool,
    offline: bool,
    retry: Option<Timeout>,
    store: Option<Timeout>,
    _presence: Option<Interval>,
}

type Shared = Rc<RefCell<Option<Session>>>;

/// Starts the worker: it reads the page's messages from now on.
pub fn start() {
    let session: Shared = Rc::default();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        match serde_json::from_str::<ToRoom>(&text) {
            Ok(message) => handle(&session, message),
            Err(error) => problem(format!("The page sent the session worker a message it cannot read ({error}).")),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    tell(&FromRoom::Ready);
}

fn handle(shared: &Shared, message: ToRoom) {
    match message {
        ToRoom::Join { server, room, client_id, presence, records } => {
            let mut session = Session {
                room: Room::new(client_id, now),
                server,
                room_id: room,
                socket: None,
                connected: false,
                waiting: 0,
                failures: 0,
                left: false,
                offline: false,
                retry: None,
                store: None,
                _presence: None,
            };
            session.room.set_presence(&presence);
            let shared_for_presence = shared.clone();
            session._presence = Some(Interval::new(PRESENCE_EVERY_MS, move || renew_presence(&shared_for_presence)));
            *shared.borrow_mut() = Some(session);
            let shared = shared.clone();
            wasm_bindgen_futures::spawn_local(async move {
                restore(&shared).await;
                write(&shared, &records);
                connect(&shared);
            });
        }
        ToRoom::Write { records } => write(shared, &records),
        ToRoom::Presence { state } => {
            let mut guard = shared.borrow_mut();
            let Some(session) = guard.as_mut() else { return };
            if let Some(frame) = session.room.set_presence(&state) {
                session.send(&frame);
            }
        }
        ToRoom::Network { online } => {
            {
                let mut guard = shared.borrow_mut();
                let Some(session) = guard.as_mut() else { return };
                if session.offline != online {
                    return;
                }
                session.offline = !online;
                session.retry = None;
                session.failures = 0;
                if !online {
                    session.connected = false;
                    if let Some(socket) = session.socket.take() {
                        let _ = socket.close();
                    }
                    session.status();
                    return;
                }
            }
            connect(shared);
        }
        ToRoom::Leave => {
            let mut guard = shared.borrow_mut();
            let Some(session) = guard.as_mut() else { return };
            session.left = true;
            session.retry = None;
            if let Some(frame) = session.room.farewell() {
                session.send(&frame);
            }
            if let Some(socket) = session.socket.take() {
                let _ = socket.close();
            }
            tell(&FromRoom::Status { connection: Connection::Left, waiting: session.waiting });
        }
    }
}

impl Session {
    fn store_key(&self) -> String {
        format!("room:{}/{}", self.server, self.room_id)
    }

    fn url(&self) -> String {
        // y-sweet's address of a room's document: /d/ROOM/ws/ROOM.
        let room = js_sys::encode_uri_component(&self.room_id);
        format!("{}/d/{room}/ws/{room}", self.server.trim_end_matches('/'))
    }

    fn send(&self, frame: &[u8]) -> bool {
        match (&self.socket, self.connected) {
            (Some(socket), true) => socket.send_with_u8_array(frame).is_ok(),
            _ => false,
        }
    }

    fn status(&self) {
        let connection = if self.left {
            Connection::Left
        } else if self.offline {
            Connection::Offline
        } else if self.connected {
            Connection::Connected
        } else {
            Connection::Connecting
        };
        tell(&FromRoom::Status { connection, waiting: self.waiting });
    }
}

/// How long to wait after `failures` failed connections: doubling, with a random part, so that
/// the tabs of a room do not all come back at one moment (y-sweet 0.9.1 may load a room twice
/// when two connections for it arrive at once; each tab's copy then still holds everything, and
/// the two meet again on a later connection).
fn wait_after(failures: u32) -> u32 {
    let doubled = FIRST_WAIT_MS.saturating_mul(1 << failures.saturating_sub(1).min(5)).min(LONGEST_WAIT_MS);
    let spread = 0.5 + js_sys::Math::random();
    (f64::from(doubled) * spread) as u32
}

/// Reads the room as this tab last kept it.
async fn restore(shared: &Shared) {
    let Some(key) = shared.borrow().as_ref().map(Session::store_key) else { return };
    match indexed_db::get_bytes(&key).await {
        Ok(Some(update)) => {
            let mut guard = shared.borrow_mut();
            let Some(session) = guard.as_mut() else { return };
            let received = session.room.restore(&[update]);
            drop(guard);
            pass_on(shared, received);
        }
        Ok(None) => {}
        Err(why) => problem(format!("The room as this browser kept it could not be read: {why}.")),
    }
}

/// Writes records of the page into the room, and sends them on (or counts them as waiting).
fn write(shared: &Shared, records: &str) {
    let mut guard = shared.borrow_mut();
    let Some(session) = guard.as_mut() else { return };
    let records = match project_file::read_records(records, session.room.records().documents()) {
        Ok((records, _)) => records,
        Err(error) => return problem(format!("A change could not be sent to the room: {error}")),
    };
    let written = session.room.write(&records);
    let Some(frame) = written.frame else { return };
    if !session.send(&frame) {
        session.waiting += 1;
        session.status();
    }
    drop(guard);
    store_soon(shared);
}

/// Keeps the room in IndexedDB shortly (one write for changes close together).
fn store_soon(shared: &Shared) {
    let mut guard = shared.borrow_mut();
    let Some(session) = guard.as_mut() else { return };
    if session.store.is_some() {
        return;
    }
    let later = shared.clone();
    session.store = Some(Timeout::new(STORE_AFTER_MS, move || {
        let (key, state) = {
            let mut guard = later.borrow_mut();
            let Some(session) = guard.as_mut() else { return };
            session.store = None;
            (session.store_key(), session.room.state_as_update())
        };
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(why) = indexed_db::put_bytes(&key, &state).await {
                problem(format!("The room could not be kept in this browser: {why}. It is still in the page."));
            }
        });
    }));
}

fn connect(shared: &Shared) {
    let mut guard = shared.borrow_mut();
    let Some(session) = guard.as_mut() else { return };
    if session.left || session.offline || session.socket.is_some() {
        return;
    }
    let socket = match WebSocket::new(&session.url()) {
        Ok(socket) => socket,
        Err(_) => {
            drop(guard);
            return problem("The session server's address is not a WebSocket address (ws://… or wss://…).".into());
        }
    };
    socket.set_binary_type(BinaryType::Arraybuffer);
    let on_open = {
        let shared = shared.clone();
        Closure::<dyn FnMut()>::new(move || {
            let mut guard = shared.borrow_mut();
            let Some(session) = guard.as_mut() else { return };
            session.connected = true;
            for frame in session.room.greeting() {
                session.send(&frame);
            }
        })
    };
    let on_message = {
        let shared = shared.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() else {
                return problem(
                    "The session server sent text where the Yjs protocol sends bytes; it was ignored.".into(),
                );
            };
            let frame = js_sys::Uint8Array::new(&buffer).to_vec();
            let received = {
                let mut guard = shared.borrow_mut();
                let Some(session) = guard.as_mut() else { return };
                let received = session.room.receive(&frame);
                for reply in &received.replies {
                    session.send(reply);
                }
                if received.synced {
                    session.failures = 0;
                    session.waiting = 0;
                    session.status();
                }
                received
            };
            if !received.updates.is_empty() || !received.replies.is_empty() {
                store_soon(&shared);
            }
            pass_on(&shared, received);
        })
    };
    let on_close = {
        let shared = shared.clone();
        Closure::<dyn FnMut()>::new(move || {
            let mut guard = shared.borrow_mut();
            let Some(session) = guard.as_mut() else { return };
            session.connected = false;
            session.socket = None;
            if session.left || session.offline {
                return;
            }
            session.failures += 1;
            let wait = wait_after(session.failures);
            tell(&FromRoom::Status {
                connection: Connection::Reconnecting { retry_in_ms: wait },
                waiting: session.waiting,
            });
            let again = shared.clone();
            session.retry = Some(Timeout::new(wait, move || connect(&again)));
        })
    };
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    // The socket holds its handlers for as long as it lives; a new socket has new ones.
    on_open.forget();
    on_message.forget();
    on_close.forget();
    session.socket = Some(socket);
    session.status();
}

/// Hands the page what the room brought, and says what could not be read.
fn pass_on(shared: &Shared, received: Received) {
    if let Some(records) = &received.records {
        tell(&FromRoom::Records { records: project_file::write_records(records) });
    }
    if received.presence_changed {
        tell_peers(shared);
    }
    if !received.skipped.is_empty() {
        let first = &received.skipped[0];
        let more = match received.skipped.len() - 1 {
            0 => String::new(),
            others => format!("; and {others} more"),
        };
        problem(format!(
            "The room holds records this app cannot read in full (the {} {}: {}{more}). What could not be read was left out; everything else is here.",
            first.kind.noun(),
            first.id,
            first.reason
        ));
    }
    for unreadable in received.unreadable.iter().take(1) {
        problem(format!("The session server sent {unreadable}; it was skipped, and your work is unchanged."));
    }
    if let Some(reason) = received.refused {
        problem(format!("The session server refused this browser: {reason}"));
    }
}

fn renew_presence(shared: &Shared) {
    {
        let guard = shared.borrow();
        let Some(session) = guard.as_ref() else { return };
        if let Some(frame) = session.room.presence_frame() {
            session.send(&frame);
        }
    }
    tell_peers(shared);
}

fn tell_peers(shared: &Shared) {
    let guard = shared.borrow();
    let Some(session) = guard.as_ref() else { return };
    let since = now().saturating_sub(2 * u64::from(PRESENCE_EVERY_MS));
    let peers = session
        .room
        .peers(since)
        .into_iter()
        .filter_map(|peer| {
            let serde_json::Value::Object(mut state) = serde_json::from_str(&peer.state).ok()? else { return None };
            state.insert("client_id".into(), peer.client_id.into());
            Some(serde_json::Value::Object(state).to_string())
        })
        .collect();
    tell(&FromRoom::Peers { peers });
}
