//! The document: an `<article>` of keyed, memoised blocks, so that a new highlight re-renders
//! only the blocks it touches, and in a long document only those near the viewport draw their
//! highlights.

pub mod block_highlights;
pub mod block_markup;
pub mod block_view;
pub mod document_view;
pub mod highlight_style;
pub mod theme_map;

pub use block_highlights::{BlockHighlights, BlockList, HighlightsByBlock};
pub use block_view::{BlockContent, BlockHighlight, BlockView};
pub use document_view::{matches_by_block, DocumentView, MatchesByBlock};
pub use theme_map::ThemeMap;
