//! Properties of `merge` on random histories: three copies of one base project, each changed by
//! its own coder at random times (equal times across coders included, so ties are settled by
//! coder id), merge the same whatever the order and grouping, merging again changes nothing, and
//! no live record or applied theme is lost that a later write did not replace.
//!
//! Projects are compared through [`canonical`], a view that does not depend on the order records
//! were written in, nor on which copy's id a theme kept when two themes met by name.

use annotator_core::hierarchy::{
    delete_with_children, merge_with_children, ChildrenOnDelete, ChildrenOnMerge, Hierarchy,
};
use annotator_core::merge::Counts;
use annotator_core::theme::{same_name, starter_codebook};
use annotator_core::{
    apply, merge, merge_all, Anchoring, Annotation, AnnotationId, CoderId, Command, Document, History, Merged,
    Operation, Origin, Project, Record, Span, Stamp, Theme, ThemeId, ThemeStamps, Timestamp,
};
use proptest::prelude::*;
use uuid::Uuid;

const MARKDOWN: &str = "# Report\n\nAlpha beta gamma delta.\n\nEpsilon zeta eta theta iota kappa.";

/// Names new themes are made with: few, so that copies make themes of one name apart and the
/// merge matches them by name. "energy" and " Water " meet "Energy" and "Water" by
/// `same_name`; "Iraq" and "Syria" are starter themes' names, free to take only once a copy has
/// renamed, deleted or merged its starter theme.
const SHARED_NAMES: [&str; 6] = ["Energy", "energy", "Water", " Water ", "Iraq", "Syria"];
const COLOURS: [&str; 3] = ["#111111", "#222222", "#333333"];
const NOTES: [&str; 4] = ["", "first reading", "second reading", "third reading"];

/// Who made the base project.
const FOUNDER: CoderId = CoderId(Uuid::from_u128(0xf0));

/// The coder of copy `replica` (0, 1, 2): distinct, so that no two copies write the same stamp.
fn coder(replica: usize) -> CoderId {
    CoderId(Uuid::from_u128(0xc0 + replica as u128))
}

/// One step of a coder's history, with what it acts on given as indices into what is live when
/// it runs (taken modulo the count), so that every generated step means something.
#[derive(Clone, Debug)]
enum Step {
    SetBlind(bool),
    CreateAnnotation {
        start: usize,
        length: usize,
        themes: Vec<usize>,
    },
    AddTheme {
        annotation: usize,
        theme: usize,
    },
    RemoveTheme {
        annotation: usize,
        theme: usize,
    },
    SetNote {
        annotation: usize,
        note: usize,
    },
    Move {
        annotation: usize,
        start: usize,
        length: usize,
    },
    DeleteAnnotation {
        annotation: usize,
    },
    CreateTheme {
        name: usize,
        colour: usize,
    },
    /// To a name no other copy or step uses.
    RenameTheme {
        theme: usize,
    },
    /// To one of [`SHARED_NAMES`]: another copy may have a theme of that name, which the merge
    /// then keeps beside it (two live themes of one name, the same in any order; see
    /// `a_rename_or_a_later_edit_can_leave_two_live_themes_of_one_name` in `merge_cases.rs`).
    RenameThemeToSharedName {
        theme: usize,
        name: usize,
    },
    RecolourTheme {
        theme: usize,
        colour: usize,
    },
    DeleteTheme {
        theme: usize,
    },
    MergeThemes {
        from: usize,
        into: usize,
    },
    DescribeTheme {
        theme: usize,
        description: usize,
    },
    MoveTheme {
        theme: usize,
        to_index: usize,
    },
    SetCoder {
        name: usize,
    },
    /// Puts a theme under another (`None`: at the top level).
    SetParent {
        theme: usize,
        parent: Option<usize>,
    },
    /// Deletes a theme, its children moving up or deleted with it, as the codebook asks.
    DeleteWithChildren {
        theme: usize,
        move_up: bool,
    },
    /// Merges a theme into another, its children moving up, under the target or deleted.
    MergeWithChildren {
        from: usize,
        into: usize,
        choice: usize,
    },
    /// Undoes this coder's latest change: undo writes records back like any other edit.
    Undo,
    Redo,
}

