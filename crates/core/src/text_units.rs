//! Conversions between the core's unit (code points) and the DOM's (UTF-16 code units).
//!
//! Only the browser shell calls these, at the edge where a DOM selection becomes a span.

/// The code-point offset within `text` of the UTF-16 offset `utf16_offset`. An offset that falls
/// between the two halves of a surrogate pair is rounded down to the start of that character, and
/// one past the end of `text` is clamped to its end.
pub fn utf16_to_code_points(text: &str, utf16_offset: usize) -> usize {
    let mut units = 0;
    for (code_points, character) in text.chars().enumerate() {
        let width = character.len_utf16();
        if units + width > utf16_offset {
            return code_points;
        }
        units += width;
    }
    text.chars().count()
}

/// The UTF-16 offset within `text` of the code-point offset `code_point_offset` (clamped to the end).
pub fn code_points_to_utf16(text: &str, code_point_offset: usize) -> usize {
    text.chars().take(code_point_offset).map(char::len_utf16).sum()
}

/// How many code points `text` holds.
pub fn code_point_len(text: &str) -> usize {
    text.chars().count()
}

/// The byte offset of the code point at `code_point_offset` in `text` (clamped to the end).
pub fn byte_offset(text: &str, code_point_offset: usize) -> usize {
    text.char_indices().nth(code_point_offset).map_or(text.len(), |(byte, _)| byte)
}

/// The slice of `text` between two code-point offsets (each clamped to the end).
pub fn slice(text: &str, start: usize, end: usize) -> &str {
    let start_byte = byte_offset(text, start);
    let end_byte = start_byte + byte_offset(&text[start_byte..], end.saturating_sub(start));
    &text[start_byte..end_byte]
}

/// How many code points lie between two entries of a [`CodePointIndex`].
const INDEX_STEP: usize = 64;

/// The byte offset of every 64th code point of a text: a code-point offset then becomes a byte
/// offset in at most 63 steps instead of a walk from the start of a long text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodePointIndex {
    every_step: Vec<usize>,
}

impl CodePointIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> CodePointIndex {
        CodePointIndex { every_step: text.char_indices().step_by(INDEX_STEP).map(|(byte, _)| byte).collect() }
    }

    /// The byte offset in `text` (the text the index was made of) of `code_point` (clamped to the end).
    pub fn byte_offset(&self, text: &str, code_point: usize) -> usize {
        let step = code_point / INDEX_STEP;
        let Some(&base) = self.every_step.get(step) else { return text.len() };
        // A step of as many bytes as code points is ASCII throughout: no walk needed.
        if self.every_step.get(step + 1) == Some(&(base + INDEX_STEP)) {
            return base + code_point % INDEX_STEP;
        }
        base + byte_offset(&text[base..], code_point % INDEX_STEP)
    }

    /// The slice of `text` between two code-point offsets (each clamped to the end).
    pub fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> &'a str {
        let start_byte = self.byte_offset(text, start);
        let end_byte = self.byte_offset(text, end.max(start));
        &text[start_byte..end_byte]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_code_points_convert_both_ways() {
        // (text, utf16 offset, code point offset): each case converts both ways.
        let check = |text: &str, utf16: usize, code_points: usize| {
            assert_eq!(utf16_to_code_points(text, utf16), code_points, "utf16 {utf16} in {text:?}");
            assert_eq!(code_points_to_utf16(text, code_points), utf16, "cp {code_points} in {text:?}");
        };
        check("", 0, 0);
        check("abc", 2, 2);
        check("abc", 3, 3);
        // An emoji outside the Basic Multilingual Plane is two UTF-16 units and one code point.
        check("a😀b", 1, 1);
        check("a😀b", 3, 2);
        check("a😀b", 4, 3);
        check("👩‍🔬x", 5, 3);
        // Arabic letters are one unit and one code point each; the direction changes nothing.
        check("داعش ISIS", 4, 4);
        check("داعش ISIS", 9, 9);
        // Combining marks count as their own code points.
        check("e\u{301}t", 2, 2);
    }

    #[test]
    fn utf16_offsets_inside_a_pair_or_past_the_end_are_rounded() {
        assert_eq!(utf16_to_code_points("a😀b", 2), 1);
        assert_eq!(utf16_to_code_points("abc", 10), 3);
        assert_eq!(code_points_to_utf16("a😀", 10), 3);
    }

    #[test]
    fn the_index_slices_as_the_walk_does() {
        let text: String = (0..500).map(|n| ["a", "😀", "د", "e\u{301}"][n % 4]).collect();
        let index = CodePointIndex::new(&text);
        let length = code_point_len(&text);
        for (start, end) in
            [(0, 0), (0, 1), (63, 65), (64, 128), (100, 400), (length - 3, length), (length, length + 5), (10, 9999)]
        {
            assert_eq!(index.slice(&text, start, end), slice(&text, start, end), "[{start},{end})");
        }
        assert_eq!(CodePointIndex::new("").slice("", 0, 3), "");
        // Steps of ASCII alone, of other scripts, and a last step of either.
        let text = format!("{}é{}😀{}", "a".repeat(200), "b".repeat(130), "c".repeat(70));
        let index = CodePointIndex::new(&text);
        let length = code_point_len(&text);
        for start in (0..length).step_by(7) {
            for end in [start, start + 1, start + 63, start + 64, start + 65, length, length + 1] {
                assert_eq!(index.slice(&text, start, end), slice(&text, start, end), "[{start},{end})");
            }
        }
    }

    #[test]
    fn slices_by_code_points() {
        let check = |text: &str, start, end, expected: &str| {
            assert_eq!(slice(text, start, end), expected, "{text:?}[{start}..{end}]");
        };
        check("hello", 1, 3, "el");
        check("a😀b", 1, 2, "😀");
        check("داعش ISIS", 0, 4, "داعش");
        check("abc", 2, 10, "c");
        check("abc", 5, 10, "");
    }
}
