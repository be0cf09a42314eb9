//! Approximate search: every place in a text where a pattern occurs with at most `k` edits
//! (insertions, deletions, substitutions of code points), by Myers' bit-parallel algorithm in
//! 64-bit blocks (Hyyrö's extension to patterns of any length). It runs in O(n · ⌈m/64⌉).

use std::collections::HashMap;

/// A place where the pattern matches with few errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuzzyMatch {
    /// The first code point of the match in the text.
    pub start: usize,
    /// The code point after the match.
    pub end: usize,
    /// The edit distance between the pattern and the matched text.
    pub errors: usize,
}

/// The bit masks of one block of the pattern, per character.
struct Block {
    equal: HashMap<char, u64>,
    /// The bit of the block's last pattern character.
    last_bit: u64,
}

/// Every best match of `pattern` in `text` with at most `max_errors` errors: of each run of
/// overlapping end positions, the one with the fewest errors. Sorted by position.
pub fn search(text: &[char], pattern: &[char], max_errors: usize) -> Vec<FuzzyMatch> {
    if pattern.is_empty() {
        return Vec::new();
    }
    let blocks: Vec<Block> = pattern
        .chunks(64)
        .map(|chunk| {
            let mut equal: HashMap<char, u64> = HashMap::new();
            for (bit, character) in chunk.iter().enumerate() {
                *equal.entry(*character).or_default() |= 1 << bit;
            }
            Block { equal, last_bit: 1 << (chunk.len() - 1) }
        })
        .collect();
    let mut positive = vec![u64::MAX; blocks.len()];
    let mut negative = vec![0u64; blocks.len()];
    let mut score = pattern.len();
    let mut ends: Vec<(usize, usize)> = Vec::new();

    for (position, character) in text.iter().enumerate() {
        // The top row of the matrix is all zeros: a match may start anywhere.
        let mut carry: i8 = 0;
        for (index, block) in blocks.iter().enumerate() {
            let mut equal = block.equal.get(character).copied().unwrap_or(0);
            let (pv, mv) = (positive[index], negative[index]);
            if carry < 0 {
                equal |= 1;
            }
            let xv = equal | mv;
            let xh = ((equal & pv).wrapping_add(pv) ^ pv) | equal;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            let out: i8 = if ph & block.last_bit != 0 {
                1
            } else if mh & block.last_bit != 0 {
                -1
            } else {
                0
            };
            ph <<= 1;
            mh <<= 1;
            if carry < 0 {
                mh |= 1;
            } else if carry > 0 {
                ph |= 1;
            }
            positive[index] = mh | !(xv | ph);
            negative[index] = ph & xv;
            carry = out;
        }
        score = score.saturating_add_signed(carry as isize);
        if score <= max_errors {
            ends.push((position + 1, score));
        }
    }

    // Of each run of neighbouring end positions keep the best (the later of equals, which covers
    // more of the pattern), then find where it starts.
    let mut best_ends: Vec<(usize, usize)> = Vec::new();
    for (end, errors) in ends {
        match best_ends.last_mut() {
            Some(last) if end <= last.0 + pattern.len() / 2 + 1 => {
                if errors <= last.1 {
                    *last = (end, errors);
                }
            }
            _ => best_ends.push((end, errors)),
        }
    }
    best_ends
        .into_iter()
        .map(|(end, errors)| {
            let window_start = end.saturating_sub(pattern.len() + max_errors);
            let (start, errors_found) = best_start(&text[window_start..end], pattern);
            FuzzyMatch { start: window_start + start, end, errors: errors_found.min(errors) }
        })
        .collect()
}

/// Where in `window` (which ends where the match ends) the best match of `pattern` starts, and
/// its errors: a small dynamic programme over the reversed strings.
fn best_start(window: &[char], pattern: &[char]) -> (usize, usize) {
    // distance[j] = edit distance between the last j characters of the window and the pattern.
    let mut previous: Vec<usize> = (0..=window.len()).collect();
    let mut current = vec![0; window.len() + 1];
    for (row, pattern_character) in pattern.iter().rev().enumerate() {
        current[0] = row + 1;
        for (column, window_character) in window.iter().rev().enumerate() {
            let substitution = previous[column] + usize::from(pattern_character != window_character);
            current[column + 1] = substitution.min(previous[column + 1] + 1).min(current[column] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let (taken, errors) = previous
        .iter()
        .enumerate()
        .min_by_key(|(taken, errors)| (**errors, std::cmp::Reverse(*taken)))
        .unwrap_or((0, &0));
    (window.len() - taken, *errors)
}

/// The edit distance between two strings of code points.
pub fn distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (row, x) in a.iter().enumerate() {
        current[0] = row + 1;
        for (column, y) in b.iter().enumerate() {
            current[column + 1] =
                (previous[column] + usize::from(x != y)).min(previous[column + 1] + 1).min(current[column] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn finds_approximate_matches_with_their_errors() {
        let check = |text: &str, pattern: &str, k: usize, expected: &[(usize, usize, usize)]| {
            let got: Vec<(usize, usize, usize)> =
                search(&chars(text), &chars(pattern), k).iter().map(|m| (m.start, m.end, m.errors)).collect();
            assert_eq!(got, expected, "{pattern:?} in {text:?} with k={k}");
        };
        check("the quick brown fox", "quick", 0, &[(4, 9, 0)]);
        check("the quack brown fox", "quick", 1, &[(4, 9, 1)]);
        check("the quack brown fox", "quick", 0, &[]);
        check("the qick brown fox", "quick", 1, &[(4, 8, 1)]);
        check("abc xyz abd", "abc", 1, &[(0, 3, 0), (8, 11, 1)]);
        check("😀 داعش 😀", "داعش", 0, &[(2, 6, 0)]);
        check("", "abc", 2, &[]);
    }

    #[test]
    fn long_patterns_span_several_blocks() {
        let pattern: String = (0..150).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect();
        let mut text = "x".repeat(40);
        let mut edited = pattern.clone();
        edited.replace_range(70..71, "#");
        edited.remove(120);
        text.push_str(&edited);
        text.push_str(&"y".repeat(40));
        let found = search(&chars(&text), &chars(&pattern), 5);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end, found[0].errors), (40, 40 + 149, 2));
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(distance(&chars(""), &chars("abc")), 3);
        assert_eq!(distance(&chars("داعش"), &chars("داعش")), 0);
    }
}