/// Steps weighted towards what makes conflicts: new highlights and themes, codings, renames.
fn step() -> impl Strategy<Value = Step> {
    let pick = || 0..64usize;
    prop_oneof![
        3 => (0..70usize, 1..12usize, prop::collection::vec(pick(), 0..3))
            .prop_map(|(start, length, themes)| Step::CreateAnnotation { start, length, themes }),
        3 => (pick(), pick()).prop_map(|(annotation, theme)| Step::AddTheme { annotation, theme }),
        2 => (pick(), pick()).prop_map(|(annotation, theme)| Step::RemoveTheme { annotation, theme }),
        2 => (pick(), 0..NOTES.len()).prop_map(|(annotation, note)| Step::SetNote { annotation, note }),
        1 => (pick(), 0..70usize, 1..12usize).prop_map(|(annotation, start, length)| Step::Move {
            annotation,
            start,
            length
        }),
        1 => pick().prop_map(|annotation| Step::DeleteAnnotation { annotation }),
        5 => (0..SHARED_NAMES.len(), 0..COLOURS.len()).prop_map(|(name, colour)| Step::CreateTheme { name, colour }),
        2 => pick().prop_map(|theme| Step::RenameTheme { theme }),
        1 => (pick(), 0..SHARED_NAMES.len()).prop_map(|(theme, name)| Step::RenameThemeToSharedName { theme, name }),
        1 => (pick(), 0..COLOURS.len()).prop_map(|(theme, colour)| Step::RecolourTheme { theme, colour }),
        1 => pick().prop_map(|theme| Step::DeleteTheme { theme }),
        1 => (pick(), pick()).prop_map(|(from, into)| Step::MergeThemes { from, into }),
        1 => (pick(), 0..NOTES.len()).prop_map(|(theme, description)| Step::DescribeTheme { theme, description }),
        1 => (pick(), 0..12usize).prop_map(|(theme, to_index)| Step::MoveTheme { theme, to_index }),
        1 => (0..NOTES.len()).prop_map(|name| Step::SetCoder { name }),
        5 => (pick(), prop::option::weighted(0.8, pick())).prop_map(|(theme, parent)| Step::SetParent { theme, parent }),
        1 => (pick(), prop::bool::ANY).prop_map(|(theme, move_up)| Step::DeleteWithChildren { theme, move_up }),
        1 => (pick(), pick(), 0..3usize).prop_map(|(from, into, choice)| Step::MergeWithChildren { from, into, choice }),
        1 => prop::bool::ANY.prop_map(Step::SetBlind),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

/// A coder's history: steps at times from a small range, so that copies often write at the same
/// millisecond and a coder's clock often goes back (the core then stamps after what it replaces).
fn history() -> impl Strategy<Value = Vec<(i64, Step)>> {
    prop::collection::vec((1..10i64, step()), 0..16)
}

/// The base project: a small Markdown document, the starter codebook, and three highlights.
fn base() -> Project {
    let document = Document::from_markdown("doc", "Report", MARKDOWN);
    let mut project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(0), FOUNDER)));
    let themes: Vec<ThemeId> = project.themes().map(|theme| theme.id).collect();
    for (n, start, end, theme_ids) in
        [(1, 0, 5, vec![themes[0]]), (2, 6, 10, vec![themes[1], themes[2]]), (3, 24, 31, vec![])]
    {
        let operation = Operation::CreateAnnotation {
            id: AnnotationId(Uuid::from_u128(n)),
            span: Span::between(start, end),
            theme_ids,
        };
        let command = Command { document_id: "doc".into(), stamp: Stamp::new(Timestamp(0), FOUNDER), operation };
        apply(&mut project, command, Origin::Local).expect("the base highlights are valid");
    }
    // A small tree to start from: the second and third themes under the first.
    for child in [themes[1], themes[2]] {
        let operation = Operation::SetThemeParent { theme_id: child, parent: Some(themes[0]) };
        let command = Command { document_id: "doc".into(), stamp: Stamp::new(Timestamp(0), FOUNDER), operation };
        apply(&mut project, command, Origin::Local).expect("the base tree is valid");
    }
    project
}

