#![no_main]
//! The REFI-QDA project reader (zip and XML) never panics and never unpacks more than its limit.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let document = common::document();
    let project = common::project(&document);
    let _ = annotator_formats::refi::read_project(data, &project, &document, annotator_core::Timestamp(0));
});
