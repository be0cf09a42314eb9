//! The browser shell of the communiqué annotator: Yew components over the pure model of
//! `annotator-core`, with every browser call (DOM selection, storage, files) kept in `dom/` and
//! `hooks/`, and every change to the data going through the reducer in `state`.

pub mod app;
pub mod components;
pub mod default_document;
pub mod dom;
pub mod exchange;
pub mod hooks;
pub mod state;

/// Mounts the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
