//! Coders: the people who code a project, each with a stable id, a name and a colour.

use crate::ids::{CoderId, Stamp};
use uuid::Uuid;

/// A person who codes. Their browser keeps the id; the name and colour may change, and the
/// latest change (by stamp) is the one a merge keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coder {
    /// Their id.
    pub id: CoderId,
    /// The name they gave (may be empty: they skipped the question).
    pub name: String,
    /// The colour of their layer, `#rrggbb`.
    pub colour: String,
    /// When they last changed their name or colour.
    pub stamp: Stamp,
}

impl Coder {
    /// The name to show: the one they gave, or a stand-in made from their id.
    pub fn display_name(&self) -> String {
        display_name(&self.name, self.id)
    }
}

/// The name to show for a coder with this name and id.
pub fn display_name(name: &str, id: CoderId) -> String {
    let name = name.trim();
    if name.is_empty() {
        format!("Coder {}", &id.0.simple().to_string()[..4])
    } else {
        name.to_owned()
    }
}

/// Colours for coders' layers: apart from the themes' palette, so that a coder's edge does not
/// read as a theme.
pub const CODER_PALETTE: [&str; 8] =
    ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

/// A colour for a new coder, chosen from their id so that the same person gets the same colour
/// in every browser before they pick one.
pub fn colour_for(id: CoderId) -> &'static str {
    CODER_PALETTE[(id.0.as_u128() % CODER_PALETTE.len() as u128) as usize]
}

/// The namespace of the ids given to coders known only by name (files of versions 1 and 2, and
/// other tools' exports): the same name gives the same id in every file and every browser.
const NAMED_CODER_NAMESPACE: Uuid = Uuid::from_u128(0x6c0d3b1e_5a55_4c11_9a0e_2f1b7c3d9e41);

/// The id of a coder known only by their name.
pub fn id_for_name(name: &str) -> CoderId {
    CoderId(Uuid::new_v5(&NAMED_CODER_NAMESPACE, name.trim().as_bytes()))
}

/// The id of the consensus: the coder of its own whose layer holds what the team settled on
/// when it adjudicated its disagreements. The same in every project, so that consensus layers
/// built in several browsers merge.
pub const CONSENSUS_ID: CoderId = CoderId(Uuid::from_u128(0x0c0e_5e05_0000_4000_8000_c0de_c0de_0001));

/// Its name in the project (a person may rename it, as any coder).
pub const CONSENSUS_NAME: &str = "Consensus";

/// Its colour: black, apart from every person's colour.
pub const CONSENSUS_COLOUR: &str = "#222222";

/// The consensus coder, as first put in a project at `stamp_at`.
pub fn consensus(stamp_at: crate::ids::Timestamp) -> Coder {
    Coder {
        id: CONSENSUS_ID,
        name: CONSENSUS_NAME.to_owned(),
        colour: CONSENSUS_COLOUR.to_owned(),
        stamp: Stamp::new(stamp_at, CONSENSUS_ID),
    }
}

impl Coder {
    /// Whether this is the consensus, not a person.
    pub fn is_consensus(&self) -> bool {
        self.id == CONSENSUS_ID
    }
}

/// A coder known only by name (a creator in an older file or another tool's export).
pub fn named(name: &str, stamp_at: crate::ids::Timestamp) -> Coder {
    let id = id_for_name(name);
    Coder { id, name: name.trim().to_owned(), colour: colour_for(id).to_owned(), stamp: Stamp::new(stamp_at, id) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Timestamp;

    #[test]
    fn a_coder_known_by_name_gets_the_same_version_5_id_everywhere() {
        let check = |a: &str, b: &str, same: bool| assert_eq!(id_for_name(a) == id_for_name(b), same, "{a:?} {b:?}");
        check("Amira", "Amira", true);
        check(" Amira ", "Amira", true);
        check("Amira", "amira", false);
        check("Amira", "Ben", false);
        assert_eq!(id_for_name("Amira").0.get_version_num(), 5);
        assert_eq!(named("Ben", Timestamp(3)).name, "Ben");
    }

    #[test]
    fn a_coder_without_a_name_is_shown_by_their_id() {
        let id = CoderId(Uuid::from_u128(0xabcd_0000_0000_0000_0000_0000_0000_0001));
        assert_eq!(display_name("  ", id), "Coder abcd");
        assert_eq!(display_name(" Ben ", id), "Ben");
    }
}
