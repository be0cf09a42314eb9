//! What may wait until the first frame is painted.

use yew::prelude::*;

/// Whether what waits may be drawn: at once unless `wait` is true at the first render, and then
/// in the task after the first frame is painted. Read once, at the first render.
#[hook]
pub fn use_after_first_frame(wait: bool) -> bool {
    let shown = use_state(|| !wait);
    {
        let shown = shown.clone();
        use_effect_with((), move |_| {
            if !*shown {
                crate::dom::after_next_frame(move || shown.set(true));
            }
        });
    }
    *shown
}
