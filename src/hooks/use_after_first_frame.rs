//! What may wait until a frame is painted: what is beside the document, at the first visit's
//! first frame and after every change.

use std::rc::Rc;
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

/// `value` as what is drawn beside the document shows it: a new value reaches it in the task
/// after the frame that paints the document's answer. An action's own answer (the new mark, the
/// popover's change) is then painted in the frame after the input, and the list, the counts and
/// the theme map follow a frame later, instead of all of them waiting for the slowest (each
/// reads every highlight, ten thousand in a long document). Compared by address, as a new
/// project is a new `Rc`.
#[hook]
pub fn use_a_frame_later<T: 'static>(value: &Rc<T>) -> Rc<T> {
    let latest = use_mut_ref(|| value.clone());
    *latest.borrow_mut() = value.clone();
    let shown = use_mut_ref(|| value.clone());
    let redraw = use_force_update();
    {
        let shown = shown.clone();
        use_effect_with(PointerKey(value.clone()), move |_| {
            if !Rc::ptr_eq(&shown.borrow(), &latest.borrow()) {
                crate::dom::after_next_frame(move || {
                    // A later change may already be shown by the time a frame passes: one redraw
                    // for however many changes came within the frame.
                    if !Rc::ptr_eq(&shown.borrow(), &latest.borrow()) {
                        *shown.borrow_mut() = latest.borrow().clone();
                        redraw.force_update();
                    }
                });
            }
        });
    }
    let now = shown.borrow().clone();
    now
}

/// An `Rc` compared by address, as an effect's dependency.
struct PointerKey<T>(Rc<T>);

impl<T> PartialEq for PointerKey<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
