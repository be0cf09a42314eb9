//! Layers: whose work is shown. Each coder's highlights form a layer that can be hidden in the
//! document, the list, the overview and the theme map alike.

use crate::annotation::Annotation;
use crate::ids::CoderId;
use crate::project::Project;
use std::collections::BTreeSet;

/// The coders whose highlights are hidden; everyone else's are shown (so a coder who joins later
/// is shown). Coding blind, only one coder's are shown, whoever joins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layers {
    hidden: BTreeSet<CoderId>,
    solely: Option<CoderId>,
}

impl Layers {
    /// Whether the annotation's coder is shown.
    pub fn shows(&self, annotation: &Annotation) -> bool {
        self.shows_coder(annotation.coder)
    }

    /// Whether this coder's layer is shown.
    pub fn shows_coder(&self, coder: CoderId) -> bool {
        match self.solely {
            Some(solely) => coder == solely,
            None => !self.hidden.contains(&coder),
        }
    }

    /// The layers a coder sees while the project is coded blind: their own, and no one else's,
    /// including coders who join later.
    pub fn blind(coder: CoderId) -> Layers {
        Layers { hidden: BTreeSet::new(), solely: Some(coder) }
    }

    /// Whether these are a blind coder's layers.
    pub fn is_blind(&self) -> bool {
        self.solely.is_some()
    }

    /// The same layers with this coder's shown or hidden.
    pub fn with_coder_shown(&self, coder: CoderId, shown: bool) -> Layers {
        let mut hidden = self.hidden.clone();
        if shown {
            hidden.remove(&coder);
        } else {
            hidden.insert(coder);
        }
        Layers { hidden, solely: self.solely }
    }

    /// Only `coder`'s layer of `project` shown.
    pub fn only(coder: CoderId, project: &Project) -> Layers {
        let others = coders_with_annotations(project).into_iter().filter(|id| *id != coder);
        Layers { hidden: others.collect(), solely: None }
    }

    /// Only these coders' layers of `project` shown (every other coder with a highlight hidden).
    pub fn showing_only(coders: &[CoderId], project: &Project) -> Layers {
        let others = coders_with_annotations(project).into_iter().filter(|id| !coders.contains(id));
        Layers { hidden: others.collect(), solely: None }
    }

    /// The coders whose highlights are drawn with their coder's colour: every coder shown, when
    /// the layers shown are those of more than one of the project's coders; else none. Counted
    /// over the coders the project knows rather than over whose highlights are live, so that it
    /// does not change each time a coder's only highlight is made or deleted.
    pub fn marked_coders(&self, project: &Project) -> Vec<CoderId> {
        let shown: Vec<CoderId> =
            project.coders().iter().map(|coder| coder.id).filter(|coder| self.shows_coder(*coder)).collect();
        if shown.len() > 1 {
            shown
        } else {
            Vec::new()
        }
    }
}

/// Every coder with a live annotation in `project`, the project's coders first in their order.
pub fn coders_with_annotations(project: &Project) -> Vec<CoderId> {
    // One pass over the annotations, each new coder noted in the order met; a coder's records
    // mostly come together (a file's, a session's), so the coder of the record before is tried
    // before the list is searched.
    let mut met: Vec<CoderId> = Vec::new();
    let mut last = None;
    for annotation in project.annotations() {
        if last != Some(annotation.coder) && !met.contains(&annotation.coder) {
            met.push(annotation.coder);
        }
        last = Some(annotation.coder);
    }
    let mut coders: Vec<CoderId> =
        project.coders().iter().map(|coder| coder.id).filter(|id| met.contains(id)).collect();
    coders.extend(met.into_iter().filter(|id| project.coder(*id).is_none()));
    coders
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{create, fixture, tester};
    use crate::command::{apply, Origin};
    use crate::ids::Stamp;
    use uuid::Uuid;

    #[test]
    fn layers_hide_and_show_coders_and_mark_coders_when_several_are_shown() {
        let (_, mut project) = fixture();
        let other = CoderId(Uuid::from_u128(0x07e2));
        let join = |coder: CoderId| {
            let mut command = crate::command::tests::command(
                crate::command::Operation::SetCoder { name: "x".into(), colour: "#1f77b4".into() },
                1,
            );
            command.stamp = Stamp { coder, ..command.stamp };
            command
        };
        apply(&mut project, join(tester()), Origin::Local).unwrap();
        apply(&mut project, create(1, 0, 5, vec![]), Origin::Local).unwrap();
        assert!(Layers::default().marked_coders(&project).is_empty(), "one coder");
        apply(&mut project, join(other), Origin::Local).unwrap();
        let mut theirs = create(2, 6, 10, vec![]);
        theirs.stamp = Stamp { coder: other, ..theirs.stamp };
        apply(&mut project, theirs, Origin::Local).unwrap();
        let all = Layers::default();
        assert_eq!(all.marked_coders(&project).len(), 2);
        let only_mine = Layers::only(tester(), &project);
        let shown: Vec<u128> = project.annotations().filter(|a| only_mine.shows(a)).map(|a| a.id.0.as_u128()).collect();
        assert_eq!(shown, vec![1]);
        assert!(only_mine.marked_coders(&project).is_empty());
        assert_eq!(only_mine.with_coder_shown(other, true), all);
        assert_eq!(all.with_coder_shown(other, false), only_mine);
        assert_eq!(coders_with_annotations(&project), vec![tester(), other]);
    }
}
