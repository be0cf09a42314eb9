//! The code hierarchy: which theme sits under which, as QDA packages nest their codes.
//!
//! Each theme stores the theme it was put under ([`Theme::parent`], with its own stamp), and a
//! merge settles that link like any other field. Two coders' moves made apart can still close a
//! cycle once merged (one puts A under B while the other puts B under A), so the tree is never
//! read from the links directly but through [`Hierarchy::of`], the one rule that everything
//! (codebook, counts, filters, exports) reads it by.

use crate::ids::{IdMap, ThemeId};
use crate::project::Project;
use crate::theme::Theme;

/// What separates the names of a theme's path, as in "Parent / Child": the way NVivo, MAXQDA
/// and QualCoder show nested codes, and how CSV and W3C files name a theme.
pub const PATH_SEPARATOR: &str = " / ";

/// The tree of the live themes, read from their parent links by one deterministic rule:
///
/// 1. A link to a deleted theme is followed through that theme to the one it sat under (so a
///    theme put under one another coder deleted meanwhile lands where the deleted one was), and
///    a link to a theme the project does not hold is the top level.
/// 2. The links are taken in the order of their stamps (then theme ids), the oldest first, and a
///    link that would close a cycle with those taken before it is ignored: that theme sits at the
///    top level. The merge makes every copy hold the same links and stamps, so every copy reads
///    the same tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hierarchy {
    parents: IdMap<ThemeId, ThemeId>,
    children: IdMap<ThemeId, Vec<ThemeId>>,
    roots: Vec<ThemeId>,
    names: IdMap<ThemeId, String>,
}

impl Hierarchy {
    /// The tree of `project`'s live themes.
    pub fn of(project: &Project) -> Hierarchy {
        Hierarchy::of_themes(project.all_themes())
    }

    /// The tree of the live themes among `themes` (tombstones included, in codebook order).
    pub fn of_themes(themes: &[Theme]) -> Hierarchy {
        let records: IdMap<ThemeId, &Theme> = themes.iter().map(|theme| (theme.id, theme)).collect();
        let live: Vec<&Theme> = themes.iter().filter(|theme| theme.is_live()).collect();
        let mut requested: Vec<(&Theme, ThemeId)> =
            live.iter().filter_map(|theme| live_parent(theme, &records).map(|parent| (*theme, parent))).collect();
        requested.sort_by_key(|(theme, _)| (theme.stamps.parent, theme.id));
        let mut parents: IdMap<ThemeId, ThemeId> = IdMap::default();
        for (theme, parent) in requested {
            if !reaches(&parents, parent, theme.id) {
                parents.insert(theme.id, parent);
            }
        }
        let mut children: IdMap<ThemeId, Vec<ThemeId>> = IdMap::default();
        let mut roots = Vec::new();
        for theme in &live {
            match parents.get(&theme.id) {
                Some(parent) => children.entry(*parent).or_default().push(theme.id),
                None => roots.push(theme.id),
            }
        }
        let names = live.iter().map(|theme| (theme.id, theme.name.clone())).collect();
        Hierarchy { parents, children, roots, names }
    }

    /// The theme `theme_id` sits under, `None` at the top level.
    pub fn parent(&self, theme_id: ThemeId) -> Option<ThemeId> {
        self.parents.get(&theme_id).copied()
    }

    /// The themes right under `theme_id`, in codebook order.
    pub fn children(&self, theme_id: ThemeId) -> &[ThemeId] {
        self.children.get(&theme_id).map_or(&[], Vec::as_slice)
    }

    /// The themes at the top level, in codebook order.
    pub fn roots(&self) -> &[ThemeId] {
        &self.roots
    }

    /// The themes above `theme_id`, its parent first.
    pub fn ancestors(&self, theme_id: ThemeId) -> Vec<ThemeId> {
        std::iter::successors(self.parent(theme_id), |above| self.parent(*above)).collect()
    }

    /// Every theme below `theme_id`, in tree order (each before its own children).
    pub fn descendants(&self, theme_id: ThemeId) -> Vec<ThemeId> {
        let mut below = Vec::new();
        self.push_subtree(theme_id, 0, &mut |id, _| below.push(id));
        below
    }

