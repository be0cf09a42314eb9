//! In-vivo coding: a theme named after the participant's own words, the passage selected, and
//! that passage tagged with it in the same step.

use crate::command::Operation;
use crate::document::Document;
use crate::ids::{AnnotationId, ThemeId};
use crate::project::Project;
use crate::span::Span;
use thiserror::Error;

/// The longest name an in-vivo theme gets, in code points (a longer passage is cut at a word
/// and ends with "…"): a codebook entry is read at a glance, the passage itself stays whole.
pub const MAX_NAME_LENGTH: usize = 60;

/// What in-vivo coding of a passage does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InVivo {
    /// The theme's name, made from the passage.
    pub name: String,
    /// The theme the passage is tagged with.
    pub theme_id: ThemeId,
    /// Whether the theme is new; when the codebook already has a theme of that name (in any
    /// case), the passage is tagged with that one rather than a second of the same name.
    pub is_new: bool,
    /// The operations, to be applied as one change: making the theme (when new) and the highlight.
    pub operations: Vec<Operation>,
}

/// Why a passage cannot name a theme.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum InVivoError {
    /// The passage holds no letter or digit.
    #[error("the selection holds no words to name a theme after")]
    NoWords,
}

/// A theme name made of `passage`: its white space collapsed to single spaces, the punctuation
/// around it (quotation marks, a full stop) taken off, cut to [`MAX_NAME_LENGTH`] at a word.
pub fn in_vivo_name(passage: &str) -> Option<String> {
    let words: Vec<&str> = passage.split_whitespace().collect();
    let joined = words.join(" ");
    let name = joined.trim_matches(|character: char| !character.is_alphanumeric());
    if name.is_empty() {
        return None;
    }
    if name.chars().count() <= MAX_NAME_LENGTH {
        return Some(name.to_owned());
    }
    // Room for the ellipsis; cut at the last space that leaves at least one word.
    let kept: String = name.chars().take(MAX_NAME_LENGTH - 1).collect();
    let at_word = match kept.rfind(' ') {
        Some(space) if space > 0 => &kept[..space],
        _ => kept.as_str(),
    };
    Some(format!("{}…", at_word.trim_end_matches(|character: char| !character.is_alphanumeric())))
}

/// In-vivo coding of `span` in `document`: a new theme (with `new_theme_id`, in the first unused
/// colour) named after the passage, or the codebook's theme of that name, and a highlight (with
/// `annotation_id`) on the passage tagged with it.
pub fn in_vivo(
    project: &Project,
    document: &Document,
    span: Span,
    new_theme_id: ThemeId,
    annotation_id: AnnotationId,
) -> Result<InVivo, InVivoError> {
    let name = in_vivo_name(document.quote(span)).ok_or(InVivoError::NoWords)?;
    let existing = project.theme_named(&name, None).map(|theme| (theme.id, theme.name.clone()));
    let mut operations = Vec::with_capacity(2);
    let (theme_id, name, is_new) = match existing {
        Some((theme_id, name)) => (theme_id, name, false),
        None => {
            operations.push(Operation::CreateTheme {
                id: new_theme_id,
                name: name.clone(),
                colour: project.unused_colour().to_owned(),
                description: String::new(),
            });
            (new_theme_id, name, true)
        }
    };
    operations.push(Operation::CreateAnnotation { id: annotation_id, span, theme_ids: vec![theme_id] });
    Ok(InVivo { name, theme_id, is_new, operations })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::tests::{annotation_id, command, fixture};
    use crate::command::{apply, Origin};
    use uuid::Uuid;

    #[test]
    fn names_are_the_words_trimmed_collapsed_and_capped() {
        let check = |passage: &str, expected: Option<&str>| {
            assert_eq!(in_vivo_name(passage).as_deref(), expected, "{passage:?}");
        };
        check("  degrade and\n\n  ultimately   defeat ", Some("degrade and ultimately defeat"));
        check("“enduring defeat.”", Some("enduring defeat"));
        check("Daesh/ISIS", Some("Daesh/ISIS"));
        check(" … — ", None);
        check("", None);
        check("😀", None);
        let long = "the Coalition remains determined to ensure the lasting defeat of Daesh everywhere";
        let name = in_vivo_name(long).unwrap();
        assert_eq!(name, "the Coalition remains determined to ensure the lasting…");
        assert!(name.chars().count() <= MAX_NAME_LENGTH);
        let one_word = "a".repeat(80);
        assert_eq!(in_vivo_name(&one_word).unwrap().chars().count(), MAX_NAME_LENGTH);
    }

    #[test]
    fn a_new_theme_and_its_highlight_or_the_theme_of_that_name() {
        // "Alpha beta gamma.\n\nDelta epsilon 😀 zeta."
        let (document, mut project) = fixture();
        let new_id = ThemeId(Uuid::from_u128(0x1e0));
        let made = in_vivo(&project, &document, Span::new(6, 17).unwrap(), new_id, annotation_id(1)).unwrap();
        assert_eq!(
            (made.name.as_str(), made.theme_id, made.is_new, made.operations.len()),
            ("beta gamma", new_id, true, 2)
        );
        apply(&mut project, command(Operation::Batch(made.operations), 1), Origin::Local).unwrap();
        let theme = project.theme(new_id).unwrap();
        assert_eq!(theme.name, "beta gamma");
        assert!(project.annotation(annotation_id(1)).unwrap().has_theme(new_id));
        // The same words again (in another case) reuse the theme.
        let other_id = ThemeId(Uuid::from_u128(0x1e1));
        let document = Document::from_plain_text("doc", "Doc", "Beta  Gamma, said they.");
        let again = in_vivo(&project, &document, Span::new(0, 12).unwrap(), other_id, annotation_id(2)).unwrap();
        assert_eq!((again.name.as_str(), again.theme_id, again.is_new), ("beta gamma", new_id, false));
        assert_eq!(
            again.operations,
            vec![Operation::CreateAnnotation {
                id: annotation_id(2),
                span: Span::new(0, 12).unwrap(),
                theme_ids: vec![new_id]
            }]
        );
        assert_eq!(
            in_vivo(&project, &document, Span::new(11, 12).unwrap(), other_id, annotation_id(3)),
            Err(InVivoError::NoWords)
        );
    }
}
