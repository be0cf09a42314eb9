//! Custom hooks: each wraps the state with the side effects that belong to it.

pub mod use_after_first_frame;
pub mod use_autosave;
pub mod use_exchange;
pub mod use_live_session;
pub mod use_other_tabs;
pub mod use_shortcuts;

pub use use_after_first_frame::{use_a_frame_later, use_after_first_frame};
pub use use_autosave::{initial_state, use_autosave};
pub use use_exchange::use_exchange;
pub use use_live_session::{use_live_session, LiveControls};
pub use use_other_tabs::use_other_tabs;
pub use use_shortcuts::use_shortcuts;