    /// `theme_id` and every theme below it.
    pub fn self_and_descendants(&self, theme_id: ThemeId) -> Vec<ThemeId> {
        let mut subtree = vec![theme_id];
        subtree.extend(self.descendants(theme_id));
        subtree
    }

    /// Whether `theme_id` lies below `ancestor`.
    pub fn is_below(&self, theme_id: ThemeId, ancestor: ThemeId) -> bool {
        self.ancestors(theme_id).contains(&ancestor)
    }

    /// How deep `theme_id` lies: 0 at the top level.
    pub fn depth(&self, theme_id: ThemeId) -> usize {
        self.ancestors(theme_id).len()
    }

    /// The names from the top down to `theme_id`, as "Parent / Child".
    pub fn path(&self, theme_id: ThemeId) -> String {
        let mut names: Vec<&str> = self.ancestors(theme_id).iter().rev().filter_map(|id| self.name(*id)).collect();
        names.extend(self.name(theme_id));
        names.join(PATH_SEPARATOR)
    }

    /// Every live theme in tree order (each parent before its children, siblings in codebook
    /// order), with its depth: the rows of a codebook drawn as a tree.
    pub fn rows(&self) -> Vec<(ThemeId, usize)> {
        let mut rows = Vec::with_capacity(self.names.len());
        for root in &self.roots {
            rows.push((*root, 0));
            self.push_subtree(*root, 1, &mut |id, depth| rows.push((id, depth)));
        }
        rows
    }

    /// Whether any theme sits under another.
    pub fn is_flat(&self) -> bool {
        self.parents.is_empty()
    }

    fn name(&self, theme_id: ThemeId) -> Option<&str> {
        self.names.get(&theme_id).map(String::as_str)
    }

    fn push_subtree(&self, theme_id: ThemeId, depth: usize, push: &mut impl FnMut(ThemeId, usize)) {
        for child in self.children(theme_id) {
            push(*child, depth);
            self.push_subtree(*child, depth + 1, push);
        }
    }
}

/// The live theme `theme`'s link leads to: its parent, or (through deleted themes) the first
/// live theme above it. A chain of deleted themes that loops back leads to the top level.
fn live_parent(theme: &Theme, records: &IdMap<ThemeId, &Theme>) -> Option<ThemeId> {
    let mut seen = vec![theme.id];
    let mut next = theme.parent;
    while let Some(id) = next {
        if seen.contains(&id) {
            return None;
        }
        let record = records.get(&id)?;
        if record.is_live() {
            return Some(id);
        }
        seen.push(id);
        next = record.parent;
    }
    None
}

/// Whether walking up `parents` from `from` reaches `target` (`from` itself included).
fn reaches(parents: &IdMap<ThemeId, ThemeId>, from: ThemeId, target: ThemeId) -> bool {
    std::iter::successors(Some(from), |id| parents.get(id).copied()).any(|id| id == target)
}

/// The names of a path written as "Parent / Child", trimmed, the top first; blank parts left out.
pub fn path_names(path: &str) -> Vec<&str> {
    path.split(PATH_SEPARATOR).map(str::trim).filter(|name| !name.is_empty()).collect()
}

/// What becomes of a theme's children when the theme is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildrenOnDelete {
    /// They move up to where the deleted theme was.
    MoveUp,
    /// They are deleted too, with everything below them.
    DeleteToo,
}

/// What becomes of a theme's children when the theme is merged into another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildrenOnMerge {
    /// They move up to where the merged theme was.
    MoveUp,
    /// They move under the theme it is merged into.
    MoveUnderTarget,
    /// They are deleted too, with everything below them.
    DeleteToo,
}

