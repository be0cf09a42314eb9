#![no_main]
//! The sync worker's reading of what a server sends: a frame of the y-websocket protocol, or an
//! update of the room, decoded into records. It never panics, and the tab's own records stay.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut room = annotator_sync::Room::new(1, || 0);
    let (mine, _) = annotator_formats::project_file::read(&common_project(), &[]).expect("reads");
    room.write(&mine);
    let themes = room.records().themes().count();
    // As a frame, and as a sync update carrying the bytes (so the update decoder is reached too).
    let _ = room.receive(data);
    let mut frame = vec![0, 2];
    let mut length = data.len();
    while length > 127 {
        frame.push((length as u8 & 127) | 128);
        length >>= 7;
    }
    frame.push(length as u8);
    frame.extend_from_slice(data);
    let _ = room.receive(&frame);
    assert_eq!(room.records().themes().count(), themes);
});

fn common_project() -> String {
    let document = annotator_core::Document::from_plain_text("doc", "Doc", "Some words to code, and more words.");
    let themes = annotator_core::theme::starter_codebook(annotator_core::Stamp::default());
    annotator_formats::project_file::write(&annotator_core::Project::new(&document, themes))
}
