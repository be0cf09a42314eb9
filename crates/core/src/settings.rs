//! The project's settings: choices that hold for every coder of the project and travel with its
//! files, each stamped so that a merge keeps the latest.

use crate::ids::{Stamp, Timestamp};

/// The project's settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Blind coding: each coder sees only their own layer, and no agreement, until they choose
    /// to reveal the others' (as a reliability study requires, so that coders code apart).
    pub blind: bool,
    /// Who set them last, and when.
    pub stamp: Stamp,
}

/// Whether a coder sees the other coders' work: always, unless the project is coded blind and
/// they have not revealed it since blind coding was turned on (`revealed`: when the blind setting
/// they revealed was made). Turning blind coding on again hides the others again.
pub fn sees_others(settings: &Settings, revealed: Option<Timestamp>) -> bool {
    !settings.blind || revealed.is_some_and(|at| at >= settings.stamp.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::CoderId;

    #[test]
    fn a_reveal_holds_for_the_blind_setting_it_was_made_under() {
        let set_at = |at: i64, blind: bool| Settings { blind, stamp: Stamp::new(Timestamp(at), CoderId::default()) };
        assert!(sees_others(&Settings::default(), None));
        assert!(sees_others(&set_at(5, false), None));
        assert!(!sees_others(&set_at(5, true), None));
        assert!(sees_others(&set_at(5, true), Some(Timestamp(5))));
        assert!(!sees_others(&set_at(9, true), Some(Timestamp(5))), "blind coding turned on again");
    }
}
