//! One tab's copy of a room: the Yjs document, the y-websocket protocol spoken over it, and the
//! room's records as the core merges them.
//!
//! The protocol is y-websocket's (as `y-protocols` defines it, and y-sweet serves it): sync step
//! 1 (a state vector) is answered with sync step 2 (what the other side lacks), then updates
//! flow both ways, with awareness (presence) beside them. It is spoken here rather than by a
//! crate because no maintained Rust client of it exists; `yrs::sync` gives its messages.
//!
//! Every write goes through the core's merge: records the page sends are merged into the room's
//! records (the mirror) and only what the merge changed is written into the room; records that
//! arrive from the room are merged into the mirror too, and where the mirror keeps a later write
//! than the room settled on (two writes of one field at once, which Yjs settles by client id,
//! not by time), the later one is written back, so every copy ends the same.

use crate::schema::{self, Kind, Skipped};
use annotator_core::{merge, Annotation, Project, Record};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use yrs::sync::protocol::{Message, SyncMessage};
use yrs::sync::Awareness;
use yrs::types::map::MapEvent;
use yrs::types::{Event, PathSegment};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{DeepObservable, Doc, Options, ReadTxn, StateVector, Transact, Update};

/// The longest frame read from a server (a room's whole state comes in one frame): past it, the
/// frame is refused rather than read.
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// The most records read from a room at once: a file holds no more highlights than this either.
pub const MAX_RECORDS: usize = annotator_formats::import_report::MAX_ANNOTATIONS;

/// What one frame from the server, or a store of updates, brought.
#[derive(Debug, Default)]
pub struct Received {
    /// Frames to send back to the server.
    pub replies: Vec<Vec<u8>>,
    /// Updates to keep in this tab's store (what the room changed, as Yjs updates).
    pub updates: Vec<Vec<u8>>,
    /// The records the room changed, as the mirror holds them after the merge: for the page.
    pub records: Option<Project>,
    /// Whether the server has now sent its whole state (sync step 2).
    pub synced: bool,
    /// Whether someone's presence changed.
    pub presence_changed: bool,
    /// Records of the room that could not be read.
    pub skipped: Vec<Skipped>,
    /// Messages of the frame that could not be read, with why.
    pub unreadable: Vec<String>,
    /// Why the server refused this client, if it did.
    pub refused: Option<String>,
}

/// What writing the page's records into the room did.
#[derive(Debug, Default)]
pub struct Written {
    /// The update to keep in this tab's store and send (as a frame) to the server, if the room
    /// changed.
    pub update: Option<Vec<u8>>,
    /// That update as a frame of the protocol.
    pub frame: Option<Vec<u8>>,
}

/// Someone in the room, as their awareness state says.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    /// Their Yjs client id.
    pub client_id: u64,
    /// Their awareness state (JSON), as they wrote it.
    pub state: String,
}

/// One tab's copy of a room.
pub struct Room {
    awareness: Awareness,
    mirror: Project,
    changed: Rc<RefCell<BTreeSet<(Kind, String)>>>,
    settings_changed: Rc<RefCell<bool>>,
}

impl Room {
    /// An empty copy, as client `client_id` (each tab its own), with a clock in milliseconds
    /// (awareness stamps presence with it; on the web there is no system clock to take).
    pub fn new(client_id: u64, clock: fn() -> u64) -> Room {
        let doc = Doc::with_options(Options {
            client_id: yrs::block::ClientID::new(client_id & 0xFFFF_FFFF),
            ..Options::default()
        });
        let changed: Rc<RefCell<BTreeSet<(Kind, String)>>> = Rc::default();
        let settings_changed: Rc<RefCell<bool>> = Rc::default();
        for kind in schema::ROOTS {
            let root = doc.get_or_insert_map(kind.root());
            let changed = changed.clone();
            root.observe_deep("records", move |txn, events| {
                let mut changed = changed.borrow_mut();
                for event in events.iter() {
                    let path = event.path();
                    match path.front() {
                        Some(PathSegment::Key(id)) => {
                            changed.insert((kind, id.to_string()));
                        }
                        Some(PathSegment::Index(_)) => {}
                        None => {
                            if let Event::Map(map) = event {
                                for id in keys_of(map, txn) {
                                    changed.insert((kind, id));
                                }
                            }
                        }
                    }
                }
            });
        }
        let settings = doc.get_or_insert_map(schema::SETTINGS);
        let flag = settings_changed.clone();
        settings.observe_deep("settings", move |_, _| *flag.borrow_mut() = true);
        Room { awareness: Awareness::with_clock(doc, clock), mirror: Project::default(), changed, settings_changed }
    }

