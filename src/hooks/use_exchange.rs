//! The exchange worker, started the first time a file is imported or exported; its answers
//! become downloads, merges or messages (`crate::files`, whose code is fetched then).

use crate::exchange::{ExchangeRequest, ExchangeWorker};
use crate::files::FILES;
use crate::on_demand::with_part;
use crate::state::{Action, AppState, Notice};
use gloo::worker::WorkerBridge;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where the worker's script lies beside the page (Trunk writes it there).
pub const WORKER_SCRIPT: &str = "exchange_worker.js";

/// The bridge to the exchange worker, once started.
pub type ExchangeBridge = Rc<RefCell<Option<WorkerBridge<ExchangeWorker>>>>;

/// A callback that sends a request to the exchange worker (starting it if need be).
#[hook]
pub fn use_exchange(state: &UseReducerHandle<AppState>) -> Callback<ExchangeRequest> {
    let bridge: ExchangeBridge = use_mut_ref(|| None);
    let dispatcher = state.dispatcher();
    use_callback((), move |request: ExchangeRequest, _| {
        let (bridge, sent, failed) = (bridge.clone(), dispatcher.clone(), dispatcher.clone());
        with_part(
            &FILES,
            move |code| (code.exchange)(&bridge, &sent, request),
            move || {
                failed.dispatch(Action::Notify(Notice::error(
                    "The file could not be read or written: the code that does it could not be fetched (the server may be gone or the connection lost). Your work is unchanged.",
                )))
            },
        );
    })
}
