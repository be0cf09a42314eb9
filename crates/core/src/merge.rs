//! The one merge of two copies of a project: what opening a coder's file, another tab's change,
//! an import from another tool and a live session all go through.
//!
//! A project is a set of records, each a set of fields stamped by who wrote them and when
//! ([`Stamp`]). Merging keeps, field by field, the later write: so the merge is the same whatever
//! the order of the copies, merging a copy twice changes nothing, and no write is lost that a
//! later one did not replace. Records match by id; a theme also matches a live theme of the same
//! name that its copy does not have (its codings follow it); a document matches by the
//! fingerprint of its text, and where the two copies of a document differ, the incoming passages
//! are placed again in this project's text.

use crate::anchoring::Placement;
use crate::annotation::{Anchoring, Annotation, Coding};
use crate::coder::Coder;
use crate::command::{apply, Change, Command, Operation, Origin, Record};
use crate::document::Document;
use crate::ids::{AnnotationId, CoderId, IdMap, Stamp, ThemeId};
use crate::project::Project;
use crate::settings::Settings;
use crate::theme::{same_name, Theme};
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The records it wrote (origin [`Origin::Remote`]).
    pub change: Change,
    /// What it found.
    pub report: MergeReport,
}

/// What a merge found, record by record of the incoming copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Records this project did not have.
    pub added: Counts,
    /// Records this project had, changed by the incoming copy.
    pub updated: Counts,
    /// Records this project had already as the incoming copy has them.
    pub unchanged: Counts,
    /// Fields both copies had changed since the record was made, and how each was settled.
    pub conflicts: Vec<Conflict>,
    /// Incoming annotations whose passage could not be found in this project's text.
    pub orphans: usize,
    /// Incoming annotations placed again because their document's text differs here.
    pub placed_again: usize,
    /// Blind coding as the incoming copy set it, when its setting is the later one.
    pub blind_set: Option<bool>,
}

/// Counts of records by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Annotations (tombstones included).
    pub annotations: usize,
    /// Themes.
    pub themes: usize,
    /// Coders.
    pub coders: usize,
    /// Documents.
    pub documents: usize,
}

/// A field that both copies had written since the record was made, to different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The record.
    pub record: RecordId,
    /// The field.
    pub field: Field,
    /// The write that was kept (the later).
    pub kept: Stamp,
    /// The write that was replaced.
    pub replaced: Stamp,
}

/// Which record a conflict is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordId {
    /// An annotation.
    Annotation(AnnotationId),
    /// A theme.
    Theme(ThemeId),
}

/// Which field of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// An annotation's passage.
    Passage,
    /// An annotation's note.
    Note,
    /// One theme on an annotation.
    Coding(ThemeId),
    /// Whether the record is deleted.
    Life,
    /// A theme's name.
    Name,
    /// A theme's colour.
    Colour,
    /// A theme's description.
    Description,
    /// A theme's place in the codebook.
    Rank,
    /// The theme a theme sits under.
    Parent,
}

impl Field {
    fn describe(self) -> &'static str {
        match self {
            Field::Passage => "passage",
            Field::Note => "note",
            Field::Coding(_) => "theme",
            Field::Life => "deletion",
            Field::Name => "name",
            Field::Colour => "colour",
            Field::Description => "description",
            Field::Rank => "place in the codebook",
            Field::Parent => "place in the code hierarchy",
        }
    }
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.annotations += other.annotations;
        self.themes += other.themes;
        self.coders += other.coders;
        self.documents += other.documents;
    }
}

impl MergeReport {
    /// Adds what another merge found: several files merged in one step make one report.
    pub fn absorb(&mut self, other: MergeReport) {
        self.added.add(other.added);
        self.updated.add(other.updated);
        self.unchanged.add(other.unchanged);
        self.conflicts.extend(other.conflicts);
        self.orphans += other.orphans;
        self.placed_again += other.placed_again;
        self.blind_set = other.blind_set.or(self.blind_set);
    }

    /// How many records came in new or changed.
    pub fn changed(&self) -> usize {
        let Counts { annotations, themes, coders, documents } = self.added;
        let updated = self.updated;
        let settings = usize::from(self.blind_set.is_some());
        annotations + themes + coders + documents + updated.annotations + updated.themes + updated.coders + settings
    }