    /// The room's records as the core holds them.
    pub fn records(&self) -> &Project {
        &self.mirror
    }

    /// Reads updates kept in this tab's store (a room as it was last seen), before connecting.
    pub fn restore(&mut self, updates: &[Vec<u8>]) -> Received {
        let mut received = Received::default();
        for update in updates {
            if let Err(why) = self.apply(update) {
                received.unreadable.push(format!("a change kept in this browser: {why}"));
            }
        }
        self.take_changes(&mut received);
        received
    }

    /// The frames that open a connection: this tab's state vector (sync step 1) and its presence.
    pub fn greeting(&self) -> Vec<Vec<u8>> {
        let state = self.awareness.doc().transact().state_vector();
        let mut frames = vec![Message::Sync(SyncMessage::SyncStep1(state)).encode_v1()];
        if let Ok(update) = self.awareness.update() {
            frames.push(Message::Awareness(update).encode_v1());
        }
        frames
    }

    /// Reads one frame from the server.
    pub fn receive(&mut self, frame: &[u8]) -> Received {
        let mut received = Received::default();
        if frame.len() > MAX_FRAME_BYTES {
            received.unreadable.push(format!("a message of {} bytes, past the {MAX_FRAME_BYTES} read", frame.len()));
            return received;
        }
        match message(frame) {
            Ok(message) => self.handle(message, &mut received),
            Err(error) => received.unreadable.push(format!("a message that is not of the Yjs protocol ({error})")),
        }
        self.take_changes(&mut received);
        received
    }

    fn handle(&mut self, message: Message, received: &mut Received) {
        match message {
            Message::Sync(SyncMessage::SyncStep1(state)) => {
                let diff = self.awareness.doc().transact().encode_state_as_update_v1(&state);
                received.replies.push(Message::Sync(SyncMessage::SyncStep2(diff)).encode_v1());
            }
            Message::Sync(SyncMessage::SyncStep2(update)) => {
                self.take_update(update, received);
                received.synced = true;
            }
            Message::Sync(SyncMessage::Update(update)) => self.take_update(update, received),
            Message::Awareness(update) => match self.awareness.apply_update(update) {
                Ok(()) => received.presence_changed = true,
                Err(error) => received.unreadable.push(format!("someone's presence: {error}")),
            },
            Message::AwarenessQuery => {
                if let Ok(update) = self.awareness.update() {
                    received.replies.push(Message::Awareness(update).encode_v1());
                }
            }
            Message::Auth(Some(reason)) => received.refused = Some(reason),
            Message::Auth(None) | Message::Custom(..) => {}
        }
    }

    fn take_update(&mut self, update: Vec<u8>, received: &mut Received) {
        match self.apply(&update) {
            Ok(()) => received.updates.push(update),
            Err(why) => received.unreadable.push(format!("a change the room sent: {why}")),
        }
    }

    fn apply(&mut self, update: &[u8]) -> Result<(), String> {
        let update = Update::decode_v1(update).map_err(|error| format!("it cannot be read ({error})"))?;
        let mut txn = self.awareness.doc().transact_mut();
        txn.apply_update(update).map_err(|error| format!("it cannot be applied ({error})"))
    }

