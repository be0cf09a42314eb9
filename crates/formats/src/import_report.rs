//! What an import brings and did: the themes and annotations a file holds, and, told to the
//! person, how many came in, how many had to be found again or became orphans, and what was
//! skipped and why. Also the theme matching every importer shares.

use annotator_core::coder;
use annotator_core::theme::unused_colour;
use annotator_core::{Annotation, Coder, CoderId, Document, Project, Stamp, Theme, ThemeId, Timestamp};
use std::rc::Rc;
use uuid::Uuid;

/// The most annotations one file may bring: more would make the page unusable, and no coding of
/// one text needs them. A larger file is refused with a message, not half read.
pub const MAX_ANNOTATIONS: usize = 100_000;

/// What a file brings into a project: its coders, themes and annotations, which the project
/// takes in through the one merge ([`annotator_core::merge`]) as one change.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The coders the file names.
    pub coders: Vec<Coder>,
    /// The themes its annotations carry: the project's own where the file names them, new ones
    /// otherwise.
    pub themes: Vec<Theme>,
    /// The annotations, placed or orphaned.
    pub annotations: Vec<Annotation>,
    /// What happened.
    pub report: ImportReport,
}

impl Import {
    /// An empty import in `format`.
    pub fn new(format: &str) -> Import {
        Import {
            coders: Vec::new(),
            themes: Vec::new(),
            annotations: Vec::new(),
            report: ImportReport { format: format.into(), ..ImportReport::default() },
        }
    }

    /// The theme a file names: the one with `id` if the codebook (or this import) has it, else
    /// the one of that name ([`annotator_core::theme::same_name`]), else a new theme in a colour
    /// no theme uses yet, with an id made from its name so that importing twice finds it again.
    pub fn theme(
        &mut self,
        id: Option<ThemeId>,
        name: &str,
        description: &str,
        project: &Project,
        at: Timestamp,
    ) -> ThemeId {
        let name = name.trim();
        let in_import = self
            .themes
            .iter()
            .find(|theme| Some(theme.id) == id || annotator_core::theme::same_name(&theme.name, name));
        if let Some(theme) = in_import {
            return theme.id;
        }
        let known = id.and_then(|id| project.theme(id)).or_else(|| project.theme_named(name, None));
        if let Some(theme) = known {
            self.themes.push(theme.clone());
            return theme.id;
        }
        let theme_id = id.unwrap_or_else(|| ThemeId(stable_uuid(&format!("theme:{}", name.to_lowercase()))));
        let colour = unused_colour(project.themes().chain(self.themes.iter())).to_owned();
        let rank = project.next_rank() + self.themes.len() as i64;
        let stamp = Stamp::new(at, CoderId::default());
        self.themes.push(Theme::new(theme_id, name, &colour, description, rank, stamp));
        self.report.themes_added += 1;
        theme_id
    }

    /// The theme a file names by its path in the code hierarchy ("Parent / Child"): each name
    /// found or made as [`Import::theme`] does, and each put under the one before it in the
    /// path ([`Import::place_under`]). A whole path that is the name of a theme is that theme
    /// (a name may hold " / ").
    pub fn theme_at_path(
        &mut self,
        id: Option<ThemeId>,
        path: &str,
        description: &str,
        project: &Project,
        at: Timestamp,
    ) -> ThemeId {
        let names = annotator_core::hierarchy::path_names(path);
        let known_whole = project.theme_named(path, None).is_some()
            || self.themes.iter().any(|theme| annotator_core::theme::same_name(&theme.name, path));
        let Some((leaf, above)) = names.split_last().filter(|_| !known_whole) else {
            return self.theme(id, path, description, project, at);
        };
        let mut parent = None;
        for name in above {
            let theme_id = self.theme(None, name, "", project, at);
            if let Some(parent) = parent {
                self.place_under(theme_id, parent, project, at);
            }
            parent = Some(theme_id);
        }
        let theme_id = self.theme(id, leaf, description, project, at);
        if let Some(parent) = parent {
            self.place_under(theme_id, parent, project, at);
        }
        theme_id
    }

