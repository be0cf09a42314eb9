//! The side panels beside the document: the highlights list, the codebook and the overview.

pub mod codebook_panel;
pub mod highlights_list;
pub mod overview_panel;
pub mod side_panel;

pub use side_panel::SidePanel;