/// Every live theme shows once in the tree as read, under live themes, none under itself.
fn check_tree(project: &Project) -> Result<(), TestCaseError> {
    let hierarchy = Hierarchy::of(project);
    let mut shown: Vec<ThemeId> = hierarchy.rows().into_iter().map(|(id, _)| id).collect();
    let mut live: Vec<ThemeId> = project.themes().map(|theme| theme.id).collect();
    shown.sort();
    live.sort();
    prop_assert_eq!(shown, live, "the tree shows every live theme once");
    for theme in project.themes() {
        let above = hierarchy.ancestors(theme.id);
        prop_assert!(!above.contains(&theme.id), "{} lies under itself", theme.name);
        prop_assert!(above.iter().all(|id| project.theme(*id).is_some()), "{} lies under a deleted theme", theme.name);
    }
    Ok(())
}

/// The copy `replica` of `base` after its coder's `history`. A step the core refuses (an empty
/// span, a name taken, a theme merged into itself) is skipped, as the app would refuse it.
fn replica(base: &Project, replica: usize, steps: &[(i64, Step)]) -> Project {
    let mut project = base.clone();
    let mut history = History::default();
    let length = project.document("doc").map_or(0, |document| document.len());
    for (index, (at, step)) in steps.iter().enumerate() {
        // Ids unique to this copy and step.
        let fresh = ((replica as u128 + 1) << 64) | index as u128;
        let annotations: Vec<AnnotationId> = project.annotations().map(|annotation| annotation.id).collect();
        let themes: Vec<ThemeId> = project.themes().map(|theme| theme.id).collect();
        let annotation = |pick: usize| annotations.get(pick % annotations.len().max(1)).copied();
        let theme = |pick: usize| themes.get(pick % themes.len().max(1)).copied();
        let span = |start: usize, length_wanted: usize| {
            let start = start % length;
            Span::between(start, (start + length_wanted).min(length))
        };
        let stamp = Stamp::new(Timestamp(*at), coder(replica));
        let operation = match step.clone() {
            Step::CreateAnnotation { start, length, themes: picks } => Some(Operation::CreateAnnotation {
                id: AnnotationId(Uuid::from_u128(fresh)),
                span: span(start, length),
                theme_ids: picks.into_iter().filter_map(theme).collect(),
            }),
            Step::AddTheme { annotation: a, theme: t } => annotation(a)
                .zip(theme(t))
                .map(|(annotation_id, theme_id)| Operation::AddAnnotationTheme { annotation_id, theme_id }),
            Step::RemoveTheme { annotation: a, theme: t } => annotation(a)
                .zip(theme(t))
                .map(|(annotation_id, theme_id)| Operation::RemoveAnnotationTheme { annotation_id, theme_id }),
            Step::SetNote { annotation: a, note } => annotation(a)
                .map(|annotation_id| Operation::SetAnnotationNote { annotation_id, note: NOTES[note].into() }),
            Step::Move { annotation: a, start, length } => annotation(a)
                .map(|annotation_id| Operation::MoveAnnotation { annotation_id, span: span(start, length) }),
            Step::DeleteAnnotation { annotation: a } => {
                annotation(a).map(|annotation_id| Operation::DeleteAnnotation { annotation_id })
            }
            Step::CreateTheme { name, colour } => Some(Operation::CreateTheme {
                id: ThemeId(Uuid::from_u128(fresh)),
                name: SHARED_NAMES[name].into(),
                colour: COLOURS[colour].into(),
                description: format!("made in copy {replica}"),
            }),
            Step::RenameTheme { theme: t } => theme(t).map(|theme_id| Operation::RenameTheme {
                theme_id,
                name: format!("renamed in copy {replica} at step {index}"),
            }),
            Step::RenameThemeToSharedName { theme: t, name } => {
                theme(t).map(|theme_id| Operation::RenameTheme { theme_id, name: SHARED_NAMES[name].into() })
            }
            Step::RecolourTheme { theme: t, colour } => {
                theme(t).map(|theme_id| Operation::RecolourTheme { theme_id, colour: COLOURS[colour].into() })
            }
            Step::DeleteTheme { theme: t } => theme(t).map(|theme_id| Operation::DeleteTheme { theme_id }),
            Step::MergeThemes { from, into } => {
                theme(from).zip(theme(into)).map(|(from, into)| Operation::MergeThemes { from, into })
            }
            Step::DescribeTheme { theme: t, description } => {
                theme(t).map(|theme_id| Operation::DescribeTheme { theme_id, description: NOTES[description].into() })
            }
            Step::MoveTheme { theme: t, to_index } => {
                theme(t).map(|theme_id| Operation::MoveTheme { theme_id, to_index })
            }
            Step::SetParent { theme: t, parent } => {
                theme(t).map(|theme_id| Operation::SetThemeParent { theme_id, parent: parent.and_then(theme) })
            }
            Step::DeleteWithChildren { theme: t, move_up } => theme(t).map(|theme_id| {
                let choice = if move_up { ChildrenOnDelete::MoveUp } else { ChildrenOnDelete::DeleteToo };
                delete_with_children(&project, theme_id, choice)
            }),
            Step::MergeWithChildren { from, into, choice } => theme(from).zip(theme(into)).map(|(from, into)| {
                let choice =
                    [ChildrenOnMerge::MoveUp, ChildrenOnMerge::MoveUnderTarget, ChildrenOnMerge::DeleteToo][choice];
                merge_with_children(&project, from, into, choice)
            }),
            Step::SetBlind(blind) => Some(Operation::SetBlind(blind)),
            Step::SetCoder { name } => {
                Some(Operation::SetCoder { name: NOTES[name].into(), colour: COLOURS[name % COLOURS.len()].into() })
            }
            Step::Undo => {
                // Nothing to undo, or refused: the project is as it was.
                let _ = history.undo(&mut project, stamp);
                None
            }
            Step::Redo => {
                let _ = history.redo(&mut project, stamp);
                None
            }
        };
        let Some(operation) = operation else { continue };
        let command = Command { document_id: "doc".into(), stamp, operation };
        // Refused steps leave the project as it was.
        if let Ok(change) = apply(&mut project, command, Origin::Local) {
            history.record(change);
        }
    }
    project
}

