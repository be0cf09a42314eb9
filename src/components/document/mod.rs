//! The document: an `<article>` of keyed, memoised blocks, so that a new highlight re-renders
//! only the blocks it touches.

pub mod block_view;
pub mod document_view;
pub mod highlight_descriptions;
pub mod highlight_style;
pub mod theme_map;

pub use block_view::{BlockContent, BlockHighlight, BlockView};
pub use document_view::DocumentView;
pub use highlight_descriptions::HighlightDescriptions;
pub use theme_map::ThemeMap;
