//! The app's components, one per file, each beside its `Props`.

pub mod coders_control;
pub mod document;
pub mod document_picker;
pub mod find_box;
pub mod highlight_popover;
pub mod live;
pub mod notice_bar;
pub mod open_dialog;
pub mod panels;
pub mod selection_toolbar;
pub mod shortcuts_help;
pub mod top_bar;
