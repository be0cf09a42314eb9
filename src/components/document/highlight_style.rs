//! How a highlight's themes become its colours: a translucent fill that keeps the text readable
//! in light and dark mode, with one band per theme when there are several, and a solid underline.

/// The inline style of a `<mark>` tagged with themes of these `#rrggbb` colours.
pub fn mark_style(colours: &[String], coder_colour: Option<&str>) -> String {
    let style = theme_style(colours);
    match coder_colour.filter(|colour| annotator_core::theme::is_valid_colour(colour)) {
        Some(colour) => format!("{style}; --coder-colour: {colour}"),
        None => style,
    }
}

fn theme_style(colours: &[String]) -> String {
    if colours.is_empty() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_of_one_several_and_no_themes() {
        let check = |colours: &[&str], expected: &str| {
            let colours: Vec<String> = colours.iter().map(|c| (*c).to_owned()).collect();
            assert_eq!(mark_style(&colours, None), expected, "{colours:?}");
        };
        check(&["#d1495b"], "--highlight-fill: rgba(209, 73, 91, 0.38); --highlight-line: #d1495b");
        check(
            &["#000000", "#ffffff"],
            "--highlight-fill: linear-gradient(to bottom, rgba(0, 0, 0, 0.38) 0.0% 50.0%, rgba(255, 255, 255, 0.38) 50.0% 100.0%); --highlight-line: #000000",
        );
        check(&[], "--highlight-fill: var(--untagged-fill); --highlight-line: var(--untagged-line)");
    }
}
