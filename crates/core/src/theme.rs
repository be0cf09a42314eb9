//! Themes: the codes of the codebook that passages are tagged with.

use crate::ids::{CoderId, Stamp, ThemeId, Timestamp};
use uuid::Uuid;

/// When each part of a theme was last written, and by whom.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThemeStamps {
    /// The name.
    pub name: Stamp,
    /// The colour.
    pub colour: Stamp,
    /// The description.
    pub description: Stamp,
    /// Its place in the codebook.
    pub rank: Stamp,
    /// The theme it sits under.
    pub parent: Stamp,
    /// Deleting it, or bringing it back.
    pub life: Stamp,
}

/// A theme of the codebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Its id.
    pub id: ThemeId,
    /// Its name, unique among live themes (compared by [`same_name`]).
    pub name: String,
    /// Its colour as `#rrggbb`.
    pub colour: String,
    /// What the theme means, for the coders.
    pub description: String,
    /// Its place in the codebook: themes are shown by rank, then by id. A rank per theme (rather
    /// than one list) lets two coders' reorderings merge field by field.
    pub rank: i64,
    /// The theme it sits under in the code hierarchy, `None` at the top level. The tree the
    /// codebook shows is read from these links by [`crate::hierarchy::Hierarchy`], which also
    /// settles the cycles two coders' moves can make once merged.
    pub parent: Option<ThemeId>,
    /// The coder who made it.
    pub coder: CoderId,
    /// When it was made.
    pub created: Timestamp,
    /// When it was deleted; a deleted theme stays as a tombstone so that merges see the deletion.
    pub deleted: Option<Timestamp>,
    /// Who last wrote each part, and when.
    pub stamps: ThemeStamps,
}

impl Theme {
    /// A new theme made by `stamp`'s coder.
    pub fn new(id: ThemeId, name: &str, colour: &str, description: &str, rank: i64, stamp: Stamp) -> Theme {
        Theme {
            id,
            name: name.to_owned(),
            colour: colour.to_owned(),
            description: description.to_owned(),
            rank,
            parent: None,
            coder: stamp.coder,
            created: stamp.at,
            deleted: None,
            stamps: ThemeStamps {
                name: stamp,
                colour: stamp,
                description: stamp,
                rank: stamp,
                parent: stamp,
                life: stamp,
            },
        }
    }

    /// Whether the theme is live: not deleted, or edited after its deletion by someone who had
    /// not seen it.
    pub fn is_live(&self) -> bool {
        self.deleted.is_none() || crate::ids::is_live(self.deleted, self.stamps.life, self.newest_edit_but_life())
    }

    /// The latest write to any part of it.
    pub fn modified(&self) -> Stamp {
        self.newest_edit_but_life().max(self.stamps.life)
    }

    fn newest_edit_but_life(&self) -> Stamp {
        let ThemeStamps { name, colour, description, rank, parent, life: _ } = self.stamps;
        name.max(colour).max(description).max(rank).max(parent)
    }

    /// The order of the codebook.
    pub fn order_key(&self) -> (i64, ThemeId) {
        (self.rank, self.id)
    }
}

/// Whether two theme names name the same theme: the one rule for uniqueness in the codebook and
/// for matching the themes that files bring to those a project has (trimmed, any case).
pub fn same_name(first: &str, second: &str) -> bool {
    first.trim().to_lowercase() == second.trim().to_lowercase()
}

/// Colours given in turn to themes made without one chosen (new themes, themes imported files
/// bring): distinct from each other and readable under text in light and dark mode.
pub const PALETTE: [&str; 8] = ["#0f7b6c", "#c0392b", "#6d4c41", "#3949ab", "#ad1457", "#00838f", "#9e7700", "#546e7a"];

/// The first colour of the palette that none of `themes` uses; when all are used, the palette
/// again in turn.
pub fn unused_colour<'a>(themes: impl IntoIterator<Item = &'a Theme>) -> &'static str {
    let used: Vec<&str> = themes.into_iter().map(|theme| theme.colour.as_str()).collect();
    PALETTE
        .iter()
        .find(|colour| !used.iter().any(|taken| taken.eq_ignore_ascii_case(colour)))
        .unwrap_or(&PALETTE[used.len() % PALETTE.len()])
}

