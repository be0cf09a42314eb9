//! The web worker that writes and reads the exchange formats (see `exchange`).

use communique_annotator::exchange::ExchangeWorker;
use gloo::worker::Registrable;

fn main() {
    ExchangeWorker::registrar().register();
}
