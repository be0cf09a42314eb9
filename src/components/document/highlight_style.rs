//! How a highlight's themes become its colours: a translucent fill that keeps the text readable
//! in light and dark mode, with one band per theme when there are several, and a solid underline.
//!
//! Marks carry their colours as classes of one stylesheet, not as inline styles: ten thousand
//! dense highlights make tens of thousands of marks, and a distinct inline style on each costs
//! the browser a parse and a style of its own per mark, where a class is shared. The classes
//! are numbered in the order their looks were first met and never renumbered, so a block drawn
//! earlier keeps its meaning when new looks come.

use annotator_core::theme::is_valid_colour;
use std::fmt::Write;

/// The declarations of a `<mark>` tagged with themes of these `#rrggbb` colours.
pub fn fill_style(colours: &[String]) -> String {
    // Only colours of the form #rrggbb reach a stylesheet: anything else could close the rule.
    if colours.is_empty() || colours.iter().any(|colour| !is_valid_colour(colour)) {
        return "--highlight-fill: var(--untagged-fill); --highlight-line: var(--untagged-line)".to_owned();
    }
    let fill = if colours.len() == 1 {
        translucent(&colours[0])
    } else {
        let band = 100.0 / colours.len() as f64;
        let stops: Vec<String> = colours
            .iter()
            .enumerate()
            .map(|(index, colour)| {
                format!("{} {:.1}% {:.1}%", translucent(colour), band * index as f64, band * (index + 1) as f64)
            })
            .collect();
        format!("linear-gradient(to bottom, {})", stops.join(", "))
    };
    format!("--highlight-fill: {fill}; --highlight-line: {}", colours[0])
}

/// `#rrggbb` as the same colour at 38% opacity.
pub fn translucent(colour: &str) -> String {
    let channel = |range: std::ops::Range<usize>| {
        colour.get(range).and_then(|hex| u8::from_str_radix(hex, 16).ok()).unwrap_or(128)
    };
    format!("rgba({}, {}, {}, 0.38)", channel(1..3), channel(3..5), channel(5..7))
}

/// The looks of the highlights drawn so far (their themes' colours, their coders' colours),
/// each a class of [`Looks::stylesheet`]. A class is named after its colours, so the same look
/// has the same class however the looks were met.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Looks {
    /// The colours of each fill met, in the themes' order (a few dozen: a list is enough).
    fills: Vec<Vec<String>>,
    /// The colour of each coder's edge met.
    coders: Vec<String>,
}

/// The class of a highlight with no theme (or a colour that is not `#rrggbb`).
const NO_FILL: &str = "hl-none";

impl Looks {
    /// The class of a highlight with themes of these colours (in the themes' order).
    pub fn fill_class(&mut self, colours: &[String]) -> String {
        if colours.is_empty() || colours.iter().any(|colour| !is_valid_colour(colour)) {
            return NO_FILL.to_owned();
        }
        if !self.fills.iter().any(|known| known == colours) {
            self.fills.push(colours.to_vec());
        }
        fill_class_of(colours)
    }

    /// The class of a highlight drawn with its coder's colour as an edge; `None` for a colour
    /// that is not of the form `#rrggbb` (the edge then takes the stylesheet's default).
    pub fn coder_class(&mut self, colour: &str) -> Option<String> {
        if !is_valid_colour(colour) {
            return None;
        }
        if !self.coders.iter().any(|known| known == colour) {
            self.coders.push(colour.to_owned());
        }
        Some(coder_class_of(colour))
    }

    /// How many looks have been met.
    pub fn len(&self) -> usize {
        self.fills.len() + self.coders.len()
    }

    /// Whether none has.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One rule per class.
    pub fn stylesheet(&self) -> String {
        let mut rules = format!("mark.{NO_FILL} {{ {} }}\n", fill_style(&[]));
        for colours in &self.fills {
            let _ = writeln!(rules, "mark.{} {{ {} }}", fill_class_of(colours), fill_style(colours));
        }
        for colour in &self.coders {
            let _ = writeln!(rules, "mark.{} {{ --coder-colour: {colour} }}", coder_class_of(colour));
        }
        rules
    }
}

/// `hl-` and the colours' hex digits: `#rrggbb` colours only, so the name is a safe class name.
fn fill_class_of(colours: &[String]) -> String {
    let digits: Vec<&str> = colours.iter().map(|colour| colour.trim_start_matches('#')).collect();
    format!("hl-{}", digits.join("-"))
}

fn coder_class_of(colour: &str) -> String {
    format!("hl-c{}", colour.trim_start_matches('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_of_one_several_and_no_themes() {
        let check = |colours: &[&str], expected: &str| {
            let colours: Vec<String> = colours.iter().map(|c| (*c).to_owned()).collect();
            assert_eq!(fill_style(&colours), expected, "{colours:?}");
        };
        check(&["#d1495b"], "--highlight-fill: rgba(209, 73, 91, 0.38); --highlight-line: #d1495b");
        check(
            &["#000000", "#ffffff"],
            "--highlight-fill: linear-gradient(to bottom, rgba(0, 0, 0, 0.38) 0.0% 50.0%, rgba(255, 255, 255, 0.38) 50.0% 100.0%); --highlight-line: #000000",
        );
        check(&[], "--highlight-fill: var(--untagged-fill); --highlight-line: var(--untagged-line)");
        check(
            &["red; } body { display: none"],
            "--highlight-fill: var(--untagged-fill); --highlight-line: var(--untagged-line)",
        );
    }

    #[test]
    fn each_look_is_one_class_named_after_its_colours() {
        let mut looks = Looks::default();
        let red = vec!["#d1495b".to_owned()];
        let bands = vec!["#000000".to_owned(), "#ffffff".to_owned()];
        assert_eq!(looks.fill_class(&bands), "hl-000000-ffffff");
        assert_eq!(looks.fill_class(&red), "hl-d1495b");
        assert_eq!(looks.fill_class(&red), "hl-d1495b", "a look met again keeps its class");
        assert_eq!(looks.fill_class(&[]), "hl-none");
        assert_eq!(looks.fill_class(&["url(x)".to_owned()]), "hl-none", "only colours name classes");
        assert_eq!(looks.coder_class("#1f77b4").as_deref(), Some("hl-c1f77b4"));
        assert_eq!(looks.coder_class("not a colour"), None);
        assert_eq!(looks.len(), 3);
        assert_eq!(
            looks.stylesheet(),
            format!(
                "mark.hl-none {{ {} }}\nmark.hl-000000-ffffff {{ {} }}\nmark.hl-d1495b {{ {} }}\nmark.hl-c1f77b4 {{ --coder-colour: #1f77b4 }}\n",
                fill_style(&[]),
                fill_style(&bands),
                fill_style(&red)
            )
        );
    }
}
