//! Text search over a document's plain text, as a coder searches before tagging every match
//! (NVivo's text search query): whole words or not, case or not, literal words or a regular
//! expression. Every offset is in code points of the plain text, like every span of the core.
//!
//! Regular expressions are those of `regex-lite`, which keeps the page small: its `\w`, `\b`
//! and `(?i)` know ASCII only. So the two options do not go into the expression: case is folded
//! here, one code point to one, for literal words (so "DAESH" finds "Daesh" and "É" finds "é"),
//! and a whole word is checked here on both sides of a match with Unicode's letters and digits,
//! for literal words and expressions alike.

use crate::annotation::Annotation;
use crate::ids::AnnotationId;
use crate::span::Span;
use thiserror::Error;

/// How many matches a search returns at most: beyond that the list is too long to read, and
/// tagging them all would be a slip, not a choice.
pub const MAX_MATCHES: usize = 10_000;

/// How many words of context a match shows on either side.
pub const CONTEXT_WORDS: usize = 5;

/// How many code points of context a match shows on either side at most (a word may be long).
const CONTEXT_LIMIT: usize = 60;

/// How the query is matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SearchOptions {
    /// Only matches with no letter, digit or `_` just before or after them.
    pub whole_words: bool,
    /// Upper and lower case must be as typed.
    pub match_case: bool,
    /// The query is a regular expression (`regex-lite` syntax).
    pub regular_expression: bool,
}

/// One place the query was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchMatch {
    /// Where it is.
    pub span: Span,
    /// Up to [`CONTEXT_WORDS`] words before it, white space shown as single spaces.
    pub before: String,
    /// The text matched.
    pub exact: String,
    /// Up to [`CONTEXT_WORDS`] words after it.
    pub after: String,
    /// The highlights given to [`search`] whose passages share at least one code point with it
    /// (a match inside a highlight is a match all the same).
    pub highlights: Vec<AnnotationId>,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// The matches, in text order, at most [`MAX_MATCHES`].
    pub matches: Vec<SearchMatch>,
    /// Whether there were more than [`MAX_MATCHES`] (only the first are listed).
    pub capped: bool,
}

/// Why a search could not run.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SearchError {
    /// The regular expression does not parse.
    #[error("this regular expression is not valid ({0}); check its brackets and backslashes")]
    InvalidExpression(String),
}

/// Every match of `query` in `text`, with its context, and the highlights among `highlights`
/// that each falls in. An empty query finds nothing; a regular expression's empty matches are
/// left out (there is nothing to tag in them).
pub fn search<'a>(
    text: &str,
    query: &str,
    options: SearchOptions,
    highlights: impl IntoIterator<Item = &'a Annotation>,
) -> Result<SearchResults, SearchError> {
    if query.is_empty() {
        return Ok(SearchResults::default());
    }
    let (byte_ranges, capped) = if options.regular_expression {
        expression_matches(text, query, options)?
    } else {
        literal_matches(text, query, options)
    };
    let spans = code_point_spans(text, &byte_ranges);
    let characters: Vec<char> = text.chars().collect();
    let mut matches: Vec<SearchMatch> = spans
        .iter()
        .map(|span| SearchMatch {
            span: *span,
            before: words_before(&characters, span.start()),
            exact: characters[span.start()..span.end()].iter().collect(),
            after: words_after(&characters, span.end()),
            highlights: Vec::new(),
        })
        .collect();
    mark_highlights(&mut matches, highlights);
    Ok(SearchResults { matches, capped })
}

/// Whether `character` is part of a word, for whole-word matching: letters and digits of any
/// script, and `_` (as `\w` has it).
pub fn is_word_character(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

/// Whether the text between byte offsets `start` and `end` stands as whole words: no word
/// character just outside it on either side.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_character) && !after.is_some_and(is_word_character)
}

/// One code point to one in lower case, so that byte offsets in the folded text map back to
/// code points of the text (a character whose lower case is longer, like "İ", stays as it is).
fn fold(character: char) -> char {
    let mut lower = character.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => character,
    }
}