    /// One or two sentences for the person.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!(
            "{} highlight{} added, {} updated, {} already here",
            self.added.annotations,
            plural(self.added.annotations),
            self.updated.annotations,
            self.unchanged.annotations
        )];
        if self.added.themes + self.updated.themes > 0 {
            parts.push(format!(
                "{} theme{} added, {} updated",
                self.added.themes,
                plural(self.added.themes),
                self.updated.themes
            ));
        }
        if self.added.coders > 0 {
            parts.push(format!("{} coder{} joined", self.added.coders, plural(self.added.coders)));
        }
        if self.added.documents > 0 {
            parts.push(format!("{} document{} added", self.added.documents, plural(self.added.documents)));
        }
        match self.blind_set {
            Some(true) => parts.push("blind coding is on".to_owned()),
            Some(false) => parts.push("blind coding is off".to_owned()),
            None => {}
        }
        if self.placed_again > 0 {
            parts.push(format!("{} placed again in a changed text", self.placed_again));
        }
        if self.orphans > 0 {
            parts.push(format!("{} orphan{} (passage not found)", self.orphans, plural(self.orphans)));
        }
        let mut summary = parts.join("; ") + ".";
        if !self.conflicts.is_empty() {
            let fields: Vec<&str> = self.conflicts.iter().map(|conflict| conflict.field.describe()).collect();
            summary += &format!(
                " {} conflict{} settled by the later edit ({}).",
                self.conflicts.len(),
                plural(self.conflicts.len()),
                distinct(&fields).join(", ")
            );
        }
        summary
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn distinct<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for word in words {
        if !seen.contains(word) {
            seen.push(*word);
        }
    }
    seen
}

/// Merges `incoming` into `project`: writes, as one change with origin [`Origin::Remote`], every
/// record of `incoming` that `project` lacks and every field of a shared record that `incoming`
/// wrote later.
pub fn merge(project: &mut Project, incoming: &Project) -> Merged {
    merge_all(project, vec![incoming.clone()])
}

/// Merges several copies into `project` in one pass, as one change: the project, the change's
/// records and the report are those of merging each in turn, in the order given (which, the
/// merge being commutative and associative, changes nothing but the order of the records), but
/// each record is written once, with one edit from what the project had to what it ends with,
/// and the copies' records are moved, not copied.
pub fn merge_all(project: &mut Project, incoming: Vec<Project>) -> Merged {
    let mut report = MergeReport::default();
    let mut written = Written::default();
    let incoming_annotations = incoming.iter().map(|copy| copy.all_annotations().len()).sum();
    written.annotations.reserve(incoming_annotations);
    written.places.reserve(incoming_annotations);
    for mut copy in incoming {
        let annotations = copy.take_annotations();
        merge_one(project, &mut written, &copy, annotations, &mut report);
    }
    project.reserve_annotations(written.annotations.len());
    let mut records: Vec<Record> = Vec::new();
    records.extend(written.coders.into_iter().map(|coder| Record::Coder(Box::new(coder))));
    records.extend(written.documents.into_iter().map(Record::Document));
    records.extend(written.themes.into_values().map(|theme| Record::Theme(Box::new(theme))));
    records.extend(written.annotations.into_iter().map(Record::Annotation));
    records.extend(written.settings.map(Record::Settings));
    let command =
        Command { document_id: String::new(), stamp: Stamp::default(), operation: Operation::Restore(records) };
    // Restoring records is never refused.
    let change =
        apply(project, command, Origin::Remote).unwrap_or(Change { edits: Vec::new(), origin: Origin::Remote });
    Merged { change, report }
}

/// The records the copies merged so far wrote, over the project as it was: the project as it
/// would be after merging them one by one.
#[derive(Default)]
struct Written {
    /// Coders, in the order they were first written.
    coders: Vec<Coder>,
    /// Documents added.
    documents: Vec<Rc<Document>>,
    themes: BTreeMap<ThemeId, Theme>,
    /// Annotations, in the order they were first written, and where each is.
    annotations: Vec<Rc<Annotation>>,
    places: IdMap<AnnotationId, usize>,
    /// The settings, once a copy's were later.
    settings: Option<Settings>,
}

impl Written {
    fn coder<'a>(&'a self, project: &'a Project, id: CoderId) -> Option<&'a Coder> {
        self.coders.iter().find(|coder| coder.id == id).or_else(|| project.coder(id))
    }

