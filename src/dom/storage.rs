//! The browser's local storage, where the work is kept between visits.
//!
//! This talks to `web_sys::Storage` directly rather than through gloo-storage: gloo's
//! `LocalStorage::raw()` panics when a browser has storage switched off, and we must instead say
//! so and keep the work in memory.

/// The key under which the project file (with its `"version"`) is kept.
pub const PROJECT_KEY: &str = "communique-annotator/project";

/// The key under which the coder's name is kept.
pub const CREATOR_KEY: &str = "communique-annotator/creator";

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