/// Deleting `theme_id` and doing `choice` with its children, as one [`Operation::Batch`] (one
/// undo step). The children are moved first, so the deletion never leaves a link to a tombstone
/// that a reader would have to follow.
///
/// [`Operation::Batch`]: crate::command::Operation::Batch
pub fn delete_with_children(
    project: &Project,
    theme_id: ThemeId,
    choice: ChildrenOnDelete,
) -> crate::command::Operation {
    use crate::command::Operation;
    let hierarchy = Hierarchy::of(project);
    let mut steps = match choice {
        ChildrenOnDelete::MoveUp => moved_children(&hierarchy, theme_id, hierarchy.parent(theme_id)),
        ChildrenOnDelete::DeleteToo => deleted_descendants(&hierarchy, theme_id, &[]),
    };
    steps.push(Operation::DeleteTheme { theme_id });
    Operation::Batch(steps)
}

/// Merging `from` into `into` and doing `choice` with `from`'s children, as one batch. When
/// `into` lies below `from`, it first moves up to where `from` was, so that no choice makes a
/// cycle and `into` itself is never deleted.
pub fn merge_with_children(
    project: &Project,
    from: ThemeId,
    into: ThemeId,
    choice: ChildrenOnMerge,
) -> crate::command::Operation {
    use crate::command::Operation;
    let hierarchy = Hierarchy::of(project);
    let from_parent = hierarchy.parent(from);
    let mut steps = Vec::new();
    if hierarchy.is_below(into, from) {
        steps.push(Operation::SetThemeParent { theme_id: into, parent: from_parent });
    }
    let children = hierarchy.children(from).iter().filter(|child| **child != into);
    match choice {
        ChildrenOnMerge::MoveUp => {
            steps.extend(children.map(|child| Operation::SetThemeParent { theme_id: *child, parent: from_parent }))
        }
        ChildrenOnMerge::MoveUnderTarget => {
            steps.extend(children.map(|child| Operation::SetThemeParent { theme_id: *child, parent: Some(into) }))
        }
        ChildrenOnMerge::DeleteToo => {
            // `into` and what lies below it survive: it moved up out of `from` above.
            let mut spared = hierarchy.self_and_descendants(into);
            spared.push(from);
            steps.extend(deleted_descendants(&hierarchy, from, &spared));
        }
    }
    steps.push(Operation::MergeThemes { from, into });
    Operation::Batch(steps)
}

fn moved_children(hierarchy: &Hierarchy, theme_id: ThemeId, parent: Option<ThemeId>) -> Vec<crate::command::Operation> {
    hierarchy
        .children(theme_id)
        .iter()
        .map(|child| crate::command::Operation::SetThemeParent { theme_id: *child, parent })
        .collect()
}

