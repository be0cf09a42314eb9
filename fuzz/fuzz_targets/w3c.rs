#![no_main]
//! The W3C Web Annotation importer never panics, whatever the JSON.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let document = common::document();
    let project = common::project(&document);
    let _ = annotator_formats::w3c::read(text, &project, &document, annotator_core::Timestamp(0));
});
