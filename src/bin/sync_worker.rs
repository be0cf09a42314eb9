//! The web worker that holds a live session's room (see `live::worker`).

fn main() {
    communique_annotator::live::worker::start();
}
