//! Every call into the browser that is more than rendering: the selection, the clock, downloads,
//! storage and what is near the viewport. The DOM counts UTF-16 code units and the core counts code points: the conversion
//! happens here and nowhere else.

pub mod clock;
pub mod download;
pub mod html_document;
pub mod indexed_db;
pub mod reveal;
pub mod selection;
pub mod sticky_offset;
pub mod storage;
pub mod viewport;
