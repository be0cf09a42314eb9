#![no_main]
//! Any plain text becomes a document with consistent offsets.
use annotator_core::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let document = Document::from_plain_text("d", "T", &text);
    assert_eq!(document.text().chars().count(), document.len());
    for block in document.blocks() {
        assert!(block.span.end() <= document.len());
    }
});
