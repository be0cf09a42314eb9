//! The browser's local storage, where the work is kept between visits.
//!
//! A project file larger than [`LOCAL_STORAGE_LIMIT`] goes to IndexedDB instead (see
//! [`super::indexed_db`]), and local storage keeps a short note saying so, rewritten on every
//! save so that other tabs hear of it.
//!
//! This talks to `web_sys::Storage` directly rather than through gloo-storage: gloo's
//! `LocalStorage::raw()` panics when a browser has storage switched off, and we must instead say
//! so and keep the work in memory.

/// The key under which the project file (with its `"version"`) is kept.
pub const PROJECT_KEY: &str = "communique-annotator/project";

/// Where the copy of the first frame drawn from the stored project is kept (`first_paint`); the
/// page's inline script (scripts/prerender.py) reads it under this name.
pub const FIRST_PAINT_KEY: &str = "communique-annotator/first-paint";

/// The key under which the coder's name was kept before coders had ids (read once, to keep it).
pub const CREATOR_KEY: &str = "communique-annotator/creator";

/// The key under which the person coding in this browser is kept: id, name and colour.
pub const CODER_KEY: &str = "communique-annotator/coder";

/// The id of the document shown when the page was last left.
pub const SHOWN_DOCUMENT_KEY: &str = "communique-annotator/shown-document";

/// Set once the person has skipped the question of their name.
pub const NAME_SKIPPED_KEY: &str = "communique-annotator/coder-name-skipped";

/// Where the browser keeps when the blind-coding setting this person revealed was made (a
/// number of milliseconds): a reveal holds for that setting only.
pub const REVEALED_KEY: &str = "communique-annotator/revealed";

/// The person coding in this browser: as kept, or a new coder (with the name kept before coders
/// had ids, if any) whose id this browser keeps from now on.
pub fn load_me(now: annotator_core::Timestamp) -> annotator_core::Coder {
    use annotator_formats::project_file::read_coder;
    if let Some(coder) = load(CODER_KEY).ok().flatten().and_then(|text| read_coder(&text).ok()) {
        return coder;
    }
    let id = annotator_core::CoderId(uuid::Uuid::new_v4());
    let old_name = load(CREATOR_KEY).ok().flatten().filter(|name| name != "Anonymous coder").unwrap_or_default();
    let me = annotator_core::Coder {
        id,
        name: old_name,
        colour: annotator_core::coder::colour_for(id).to_owned(),
        stamp: annotator_core::Stamp::new(now, id),
    };
    let _ = store(CODER_KEY, &annotator_formats::project_file::write_coder(&me));
    me
}

/// Where a stored project that could not be read is kept, so that nothing is lost.
pub const UNREADABLE_PROJECT_KEY: &str = "communique-annotator/project-unreadable";

fn local_storage() -> Result<web_sys::Storage, String> {
    let unavailable = || "this browser does not let the page use its local storage".to_owned();
    gloo::utils::window().local_storage().map_err(|_| unavailable())?.ok_or_else(unavailable)
}

/// The stored text under `key`, if there is one.
pub fn load(key: &str) -> Result<Option<String>, String> {
    local_storage()?.get_item(key).map_err(|error| {
        format!("the browser could not read its local storage ({})", super::download::describe(&error))
    })
}

/// Whether anything is stored under `key`, found among the keys without copying its text.
pub fn holds(key: &str) -> bool {
    let Ok(storage) = local_storage() else { return false };
    let count = storage.length().unwrap_or(0);
    (0..count).any(|index| storage.key(index).ok().flatten().as_deref() == Some(key))
}

/// Stores `text` under `key`; says why when the browser refuses (storage full or switched off).
pub fn store(key: &str, text: &str) -> Result<(), String> {
    local_storage()?.set_item(key, text).map_err(|error| {
        let reason = super::download::describe(&error);
        if reason.to_lowercase().contains("quota") || reason.to_lowercase().contains("exceeded") {
            "the browser's local storage for this page is full".to_owned()
        } else {
            format!("the browser refused to store the work ({reason})")
        }
    })
}

/// Removes what is stored under `key`, if the browser lets the page use its storage.
pub fn remove(key: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// The largest project file (in bytes of JSON) kept in local storage. The browser allows about
/// five megabytes there, and writes it on the page's thread; larger projects go to IndexedDB.
pub const LOCAL_STORAGE_LIMIT: usize = 2_000_000;

/// What local storage holds under [`PROJECT_KEY`] while the project is in IndexedDB.
pub fn in_database_note(saved_at: f64) -> String {
    format!("{IN_DATABASE_PREFIX}\"saved\":{saved_at}}}")
}

/// Whether a stored text is the note that the project is in IndexedDB.
pub fn is_in_database_note(text: &str) -> bool {
    text.starts_with(IN_DATABASE_PREFIX)
}

const IN_DATABASE_PREFIX: &str = "{\"stored_in\":\"indexeddb\",";