    fn documents<'a>(&'a self, project: &'a Project) -> impl Iterator<Item = &'a Rc<Document>> + 'a {
        project.documents().iter().chain(&self.documents)
    }

    fn document<'a>(&'a self, project: &'a Project, id: &str) -> Option<&'a Rc<Document>> {
        project.document(id).or_else(|| self.documents.iter().find(|document| document.id() == id))
    }

    fn theme_record<'a>(&'a self, project: &'a Project, id: ThemeId) -> Option<&'a Theme> {
        self.themes.get(&id).or_else(|| project.theme_record(id))
    }

    /// The live themes (in no order: a search among them takes the first in codebook order).
    fn live_themes<'a>(&'a self, project: &'a Project) -> Vec<&'a Theme> {
        let unwritten = project.all_themes().iter().filter(|theme| !self.themes.contains_key(&theme.id));
        unwritten.chain(self.themes.values()).filter(|theme| theme.is_live()).collect()
    }

    fn annotation_record<'a>(&'a self, project: &'a Project, id: AnnotationId) -> Option<&'a Annotation> {
        self.places.get(&id).map(|place| self.annotations[*place].as_ref()).or_else(|| project.annotation_record(id))
    }

    fn put_coder(&mut self, coder: Coder) {
        match self.coders.iter_mut().find(|known| known.id == coder.id) {
            Some(known) => *known = coder,
            None => self.coders.push(coder),
        }
    }

    fn put_annotation(&mut self, annotation: Rc<Annotation>) {
        match self.places.entry(annotation.id) {
            Entry::Occupied(place) => self.annotations[*place.get()] = annotation,
            Entry::Vacant(place) => {
                place.insert(self.annotations.len());
                self.annotations.push(annotation);
            }
        }
    }
}

/// Merges one copy (its annotations taken out of it) over what the copies before it wrote.
fn merge_one(
    project: &Project,
    written: &mut Written,
    incoming: &Project,
    incoming_annotations: Vec<Rc<Annotation>>,
    report: &mut MergeReport,
) {
    for coder in incoming.coders() {
        match written.coder(project, coder.id) {
            None => {
                report.added.coders += 1;
                written.put_coder(coder.clone());
            }
            Some(mine)
                if later((coder.stamp, (&coder.name, &coder.colour)), (mine.stamp, (&mine.name, &mine.colour))) =>
            {
                report.updated.coders += 1;
                written.put_coder(coder.clone());
            }
            Some(_) => report.unchanged.coders += 1,
        }
    }

    // The settings: the later of the two (by stamp, then by value, so that either order agrees).
    let (theirs, mine) = (*incoming.settings(), written.settings.unwrap_or(*project.settings()));
    if later((theirs.stamp, theirs.blind), (mine.stamp, mine.blind)) {
        report.blind_set = Some(theirs.blind);
        written.settings = Some(theirs);
    }

    // Incoming document id → (this project's id for it, whether its text differs here): a copy
    // holds a few documents, so a list is searched quicker than a map is hashed.
    let mut documents: Vec<(&str, (String, bool))> = Vec::new();
    let mut added_documents = Vec::new();
    for document in incoming.documents() {
        let same_text = written.documents(project).find(|mine| mine.fingerprint() == document.fingerprint());
        let target = match (same_text, written.document(project, document.id())) {
            (Some(mine), _) => {
                report.unchanged.documents += 1;
                (mine.id().to_owned(), false)
            }
            (None, Some(_)) => (document.id().to_owned(), true),
            (None, None) => {
                report.added.documents += 1;
                added_documents.push(document.clone());
                (document.id().to_owned(), false)
            }
        };
        documents.push((document.id(), target));
    }

    // Themes as they will be, and what each incoming theme id becomes here.
    let mut themes: BTreeMap<ThemeId, Theme> = BTreeMap::new();
    let mut theme_ids: IdMap<ThemeId, ThemeId> = IdMap::default();
    let live_themes = written.live_themes(project);
    // What each incoming theme becomes is settled first, so that a parent link can be read in
    // this project's ids whichever comes first: a child met by id under a parent met by name.
    let mut targets: Vec<Option<ThemeId>> = Vec::with_capacity(incoming.all_themes().len());
    for theme in incoming.all_themes() {
        let same_id = written.theme_record(project, theme.id).map(|mine| mine.id);
        // A live theme of the same name, among those the incoming copy does not have by id: one
        // it has is settled by its own record of it (which may have renamed or deleted it), so a
        // theme that copy made under the old name is another theme. Matching the two would hang
        // on the order of the merge, since merged the other way they meet by id.
        let by_name = || {
            if !theme.is_live() {
                return None;
            }
            let unknown_there = |mine: &&&Theme| incoming.theme_record(mine.id).is_none();
            let named = live_themes.iter().filter(unknown_there).filter(|mine| same_name(&mine.name, &theme.name));
            named.min_by_key(|mine| mine.order_key()).map(|mine| mine.id)
        };
        let target = same_id.or_else(by_name);
        theme_ids.insert(theme.id, target.unwrap_or(theme.id));
        targets.push(target);
    }
    for (theme, target) in incoming.all_themes().iter().zip(targets) {
        let parent = theme.parent.map(|parent| theme_ids.get(&parent).copied().unwrap_or(parent));
        let Some(target) = target else {
            report.added.themes += 1;
            themes.insert(theme.id, Theme { parent, ..theme.clone() });
            continue;
        };
        let mine =
            themes.get(&target).or(written.theme_record(project, target)).cloned().unwrap_or_else(|| theme.clone());
        let joined = joined_theme(&mine, &Theme { id: target, parent, ..theme.clone() }, &mut report.conflicts);
        if joined == mine {
            report.unchanged.themes += 1;
        } else {
            report.updated.themes += 1;
            themes.insert(target, joined);
        }
    }
    drop(live_themes);

    // Annotations are written over the copies' before them at once: a later one of the same id
    // in this copy meets it there, as it would in this copy's own records. The copy's records
    // were moved out of it, so one that needs a change is changed in place (`make_mut` copies
    // only a record shared elsewhere), and the others go in as they are.
    for mut annotation in incoming_annotations {
        if let Some(codings) = recoded(&annotation, &theme_ids) {
            Rc::make_mut(&mut annotation).codings = codings;
        }
        let document = documents.iter().find(|(id, _)| *id == annotation.document_id);
        if let Some((_, (document_id, text_differs))) = document {
            if annotation.document_id != *document_id {
                Rc::make_mut(&mut annotation).document_id.clone_from(document_id);
            }
            if *text_differs {
                place_again(written.document(project, document_id), Rc::make_mut(&mut annotation), report);
            }
        }
        let Some(mine) = written.annotation_record(project, annotation.id) else {
            report.added.annotations += 1;
            written.put_annotation(annotation);
            continue;
        };
        let joined = joined_annotation(mine, &annotation, &mut report.conflicts);
        if joined == *mine {
            report.unchanged.annotations += 1;
            continue;
        }
        report.updated.annotations += 1;
        written.put_annotation(Rc::new(joined));
    }

    // The documents and themes this copy wrote go over what the copies before it did.
    written.documents.extend(added_documents);
    written.themes.extend(themes);
}

