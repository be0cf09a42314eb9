//! A live session on screen: the control that starts, shows and leaves it, and the others'
//! selections drawn over the text and beside the theme map.

pub mod live_session_control;
pub mod peer_selections;

pub use live_session_control::LiveSessionControl;
