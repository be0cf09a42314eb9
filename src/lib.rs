//! The browser shell of the communiqué annotator: Yew components over the pure model of
//! `annotator-core`, with every browser call (DOM selection, storage, files) kept in `dom/` and
//! `hooks/`, and every change to the data going through the reducer in `state`.

pub mod app;
pub mod components;
pub mod default_document;
pub mod dom;
pub mod exchange;
pub mod files;
pub mod hooks;
pub mod live;
pub mod merging;
pub mod on_demand;
pub mod state;

/// Mounts the app on the page's `<body>`, to take the place of the first page rendered ahead at
/// build time (`#prerendered`, see src/bin/prerender.rs), or of the copy of its first frame kept
/// with stored work, once it has drawn what they show (`dom::first_paint::remove_drawn_ahead`).
/// On a first visit the page rendered ahead is left to be painted first: the app mounts once the
/// browser reports its first contentful paint (or after a third of a second, in a tab not shown
/// or a browser that does not report it). When the browser keeps work from an earlier visit, the
/// app mounts at once, as that work is what to show.
pub fn start() {
    use std::cell::Cell;
    use std::rc::Rc;
    let mounted = Rc::new(Cell::new(false));
    let mount = move || {
        if mounted.replace(true) {
            return;
        }
        yew::Renderer::<app::App>::new().render();
        dom::clock::prepare_local_time();
    };
    let stored = dom::storage::holds(dom::storage::PROJECT_KEY);
    if stored {
        return mount();
    }
    gloo::timers::callback::Timeout::new(MOUNT_AT_THE_LATEST_MS, mount.clone()).forget();
    mount_after_first_paint(Rc::new(mount));
}

/// The longest the app waits for the first page to be painted.
const MOUNT_AT_THE_LATEST_MS: u32 = 300;

fn mount_after_first_paint(mount: std::rc::Rc<dyn Fn()>) {
    use wasm_bindgen::JsCast;
    let window = gloo::utils::window();
    let painted = window
        .performance()
        .is_some_and(|performance| performance.get_entries_by_name("first-contentful-paint").length() > 0);
    if painted {
        gloo::timers::callback::Timeout::new(0, move || mount()).forget();
        return;
    }
    let next = wasm_bindgen::closure::Closure::once_into_js(move || mount_after_first_paint(mount));
    let _ = window.request_animation_frame(next.unchecked_ref());
}
