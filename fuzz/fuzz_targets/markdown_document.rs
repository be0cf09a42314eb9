#![no_main]
//! Any Markdown becomes a document whose blocks tile its text, and which its sources give back.
use annotator_core::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let document = Document::from_markdown("d", "T", text);
    for block in document.blocks() {
        let covered: usize = block.runs.iter().map(|run| run.span.len()).sum();
        assert_eq!(covered, block.span.len());
        assert!(block.span.end() <= document.len());
    }
    assert_eq!(Document::from_sources("d", document.title().to_owned(), document.sources()), document);
    let _ = document.sentences();
});
