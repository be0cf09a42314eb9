//! The exchange worker, started the first time a file is imported or exported; its answers
//! become downloads, merges or messages.

use crate::dom::download::save_bytes;
use crate::exchange::{ExchangeRequest, ExchangeResponse, ExchangeWorker};
use crate::merging::dispatch_merging;
use crate::state::{Action, AppState, Notice, NoticeAction};
use annotator_formats::project_file;
use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

/// Where the worker's script lies beside the page (Trunk writes it there).
pub const WORKER_SCRIPT: &str = "exchange_worker.js";

/// A callback that sends a request to the exchange worker (starting it if need be).
#[hook]
pub fn use_exchange(state: &UseReducerHandle<AppState>) -> Callback<ExchangeRequest> {
    let bridge = use_mut_ref(|| None::<WorkerBridge<ExchangeWorker>>);
    let dispatcher = state.dispatcher();
    use_callback((), move |request: ExchangeRequest, _| {
        let working = match &request {
            ExchangeRequest::Export { format, .. } => format!("Preparing the {} file…", format.label()),
            ExchangeRequest::ExportAgreement { format, .. } => {
                format!("Computing the agreement for the {} file…", format.label())
            }
            ExchangeRequest::ExportTable { file_name, .. } => format!("Preparing \"{file_name}\"…"),
            ExchangeRequest::Import { file_name, .. } | ExchangeRequest::ReadMarkdown { file_name, .. } => {
                format!("Reading \"{file_name}\"…")
            }
        };
        dispatcher.dispatch(Action::Notify(Notice::info(working)));
        let mut bridge = bridge.borrow_mut();
        let bridge = bridge.get_or_insert_with(|| {
            let dispatcher = dispatcher.clone();
            ExchangeWorker::spawner().callback(move |response| answer(&dispatcher, response)).spawn(WORKER_SCRIPT)
        });
        bridge.send(request);
    })
}

fn answer(dispatcher: &UseReducerDispatcher<AppState>, response: ExchangeResponse) {
    let error = |text: String| dispatcher.dispatch(Action::Notify(Notice::error(text)));
    match response {
        ExchangeResponse::Exported { name, mime_type, bytes } => match save_bytes(&name, &mime_type, &bytes) {
            Ok(()) => dispatcher.dispatch(Action::Notify(Notice::info(format!("Saved \"{name}\".")))),
            Err(problem) => error(problem),
        },
        ExchangeResponse::Imported { file_name, project_file, summary } => {
            match project_file::read(&project_file, &[]) {
                Ok((project, _)) => {
                    dispatch_merging(dispatcher, format!("\"{file_name}\""), move |merging| Action::MergeProjects {
                        file_names: vec![file_name],
                        projects: vec![project],
                        notes: vec![summary],
                        merging,
                    })
                }
                Err(problem) => {
                    error(format!("Could not merge \"{file_name}\": {problem} Your highlights are unchanged."))
                }
            }
        }
        ExchangeResponse::ForAnotherSource { file_name, bytes, format, addresses } => {
            let named = match addresses.as_slice() {
                [only] => only.clone(),
                [first, rest @ ..] => format!("{first} (and {} other addresses)", rest.len()),
                [] => "another page".to_owned(),
            };
            let text = format!(
                "Nothing was imported from \"{file_name}\": its annotations are on {named}, which is not a document of this project. Place them on this document: their quotes decide where each goes, and those not found become orphans."
            );
            let action = NoticeAction::PlaceOnShownDocument { file_name, bytes: std::rc::Rc::new(bytes), format };
            dispatcher.dispatch(Action::Notify(Notice::info(text).offering(action)));
        }
        ExchangeResponse::DocumentRead(json) => match project_file::read_document(&json) {
            Ok(document) => dispatcher.dispatch(Action::AddDocument(std::rc::Rc::new(document))),
            Err(problem) => error(format!("Could not open the document: {problem}")),
        },
        ExchangeResponse::Failed(message) => error(message),
    }
}
