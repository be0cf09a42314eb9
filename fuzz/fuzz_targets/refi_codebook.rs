#![no_main]
//! The REFI-QDA codebook reader never panics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = annotator_formats::refi::read_codebook(&text, annotator_core::Timestamp(0));
});
