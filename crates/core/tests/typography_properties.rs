//! Properties of anchoring across typographic drift: a quote whose quotation marks, dashes,
//! spaces, ligatures or Unicode forms differ from the text's (either way round) is placed on
//! exactly the span it was taken from, and said to be found only after normalising; a quote of
//! other words stays an orphan.

use annotator_core::anchoring::{place, Placement, CONTEXT_LENGTH};
use annotator_core::{Span, TextQuote};
use proptest::prelude::*;

/// Two spellings of the same piece of text: as typeset and as keyed plainly.
const TYPESET: &[(&str, &str)] = &[
    ("\u{2019}", "'"),
    ("\u{2018}", "'"),
    ("\u{201C}", "\""),
    ("\u{201D}", "\""),
    ("\u{2013}", "-"),
    ("\u{2014}", "-"),
    ("\u{00A0}", " "),
    ("\u{202F}", " "),
    ("\u{2009}", " "),
    ("\u{FB01}", "fi"),
    ("\u{FB02}", "fl"),
];

/// Composed (NFC) and decomposed (NFD) accents, told equal by Unicode's normalisation, which the
/// build without the `typography` feature leaves out.
const NORMAL_FORMS: &[(&str, &str)] = &[("é", "e\u{301}"), ("ç", "c\u{327}")];

/// Every variant this build folds.
fn variants() -> Vec<(&'static str, &'static str)> {
    let mut variants = TYPESET.to_vec();
    if cfg!(feature = "typography") {
        variants.extend_from_slice(NORMAL_FORMS);
    }
    variants
}

/// A piece of text as the document has it and as the quote has it.
#[derive(Clone, Debug)]
struct Piece {
    in_text: String,
    in_quote: String,
}

/// A plain piece (the same on both sides), or a typographic variant, typeset in the text and
/// plain in the quote or the other way round.
fn piece(letters: std::ops::RangeInclusive<char>) -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => prop::collection::vec(prop::char::range(*letters.start(), *letters.end()), 1..4)
            .prop_map(|letters| { let plain: String = letters.into_iter().collect(); Piece { in_text: plain.clone(), in_quote: plain } }),
        1 => (prop::sample::select(variants()), any::<bool>()).prop_map(|((typeset, plain), typeset_in_text)| {
            let (in_text, in_quote) = if typeset_in_text { (typeset, plain) } else { (plain, typeset) };
            Piece { in_text: in_text.into(), in_quote: in_quote.into() }
        }),
    ]
}

/// A word: pieces that begin with a letter, so that no word begins with a combining mark.
fn word(letters: std::ops::RangeInclusive<char>) -> impl Strategy<Value = Vec<Piece>> {
    let first = prop::char::range(*letters.start(), *letters.end())
        .prop_map(|letter| Piece { in_text: letter.into(), in_quote: letter.into() });
    (first, prop::collection::vec(piece(letters), 1..5)).prop_map(|(first, rest)| {
        let mut pieces = vec![first];
        pieces.extend(rest);
        pieces
    })
}

/// What separates two words: a space, or a variant of one, or punctuation that drifts.
fn separator() -> impl Strategy<Value = Piece> {
    let between = |typeset: &'static str, plain: &'static str| (Just(typeset), Just(plain), any::<bool>());
    prop_oneof![
        3 => Just((" ", " ", true)).prop_map(|(a, b, c)| (a, b, c)),
        1 => between("\u{00A0}", " "),
        1 => between(" \u{2014} ", " - "),
        1 => between("\u{2019}s ", "'s "),
        1 => between(" \u{201C}", " \""),
        1 => between("\u{201D} ", "\" "),
    ]
    .prop_map(|(typeset, plain, typeset_in_text)| {
        let (in_text, in_quote) = if typeset_in_text { (typeset, plain) } else { (plain, typeset) };
        Piece { in_text: in_text.into(), in_quote: in_quote.into() }
    })
}

/// Words joined by separators, each word a list of pieces.
fn words(
    letters: std::ops::RangeInclusive<char>,
    count: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<Vec<Piece>>> {
    prop::collection::vec((word(letters), separator()), count).prop_map(|words| {
        words
            .into_iter()
            .map(|(mut word, separator)| {
                word.push(separator);
                word
            })
            .collect()
    })
}

fn code_points(text: &str) -> usize {
    text.chars().count()
}

/// The last `count` code points of `text`.
fn last(text: &str, count: usize) -> String {
    let skip = code_points(text).saturating_sub(count);
    text.chars().skip(skip).collect()
}

/// The document's text, and the span of words `first..=last_word` (without the last word's
/// separator) with its quote as drifted, prefix and suffix drifted too.
fn text_span_and_drifted_quote(words: &[Vec<Piece>], first: usize, last_word: usize) -> (String, Span, TextQuote) {
    let side = |pieces: &[Piece], in_text: bool| -> String {
        pieces.iter().map(|piece| if in_text { piece.in_text.as_str() } else { piece.in_quote.as_str() }).collect()
    };
    let before: Vec<Piece> = words[..first].concat();
    let mut quoted: Vec<Piece> = words[first..=last_word].concat();
    let separator = quoted.pop().expect("a word ends with its separator");
    let mut after = vec![separator];
    after.extend(words[last_word + 1..].concat());
    let text = side(&before, true) + &side(&quoted, true) + &side(&after, true);
    let start = code_points(&side(&before, true));
    let span = Span::between(start, start + code_points(&side(&quoted, true)));
    let suffix: String = side(&after, false).chars().take(CONTEXT_LENGTH).collect();
    let quote = TextQuote { exact: side(&quoted, false), prefix: last(&side(&before, false), CONTEXT_LENGTH), suffix };
    (text, span, quote)
}

/// Words and two word indices, the first before the second.
fn words_and_passage() -> impl Strategy<Value = (Vec<Vec<Piece>>, usize, usize)> {
    words('a'..='z', 8..40).prop_flat_map(|words| {
        let count = words.len();
        (Just(words), 0..count - 2)
            .prop_flat_map(move |(words, first)| (Just(words), Just(first), (first + 1)..(first + 6).min(count)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_drifted_quote_lands_on_exactly_its_span((words, first, last_word) in words_and_passage()) {
        let (text, span, quote) = text_span_and_drifted_quote(&words, first, last_word);
        let original: String = text.chars().skip(span.start()).take(span.len()).collect();
        for position in [None, Some(span)] {
            let placement = place(&text, position, &quote);
            prop_assert_eq!(placement.span(), Some(span), "{:?} in {:?} ({:?})", quote, text, placement);
            if quote.exact != original {
                prop_assert!(matches!(placement, Placement::Normalised(_)), "{:?}", placement);
            }
        }
    }

    #[test]
    fn a_quote_of_other_words_stays_an_orphan(
        (words, first, last_word) in words_and_passage(),
        others in words('A'..='Z', 2..6),
    ) {
        let (text, _, _) = text_span_and_drifted_quote(&words, first, last_word);
        let exact: String = others.concat().iter().map(|piece| piece.in_quote.as_str()).collect();
        let quote = TextQuote { exact: exact.trim_end().to_owned(), ..TextQuote::default() };
        prop_assert_eq!(place(&text, None, &quote), Placement::Orphan, "{:?} in {:?}", quote, text);
    }
}