/// The byte ranges of the literal matches of `query`, in the text's own bytes or, ignoring
/// case, in its folded copy (whose code points are the text's, one for one), and whether there
/// were more than [`MAX_MATCHES`]. Byte ranges of a folded copy are turned into those of the text.
fn literal_matches(text: &str, query: &str, options: SearchOptions) -> (Vec<(usize, usize)>, bool) {
    let whole = |haystack: &str, start: usize, end: usize| !options.whole_words || stands_alone(haystack, start, end);
    let found = |haystack: &str, needle: &str| -> (Vec<(usize, usize)>, bool) {
        let mut ranges = Vec::new();
        for (start, piece) in haystack.match_indices(needle) {
            let end = start + piece.len();
            if whole(haystack, start, end) {
                if ranges.len() == MAX_MATCHES {
                    return (ranges, true);
                }
                ranges.push((start, end));
            }
        }
        (ranges, false)
    };
    if options.match_case {
        return found(text, query);
    }
    let folded: String = text.chars().map(fold).collect();
    let needle: String = query.chars().map(fold).collect();
    let (ranges, capped) = found(&folded, &needle);
    (same_places_in(&folded, text, &ranges), capped)
}

/// Byte ranges of `folded` as byte ranges of `text`: both hold as many code points, in the same
/// places.
fn same_places_in(folded: &str, text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let spans = code_point_spans(folded, ranges);
    let mut text_bytes: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    text_bytes.push(text.len());
    spans.iter().map(|span| (text_bytes[span.start()], text_bytes[span.end()])).collect()
}

/// The byte ranges of the matches of the regular expression `query`, and whether there were
/// more than [`MAX_MATCHES`].
fn expression_matches(
    text: &str,
    query: &str,
    options: SearchOptions,
) -> Result<(Vec<(usize, usize)>, bool), SearchError> {
    let expression = regex_lite::RegexBuilder::new(query)
        .case_insensitive(!options.match_case)
        .build()
        .map_err(|error| SearchError::InvalidExpression(last_line(&error.to_string())))?;
    let mut ranges = Vec::new();
    for found in expression.find_iter(text) {
        if found.is_empty() || (options.whole_words && !stands_alone(text, found.start(), found.end())) {
            continue;
        }
        if ranges.len() == MAX_MATCHES {
            return Ok((ranges, true));
        }
        ranges.push((found.start(), found.end()));
    }
    Ok((ranges, false))
}

/// The gist of a parser's message: its last line (the first lines repeat the expression and
/// point at the place with a caret, which does not survive being shown in one line).
fn last_line(message: &str) -> String {
    let line = message.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or(message);
    line.trim().trim_start_matches("error:").trim().to_owned()
}

/// Sorted, non-overlapping byte ranges of `text` as code-point spans, in one pass over it.
fn code_point_spans(text: &str, ranges: &[(usize, usize)]) -> Vec<Span> {
    let mut bytes: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    bytes.push(text.len());
    // The ranges come in order, so the code point of each boundary is looked for from the last.
    let mut cursor = 0;
    let mut code_point_of = |wanted: usize| {
        while cursor < bytes.len() && bytes[cursor] < wanted {
            cursor += 1;
        }
        cursor
    };
    ranges
        .iter()
        .map(|&(start, end)| {
            let start = code_point_of(start);
            Span::between(start, code_point_of(end))
        })
        .collect()
}

/// Up to [`CONTEXT_WORDS`] words of `characters` ending at `end`, white space as single spaces.
fn words_before(characters: &[char], end: usize) -> String {
    let mut start = end;
    let mut words = 0;
    while start > 0 && end - start < CONTEXT_LIMIT {
        let starts_word =
            !characters[start - 1].is_whitespace() && (start < 2 || characters[start - 2].is_whitespace());
        start -= 1;
        if starts_word {
            words += 1;
            if words == CONTEXT_WORDS {
                break;
            }
        }
    }
    single_spaced(&characters[start..end])
}

/// Up to [`CONTEXT_WORDS`] words of `characters` starting at `start`.
fn words_after(characters: &[char], start: usize) -> String {
    let mut end = start;
    let mut words = 0;
    while end < characters.len() && end - start < CONTEXT_LIMIT {
        let ends_word =
            !characters[end].is_whitespace() && (end + 1 == characters.len() || characters[end + 1].is_whitespace());
        end += 1;
        if ends_word {
            words += 1;
            if words == CONTEXT_WORDS {
                break;
            }
        }
    }
    single_spaced(&characters[start..end])
}