/// Whether `colour` is written as `#rrggbb`.
pub fn is_valid_colour(colour: &str) -> bool {
    colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The starter codebook, drawn from the lines of effort the communiqué itself names. Its ids are
/// fixed, so that projects started apart share their starter themes when they are merged.
pub fn starter_codebook(stamp: Stamp) -> Vec<Theme> {
    const STARTERS: [(u128, &str, &str, &str); 10] = [
        (
            0x79ee022f_0224_468f_b3a1_b3626b54459a,
            "Military action",
            "#d1495b",
            "Military operations, partner forces and the pressure kept on Daesh/ISIS.",
        ),
        (
            0x17e9cf04_eb42_472f_93d0_8cf60edd5f73,
            "Stabilization and recovery",
            "#2e9e5b",
            "Stabilization support, recovery of liberated areas, the pledge drive.",
        ),
        (
            0x38bfc079_4f7a_457c_bb69_477030b74bd4,
            "Counter-messaging and propaganda",
            "#8e5bd6",
            "Fighting propaganda and denying the group space online.",
        ),
        (
            0x081af3d8_696a_4673_93ed_d47ad9ec1c5c,
            "Financing",
            "#e08a00",
            "Curbing the group's ability to raise and move revenue.",
        ),
        (
            0x43195387_267e_4500_a77d_f51c89dd525c,
            "Law enforcement, justice and foreign fighters",
            "#2f6fd0",
            "Information sharing, accountability, detainees and foreign terrorist fighters.",
        ),
        (
            0x250cdaf5_5a07_43ba_a309_76e6da5d780f,
            "Civilians and international law",
            "#c2489a",
            "Protection of civilians, humanitarian and human rights law.",
        ),
        (0x8f40359b_9c7c_4e2f_bd14_91388d0a3a85, "Iraq", "#1b9aaa", "Iraq, its government, forces and sovereignty."),
        (
            0xdc038c15_dd7d_45a8_8faa_76c5211bb8d8,
            "Syria",
            "#7a8b1f",
            "Syria, the political settlement and the northeast.",
        ),
        (
            0x5bbdd45d_803a_48ff_a931_a91a372c377f,
            "Africa and other regions",
            "#b5651d",
            "Affiliates and networks in Africa, Afghanistan and elsewhere.",
        ),
        (
            0xbdcbecc7_ca85_4d2b_9889_16346e1f40b3,
            "Coalition membership and cohesion",
            "#5c6b7a",
            "New members, unity of purpose and the Coalition's own meetings.",
        ),
    ];
    STARTERS
        .iter()
        .zip(0..)
        .map(|((id, name, colour, description), rank)| {
            Theme::new(ThemeId(Uuid::from_u128(*id)), name, colour, description, rank, stamp)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked() {
        let check = |colour: &str, expected: bool| assert_eq!(is_valid_colour(colour), expected, "{colour:?}");
        check("#a1b2c3", true);
        check("#A1B2C3", true);
        check("#abc", false);
        check("a1b2c3f", false);
        check("#ggggggg", false);
        check("#12345é", false);
    }

    #[test]
    fn names_are_the_same_trimmed_in_any_case() {
        let check = |first: &str, second: &str, expected: bool| {
            assert_eq!(same_name(first, second), expected, "{first:?} {second:?}")
        };
        check("Iraq", "iraq", true);
        check(" Iraq ", "IRAQ", true);
        check("Iraq", "Iraq war", false);
        check("Énergie", "énergie", true);
    }

    #[test]
    fn starter_codebook_has_distinct_names_ids_and_valid_colours() {
        let themes = starter_codebook(Stamp::default());
        let mut names: Vec<_> = themes.iter().map(|theme| theme.name.to_lowercase()).collect();
        let mut ids: Vec<_> = themes.iter().map(|theme| theme.id).collect();
        names.sort();
        names.dedup();
        ids.sort();
        ids.dedup();
        assert_eq!((names.len(), ids.len()), (10, 10));
        assert!(themes.iter().all(|theme| is_valid_colour(&theme.colour)));
    }
}