    /// Merges what the room changed into the mirror, writes back where the mirror holds later
    /// writes, and hands the page what the merge changed.
    fn take_changes(&mut self, received: &mut Received) {
        let mut ids: Vec<(Kind, String)> = std::mem::take(&mut *self.changed.borrow_mut()).into_iter().collect();
        let settings = std::mem::take(&mut *self.settings_changed.borrow_mut());
        if ids.is_empty() && !settings {
            return;
        }
        if ids.len() > MAX_RECORDS {
            received.skipped.push(Skipped {
                kind: ids[MAX_RECORDS].0,
                id: format!("{} records", ids.len() - MAX_RECORDS),
                reason: format!("the room holds more than the {MAX_RECORDS} records this app reads"),
            });
            ids.truncate(MAX_RECORDS);
        }
        let mut incoming = {
            let txn = self.awareness.doc().transact();
            let (incoming, skipped) = schema::read(&txn, &ids, settings, self.mirror.documents());
            received.skipped.extend(skipped);
            incoming
        };
        received.skipped.extend(self.without_unknown_themes(&mut incoming));
        let merged = merge(&mut self.mirror, &incoming);
        // Where the mirror's record is not the room's (it kept a later write), the mirror's is
        // written back: the field writes find nothing to do where the two agree.
        let settled = records_of(&self.mirror, &incoming);
        let written = self.write_into_room(&settled);
        received.updates.extend(written.update);
        received.replies.extend(written.frame);
        if !merged.change.is_empty() {
            received.records = Some(changed_records(&self.mirror, &merged.change.edits));
        }
    }

    /// Takes off the incoming highlights the themes that neither they nor the room hold (a room
    /// another tool wrote may name any id): the highlights stay, and each is said.
    fn without_unknown_themes(&self, incoming: &mut Project) -> Vec<Skipped> {
        let known = |theme: annotator_core::ThemeId| {
            incoming.theme_record(theme).is_some() || self.mirror.theme_record(theme).is_some()
        };
        let mut skipped = Vec::new();
        let mut kept = Vec::new();
        let mut changed = false;
        for annotation in incoming.all_annotations() {
            let unknown: Vec<_> = annotation.codings.iter().filter(|coding| !known(coding.theme_id)).collect();
            if let Some(first) = unknown.first() {
                skipped.push(Skipped {
                    kind: Kind::Annotation,
                    id: annotation.id.to_string(),
                    reason: format!("it names theme {}, which the room's codebook does not hold", first.theme_id),
                });
                let mut annotation = annotation.clone();
                annotation.codings.retain(|coding| known(coding.theme_id));
                kept.push(annotation);
                changed = true;
            } else {
                kept.push(annotation.clone());
            }
        }
        if changed {
            *incoming = Project::from_parts(
                incoming.documents().to_vec(),
                incoming.coders().to_vec(),
                incoming.all_themes().to_vec(),
                kept,
            )
            .with_settings(*incoming.settings());
        }
        skipped
    }

    /// Merges records of the page (a change made there, or its whole project on joining) into
    /// the room: what the merge changed is written, field by field.
    pub fn write(&mut self, records: &Project) -> Written {
        let merged = merge(&mut self.mirror, records);
        if merged.change.is_empty() {
            return Written::default();
        }
        let changed = changed_records(&self.mirror, &merged.change.edits);
        self.write_into_room(&changed)
    }

    fn write_into_room(&mut self, records: &Project) -> Written {
        let mirror = &self.mirror;
        let name_of = |coder: &str| {
            let id = coder.parse().ok()?;
            mirror.coder(annotator_core::CoderId(id)).map(|coder| coder.name.clone())
        };
        let update = {
            let mut txn = self.awareness.doc().transact_mut();
            schema::write(&mut txn, records, name_of);
            let changed = txn.before_state() != &txn.state_vector();
            changed.then(|| txn.encode_update_v1())
        };
        // Its own writes are not news to the page.
        self.changed.borrow_mut().clear();
        *self.settings_changed.borrow_mut() = false;
        let frame = update.as_ref().map(|update| Message::Sync(SyncMessage::Update(update.clone())).encode_v1());
        Written { update, frame }
    }