    /// Puts a theme of this import under `parent`, as the file nests it: a theme the codebook
    /// has moves there too (stamped at `at`, after the codebook's own move, so the merge takes
    /// the file's place), as a codebook imported into a QDA package does. A file that leaves a
    /// theme at the top level moves nothing, so a flat file never undoes a tree. A place that
    /// would put a theme under itself is left out.
    pub(crate) fn place_under(&mut self, theme_id: ThemeId, parent: ThemeId, project: &Project, at: Timestamp) {
        let mut themes: Vec<Theme> = project
            .all_themes()
            .iter()
            .filter(|theme| !self.themes.iter().any(|mine| mine.id == theme.id))
            .cloned()
            .collect();
        themes.extend(self.themes.iter().cloned());
        let hierarchy = annotator_core::hierarchy::Hierarchy::of_themes(&themes);
        if theme_id == parent || hierarchy.is_below(parent, theme_id) || hierarchy.parent(theme_id) == Some(parent) {
            return;
        }
        if let Some(theme) = self.themes.iter_mut().find(|theme| theme.id == theme_id) {
            theme.parent = Some(parent);
            theme.stamps.parent = Stamp::new(at, CoderId::default()).succeeding(theme.stamps.parent);
        }
    }

    /// The coder a file names by `name` (a stand-in coder when it names none).
    pub(crate) fn coder(&mut self, name: &str, project: &Project, at: Timestamp) -> CoderId {
        let id = coder::id_for_name(name);
        self.add_coder(id, project, || coder::named(name, at));
        id
    }

    /// The coder a file knows by `identity` (an account, such as `acct:amira@hypothes.is`) and
    /// shows as `name`: the id comes from the identity, so a new display name is the same coder.
    pub(crate) fn coder_known_as(&mut self, identity: &str, name: &str, project: &Project, at: Timestamp) -> CoderId {
        let id = coder::id_for_name(identity);
        self.add_coder(id, project, || Coder {
            id,
            name: name.trim().to_owned(),
            colour: coder::colour_for(id).to_owned(),
            stamp: Stamp::new(at, id),
        });
        id
    }

    /// The coder a file names by their id (one this app wrote), called `name` there. A file
    /// does not say when the coder last set their name and colour, so the record it implies is
    /// stamped at the epoch: it adds a coder the project lacks, and loses a merge to any record
    /// the coder wrote themselves (the project's own, if it has them, is what the import keeps).
    pub(crate) fn coder_with_id(&mut self, id: CoderId, name: &str, project: &Project) -> CoderId {
        // The stand-in name this app writes for a coder who gave none is not a name they gave.
        let name = if name.trim() == coder::display_name("", id) { "" } else { name.trim() };
        self.add_coder(id, project, || Coder {
            id,
            name: name.to_owned(),
            colour: coder::colour_for(id).to_owned(),
            stamp: Stamp::new(Timestamp(0), id),
        });
        id
    }

    /// Adds the coder with `id` once: as the project has them, else as `make` makes them.
    fn add_coder(&mut self, id: CoderId, project: &Project, make: impl FnOnce() -> Coder) {
        if !self.coders.iter().any(|coder| coder.id == id) {
            self.coders.push(project.coder(id).cloned().unwrap_or_else(make));
        }
    }

    /// The project the file amounts to, on `document`: what the open project merges.
    pub fn into_project(self, document: &Rc<Document>) -> Project {
        Project::from_parts(vec![document.clone()], self.coders, self.themes, self.annotations)
    }
}

/// The namespace of every id made from a text. Fixed for good: a new namespace would give every
/// imported theme and annotation a new id, and importing a file again would duplicate them.
const STABLE_ID_NAMESPACE: Uuid = Uuid::from_u128(0x000e35ab_70d6_4cdb_b4ed_7800fda00e90);

/// A UUID made from a text (version 5, name-based, in this app's namespace): the same text, the
/// same id, and one that other tools recognise as a valid UUID rather than random bits.
pub(crate) fn stable_uuid(seed: &str) -> Uuid {
    Uuid::new_v5(&STABLE_ID_NAMESPACE, seed.as_bytes())
}

/// The outcome of reading annotations from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The format that was read, as people call it.
    pub format: String,
    /// Annotations read and kept (placed or orphaned).
    pub annotations: usize,
    /// Of those, placed at another position than the file said (the text had changed).
    pub moved: usize,
    /// Of those, found only once quote and text were written in one spelling of their
    /// quotation marks, dashes and spaces (see `annotator_core::typography`).
    pub normalised: usize,
    /// Of those, not found in the text: kept as orphans.
    pub orphans: usize,
    /// Themes the file brought that the codebook did not have.
    pub themes_added: usize,
    /// What was left out, one line each, with the reason.
    pub skipped: Vec<String>,
    /// What was left out by kind (page notes, replies), with how many of each.
    pub skipped_kinds: Vec<SkippedKind>,
}