/// What a coding points at, independent of which copy's id a theme kept when themes met by
/// name: a live theme by its name, a deleted one (never matched by name, so its id is the same
/// in every merge) by its id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ThemeKey {
    Live(String),
    Deleted(ThemeId),
}

fn theme_key(project: &Project, theme_id: ThemeId) -> ThemeKey {
    match project.theme(theme_id) {
        Some(theme) => ThemeKey::Live(theme.name.trim().to_lowercase()),
        None => ThemeKey::Deleted(theme_id),
    }
}

/// One annotation, with every field the merge writes.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct AnnotationView {
    id: AnnotationId,
    span: (usize, usize),
    anchoring: Anchoring,
    quote: String,
    note: String,
    live: bool,
    deleted: Option<Timestamp>,
    stamps: (Stamp, Stamp, Stamp),
    /// Every coding, applied or taken off, with its stamp; sorted, as the order of codings
    /// depends on the order of the merge.
    codings: Vec<(ThemeKey, bool, Stamp)>,
    coder: CoderId,
    created: Timestamp,
}

/// One theme, by what it is rather than by id; a sorted list (not a set), so that two live
/// themes of one name would show.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ThemeView {
    key: ThemeKey,
    name: String,
    colour: String,
    description: String,
    rank: i64,
    /// The theme it was put under, as stored (the merge settles it by its stamp).
    parent: Option<ThemeKey>,
    /// The theme it sits under in the tree as read.
    shown_under: Option<ThemeKey>,
}

