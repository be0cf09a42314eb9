//! Placing an annotation in a text: `describe` a span as selectors, and `place` the selectors
//! back: at the recorded position if the quote is still there, else by the exact quote (context
//! choosing among repeats), else by the exact quote once quote and text are both folded out of
//! their typographic variants ([`crate::typography`]), else by approximate matching of quote and
//! context; else an orphan.

use crate::annotation::TextQuote;
use crate::fuzzy::{distance, search};
use crate::span::Span;
use crate::text_units::{byte_offset, code_point_len, slice};
use crate::typography::fold;

/// How a quote was found again in a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    /// At its recorded position, unchanged.
    AtPosition(Span),
    /// Elsewhere, by its exact quote.
    ByQuote(Span),
    /// By its quote, found only once quote and text were written in one spelling of their
    /// quotation marks, dashes, spaces, ligatures and Unicode forms ([`crate::typography`]);
    /// the span is the real text's.
    Normalised(Span),
    /// By approximate matching of the quote and its context.
    Approximate {
        /// Where.
        span: Span,
        /// How many edits the quote needed.
        errors: usize,
        /// How sure the match is, from 0 to 1 (quote, context and nearness weighed together).
        score: f64,
    },
    /// Nowhere: the annotation becomes an orphan.
    Orphan,
}

impl Placement {
    /// Where the quote was found, unless it is an orphan.
    pub fn span(self) -> Option<Span> {
        match self {
            Placement::AtPosition(span)
            | Placement::ByQuote(span)
            | Placement::Normalised(span)
            | Placement::Approximate { span, .. } => Some(span),
            Placement::Orphan => None,
        }
    }
}

/// The least score an approximate match needs; below it the annotation is an orphan rather than
/// risk a wrong passage.
pub const MIN_APPROXIMATE_SCORE: f64 = 0.6;

/// Places a quote in `text`, in the order the module's summary gives.
pub fn place(text: &str, position: Option<Span>, quote: &TextQuote) -> Placement {
    if quote.exact.is_empty() {
        return Placement::Orphan;
    }
    if let Some(position) = position {
        if position.end() <= code_point_len(text) && slice(text, position.start(), position.end()) == quote.exact {
            return Placement::AtPosition(position);
        }
    }
    if let Some(span) = anchor(text, position, quote) {
        return Placement::ByQuote(span);
    }
    if let Some(span) = anchor_after_folding(text, position, quote) {
        return Placement::Normalised(span);
    }
    place_approximately(text, position, quote)
}

/// [`anchor`] over the folded text and the folded quote, the match mapped back to the real text.
fn anchor_after_folding(text: &str, position: Option<Span>, quote: &TextQuote) -> Option<Span> {
    let folded_quote = TextQuote {
        exact: fold(&quote.exact).text,
        prefix: fold(&quote.prefix).text,
        suffix: fold(&quote.suffix).text,
    };
    let folded_text = fold(text);
    if folded_quote.exact.is_empty() || (folded_text.text == text && folded_quote == *quote) {
        // Nothing to fold: the exact search has already looked.
        return None;
    }
    let hint = position.map(|position| {
        let start = folded_text.folded_offset(position.start());
        Span::between(start, start + code_point_len(&folded_quote.exact))
    });
    let found = anchor(&folded_text.text, hint, &folded_quote)?;
    folded_text.original_span(found)
}

/// Approximate matching, scored as Hypothesis does: the quote weighs most, then the prefix and
/// suffix, then nearness to the recorded position.
fn place_approximately(text: &str, position: Option<Span>, quote: &TextQuote) -> Placement {
    let text_chars: Vec<char> = text.chars().collect();
    let exact: Vec<char> = quote.exact.chars().collect();
    let max_errors = (exact.len() / 4).min(256);
    if max_errors == 0 {
        return Placement::Orphan;
    }
    let prefix: Vec<char> = quote.prefix.chars().collect();
    let suffix: Vec<char> = quote.suffix.chars().collect();
    let context_score = |expected: &[char], found: &[char]| {
        if expected.is_empty() {
            1.0
        } else {
            1.0 - distance(expected, found) as f64 / expected.len() as f64
        }
    };
    let best = search(&text_chars, &exact, max_errors)
        .into_iter()
        .map(|found| {
            let quote_score = 1.0 - found.errors as f64 / exact.len() as f64;
            let before = &text_chars[found.start.saturating_sub(prefix.len())..found.start];
            let after = &text_chars[found.end..(found.end + suffix.len()).min(text_chars.len())];
            let nearness = position.map_or(1.0, |position| {
                1.0 - position.start().abs_diff(found.start) as f64 / text_chars.len().max(1) as f64
            });
            let score = (50.0 * quote_score
                + 20.0 * context_score(&prefix, before)
                + 20.0 * context_score(&suffix, after)
                + 2.0 * nearness)
                / 92.0;
            (score, found)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, found)) if score >= MIN_APPROXIMATE_SCORE => {
            Placement::Approximate { span: Span::between(found.start, found.end), errors: found.errors, score }
        }
        _ => Placement::Orphan,
    }
}

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
    fn place_by_position_quote_approximation_or_not_at_all() {
        let text = "The Ministers reaffirmed their shared determination to continue the fight against Daesh/ISIS.";
        let at = |exact: &str| {
            let start = text.find(exact).unwrap();
            span(start, start + exact.len())
        };
        let fight = at("continue the fight");
        let described = describe(text, fight);
        assert_eq!(place(text, Some(fight), &described), Placement::AtPosition(fight));
        assert_eq!(place(text, Some(span(0, 18)), &described), Placement::ByQuote(fight));
        // The text changed a little: one word of the quote is spelt differently.
        let edited = text.replace("continue the fight", "continue the fignt");
        let Placement::Approximate { span: found, errors, score } = place(&edited, Some(fight), &described) else {
            panic!("an approximate match")
        };
        assert_eq!((found.start(), errors), (fight.start(), 1));
        assert!(score > 0.9, "{score}");
        // The passage is gone: an orphan, never a guess.
        let gone = text.replace("continue the fight against", "pursue efforts against");
        assert_eq!(place(&gone, Some(fight), &described), Placement::Orphan);
        assert_eq!(place(text, None, &TextQuote::default()), Placement::Orphan);
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
