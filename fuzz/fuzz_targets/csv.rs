#![no_main]
//! The CSV importer never panics.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let document = common::document();
    let project = common::project(&document);
    let _ = annotator_formats::csv::read(&text, &project, &document, annotator_core::Timestamp(0));
});