/// Annotations of one kind left out of an import, as the report counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkippedKind {
    /// The kind, as one is called ("page note").
    pub one: &'static str,
    /// As several are called ("page notes").
    pub several: &'static str,
    /// How many.
    pub count: usize,
}

impl ImportReport {
    /// Counts one annotation of a kind left out (`one` and `several` name the kind).
    pub fn skip_kind(&mut self, one: &'static str, several: &'static str) {
        match self.skipped_kinds.iter_mut().find(|kind| kind.one == one) {
            Some(kind) => kind.count += 1,
            None => self.skipped_kinds.push(SkippedKind { one, several, count: 1 }),
        }
    }

    /// One paragraph for the notice bar.
    pub fn summary(&self) -> String {
        let plural = |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
        let mut parts = vec![format!("{}: {} imported", self.format, plural(self.annotations, "annotation"))];
        if self.moved > 0 {
            parts.push(format!("{} found again where the text changed", self.moved));
        }
        if self.normalised > 0 {
            parts.push(format!("{} found only after normalising quotation marks, dashes and spaces", self.normalised));
        }
        if self.orphans > 0 {
            parts.push(format!(
                "{} could not be placed and {} listed as orphans",
                self.orphans,
                if self.orphans == 1 { "is" } else { "are" }
            ));
        }
        if self.themes_added > 0 {
            parts.push(format!("{} added to the codebook", plural(self.themes_added, "theme")));
        }
        if !self.skipped_kinds.is_empty() {
            let total: usize = self.skipped_kinds.iter().map(|kind| kind.count).sum::<usize>() + self.skipped.len();
            let mut kinds: Vec<String> = self
                .skipped_kinds
                .iter()
                .map(|kind| format!("{} {}", kind.count, if kind.count == 1 { kind.one } else { kind.several }))
                .collect();
            kinds.extend(self.skipped.iter().take(3).cloned());
            if self.skipped.len() > 3 {
                kinds.push(format!("and {} more", self.skipped.len() - 3));
            }
            parts.push(format!("{total} skipped: {}", kinds.join(", ")));
        } else if !self.skipped.is_empty() {
            let shown: Vec<&str> = self.skipped.iter().take(3).map(String::as_str).collect();
            let more =
                if self.skipped.len() > 3 { format!("; and {} more", self.skipped.len() - 3) } else { String::new() };
            parts.push(format!("{} skipped ({}{more})", self.skipped.len(), shown.join("; ")));
        }
        parts.join("; ") + "."
    }
}

/// What the exchange formats' tests compare of annotations read back.
#[cfg(test)]
pub(crate) mod test_support {
    use super::Import;
    use annotator_core::{
        merge, Anchoring, Annotation, AnnotationId, CoderId, Coding, Document, Project, Span, TextQuote, ThemeId,
        Timestamp,
    };
    use std::rc::Rc;

    /// What an annotation read back from an exchange format must keep: all of it but the stamps
    /// of its parts, which the formats do not carry (the time of its latest change they do).
    pub(crate) type Essentials = (
        AnnotationId,
        String,
        Span,
        Anchoring,
        TextQuote,
        Vec<(ThemeId, CoderId)>,
        String,
        CoderId,
        Timestamp,
        Timestamp,
        Option<Timestamp>,
    );

    /// Its essentials: its applied themes each with who applied it.
    pub(crate) fn essentials(a: &Annotation) -> Essentials {
        let codings = a.applied_codings().map(|coding| (coding.theme_id, coding.stamp.coder)).collect();
        let quote = a.quote.clone();
        (
            a.id,
            a.document_id.clone(),
            a.span,
            a.anchoring,
            quote,
            codings,
            a.note.clone(),
            a.coder,
            a.created,
            a.modified().at,
            a.deleted,
        )
    }