/// Deletions of every theme below `theme_id` but those `spared`, the deepest first.
fn deleted_descendants(hierarchy: &Hierarchy, theme_id: ThemeId, spared: &[ThemeId]) -> Vec<crate::command::Operation> {
    let mut below = hierarchy.descendants(theme_id);
    below.retain(|id| !spared.contains(id));
    below.reverse();
    below.into_iter().map(|theme_id| crate::command::Operation::DeleteTheme { theme_id }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{command, create, fixture, stamp, theme};
    use crate::command::{apply, CommandError, Operation, Origin};
    use crate::history::History;
    use crate::ids::{CoderId, Stamp, Timestamp};

    fn under(theme_id: ThemeId, parent: Option<ThemeId>) -> Operation {
        Operation::SetThemeParent { theme_id, parent }
    }

    /// The tree as "name" rows indented by two spaces a level, for readable expectations.
    fn drawn(project: &Project) -> Vec<String> {
        let hierarchy = Hierarchy::of(project);
        hierarchy
            .rows()
            .into_iter()
            .map(|(id, depth)| format!("{}{}", "  ".repeat(depth), project.theme(id).unwrap().name))
            .collect()
    }

    #[test]
    fn moves_build_a_tree_read_with_its_helpers() {
        let (_, mut project) = fixture();
        let [military, stabilization, counter, financing] = [0, 1, 2, 3].map(|index| theme(&project, index));
        for (operation, at) in [
            (under(stabilization, Some(military)), 2),
            (under(financing, Some(stabilization)), 3),
            (under(counter, Some(military)), 4),
        ] {
            apply(&mut project, command(operation, at), Origin::Local).unwrap();
        }
        assert_eq!(
            drawn(&project)[..5],
            [
                "Military action",
                "  Stabilization and recovery",
                "    Financing",
                "  Counter-messaging and propaganda",
                "Law enforcement, justice and foreign fighters"
            ]
        );
        let hierarchy = Hierarchy::of(&project);
        assert_eq!(hierarchy.children(military), [stabilization, counter]);
        assert_eq!(hierarchy.ancestors(financing), [stabilization, military]);
        assert_eq!(hierarchy.descendants(military), [stabilization, financing, counter]);
        assert_eq!(hierarchy.path(financing), "Military action / Stabilization and recovery / Financing");
        assert_eq!(hierarchy.depth(financing), 2);
        assert!(hierarchy.is_below(financing, military) && !hierarchy.is_below(military, financing));
        // Back to the top level.
        apply(&mut project, command(under(stabilization, None), 5), Origin::Local).unwrap();
        assert_eq!(Hierarchy::of(&project).path(financing), "Stabilization and recovery / Financing");
    }

    #[test]
    fn a_move_that_would_make_a_cycle_is_refused() {
        let (_, mut project) = fixture();
        let [military, stabilization, financing] = [0, 1, 3].map(|index| theme(&project, index));
        apply(&mut project, command(under(stabilization, Some(military)), 2), Origin::Local).unwrap();
        apply(&mut project, command(under(financing, Some(stabilization)), 3), Origin::Local).unwrap();
        let check = |operation: Operation, expected: CommandError| {
            let mut copy = project.clone();
            assert_eq!(apply(&mut copy, command(operation.clone(), 9), Origin::Local), Err(expected), "{operation:?}");
            assert_eq!(copy, project);
        };
        check(under(military, Some(financing)), CommandError::ThemeCycle);
        check(under(military, Some(stabilization)), CommandError::ThemeCycle);
        check(under(military, Some(military)), CommandError::ThemeCycle);
        let gone = ThemeId(uuid::Uuid::from_u128(4242));
        check(under(military, Some(gone)), CommandError::UnknownTheme(gone));
        check(under(gone, None), CommandError::UnknownTheme(gone));
        // Moving where it already is writes nothing.
        assert!(apply(&mut project, command(under(financing, Some(stabilization)), 9), Origin::Local)
            .unwrap()
            .is_empty());
    }

    /// Themes with parent links written as two coders' concurrent moves leave them once merged.
    fn with_links(links: &[(usize, usize, i64, u128)]) -> (Project, Vec<ThemeId>) {
        let (_, mut project) = fixture();
        let ids: Vec<ThemeId> = (0..5).map(|index| theme(&project, index)).collect();
        let mut themes = project.all_themes().to_vec();
        for (child, parent, at, coder) in links {
            let theme = themes.iter_mut().find(|theme| theme.id == ids[*child]).unwrap();
            theme.parent = Some(ids[*parent]);
            theme.stamps.parent = Stamp::new(Timestamp(*at), CoderId(uuid::Uuid::from_u128(*coder)));
        }
        project = Project::from_parts(project.documents().to_vec(), vec![], themes, vec![]);
        (project, ids)
    }

    #[test]
    fn the_link_that_closes_a_cycle_is_ignored_the_newest_first() {
        // (child, parent, when, who): 0 under 1 first, then 1 under 2, then 2 under 0 closes it.
        let check = |links: &[(usize, usize, i64, u128)], expected_top: &[usize]| {
            let (project, ids) = with_links(links);
            let hierarchy = Hierarchy::of(&project);
            let top: Vec<usize> = (0..5).filter(|index| hierarchy.parent(ids[*index]).is_none()).collect();
            assert_eq!(top, expected_top, "{links:?}");
            for id in &ids {
                assert!(!hierarchy.ancestors(*id).contains(id), "no cycle through {id}");
            }
        };
        check(&[(0, 1, 10, 1), (1, 2, 20, 1), (2, 0, 30, 2)], &[2, 3, 4]);
        check(&[(0, 1, 30, 1), (1, 2, 20, 1), (2, 0, 10, 2)], &[0, 3, 4]);
        // Two moves of one millisecond: the coder id decides, the same in every copy.
        check(&[(0, 1, 10, 2), (1, 0, 10, 1)], &[0, 2, 3, 4]);
        check(&[(0, 1, 10, 1), (1, 0, 10, 2)], &[1, 2, 3, 4]);
        check(&[(0, 0, 10, 1)], &[0, 1, 2, 3, 4]);
    }

    #[test]
    fn two_coders_moving_each_under_the_other_merge_to_one_tree_either_way() {
        let (_, base) = fixture();
        let [military, iraq] = [0, 6].map(|index| theme(&base, index));
        let by = |coder: u128, at: i64, operation: Operation| crate::command::Command {
            document_id: "doc".into(),
            stamp: Stamp::new(Timestamp(at), CoderId(uuid::Uuid::from_u128(coder))),
            operation,
        };
        let (mut amira, mut ben) = (base.clone(), base.clone());
        apply(&mut amira, by(1, 10, under(military, Some(iraq))), Origin::Local).unwrap();
        apply(&mut ben, by(2, 20, under(iraq, Some(military))), Origin::Local).unwrap();
        let merged = |first: &Project, second: &Project| {
            let mut project = first.clone();
            crate::merge::merge(&mut project, second);
            project
        };
        let (one_way, other_way) = (merged(&amira, &ben), merged(&ben, &amira));
        // Both links are kept as written; the later one, Ben's, would close the cycle and is ignored.
        assert_eq!(one_way.theme(iraq).unwrap().parent, Some(military));
        for project in [&one_way, &other_way] {
            let hierarchy = Hierarchy::of(project);
            assert_eq!((hierarchy.parent(military), hierarchy.parent(iraq)), (Some(iraq), None));
        }
        assert_eq!(Hierarchy::of(&one_way), Hierarchy::of(&other_way));
    }

    #[test]
    fn a_link_to_a_deleted_theme_leads_to_the_theme_above_it() {
        let (_, mut project) = fixture();
        let [military, stabilization, financing] = [0, 1, 3].map(|index| theme(&project, index));
        apply(&mut project, command(under(stabilization, Some(military)), 2), Origin::Local).unwrap();
        apply(&mut project, command(under(financing, Some(stabilization)), 3), Origin::Local).unwrap();
        // A plain deletion (as from an older copy) leaves the link; the reader follows it up.
        apply(&mut project, command(Operation::DeleteTheme { theme_id: stabilization }, 4), Origin::Local).unwrap();
        assert_eq!(Hierarchy::of(&project).parent(financing), Some(military));
    }

    #[test]
    fn counts_and_coverage_roll_up_counting_each_highlight_once() {
        let (document, mut project) = fixture();
        let [military, stabilization, financing] = [0, 1, 3].map(|index| theme(&project, index));
        for operation in [under(stabilization, Some(military)), under(financing, Some(stabilization))] {
            apply(&mut project, command(operation, 2), Origin::Local).unwrap();
        }
        for created in [
            create(1, 0, 10, vec![military, stabilization]),
            create(2, 5, 15, vec![stabilization, financing]),
            create(3, 20, 25, vec![financing]),
        ] {
            apply(&mut project, created, Origin::Local).unwrap();
        }
        let figures = crate::overview::theme_figures(&document, &project, &crate::layers::Layers::default());
        let of = |id: ThemeId| figures.iter().find(|figure| figure.theme_id == id).unwrap();
        assert_eq!((of(military).highlights, of(military).covered), (3, 20));
        assert_eq!((of(stabilization).highlights, of(stabilization).covered), (3, 20));
        assert_eq!((of(financing).highlights, of(financing).covered), (2, 15));
        let filter = crate::listing::ListFilter { theme_id: Some(military), ..Default::default() };
        let listed = crate::listing::list(
            &project,
            "doc",
            &crate::layers::Layers::default(),
            &filter,
            crate::listing::ListOrder::Position,
            9,
        );
        assert_eq!(listed.len(), 3, "filtering by a parent lists its descendants' highlights once");
    }

    /// The live codebook as drawn, and each live highlight's theme names.
    fn state(project: &Project) -> (Vec<String>, Vec<Vec<String>>) {
        let tags = project
            .annotations()
            .map(|annotation| annotation.theme_ids().map(|id| project.theme(id).unwrap().name.clone()).collect())
            .collect();
        (drawn(project), tags)
    }

    #[test]
    fn deleting_or_merging_a_parent_does_what_was_chosen_with_its_children_in_one_undo() {
        let (_, mut start) = fixture();
        let [military, stabilization, counter, financing, law] = [0, 1, 2, 3, 4].map(|index| theme(&start, index));
        // Military > Stabilization > Financing, Military > Counter; Law at the top.
        for operation in [
            under(stabilization, Some(military)),
            under(financing, Some(stabilization)),
            under(counter, Some(military)),
        ] {
            apply(&mut start, command(operation, 2), Origin::Local).unwrap();
        }
        apply(&mut start, create(1, 0, 5, vec![financing]), Origin::Local).unwrap();
        apply(&mut start, create(2, 6, 10, vec![stabilization]), Origin::Local).unwrap();
        let first_rows = |project: &Project| drawn(project)[..5].to_vec();
        let check = |operation: Operation, rows: &[&str], tags: &[&[&str]]| {
            let mut project = start.clone();
            let mut history = History::default();
            history.record(apply(&mut project, command(operation.clone(), 50), Origin::Local).unwrap());
            assert_eq!(first_rows(&project), rows, "{operation:?}");
            let (_, got_tags) = state(&project);
            let expected: Vec<Vec<String>> = tags.iter().map(|t| t.iter().map(|n| n.to_string()).collect()).collect();
            assert_eq!(got_tags, expected);
            history.undo(&mut project, stamp(51)).unwrap().unwrap();
            assert_eq!(state(&project), state(&start), "one undo puts back {operation:?}");
        };
        check(
            delete_with_children(&start, stabilization, ChildrenOnDelete::MoveUp),
            &[
                "Military action",
                "  Counter-messaging and propaganda",
                "  Financing",
                "Law enforcement, justice and foreign fighters",
                "Civilians and international law",
            ],
            &[&["Financing"], &[]],
        );
        check(
            delete_with_children(&start, military, ChildrenOnDelete::DeleteToo),
            &[
                "Law enforcement, justice and foreign fighters",
                "Civilians and international law",
                "Iraq",
                "Syria",
                "Africa and other regions",
            ],
            &[&[], &[]],
        );
        check(
            merge_with_children(&start, stabilization, law, ChildrenOnMerge::MoveUnderTarget),
            &[
                "Military action",
                "  Counter-messaging and propaganda",
                "Law enforcement, justice and foreign fighters",
                "  Financing",
                "Civilians and international law",
            ],
            &[&["Financing"], &["Law enforcement, justice and foreign fighters"]],
        );
        check(
            merge_with_children(&start, stabilization, law, ChildrenOnMerge::MoveUp),
            &[
                "Military action",
                "  Counter-messaging and propaganda",
                "  Financing",
                "Law enforcement, justice and foreign fighters",
                "Civilians and international law",
            ],
            &[&["Financing"], &["Law enforcement, justice and foreign fighters"]],
        );
        check(
            merge_with_children(&start, stabilization, law, ChildrenOnMerge::DeleteToo),
            &[
                "Military action",
                "  Counter-messaging and propaganda",
                "Law enforcement, justice and foreign fighters",
                "Civilians and international law",
                "Iraq",
            ],
            &[&[], &["Law enforcement, justice and foreign fighters"]],
        );
        // Merging a parent into its own grandchild: the grandchild moves up first, no cycle.
        for choice in [ChildrenOnMerge::MoveUp, ChildrenOnMerge::MoveUnderTarget, ChildrenOnMerge::DeleteToo] {
            let mut project = start.clone();
            apply(&mut project, command(merge_with_children(&start, military, financing, choice), 50), Origin::Local)
                .unwrap();
            assert!(project.theme(financing).is_some(), "{choice:?} keeps the target");
            assert_eq!(Hierarchy::of(&project).parent(financing), None, "{choice:?}: where Military was");
        }
    }
}
