//! The browser's IndexedDB, for a project too large for local storage (which holds about five
//! megabytes; a 1 MB document with ten thousand highlights is more). Texts are kept under keys
//! in one object store, as UTF-8 bytes (copied across, where a JavaScript string would be
//! decoded character by character); a write waits for its transaction to be committed, so one that returns
//! `Ok` is on disk.

use super::download::describe;
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "communique-annotator";
const STORE: &str = "texts";

/// The text stored under `key`, if there is one.
pub async fn get(key: &str) -> Result<Option<String>, String> {
    let Some(bytes) = get_bytes(key).await? else { return Ok(None) };
    String::from_utf8(bytes).map(Some).map_err(|_| "the work in the browser's database is not UTF-8 text".into())
}

/// The bytes stored under `key`, if there are some.
pub async fn get_bytes(key: &str) -> Result<Option<Vec<u8>>, String> {
    let (_transaction, store) = open_store(IdbTransactionMode::Readonly).await?;
    let request = store.get(&JsValue::from_str(key)).map_err(|error| failed("read", &error))?;
    let value = settled(&request).await.map_err(|error| failed("read", &error))?;
    Ok(value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec))
}

/// Stores `text` under `key`. The bytes are copied into the page's JavaScript at once, so the
/// caller may drop `text` while the write goes on.
pub async fn put(key: &str, text: &str) -> Result<(), String> {
    put_bytes(key, text.as_bytes()).await
}

/// Stores `bytes` under `key` (copied at once, as [`put`] does).
pub async fn put_bytes(key: &str, bytes: &[u8]) -> Result<(), String> {
    let bytes = Uint8Array::from(bytes);
    let (transaction, store) = open_store(IdbTransactionMode::Readwrite).await?;
    store.put_with_key(&bytes, &JsValue::from_str(key)).map_err(|error| failed("store", &error))?;
    finished(&transaction).await.map_err(|error| failed("store", &error))
}

/// Removes what is stored under `key`.
pub async fn delete(key: &str) -> Result<(), String> {
    let (transaction, store) = open_store(IdbTransactionMode::Readwrite).await?;
    store.delete(&JsValue::from_str(key)).map_err(|error| failed("clear", &error))?;
    finished(&transaction).await.map_err(|error| failed("clear", &error))
}

fn failed(what: &str, error: &JsValue) -> String {
    let reason = describe(error);
    if reason.to_lowercase().contains("quota") {
        "the browser's storage for this page is full".to_owned()
    } else {
        format!("the browser could not {what} the work in its database ({reason})")
    }
}

/// Opens the database (making its store the first time) and a transaction on the store.
async fn open_store(mode: IdbTransactionMode) -> Result<(IdbTransaction, IdbObjectStore), String> {
    let unavailable =
        |error: &JsValue| format!("this browser does not let the page use its database ({})", describe(error));
    // The page's window or a worker's global scope: both have `indexedDB`.
    let factory: web_sys::IdbFactory = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB"))
        .map_err(|error| unavailable(&error))?
        .dyn_into()
        .map_err(|_| unavailable(&JsValue::from_str("no IndexedDB")))?;
    let opening: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1).map_err(|error| unavailable(&error))?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let database = event
            .target()
            .and_then(|target| target.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|request| request.result().ok())
            .and_then(|result| result.dyn_into::<IdbDatabase>().ok());
        if let Some(database) = database {
            if !database.object_store_names().contains(STORE) {
                let _ = database.create_object_store(STORE);
            }
        }
    });
    opening.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let database: IdbDatabase = settled(&opening)
        .await
        .map_err(|error| unavailable(&error))?
        .dyn_into()
        .map_err(|error| unavailable(&error))?;
    opening.set_onupgradeneeded(None);
    let transaction = database.transaction_with_str_and_mode(STORE, mode).map_err(|error| unavailable(&error))?;
    let store = transaction.object_store(STORE).map_err(|error| unavailable(&error))?;
    // The connection closes once the transaction is done.
    database.close();
    Ok((transaction, store))
}

/// The result of a request, once it has one.
async fn settled(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let request = request.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let succeeded = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &succeeded.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().ok().flatten().map_or(JsValue::from_str("unknown error"), JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// Waits for a transaction to be committed (or to fail).
async fn finished(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let transaction = transaction.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = transaction.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().map_or(JsValue::from_str("the transaction was aborted"), JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.clone().unchecked_ref()));
        transaction.set_onabort(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ())
}
