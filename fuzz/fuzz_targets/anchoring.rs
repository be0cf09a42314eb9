#![no_main]
//! Placing a quote never panics, and a described span is always found where it was.
use annotator_core::anchoring::{describe, place, Placement};
use annotator_core::{Span, TextQuote};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, String, u16, u16)| {
    let (text, quote, start, length) = input;
    let length_of_text = text.chars().count();
    let span = Span::between(usize::from(start) % (length_of_text + 1), usize::from(start) % (length_of_text + 1) + usize::from(length) % 64).clamp_to(Span::between(0, length_of_text));
    if !span.is_empty() {
        let described = describe(&text, span);
        assert_eq!(place(&text, Some(span), &described), Placement::AtPosition(span));
    }
    let quote = TextQuote { exact: quote.clone(), prefix: quote.chars().rev().collect(), suffix: String::new() };
    if let Some(found) = place(&text, Some(span), &quote).span() {
        assert!(found.end() <= length_of_text);
    }
});