#[derive(Debug, PartialEq, Eq)]
struct Canonical {
    themes: Vec<ThemeView>,
    annotations: Vec<AnnotationView>,
    coders: Vec<CoderId>,
    settings: annotator_core::settings::Settings,
}

fn canonical(project: &Project) -> Canonical {
    let hierarchy = Hierarchy::of(project);
    let mut themes: Vec<ThemeView> = project
        .all_themes()
        .iter()
        .map(|theme| ThemeView {
            key: theme_key(project, theme.id),
            name: theme.name.clone(),
            colour: theme.colour.clone(),
            description: theme.description.clone(),
            rank: theme.rank,
            parent: theme.parent.map(|parent| theme_key(project, parent)),
            shown_under: hierarchy.parent(theme.id).map(|parent| theme_key(project, parent)),
        })
        .collect();
    themes.sort();
    let mut annotations: Vec<AnnotationView> = project
        .all_annotations()
        .map(|annotation| {
            let mut codings: Vec<_> = annotation
                .codings
                .iter()
                .map(|coding| (theme_key(project, coding.theme_id), coding.applied, coding.stamp))
                .collect();
            codings.sort();
            AnnotationView {
                id: annotation.id,
                span: (annotation.span.start(), annotation.span.end()),
                anchoring: annotation.anchoring,
                quote: annotation.quote.exact.clone(),
                note: annotation.note.clone(),
                live: annotation.is_live(),
                deleted: annotation.deleted,
                stamps: (annotation.stamps.passage, annotation.stamps.note, annotation.stamps.life),
                codings,
                coder: annotation.coder,
                created: annotation.created,
            }
        })
        .collect();
    annotations.sort();
    let mut coders: Vec<CoderId> = project.coders().iter().map(|coder| coder.id).collect();
    coders.sort();
    Canonical { themes, annotations, coders, settings: *project.settings() }
}

/// `incoming` merged into a copy of `project`.
fn merged(project: &Project, incoming: &Project) -> Project {
    let mut project = project.clone();
    merge(&mut project, incoming);
    project
}

/// The newest write to an annotation other than deleting or restoring it.
fn newest_edit(annotation: &Annotation) -> Stamp {
    let codings = annotation.codings.iter().map(|coding| coding.stamp);
    codings.chain([annotation.stamps.passage, annotation.stamps.note]).max().unwrap_or_default()
}

/// The themes of `merged` that theme `theme_id` of `copy` became: itself if `merged` has it,
/// else (it met a theme of the same name) the live themes of its name.
fn became(merged: &Project, copy: &Project, theme_id: ThemeId) -> Vec<ThemeId> {
    if merged.theme_record(theme_id).is_some() {
        return vec![theme_id];
    }
    let Some(name) = copy.theme_record(theme_id).map(|theme| theme.name.as_str()) else { return Vec::new() };
    merged.themes().filter(|theme| same_name(&theme.name, name)).map(|theme| theme.id).collect()
}

