//! The highlights list: which highlights to show, and in what order.

use crate::annotation::Annotation;
use crate::ids::{CoderId, ThemeId};
use crate::layers::Layers;
use crate::project::Project;

/// Which highlights the list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only those tagged with this theme or a theme below it in the code hierarchy.
    pub theme_id: Option<ThemeId>,
    /// Only those made by this coder.
    pub coder: Option<CoderId>,
    /// Only those whose passage, note, creator or theme names contain these words (any case).
    pub text: String,
}

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListOrder {
    /// As they stand in the document.
    #[default]
    Position,
    /// The most recently changed first.
    Newest,
}

/// The placed highlights of one document that pass `filter` (orphans are listed apart), the
/// first `sorted` of them in `order` and the rest after them in no particular order: a list
/// that shows a page of ten thousand need not sort them all.
pub fn list<'a>(
    project: &'a Project,
    document_id: &'a str,
    layers: &Layers,
    filter: &ListFilter,
    order: ListOrder,
    sorted: usize,
) -> Vec<&'a Annotation> {
    let words: Vec<String> = filter.text.split_whitespace().map(str::to_lowercase).collect();
    let themes: Option<Vec<ThemeId>> =
        filter.theme_id.map(|theme_id| crate::hierarchy::Hierarchy::of(project).self_and_descendants(theme_id));
    let mut listed: Vec<&Annotation> = project
        .placed_annotations_in(document_id)
        .filter(|annotation| layers.shows(annotation))
        .filter(|annotation| themes.as_ref().is_none_or(|themes| themes.iter().any(|id| annotation.has_theme(*id))))
        .filter(|annotation| filter.coder.is_none_or(|coder| annotation.coder == coder))
        .filter(|annotation| words.is_empty() || matches_words(project, annotation, &words))
        .collect();
    match order {
        ListOrder::Position => {
            sort_first(&mut listed, sorted, |annotation| (annotation.span, annotation.created, annotation.id))
        }
        ListOrder::Newest => sort_first(&mut listed, sorted, |annotation| {
            (std::cmp::Reverse(annotation.modified()), annotation.span, annotation.id)
        }),
    }
    listed
}

/// Puts the `count` least by `key` first, in order (keys are unique: they end with the id).
fn sort_first<T, K: Ord>(items: &mut [T], count: usize, key: impl Fn(&T) -> K) {
    if count < items.len() {
        items.select_nth_unstable_by_key(count, &key);
    }
    let first = count.min(items.len());
    items[..first].sort_unstable_by_key(key);
}

fn matches_words(project: &Project, annotation: &Annotation, words: &[String]) -> bool {
    let theme_names = annotation.theme_ids().filter_map(|id| project.theme(id)).map(|theme| theme.name.as_str());
    let coder = project.coder_name(annotation.coder);
    let haystack = [annotation.quote.exact.as_str(), annotation.note.as_str(), coder.as_str()]
        .into_iter()
        .chain(theme_names)
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    words.iter().all(|word| haystack.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{annotation_id, command, create, fixture, theme};
    use crate::command::{apply, Operation, Origin};
    use crate::ids::CoderId;

    #[test]
    fn filters_and_orders() {
        let (_, mut project) = fixture();
        let [military, financing] = [0, 3].map(|index| theme(&project, index));
        let other = CoderId(uuid::Uuid::from_u128(0x07e2));
        let theirs = crate::command::Command {
            stamp: crate::ids::Stamp { coder: other, ..create(4, 11, 16, vec![]).stamp },
            ..create(4, 11, 16, vec![])
        };
        let commands = [
            create(3, 19, 24, vec![financing]),
            create(1, 0, 5, vec![military]),
            create(2, 6, 10, vec![military, financing]),
            command(
                Operation::SetAnnotationNote { annotation_id: annotation_id(3), note: "Revenue matters".into() },
                50,
            ),
            theirs,
            command(Operation::SetCoder { name: "Ben".into(), colour: "#1f77b4".into() }, 1),
        ];
        for command in commands {
            apply(&mut project, command, Origin::Local).unwrap();
        }
        let check = |theme_id: Option<ThemeId>, text: &str, order: ListOrder, expected: &[&str]| {
            let filter = ListFilter { theme_id, text: text.into(), coder: Some(crate::command::tests::tester()) };
            let got: Vec<&str> = list(&project, "doc", &Layers::default(), &filter, order, usize::MAX)
                .iter()
                .map(|a| a.quote.exact.as_str())
                .collect();
            assert_eq!(got, expected, "{theme_id:?} {text:?} {order:?}");
        };
        check(None, "", ListOrder::Position, &["Alpha", "beta", "Delta"]);
        check(None, "", ListOrder::Newest, &["Delta", "beta", "Alpha"]);
        check(Some(military), "", ListOrder::Position, &["Alpha", "beta"]);
        check(Some(financing), "", ListOrder::Position, &["beta", "Delta"]);
        check(None, "revenue", ListOrder::Position, &["Delta"]);
        check(None, "FINANCING beta", ListOrder::Position, &["beta"]);
        check(None, "military", ListOrder::Position, &["Alpha", "beta"]);
        check(Some(military), "delta", ListOrder::Position, &[]);
        check(None, "ben", ListOrder::Position, &["Alpha", "beta", "Delta"]);
        let everyone = ListFilter::default();
        assert_eq!(
            list(&project, "doc", &Layers::default(), &everyone, ListOrder::Position, 9).len(),
            4,
            "the other coder's too"
        );
        // Sorting the first entries only: those are the first of the whole order.
        for sorted in 0..=3 {
            let filter = ListFilter { coder: Some(crate::command::tests::tester()), ..ListFilter::default() };
            let got: Vec<&str> = list(&project, "doc", &Layers::default(), &filter, ListOrder::Position, sorted)
                .iter()
                .take(sorted)
                .map(|a| a.quote.exact.as_str())
                .collect();
            assert_eq!(got, ["Alpha", "beta", "Delta"][..sorted]);
        }
    }
}