/// Whether `theirs` wins over `mine`: a later stamp, or at the same stamp (two copies written
/// apart by the same coder in the same millisecond) the greater value, so that every copy
/// settles the same way.
fn later<T: Ord>(theirs: (Stamp, T), mine: (Stamp, T)) -> bool {
    theirs > mine
}

/// Keeps the later of two writes of one field, noting a conflict where both were written after
/// the record was made, to different values.
fn join_field<T: Ord + Clone>(
    mine: (&mut T, &mut Stamp),
    theirs: (&T, Stamp),
    made: Stamp,
    conflict: impl FnOnce(Stamp, Stamp) -> Conflict,
    conflicts: &mut Vec<Conflict>,
) {
    let (my_value, my_stamp) = mine;
    let (their_value, their_stamp) = theirs;
    if my_value == their_value && *my_stamp == their_stamp {
        return;
    }
    let theirs_win = later((their_stamp, their_value), (*my_stamp, &*my_value));
    if my_value != their_value && *my_stamp > made && their_stamp > made {
        let (kept, replaced) = if theirs_win { (their_stamp, *my_stamp) } else { (*my_stamp, their_stamp) };
        conflicts.push(conflict(kept, replaced));
    }
    if theirs_win {
        *my_value = their_value.clone();
        *my_stamp = their_stamp;
    }
}

fn joined_annotation(mine: &Annotation, theirs: &Annotation, conflicts: &mut Vec<Conflict>) -> Annotation {
    let mut joined = mine.clone();
    let made = Stamp::new(mine.created.min(theirs.created), mine.coder);
    let record = RecordId::Annotation(mine.id);
    let at = |field| move |kept, replaced| Conflict { record, field, kept, replaced };
    let mut passage = (joined.span, joined.anchoring, joined.quote.clone());
    let their_passage = (theirs.span, theirs.anchoring, theirs.quote.clone());
    join_field(
        (&mut passage, &mut joined.stamps.passage),
        (&their_passage, theirs.stamps.passage),
        made,
        at(Field::Passage),
        conflicts,
    );
    (joined.span, joined.anchoring, joined.quote) = passage;
    join_field(
        (&mut joined.note, &mut joined.stamps.note),
        (&theirs.note, theirs.stamps.note),
        made,
        at(Field::Note),
        conflicts,
    );
    join_field(
        (&mut joined.deleted, &mut joined.stamps.life),
        (&theirs.deleted, theirs.stamps.life),
        made,
        at(Field::Life),
        conflicts,
    );
    for coding in &theirs.codings {
        match joined.codings.iter_mut().find(|existing| existing.theme_id == coding.theme_id) {
            None => joined.codings.push(*coding),
            Some(existing) => {
                let mut applied = existing.applied;
                join_field(
                    (&mut applied, &mut existing.stamp),
                    (&coding.applied, coding.stamp),
                    made,
                    at(Field::Coding(coding.theme_id)),
                    conflicts,
                );
                existing.applied = applied;
            }
        }
    }
    joined
}