/// No record is lost: every annotation of a copy is in the merge, live exactly as the liveness
/// rule says of all the copies' writes to it (a tombstone wins only over older edits); and every
/// applied coding is applied in the merge unless some copy took a theme it became off the same
/// highlight later. Every theme of a copy is in the merge, or met a live theme of its name there,
/// and is deleted only by a tombstone newer than every edit to it.
fn check_nothing_lost(merged: &Project, copies: &[&Project]) -> Result<(), TestCaseError> {
    for copy in copies {
        for annotation in copy.all_annotations() {
            let Some(joined) = merged.annotation_record(annotation.id) else {
                return Err(TestCaseError::fail(format!("{} lost", annotation.id)));
            };
            let versions: Vec<&Annotation> =
                copies.iter().filter_map(|copy| copy.annotation_record(annotation.id)).collect();
            let (life, deleted) =
                versions.iter().map(|version| (version.stamps.life, version.deleted)).max().unwrap_or_default();
            let edit = versions.iter().map(|version| newest_edit(version)).max().unwrap_or_default();
            let live = deleted.is_none() || edit > life;
            prop_assert_eq!(joined.is_live(), live, "liveness of {:?} from {:?}", joined, versions);
            if annotation.is_live() && !joined.is_live() {
                let tombstone_wins = versions.iter().any(|version| {
                    version.deleted.is_some() && versions.iter().all(|other| newest_edit(other) < version.stamps.life)
                });
                prop_assert!(tombstone_wins, "{:?} deleted with no tombstone newer than every edit", joined);
            }
            for coding in annotation.applied_codings() {
                let targets = became(merged, copy, coding.theme_id);
                let removed_later = copies.iter().any(|other| {
                    other.annotation_record(annotation.id).is_some_and(|version| {
                        version.codings.iter().any(|removal| {
                            !removal.applied
                                && removal.stamp > coding.stamp
                                && became(merged, other, removal.theme_id).iter().any(|id| targets.contains(id))
                        })
                    })
                });
                let kept = targets.iter().any(|id| joined.has_theme(*id));
                prop_assert!(
                    kept || removed_later,
                    "{:?} of {} lost: became {:?} in {:?}",
                    coding,
                    annotation.id,
                    targets,
                    joined
                );
            }
        }
        for theme in copy.all_themes() {
            let targets = became(merged, copy, theme.id);
            prop_assert!(!targets.is_empty(), "{:?} lost", theme);
            let Some(joined) = merged.theme_record(theme.id) else { continue };
            if theme.is_live() && !joined.is_live() {
                // Themes met by name only add edits, so a tombstone of this very id must win.
                let versions: Vec<&Theme> = copies.iter().filter_map(|copy| copy.theme_record(theme.id)).collect();
                let tombstone_wins = versions.iter().any(|version| {
                    version.deleted.is_some() && versions.iter().all(|other| theme_edit(other) < version.stamps.life)
                });
                prop_assert!(tombstone_wins, "{:?} deleted with no tombstone newer than every edit", joined);
            }
        }
    }
    // No coding points at a theme the merge does not have (the codings of a theme met by name
    // are moved to the theme it met).
    for annotation in merged.all_annotations() {
        for coding in &annotation.codings {
            prop_assert!(
                merged.theme_record(coding.theme_id).is_some(),
                "{:?} of {} points nowhere",
                coding,
                annotation.id
            );
        }
    }
    Ok(())
}

/// Which record an edit wrote.
fn record_key(record: &Record) -> String {
    match record {
        Record::Annotation(annotation) => format!("annotation {}", annotation.id),
        Record::Theme(theme) => format!("theme {}", theme.id),
        Record::Coder(coder) => format!("coder {}", coder.id.0),
        Record::Document(document) => format!("document {}", document.id()),
        Record::Settings(_) => "settings".to_owned(),
    }
}

