//! Cutting a document's text into sentences, which the keyboard moves a selection by.

use crate::document::Document;
use crate::span::Span;

/// The sentences of the text, in order: each block is cut after `.`, `!` or `?` (and any
/// closing quote or bracket) that is followed by white space, unless the word ending there is
/// an abbreviation ("U.S.", "e.g.", a single letter). Blocks end sentences too.
pub(crate) fn sentences(document: &Document) -> Vec<Span> {
    let mut sentences = Vec::new();
    for block in document.blocks() {
        let text: Vec<char> = document.quote(block.span).chars().collect();
        let mut start = 0;
        let mut index = 0;
        while index < text.len() {
            let ends_sentence = matches!(text[index], '.' | '!' | '?') && !is_abbreviation(&text[start..=index]);
            if ends_sentence {
                let mut end = index + 1;
                while end < text.len() && matches!(text[end], '"' | '\'' | ')' | ']' | '”' | '’') {
                    end += 1;
                }
                if end == text.len() || text[end].is_whitespace() {
                    push_trimmed(&mut sentences, &text, block.span.start(), start, end);
                    start = end;
                    index = end;
                    continue;
                }
            }
            index += 1;
        }
        push_trimmed(&mut sentences, &text, block.span.start(), start, text.len());
    }
    sentences
}

/// Whether the text up to a full stop ends in an abbreviation rather than a sentence.
fn is_abbreviation(sentence_so_far: &[char]) -> bool {
    if sentence_so_far.last() != Some(&'.') {
        return false;
    }
    let word: String = sentence_so_far.iter().rev().skip(1).take_while(|c| !c.is_whitespace()).collect();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // "U.S." has a stop inside; "e.g." too; "Mr." is short and capitalised.
    word.contains('.')
        || letters == 1
        || matches!(
            word.chars().rev().collect::<String>().as_str(),
            "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "No" | "vs" | "etc"
        )
}

fn push_trimmed(sentences: &mut Vec<Span>, text: &[char], offset: usize, start: usize, end: usize) {
    let leading = text[start..end].iter().take_while(|c| c.is_whitespace()).count();
    let trailing = text[start + leading..end].iter().rev().take_while(|c| c.is_whitespace()).count();
    let span = Span::between(offset + start + leading, offset + end - trailing);
    if !span.is_empty() {
        sentences.push(span);
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Document;

    #[test]
    fn sentences_are_cut_at_stops_but_not_abbreviations() {
        let check = |markdown: &str, expected: &[&str]| {
            let document = Document::from_markdown("d", "Untitled", markdown);
            let got: Vec<&str> = document.sentences().into_iter().map(|span| document.quote(span)).collect();
            assert_eq!(got, expected, "{markdown:?}");
        };
        check("One. Two! Three? Four", &["One.", "Two!", "Three?", "Four"]);
        check(
            "U.S. Secretary Antony J. Blinken met. Then left.",
            &["U.S. Secretary Antony J. Blinken met.", "Then left."],
        );
        check("He said \"stop.\" Then (it ended.) Yes", &["He said \"stop.\"", "Then (it ended.)", "Yes"]);
        check("# Title\n\nA 2.5 share. B", &["Title", "A 2.5 share.", "B"]);
        check("Arabic داعش. 😀 Emoji.", &["Arabic داعش.", "😀 Emoji."]);
    }
}
