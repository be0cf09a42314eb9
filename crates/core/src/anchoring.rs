//! Placing an annotation in a text: `describe` a span as selectors, and `anchor` the selectors
//! back to a span.

use crate::annotation::TextQuote;
use crate::span::Span;
use crate::text_units::{byte_offset, code_point_len, slice};

/// How many code points of context are kept either side of a quote (as Hypothesis does).
pub const CONTEXT_LENGTH: usize = 32;

/// The quote of `span` in `text`, with up to [`CONTEXT_LENGTH`] code points of context either side.
pub fn describe(text: &str, span: Span) -> TextQuote {
    let length = code_point_len(text);
    let span = span.clamp_to(Span::between(0, length));
    TextQuote {
        exact: slice(text, span.start(), span.end()).to_owned(),
        prefix: slice(text, span.start().saturating_sub(CONTEXT_LENGTH), span.start()).to_owned(),
        suffix: slice(text, span.end(), span.end() + CONTEXT_LENGTH).to_owned(),
    }
}

/// Finds where a quote lies in `text`: at `position` if the quote is still there, else at the
/// occurrence of the exact quote whose context best matches the prefix and suffix (the nearest to
/// `position` among equals). `None` when the exact quote is nowhere in the text.
pub fn anchor(text: &str, position: Option<Span>, quote: &TextQuote) -> Option<Span> {
    if quote.exact.is_empty() {
        return None;
    }
    if let Some(position) = position {
        if position.end() <= code_point_len(text) && slice(text, position.start(), position.end()) == quote.exact {
            return Some(position);
        }
    }
    let exact_length = code_point_len(&quote.exact);
    let hint = position.map_or(0, Span::start);
    occurrences(text, &quote.exact)
        .map(|(start_byte, start)| {
            let before = &text[..start_byte];
            let after = &text[start_byte + quote.exact.len()..];
            let context = common_suffix_length(before, &quote.prefix) + common_prefix_length(after, &quote.suffix);
            (context, std::cmp::Reverse(start.abs_diff(hint)), start)
        })
        .max()
        .map(|(_, _, start)| Span::between(start, start + exact_length))
}

/// Every place `needle` starts in `haystack`, as (byte offset, code-point offset), overlaps included.
fn occurrences<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut searched_bytes = 0;
    let mut searched_code_points = 0;
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = haystack[from..].find(needle)? + from;
        searched_code_points += code_point_len(&haystack[searched_bytes..found]);
        searched_bytes = found;
        from = found + byte_offset(&haystack[found..], 1);
        Some((found, searched_code_points))
    })
}

fn common_prefix_length(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix_length(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span::new(start, end).unwrap()
    }

    #[test]
    fn describe_keeps_up_to_32_code_points_of_context() {
        let check = |text: &str, at: Span, exact: &str, prefix: &str, suffix: &str| {
            let quote = describe(text, at);
            assert_eq!(
                (quote.exact.as_str(), quote.prefix.as_str(), quote.suffix.as_str()),
                (exact, prefix, suffix),
                "{text:?} {at:?}"
            );
        };
        check("abcdef", span(2, 4), "cd", "ab", "ef");
        check("abc", span(0, 3), "abc", "", "");
        let long = "x".repeat(40) + "TARGET" + &"y".repeat(40);
        check(&long, span(40, 46), "TARGET", &"x".repeat(32), &"y".repeat(32));
        check("😀😀 داعش 😀", span(3, 7), "داعش", "😀😀 ", " 😀");
    }

    #[test]
    fn anchor_prefers_position_then_context_then_nearness() {
        let text = "the cat and the cat and the dog";
        let quote = |exact: &str, prefix: &str, suffix: &str| TextQuote {
            exact: exact.into(),
            prefix: prefix.into(),
            suffix: suffix.into(),
        };
        let check = |position: Option<Span>, quote: TextQuote, expected: Option<Span>| {
            assert_eq!(anchor(text, position, &quote), expected, "{position:?} {quote:?}");
        };
        check(Some(span(16, 19)), quote("cat", "", ""), Some(span(16, 19)));
        check(Some(span(0, 3)), quote("cat", "and the ", " and the dog"), Some(span(16, 19)));
        check(None, quote("cat", "the ", " and the cat"), Some(span(4, 7)));
        check(Some(span(17, 20)), quote("cat", "", ""), Some(span(16, 19)));
        check(None, quote("cow", "", ""), None);
        check(None, quote("", "", ""), None);
        check(Some(span(100, 103)), quote("dog", "", ""), Some(span(28, 31)));
    }

    #[test]
    fn anchor_of_describe_is_the_span_in_any_script() {
        let text = "😀 a داعش b 😀 a داعش b e\u{301}";
        let length = code_point_len(text);
        for start in 0..length {
            for end in start + 1..=length {
                let at = span(start, end);
                assert_eq!(anchor(text, None, &describe(text, at)), Some(at), "{at:?}");
            }
        }
    }
}