/// The newest write to a theme other than deleting or restoring it.
fn theme_edit(theme: &Theme) -> Stamp {
    let ThemeStamps { name, colour, description, rank, parent, life: _ } = theme.stamps;
    name.max(colour).max(description).max(rank).max(parent)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_commutative(first in history(), second in history()) {
        let base = base();
        let (a, b) = (replica(&base, 0, &first), replica(&base, 1, &second));
        prop_assert_eq!(canonical(&merged(&a, &b)), canonical(&merged(&b, &a)));
    }

    #[test]
    fn random_moves_and_merges_never_give_a_cycle_in_the_tree(first in history(), second in history(), third in history()) {
        let base = base();
        let (a, b, c) = (replica(&base, 0, &first), replica(&base, 1, &second), replica(&base, 2, &third));
        for copy in [&a, &b, &c] {
            check_tree(copy)?;
        }
        check_tree(&merged(&a, &b))?;
        check_tree(&merged(&merged(&a, &b), &c))?;
        check_tree(&merged(&c, &merged(&b, &a)))?;
    }

    #[test]
    fn the_report_counts_every_incoming_record_once(first in history(), second in history()) {
        let base = base();
        let (a, b) = (replica(&base, 0, &first), replica(&base, 1, &second));
        let mut project = a.clone();
        let Merged { change, report } = merge(&mut project, &b);
        let total = |pick: fn(&Counts) -> usize| pick(&report.added) + pick(&report.updated) + pick(&report.unchanged);
        prop_assert_eq!(total(|counts| counts.annotations), b.all_annotations().len());
        prop_assert_eq!(total(|counts| counts.themes), b.all_themes().len());
        prop_assert_eq!(total(|counts| counts.coders), b.coders().len());
        prop_assert_eq!(total(|counts| counts.documents), b.documents().len());
        prop_assert_eq!(change.is_empty(), report.changed() == 0, "{:?}", report);
        prop_assert_eq!(change.origin, Origin::Remote);
    }

    #[test]
    fn merge_is_associative(first in history(), second in history(), third in history()) {
        let base = base();
        let (a, b, c) = (replica(&base, 0, &first), replica(&base, 1, &second), replica(&base, 2, &third));
        prop_assert_eq!(canonical(&merged(&merged(&a, &b), &c)), canonical(&merged(&a, &merged(&b, &c))));
    }

    #[test]
    fn merging_again_changes_nothing(first in history(), second in history()) {
        let base = base();
        let (a, b) = (replica(&base, 0, &first), replica(&base, 1, &second));
        let once = merged(&a, &b);
        let mut twice = once.clone();
        let again = merge(&mut twice, &b);
        prop_assert!(again.change.is_empty(), "merging the same copy again wrote {:?}", again.change);
        prop_assert_eq!(canonical(&twice), canonical(&once));
        let first_again = merge(&mut twice, &a);
        prop_assert!(first_again.change.is_empty(), "merging the first copy again wrote {:?}", first_again.change);
        let mut itself = a.clone();
        let into_itself = merge(&mut itself, &a);
        prop_assert!(into_itself.change.is_empty(), "merging a copy into itself wrote {:?}", into_itself.change);
        prop_assert_eq!(into_itself.report.changed(), 0);
        prop_assert_eq!(itself, a);
    }

    #[test]
    fn merging_several_in_one_pass_is_merging_them_in_turn(first in history(), second in history(), third in history()) {
        let base = base();
        let (a, b, c) = (replica(&base, 0, &first), replica(&base, 1, &second), replica(&base, 2, &third));
        let mut at_once = a.clone();
        let Merged { change, report } = merge_all(&mut at_once, vec![b.clone(), c.clone()]);
        let mut in_turn = a.clone();
        let mut first_merge = merge(&mut in_turn, &b);
        let second_merge = merge(&mut in_turn, &c);
        prop_assert_eq!(&at_once, &in_turn, "the same project, its records in the same order");
        first_merge.report.absorb(second_merge.report);
        prop_assert_eq!(report, first_merge.report, "one report, the two added up");
        let written_once = change.edits.iter().map(|edit| record_key(&edit.after)).collect::<std::collections::HashSet<_>>();
        prop_assert_eq!(written_once.len(), change.edits.len(), "each record written once");
        prop_assert_eq!(change.origin, Origin::Remote);
    }

    #[test]
    fn merge_loses_no_live_record(first in history(), second in history(), third in history()) {
        let base = base();
        let (a, b, c) = (replica(&base, 0, &first), replica(&base, 1, &second), replica(&base, 2, &third));
        check_nothing_lost(&merged(&a, &b), &[&a, &b])?;
        check_nothing_lost(&merged(&merged(&a, &b), &c), &[&a, &b, &c])?;
    }
}
