//! Typographic drift: the same words keyed or copied differently. A quote taken from a web page
//! has ’ where the text has ', “ ” for ", – or — for -, a non-breaking, narrow or thin space for
//! a space, a ligature (ﬁ) for its letters, or é as e and a combining accent (NFD) where the
//! text has it composed (NFC). [`fold`] writes a text in one spelling of all of these, and keeps,
//! for every code point it writes, where it came from in the text, so that a match found in the
//! folded text is mapped back to the real text's code points and the highlight lands on the real
//! characters.
//!
//! With the `typography` feature, Unicode's compatibility normalisation (NFKC, from
//! `unicode-normalization`) runs first, which also folds full-width letters, other ligatures and
//! spaces; without it (the page, whose size is budgeted) only the table below is applied. Both
//! sides of a comparison are always folded by the same build.

use crate::span::Span;

/// A text written in one spelling of its typographic variants, with where each of its code
/// points came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each code point of `text`, the code points of the original it came from, as
    /// `(start, end)`: a ligature gives several code points from one, a base letter and its
    /// accents one from several.
    origins: Vec<(usize, usize)>,
}

impl Folded {
    /// The span of the original text that the folded text's `span` came from: from the start of
    /// what gave its first code point to the end of what gave its last.
    pub fn original_span(&self, span: Span) -> Option<Span> {
        if span.is_empty() || span.end() > self.origins.len() {
            return None;
        }
        Some(Span::between(self.origins[span.start()].0, self.origins[span.end() - 1].1))
    }

    /// Where the original's code point `offset` lies in the folded text: the first folded code
    /// point that came from it or after it.
    pub fn folded_offset(&self, offset: usize) -> usize {
        self.origins.partition_point(|(start, _)| *start < offset)
    }
}

/// `text` folded (see the module's summary), with where each code point came from.
pub fn fold(text: &str) -> Folded {
    let characters: Vec<char> = text.chars().collect();
    let mut folded = Folded { text: String::with_capacity(text.len()), origins: Vec::with_capacity(characters.len()) };
    let mut start = 0;
    while start < characters.len() {
        // A base character with the marks that follow it normalises as one.
        let mut end = start + 1;
        while end < characters.len() && continues_a_character(characters[end]) {
            end += 1;
        }
        for normalised in normalised(&characters[start..end]) {
            fold_character(normalised, &mut |character| {
                folded.text.push(character);
                folded.origins.push((start, end));
            });
        }
        start = end;
    }
    folded
}

/// Whether `character` belongs with the character before it in normalisation (a combining mark).
#[cfg(feature = "typography")]
fn continues_a_character(character: char) -> bool {
    unicode_normalization::char::canonical_combining_class(character) != 0
}

#[cfg(not(feature = "typography"))]
fn continues_a_character(_character: char) -> bool {
    false
}

/// A base character and its marks in Unicode's compatibility composition (NFKC).
#[cfg(feature = "typography")]
fn normalised(characters: &[char]) -> impl Iterator<Item = char> + '_ {
    use unicode_normalization::UnicodeNormalization;
    characters.iter().copied().nfkc()
}

#[cfg(not(feature = "typography"))]
fn normalised(characters: &[char]) -> impl Iterator<Item = char> + '_ {
    characters.iter().copied()
}

/// Hands `emit` the spelling of `character` that folded texts use: typographic quotation marks,
/// dashes, spaces and Latin ligatures become their plain forms, soft hyphens and zero-width
/// spaces go, anything else stays. (NFKC leaves quotation marks and dashes as they are; the
/// spaces and ligatures are listed too for the build without it.)
fn fold_character(character: char, emit: &mut impl FnMut(char)) {
    let plain: &str = match character {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => "\"",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        '\u{00AD}' | '\u{200B}' => "",
        '\u{2026}' => "...",
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        other => return emit(other),
    };
    plain.chars().for_each(emit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_fold_to_one_spelling() {
        let check = |text: &str, expected: &str| assert_eq!(fold(text).text, expected, "{text:?}");
        check("the Coalition’s “core” aims", "the Coalition's \"core\" aims");
        check("2014–2021 — and ‑ −", "2014-2021 - and - -");
        check("June\u{a0}28,\u{202f}2021\u{2009}–", "June 28, 2021 -");
        check("ﬁght ﬂows eﬀort", "fight flows effort");
        check("co\u{ad}operation", "cooperation");
        check("plain text stays", "plain text stays");
        check("", "");
        #[cfg(feature = "typography")]
        {
            check("re\u{301}sume\u{301}", "résumé");
            check("ｆｕｌｌ", "full");
        }
    }

    #[test]
    fn folded_spans_map_back_to_the_real_characters() {
        let check = |text: &str, folded_part: &str, expected: &str| {
            let folded = fold(text);
            let start = folded.text.find(folded_part).unwrap();
            let start = crate::text_units::code_point_len(&folded.text[..start]);
            let span = Span::between(start, start + crate::text_units::code_point_len(folded_part));
            let original = folded.original_span(span).unwrap();
            assert_eq!(crate::text_units::slice(text, original.start(), original.end()), expected, "{text:?}");
            assert_eq!(folded.folded_offset(original.start()), start, "{text:?}");
        };
        check("a ﬁght for it", "fight for", "ﬁght for");
        check("the “core” goal", "\"core\"", "“core”");
        check("x\u{a0}—\u{a0}y", " - ", "\u{a0}—\u{a0}");
        check("co\u{ad}operation now", "cooperation", "co\u{ad}operation");
        check("😀 it’s داعش", "it's", "it’s");
        #[cfg(feature = "typography")]
        check("café\u{301} e\u{301}tait", "étai", "e\u{301}tai");
        assert_eq!(fold("abc").original_span(Span::between(1, 1)), None);
        assert_eq!(fold("abc").original_span(Span::between(2, 9)), None);
    }
}
