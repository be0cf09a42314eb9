//! Live sessions: a room that coders share through a y-websocket server (y-sweet). The room's
//! Yjs document lives in a web worker (`worker`, built only into `sync_worker.js`, fetched on
//! the first join, so the page loaded on opening carries no Yjs); the page and the worker speak
//! the messages below, as JSON, and carry records as project files
//! (`annotator_formats::project_file::write_records`).

pub mod in_session;
#[cfg(feature = "live")]
pub mod worker;

use serde::{Deserialize, Serialize};

/// Where the worker's script lies beside the page (Trunk writes it there).
pub const WORKER_SCRIPT: &str = "sync_worker.js";

/// The session server of `make session`, when the link names none.
pub const DEFAULT_SERVER: &str = "ws://127.0.0.1:8090";

/// What the page asks of the worker. (Tagged the default way, `{"join": {…}}`: an internally
/// tagged enum would bring serde's buffering reader into the page.)
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum ToRoom {
    /// Join a room, bringing this browser's project (merged into the room).
    Join {
        /// The server, as `ws://HOST:PORT`.
        server: String,
        /// The room's id.
        room: String,
        /// This tab's Yjs client id (each tab its own).
        client_id: u64,
        /// This person's presence (JSON).
        presence: String,
        /// This browser's project, as records.
        records: String,
    },
    /// Records this tab changed.
    Write {
        /// The records, as a project file.
        records: String,
    },
    /// This person's presence changed (JSON).
    Presence {
        /// Who, and what they have selected.
        state: String,
    },
    /// The browser's network went down (`false`) or came back (`true`): while it is down the
    /// worker does not try to connect, and counts the changes it keeps for later.
    Network {
        /// Whether the browser is online.
        online: bool,
    },
    /// Leave the room.
    Leave,
}

/// What the worker tells the page.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum FromRoom {
    /// The worker is running and reads messages.
    Ready,
    /// The connection changed.
    Status {
        /// How the room is reached.
        connection: Connection,
        /// Changes made here that the server has not had yet.
        waiting: usize,
    },
    /// Records the room changed (or the room as this browser last kept it), as a project file.
    Records {
        /// The records.
        records: String,
    },
    /// The others in the room.
    Peers {
        /// Their presence, each as its JSON with `client_id` added.
        peers: Vec<String>,
    },
    /// Something could not be read or done; the work here is untouched.
    Problem {
        /// What, in words a person can act on.
        text: String,
    },
}

/// How a room is reached.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// Opening the first connection.
    Connecting,
    /// Connected, and the server has sent the room.
    Connected,
    /// The connection dropped; trying again after `retry_in_ms`.
    Reconnecting {
        /// When the next attempt is.
        retry_in_ms: u32,
    },
    /// The browser is offline; the connection comes back with the network.
    Offline,
    /// Left the room.
    Left,
}

/// What the page says of a connection.
pub fn describe(connection: Connection, waiting: usize) -> String {
    let waiting_text = match waiting {
        0 => String::new(),
        1 => ", 1 change waiting".to_owned(),
        many => format!(", {many} changes waiting"),
    };
    match connection {
        Connection::Connecting => format!("Connecting…{waiting_text}"),
        Connection::Connected => "Connected".to_owned(),
        Connection::Reconnecting { retry_in_ms } => {
            let seconds = retry_in_ms.div_ceil(1000);
            format!("Cannot reach the session server{waiting_text}; trying again in {seconds} s")
        }
        Connection::Offline => format!("Offline{waiting_text}; they are sent when the network is back"),
        Connection::Left => "Left the session".to_owned(),
    }
}