fn joined_theme(mine: &Theme, theirs: &Theme, conflicts: &mut Vec<Conflict>) -> Theme {
    let mut joined = mine.clone();
    let made = Stamp::new(mine.created.min(theirs.created), mine.coder);
    let record = RecordId::Theme(mine.id);
    let at = |field| move |kept, replaced| Conflict { record, field, kept, replaced };
    let stamps = &mut joined.stamps;
    join_field(
        (&mut joined.name, &mut stamps.name),
        (&theirs.name, theirs.stamps.name),
        made,
        at(Field::Name),
        conflicts,
    );
    join_field(
        (&mut joined.colour, &mut stamps.colour),
        (&theirs.colour, theirs.stamps.colour),
        made,
        at(Field::Colour),
        conflicts,
    );
    join_field(
        (&mut joined.description, &mut stamps.description),
        (&theirs.description, theirs.stamps.description),
        made,
        at(Field::Description),
        conflicts,
    );
    join_field(
        (&mut joined.rank, &mut stamps.rank),
        (&theirs.rank, theirs.stamps.rank),
        made,
        at(Field::Rank),
        conflicts,
    );
    join_field(
        (&mut joined.parent, &mut stamps.parent),
        (&theirs.parent, theirs.stamps.parent),
        made,
        at(Field::Parent),
        conflicts,
    );
    join_field(
        (&mut joined.deleted, &mut stamps.life),
        (&theirs.deleted, theirs.stamps.life),
        made,
        at(Field::Life),
        conflicts,
    );
    joined
}

/// An incoming annotation's codings with this project's theme ids, two codings that now name one
/// theme keeping the later; `None` when they are already so.
fn recoded(annotation: &Annotation, theme_ids: &IdMap<ThemeId, ThemeId>) -> Option<Vec<Coding>> {
    // Most often every theme keeps its id and each is there once: nothing to do.
    let codings = &annotation.codings;
    let kept = |(place, coding): (usize, &Coding)| {
        theme_ids.get(&coding.theme_id).is_none_or(|id| *id == coding.theme_id)
            && codings[..place].iter().all(|before| before.theme_id != coding.theme_id)
    };
    if codings.iter().enumerate().all(kept) {
        return None;
    }
    let mut codings: Vec<Coding> = Vec::with_capacity(annotation.codings.len());
    for coding in &annotation.codings {
        let coding =
            Coding { theme_id: theme_ids.get(&coding.theme_id).copied().unwrap_or(coding.theme_id), ..*coding };
        match codings.iter_mut().find(|existing| existing.theme_id == coding.theme_id) {
            Some(existing) if (coding.stamp, coding.applied) > (existing.stamp, existing.applied) => *existing = coding,
            Some(_) => {}
            None => codings.push(coding),
        }
    }
    Some(codings)
}

/// Places an incoming annotation in this project's copy of its document, whose text differs.
fn place_again(document: Option<&Rc<Document>>, annotation: &mut Annotation, report: &mut MergeReport) {
    let Some(document) = document else { return };
    let (span, anchoring) = document.place(Some(annotation.span), &annotation.quote).settled(annotation.span);
    let live = annotation.is_live();
    report.placed_again += usize::from(live);
    report.orphans += usize::from(live && anchoring == Anchoring::Orphan);
    annotation.span = span;
    annotation.anchoring = anchoring;
}

impl Placement {
    /// Where an annotation recorded at `recorded` goes: the span found, or its recorded span as
    /// an orphan.
    pub fn settled(&self, recorded: crate::span::Span) -> (crate::span::Span, Anchoring) {
        match self {
            Placement::AtPosition(span)
            | Placement::ByQuote(span)
            | Placement::Normalised(span)
            | Placement::Approximate { span, .. } => (*span, Anchoring::Placed),
            Placement::Orphan => (recorded, Anchoring::Orphan),
        }
    }
}