    /// The essentials of each.
    pub(crate) fn all_essentials<'a>(annotations: impl IntoIterator<Item = &'a Annotation>) -> Vec<Essentials> {
        annotations.into_iter().map(essentials).collect()
    }

    /// What two coders' work exported to a format must be once read back, as the formats'
    /// round-trip tests check it.
    pub(crate) struct TwoCoders<T> {
        /// Both coders, as they are named in the project exported.
        pub(crate) coders: [(CoderId, &'static str); 2],
        /// The first coder's highlight, to which the second applied a third theme.
        pub(crate) first: AnnotationId,
        /// A highlight of the second coder's.
        pub(crate) second: AnnotationId,
        /// What the format keeps of a coding (its theme and who applied it, and when if it can).
        pub(crate) coding: fn(&Coding) -> T,
        /// That, of the third theme on the first highlight.
        pub(crate) third_coding: T,
    }

    /// Checks two coders' work exported from `project`, read back by `read` into a project:
    /// into a fresh one both coders join and each of the first highlight's themes keeps who
    /// applied it, then the coders' own records (their chosen colours) win over what the file
    /// implied; into the project it came from, no coder record changes.
    pub(crate) fn check_two_coders_come_back<T: PartialEq + std::fmt::Debug>(
        project: &Project,
        document: &Rc<Document>,
        read: impl Fn(&Project) -> Import,
        expected: TwoCoders<T>,
    ) {
        let mut fresh = Project::new(document, vec![]);
        let import = read(&fresh);
        let merged = merge(&mut fresh, &import.into_project(document));
        assert_eq!(merged.report.added.coders, 2);
        let coders: Vec<(CoderId, String)> =
            fresh.coders().iter().map(|coder| (coder.id, coder.name.clone())).collect();
        let [first_coder, second_coder] = expected.coders;
        assert_eq!(coders, [first_coder, second_coder].map(|(id, name)| (id, name.to_owned())));
        let highlight = fresh.annotation(expected.first).unwrap();
        assert_eq!(highlight.coder, first_coder.0);
        let codings = |annotation: &Annotation| annotation.applied_codings().map(expected.coding).collect::<Vec<_>>();
        assert_eq!(codings(highlight), codings(project.annotation(expected.first).unwrap()));
        assert_eq!(codings(highlight)[2], expected.third_coding);
        assert_eq!(fresh.annotation(expected.second).unwrap().coder, second_coder.0);

        // The coders' own records (their chosen colours) win over what the file implied.
        merge(&mut fresh, project);
        assert_eq!(fresh.coders(), project.coders());

        // Into the project it came from: no coder record changes.
        let mut again = project.clone();
        let import = read(&again);
        let merged = merge(&mut again, &import.into_project(document));
        assert_eq!((merged.report.added.coders, merged.report.updated.coders), (0, 0));
        assert_eq!(again.coders(), project.coders());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_ids_are_version_5_and_the_same_for_the_same_text() {
        let check = |seed: &str, expected: &str| {
            let id = stable_uuid(seed);
            assert_eq!(id.get_version(), Some(uuid::Version::Sha1), "{seed:?}");
            assert_eq!(id, stable_uuid(seed), "{seed:?}");
            // Pinned (Python's uuid.uuid5 gives the same): ids already in people's files depend on it.
            assert_eq!(id.to_string(), expected, "{seed:?}");
        };
        check("theme:security", "fa9dfd03-7fac-50b3-aa1c-0890cbb9e39e");
        check("csv:2:500", "ce29b947-62ac-53cd-b61f-7d9b844ec8d3");
        check("", "c50beff0-182b-52d6-bc87-19dd62c40e0f");
        check("داعش 😀", "3f11ddee-f22d-56e3-a55e-66df7542349b");
        assert_ne!(stable_uuid("theme:a"), stable_uuid("theme:b"));
    }

    #[test]
    fn summaries_say_what_happened() {
        let check = |report: ImportReport, expected: &str| assert_eq!(report.summary(), expected);
        check(
            ImportReport { format: "Project file".into(), annotations: 1, ..Default::default() },
            "Project file: 1 annotation imported.",
        );
        check(
            ImportReport {
                format: "W3C Web Annotation".into(),
                annotations: 5,
                moved: 2,
                orphans: 1,
                themes_added: 3,
                skipped: vec!["a: image target".into(), "b: other source".into(), "c: no target".into(), "d: svg".into()],
                ..Default::default()
            },
            "W3C Web Annotation: 5 annotations imported; 2 found again where the text changed; 1 could not be placed and is listed as orphans; 3 themes added to the codebook; 4 skipped (a: image target; b: other source; c: no target; and 1 more).",
        );
        let mut by_kind =
            ImportReport { format: "Hypothesis".into(), annotations: 4, normalised: 3, ..Default::default() };
        by_kind.skip_kind("page note", "page notes");
        by_kind.skip_kind("reply", "replies");
        check(
            by_kind.clone(),
            "Hypothesis: 4 annotations imported; 3 found only after normalising quotation marks, dashes and spaces; 2 skipped: 1 page note, 1 reply.",
        );
        by_kind.skip_kind("reply", "replies");
        by_kind.skipped.push("x: on another page".into());
        check(
            by_kind,
            "Hypothesis: 4 annotations imported; 3 found only after normalising quotation marks, dashes and spaces; 4 skipped: 1 page note, 2 replies, x: on another page.",
        );
    }
}