    /// Sets this tab's presence (a JSON object: who, and what they have selected), as a frame to
    /// send.
    pub fn set_presence(&mut self, state: &str) -> Option<Vec<u8>> {
        self.awareness.set_local_state_raw(state);
        self.presence_frame()
    }

    /// This tab's presence again (others forget a presence not renewed within 30 seconds).
    pub fn presence_frame(&self) -> Option<Vec<u8>> {
        let update = self.awareness.update_with_clients([self.awareness.client_id()]).ok()?;
        Some(Message::Awareness(update).encode_v1())
    }

    /// A frame saying this tab leaves (its presence cleared).
    pub fn farewell(&mut self) -> Option<Vec<u8>> {
        self.awareness.clean_local_state();
        self.presence_frame()
    }

    /// The others in the room, whose presence was renewed since `since` (milliseconds of the
    /// clock given to [`Room::new`]).
    pub fn peers(&self, since: u64) -> Vec<Peer> {
        let me = self.awareness.client_id();
        let mut peers: Vec<Peer> = self
            .awareness
            .iter()
            .filter(|(client_id, state)| *client_id != me && state.last_updated >= since)
            .filter_map(|(client_id, state)| Some(Peer { client_id: client_id.get(), state: state.data?.to_string() }))
            .collect();
        peers.sort_by_key(|peer| peer.client_id);
        peers
    }

    /// The whole room as one update: what the store keeps in place of many.
    pub fn state_as_update(&self) -> Vec<u8> {
        self.awareness.doc().transact().encode_state_as_update_v1(&StateVector::default())
    }
}

/// The keys a root map's event changed.
fn keys_of(event: &MapEvent, txn: &yrs::TransactionMut) -> Vec<String> {
    event.keys(txn).keys().map(|key| key.to_string()).collect()
}

/// The records of `project` with the ids of those of `of`, with the documents they are on.
fn records_of(project: &Project, of: &Project) -> Project {
    let coders = of.coders().iter().filter_map(|coder| project.coder(coder.id).cloned()).collect();
    let themes = of.all_themes().iter().filter_map(|theme| project.theme_record(theme.id).cloned()).collect();
    let annotations: Vec<Annotation> =
        of.all_annotations().filter_map(|annotation| project.annotation_record(annotation.id).cloned()).collect();
    with_documents(project, of.documents().to_vec(), coders, themes, annotations, of.settings() != &Default::default())
}

/// The records a change wrote, as `project` holds them now.
fn changed_records(project: &Project, edits: &[annotator_core::Edit]) -> Project {
    let mut documents = Vec::new();
    let mut coders = Vec::new();
    let mut themes = Vec::new();
    let mut annotations = Vec::new();
    let mut settings = false;
    for edit in edits {
        match &edit.after {
            Record::Document(document) => documents.push(document.clone()),
            Record::Coder(coder) => coders.extend(project.coder(coder.id).cloned()),
            Record::Theme(theme) => themes.extend(project.theme_record(theme.id).cloned()),
            Record::Annotation(annotation) => annotations.extend(project.annotation_record(annotation.id).cloned()),
            Record::Settings(_) => settings = true,
        }
    }
    with_documents(project, documents, coders, themes, annotations, settings)
}

fn with_documents(
    project: &Project,
    mut documents: Vec<Rc<annotator_core::Document>>,
    coders: Vec<annotator_core::Coder>,
    themes: Vec<annotator_core::Theme>,
    annotations: Vec<Annotation>,
    settings: bool,
) -> Project {
    for annotation in &annotations {
        if !documents.iter().any(|document| document.id() == annotation.document_id) {
            documents.extend(project.document(&annotation.document_id).cloned());
        }
    }
    let records = Project::from_parts(documents, coders, themes, annotations);
    if settings {
        records.with_settings(*project.settings())
    } else {
        records
    }
}

/// The message of a frame: y-websocket sends one message per frame (`yrs`'s reader of several
/// stops quietly at a message cut short, which would hide a broken frame).
pub fn message(frame: &[u8]) -> Result<Message, String> {
    Message::decode_v1(frame).map_err(|error| error.to_string())
}
