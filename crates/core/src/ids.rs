//! Identifiers and times carried by every record, and the hashing of maps keyed by them.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher, RandomState};
use uuid::Uuid;

/// The id of an annotation: a UUID, so that files from several people merge without clashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnnotationId(pub Uuid);

/// The id of a theme (a code of the codebook): a UUID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThemeId(pub Uuid);

/// The id of a coder: a UUID kept by their browser, so that a person keeps one identity across
/// sessions and files even when two people share a name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CoderId(pub Uuid);

/// A moment, in milliseconds since the Unix epoch (UTC). The shell reads the clock and passes the
/// time into every command, so the core stays deterministic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

/// Who wrote a value and when: what every field of a record carries, so that two copies of a
/// record merge field by field, the later write winning. Stamps order by time, then by coder id,
/// so that two writes at the same millisecond are still ordered the same way everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stamp {
    /// When.
    pub at: Timestamp,
    /// Who.
    pub coder: CoderId,
}

impl Stamp {
    /// A stamp of `coder` at `at`.
    pub fn new(at: Timestamp, coder: CoderId) -> Stamp {
        Stamp { at, coder }
    }

    /// This stamp if it is later than `previous`, else one a millisecond after `previous` (by the
    /// same coder): a write must win over the value it replaces even when this browser's clock
    /// is behind the one that wrote it, or merging the two copies would bring the old value back.
    pub fn succeeding(self, previous: Stamp) -> Stamp {
        if self > previous {
            self
        } else {
            Stamp { at: Timestamp(previous.at.0 + 1), coder: self.coder }
        }
    }
}

/// Whether a record deleted at `deleted` (by the write stamped `life`) is live: a tombstone wins
/// over older edits only, so an edit made by someone who had not seen the deletion (stamped after
/// it) brings the record back, and a merge of the two copies loses neither.
pub fn is_live(deleted: Option<Timestamp>, life: Stamp, newest_other_edit: Stamp) -> bool {
    deleted.is_none() || newest_other_edit > life
}

/// A map keyed by ids (or other short keys), hashed by [`IdHashing`].
pub type IdMap<K, V> = HashMap<K, V, IdHashing>;

/// A set of ids (or other short keys), hashed by [`IdHashing`].
pub type IdSet<K> = HashSet<K, IdHashing>;

/// The hashing of the maps that reading and merging files fill with ten thousand ids: a
/// multiply-and-shift mix of each 8 bytes (a UUID is two), seeded once per map from the standard
/// library's random keys, so that a file cannot be made for its ids to collide. The standard
/// SipHash was a tenth of the time of reading and merging files, for keys that need no more than
/// this.
#[derive(Clone, Debug)]
pub struct IdHashing {
    seed: u64,
}

impl Default for IdHashing {
    fn default() -> IdHashing {
        IdHashing { seed: RandomState::new().hash_one(0x1d_5eed_u64) }
    }
}

impl BuildHasher for IdHashing {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher { state: self.seed }
    }
}

/// The hasher of [`IdHashing`].
#[derive(Clone, Debug)]
pub struct IdHasher {
    state: u64,
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut eight = [0; 8];
            eight.copy_from_slice(word);
            self.write_u64(u64::from_le_bytes(eight));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut eight = [0; 8];
            eight[..rest.len()].copy_from_slice(rest);
            // The length goes in the top byte, which a tail of at most 7 bytes leaves free.
            self.write_u64(u64::from_le_bytes(eight) | (rest.len() as u64) << 56);
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.state = mix(self.state ^ word);
    }

    fn write_usize(&mut self, number: usize) {
        self.write_u64(number as u64);
    }

    fn finish(&self) -> u64 {
        self.state
    }
}

/// SplitMix64's finaliser: every bit of the input moves about half the bits of the output, so
/// the low bits that pick a bucket and the high bits that tag it are both well spread.
fn mix(mut word: u64) -> u64 {
    word = (word ^ (word >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    word = (word ^ (word >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    word ^ (word >> 31)
}

macro_rules! display_uuid {
    ($($name:ident),*) => {$(
        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(formatter)
            }
        }
    )*};
}

display_uuid!(AnnotationId, ThemeId, CoderId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_order_by_time_then_coder_and_a_write_succeeds_what_it_replaces() {
        let coder = |n: u128| CoderId(Uuid::from_u128(n));
        let stamp = |at: i64, n: u128| Stamp::new(Timestamp(at), coder(n));
        assert!(stamp(1, 9) < stamp(2, 1));
        assert!(stamp(2, 1) < stamp(2, 2));
        let check = |mine: Stamp, previous: Stamp, expected: Stamp| {
            assert_eq!(mine.succeeding(previous), expected, "{mine:?} after {previous:?}")
        };
        check(stamp(5, 1), stamp(3, 2), stamp(5, 1));
        check(stamp(5, 1), stamp(5, 2), stamp(6, 1));
        check(stamp(5, 2), stamp(5, 1), stamp(5, 2));
        check(stamp(2, 1), stamp(9, 3), stamp(10, 1));
    }

    #[test]
    fn ids_hash_apart_even_when_they_differ_in_one_bit() {
        let hashing = IdHashing::default();
        let hashes: HashSet<u64> =
            (0..128).map(|bit| hashing.hash_one(AnnotationId(Uuid::from_u128(1 << bit)))).collect();
        assert_eq!(hashes.len(), 128);
        let same = IdHashing::default();
        assert_ne!(
            hashing.hash_one(AnnotationId(Uuid::from_u128(7))),
            same.hash_one(AnnotationId(Uuid::from_u128(7))),
            "each map has its own seed"
        );
        // Keys of other lengths are told apart by their tails.
        assert_ne!(hashing.hash_one("doc"), hashing.hash_one("doc\0"));
        let mut map: IdMap<AnnotationId, usize> = IdMap::default();
        for n in 0..1000 {
            map.insert(AnnotationId(Uuid::from_u128(n)), n as usize);
        }
        assert!((0..1000).all(|n| map[&AnnotationId(Uuid::from_u128(n))] == n as usize));
    }
}