/// The characters with each run of white space (a line break, a blank line) as one space.
fn single_spaced(characters: &[char]) -> String {
    let mut shown = String::with_capacity(characters.len());
    let mut in_space = false;
    for &character in characters {
        if character.is_whitespace() {
            if !in_space {
                shown.push(' ');
            }
            in_space = true;
        } else {
            shown.push(character);
            in_space = false;
        }
    }
    shown
}

/// Notes in each match the highlights that share a code point with it: one sweep over both in
/// text order, keeping the highlights still open, so ten thousand of each cost little.
fn mark_highlights<'a>(matches: &mut [SearchMatch], highlights: impl IntoIterator<Item = &'a Annotation>) {
    let mut sorted: Vec<(Span, AnnotationId)> =
        highlights.into_iter().map(|annotation| (annotation.span, annotation.id)).collect();
    sorted.sort();
    let mut next = 0;
    let mut open: Vec<(Span, AnnotationId)> = Vec::new();
    for found in matches.iter_mut() {
        while next < sorted.len() && sorted[next].0.start() < found.span.end() {
            open.push(sorted[next]);
            next += 1;
        }
        open.retain(|(span, _)| span.end() > found.span.start());
        found.highlights = open.iter().filter(|(span, _)| span.overlaps(found.span)).map(|(_, id)| *id).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{create, fixture};
    use crate::command::{apply, Origin};

    const WORDS: SearchOptions = SearchOptions { whole_words: true, match_case: false, regular_expression: false };
    const ANY: SearchOptions = SearchOptions { whole_words: false, match_case: false, regular_expression: false };

    /// The spans found, as (start, end) in code points, and the texts matched.
    fn check(text: &str, query: &str, options: SearchOptions, expected: &[(usize, usize, &str)]) {
        let results = search(text, query, options, []).unwrap();
        let found: Vec<(usize, usize, &str)> =
            results.matches.iter().map(|found| (found.span.start(), found.span.end(), found.exact.as_str())).collect();
        assert_eq!(found, expected, "{query:?} with {options:?} in {text:?}");
        for found in &results.matches {
            let by_offsets: String = text.chars().skip(found.span.start()).take(found.span.len()).collect();
            assert_eq!(by_offsets, found.exact, "the span is in code points");
        }
    }

    #[test]
    fn literal_words_in_any_case_or_as_typed() {
        let text = "The Coalition, the coalitions and COALITION.";
        check(text, "coalition", ANY, &[(4, 13, "Coalition"), (19, 28, "coalition"), (34, 43, "COALITION")]);
        let case = SearchOptions { match_case: true, ..ANY };
        check(text, "coalition", case, &[(19, 28, "coalition")]);
        check(text, "Coalition", case, &[(4, 13, "Coalition")]);
        check(text, "", ANY, &[]);
        check(text, "absent", ANY, &[]);
        check("aaa", "a", ANY, &[(0, 1, "a"), (1, 2, "a"), (2, 3, "a")]);
    }

    #[test]
    fn whole_words_leave_out_parts_of_longer_words() {
        let text = "The Coalition, the coalitions and COALITION_2 or coalition.";
        check(text, "coalition", WORDS, &[(4, 13, "Coalition"), (49, 58, "coalition")]);
        check("anti-Daesh, Daeshist", "daesh", WORDS, &[(5, 10, "Daesh")]);
        // Letters of other scripts are letters: "é" after the word makes it part of a longer one.
        check("café cafés cafe", "caf", WORDS, &[]);
        check("داعش وداعش", "داعش", WORDS, &[(0, 4, "داعش")]);
    }

    #[test]
    fn non_ascii_text_counts_code_points_and_folds_case() {
        let text = "😀 Ünïcode then ÜNÏCODE, 🇮🇶 Iraq";
        check(text, "ünïcode", ANY, &[(2, 9, "Ünïcode"), (15, 22, "ÜNÏCODE")]);
        check(text, "iraq", WORDS, &[(27, 31, "Iraq")]);
        let results = search(text, "iraq", ANY, []).unwrap();
        assert_eq!(results.matches[0].before, "😀 Ünïcode then ÜNÏCODE, 🇮🇶 ", "five words back");
        // A lower case longer than its capital leaves the capital as it is, offsets intact.
        check("İstanbul istanbul", "istanbul", ANY, &[(9, 17, "istanbul")]);
    }

    #[test]
    fn regular_expressions_with_the_options() {
        let text = "Resolution 2170 (2014) and resolution 2254 of 2015.";
        let expression = SearchOptions { regular_expression: true, ..ANY };
        check(text, r"\d{4}", expression, &[(11, 15, "2170"), (17, 21, "2014"), (38, 42, "2254"), (46, 50, "2015")]);
        check(
            text,
            "resolution \\d+",
            SearchOptions { match_case: true, ..expression },
            &[(27, 42, "resolution 2254")],
        );
        check(text, "resolution \\d+", expression, &[(0, 15, "Resolution 2170"), (27, 42, "resolution 2254")]);
        check(text, "20\\d", SearchOptions { whole_words: true, ..expression }, &[]);
        check(text, "20\\d+", SearchOptions { whole_words: true, ..expression }, &[(17, 21, "2014"), (46, 50, "2015")]);
        check("é1 😀ab", "[a-z]+", expression, &[(4, 6, "ab")]);
        check(text, "x*", expression, &[]);
    }

    #[test]
    fn an_invalid_expression_is_a_message_not_a_panic() {
        let expression = SearchOptions { regular_expression: true, ..ANY };
        for query in ["(unclosed", "[a-", "a{2,1}", "\\"] {
            let error = search("text", query, expression, []).unwrap_err();
            let SearchError::InvalidExpression(reason) = &error;
            assert!(!reason.is_empty() && !reason.contains('\n'), "{query:?}: {reason:?}");
            assert!(error.to_string().starts_with("this regular expression is not valid"), "{error}");
        }
        // As literal words the same text is searched for as typed.
        assert_eq!(search("a (unclosed b", "(unclosed", ANY, []).unwrap().matches.len(), 1);
    }

    #[test]
    fn context_is_some_words_either_side_on_one_line() {
        let text = "one two three four five six seven\n\neight nine ten eleven twelve thirteen";
        let results = search(text, "eight", ANY, []).unwrap();
        let found = &results.matches[0];
        assert_eq!(
            (found.before.as_str(), found.after.as_str()),
            ("three four five six seven ", " nine ten eleven twelve thirteen")
        );
        let results = search(text, "one", ANY, []).unwrap();
        assert_eq!(
            (results.matches[0].before.as_str(), results.matches[0].after.as_str()),
            ("", " two three four five six")
        );
    }

    #[test]
    fn matches_are_capped_with_a_flag() {
        let text = "a ".repeat(MAX_MATCHES + 5);
        let results = search(&text, "a", WORDS, []).unwrap();
        assert_eq!((results.matches.len(), results.capped), (MAX_MATCHES, true));
        let expression = SearchOptions { regular_expression: true, ..ANY };
        let results = search(&text, "a", expression, []).unwrap();
        assert_eq!((results.matches.len(), results.capped), (MAX_MATCHES, true));
        let results = search("a a", "a", ANY, []).unwrap();
        assert!(!results.capped);
    }

    #[test]
    fn matches_inside_highlights_count_and_say_which() {
        // "Alpha beta gamma.\n\nDelta epsilon 😀 zeta."
        let (document, mut project) = fixture();
        for command in [create(1, 0, 10, vec![]), create(2, 6, 17, vec![]), create(3, 33, 35, vec![])] {
            apply(&mut project, command, Origin::Local).unwrap();
        }
        let results = search(document.text(), "a", ANY, project.placed_annotations_in("doc")).unwrap();
        let found: Vec<(usize, Vec<u128>)> = results
            .matches
            .iter()
            .map(|found| (found.span.start(), found.highlights.iter().map(|id| id.0.as_u128()).collect()))
            .collect();
        assert_eq!(
            found,
            vec![(0, vec![1]), (4, vec![1]), (9, vec![1, 2]), (12, vec![2]), (15, vec![2]), (23, vec![]), (38, vec![])]
        );
        let results = search(document.text(), "zeta", WORDS, project.placed_annotations_in("doc")).unwrap();
        assert_eq!(results.matches[0].span, Span::new(35, 39).unwrap(), "after the emoji, in code points");
        assert!(results.matches[0].highlights.is_empty(), "touching is not overlapping");
    }
}
