//! Properties of anchoring on random texts with emoji, combining marks and Arabic:
//! placing a described span gives the span back, and after a small edit the passage is found
//! where it went, or reported as an orphan, never placed on another passage; an edit that leaves
//! the passage itself alone never makes it an orphan.

use annotator_core::anchoring::{describe, place, Placement};
use annotator_core::Span;
use proptest::prelude::*;

/// Words of mixed scripts, joined by spaces: Latin with accents and combining marks, Arabic, emoji.
fn text() -> impl Strategy<Value = Vec<char>> {
    let word = prop::collection::vec(
        prop_oneof![
            prop::char::range('a', 'z'),
            prop::char::range('à', 'ÿ'),
            prop::char::range('ا', 'ي'),
            prop::char::range('😀', '🙏'),
            Just('\u{301}'),
        ],
        2..8,
    );
    prop::collection::vec(word, 20..120).prop_map(|words| words.join(&' ').into_iter().collect())
}

/// A text with a span of at least 12 code points in it.
fn text_and_span() -> impl Strategy<Value = (Vec<char>, Span)> {
    text()
        .prop_flat_map(|chars| {
            let length = chars.len();
            (Just(chars), 0..length - 12).prop_flat_map(move |(chars, start)| {
                (Just(chars), Just(start), (start + 12)..=(start + 40).min(length))
            })
        })
        .prop_map(|(chars, start, end)| (chars, Span::between(start, end)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn place_of_describe_is_the_span((chars, span) in text_and_span()) {
        let text: String = chars.iter().collect();
        let quote = describe(&text, span);
        prop_assert_eq!(place(&text, Some(span), &quote), Placement::AtPosition(span));
        let found = place(&text, None, &quote).span().expect("the quote is in the text");
        prop_assert_eq!(found, span);
    }

    #[test]
    fn after_a_small_edit_the_passage_is_found_or_orphaned(
        (chars, span) in text_and_span(),
        edit_at in any::<prop::sample::Index>(),
        removed in 0usize..4,
        inserted in prop::collection::vec(prop::char::range('a', 'z'), 0..4),
    ) {
        let text: String = chars.iter().collect();
        let quote = describe(&text, span);
        let edit_start = edit_at.index(chars.len());
        let edit_end = (edit_start + removed).min(chars.len());
        let mut edited_chars = chars.clone();
        edited_chars.splice(edit_start..edit_end, inserted.iter().copied());
        let edited: String = edited_chars.iter().collect();
        // Where the passage went: shifted by an edit before it, stretched or shrunk by one inside it.
        let shift = |offset: usize| -> usize {
            if offset <= edit_start { offset } else if offset >= edit_end { offset + inserted.len() - (edit_end - edit_start) } else { edit_start + inserted.len() }
        };
        let moved = Span::between(shift(span.start()), shift(span.end()).max(shift(span.start())));
        let placement = place(&edited, Some(span), &quote);
        // An edit wholly before or after the passage leaves its quote whole: it must be found,
        // exactly where the edit pushed it, whatever the edit did to its context. Without this,
        // a `place` that made everything an orphan would pass.
        let edit_is_before = edit_end <= span.start();
        let edit_is_after = edit_start >= span.end();
        if edit_is_before || edit_is_after {
            let pushed = if edit_is_before {
                let push = |offset: usize| offset - (edit_end - edit_start) + inserted.len();
                Span::between(push(span.start()), push(span.end()))
            } else {
                span
            };
            prop_assert_eq!(
                placement.span(),
                Some(pushed),
                "the edit of [{}, {}) to {:?} left the passage {:?} whole",
                edit_start, edit_end, inserted, span
            );
        }
        if let Some(found) = placement.span() {
            let shared = found.intersection(moved).map_or(0, Span::len);
            prop_assert!(
                shared * 2 >= span.len(),
                "placed at {:?} ({:?}) but the passage went to {:?} ({:?})",
                found, edited_chars[found.start()..found.end()].iter().collect::<String>(),
                moved, edited_chars[moved.start()..moved.end()].iter().collect::<String>()
            );
        }
    }
}
