//! Live rooms: a project's records in a Yjs document shared through a y-websocket server
//! (y-sweet), so that coders in one room see each other's work as it is made, and any other Yjs
//! client can read and write the same room.
//!
//! Pure: no socket, no storage, no clock of its own. The web worker around it moves frames
//! between [`Room`] and a WebSocket, keeps [`Received::updates`] and [`Written::update`] in
//! IndexedDB, and carries records to the page as project files
//! (`annotator_formats::project_file::write_records`).

pub mod room;
pub mod schema;

pub use room::{Peer, Received, Room, Written};
pub use schema::{Kind, Skipped};
