//! The side panels beside the document: the highlights list, the codebook, the overview and
//! agreement between coders.

pub mod agreement_panel;
pub mod codebook_panel;
pub mod cooccurrence_panel;
pub mod disagreement_list;
pub mod highlights_list;
pub mod on_demand;
pub mod overview_panel;
pub mod side_panel;

pub use side_panel::SidePanel;
