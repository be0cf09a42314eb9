//! The project's settings: choices that hold for every coder of the project and travel with its
//! files, each stamped so that a merge keeps the latest.

use crate::ids::Stamp;

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
/// they have not chosen to reveal it.
pub fn sees_others(settings: &Settings, revealed: bool) -> bool {
    !settings.blind || revealed
}
