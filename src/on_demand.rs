//! Code the page fetches the first time it is needed, so that its first load carries what draws
//! the document, its highlights and the list, and opens sooner for it: the panels behind tabs
//! (`components::panels::on_demand`) and the find box's search (`components::find_box`).
//!
//! In the release build (feature `split`, which Trunk passes to the page's build) each part
//! declared with [`on_demand!`] becomes a WebAssembly module of its own, cut from the page's module
//! by `wasm-split` after the build (scripts/split_page.py) and fetched on first use; code a part
//! shares with the page stays in the page's module. Without the feature (tests, the workers, the
//! first page rendered ahead) a part is there at once.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::thread::LocalKey;
use yew::prelude::*;

/// A part's module could not be fetched (the split points' loader logs why to the console).
pub struct NotFetched;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for NotFetched {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        NotFetched
    }
}

/// Fetching a part: its value, or `None` if its module could not be had.
pub type Loading<T> = Pin<Box<dyn Future<Output = Option<T>>>>;

/// A value (a function, drawing a panel or searching) whose code may have to be fetched first.
pub struct Part<T: 'static> {
    /// The value, once fetched, so that later uses are ordinary calls.
    pub loaded: &'static LocalKey<Cell<Option<T>>>,
    /// Fetches the part's module and returns the value.
    pub load: fn() -> Loading<T>,
}

impl<T: Copy> Part<T> {
    /// The part's value, fetching its module first if it is not here yet; `None` if it could
    /// not be had (asking again tries again).
    pub async fn fetch(&'static self) -> Option<T> {
        if let Some(value) = self.loaded.get() {
            return Some(value);
        }
        let value = (self.load)().await?;
        self.loaded.set(Some(value));
        Some(value)
    }
}

/// Runs `then` with `part`'s value: at once if it is here, else once it is fetched (in a later
/// task); `failed` instead if it cannot be fetched.
pub fn with_part<T: Copy + 'static>(
    part: &'static Part<T>,
    then: impl FnOnce(T) + 'static,
    failed: impl FnOnce() + 'static,
) {
    if let Some(value) = part.loaded.get() {
        return then(value);
    }
    wasm_bindgen_futures::spawn_local(async move {
        match part.fetch().await {
            Some(value) => then(value),
            None => failed(),
        }
    });
}

/// Each part is one static: the same part is the same address.
impl<T> PartialEq for Part<T> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Declares a [`Part`]: `on_demand!(NAME: Type, module => value)`, `module` naming the split
/// point (and so the file its code is fetched from).
#[macro_export]
macro_rules! on_demand {
    ($(#[$doc:meta])* $vis:vis $name:ident: $ty:ty, $module:ident => $value:expr) => {
        $(#[$doc])*
        $vis static $name: $crate::on_demand::Part<$ty> = {
            #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split($module, fallible))]
            fn $module() -> Result<$ty, $crate::on_demand::NotFetched> {
                Ok($value)
            }
            thread_local! {
                static LOADED: std::cell::Cell<Option<$ty>> = const { std::cell::Cell::new(None) };
            }
            $crate::on_demand::Part {
                loaded: &LOADED,
                load: || {
                    Box::pin(async {
                        #[cfg(feature = "split")]
                        let value = $module().await;
                        #[cfg(not(feature = "split"))]
                        let value = $module();
                        value.ok()
                    })
                },
            }
        };
    };
}

/// Where a part stands.
#[derive(Clone, Copy, PartialEq)]
pub enum Fetched<T> {
    /// Here: use it.
    Ready(T),
    /// Not asked for yet, or on its way.
    Pending,
    /// Could not be fetched; asking again (the hook's retry) starts over.
    Failed,
}

/// A part, fetched when `wanted` (and from then on kept), with a callback that tries again after a
/// failure. The component draws again once the part arrives.
#[hook]
pub fn use_on_demand<T: Copy + 'static>(part: &'static Part<T>, wanted: bool) -> (Fetched<T>, Callback<()>) {
    let failed = use_state(|| false);
    // Bumped by a retry, and when a load ends, to draw again.
    let attempt = use_state(|| 0_u32);
    let ready = part.loaded.get();
    {
        let (failed, attempt) = (failed.clone(), attempt.clone());
        let key = std::ptr::from_ref(part) as usize;
        use_effect_with((key, wanted, *attempt), move |&(_, wanted, tried)| {
            if wanted && part.loaded.get().is_none() {
                failed.set(false);
                wasm_bindgen_futures::spawn_local(async move {
                    match (part.load)().await {
                        Some(value) => {
                            part.loaded.set(Some(value));
                            attempt.set(tried + 1);
                        }
                        None => failed.set(true),
                    }
                });
            }
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    let fetched = match ready {
        Some(value) => Fetched::Ready(value),
        None if *failed => Fetched::Failed,
        None => Fetched::Pending,
    };
    (fetched, retry)
}
