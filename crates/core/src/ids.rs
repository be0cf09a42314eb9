//! Identifiers and times carried by every record.

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
}
