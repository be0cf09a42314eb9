//! Reports for reading and printing: the coded passages grouped by theme, with their notes, as
//! Markdown and as a self-contained printable HTML page. Every text from the project is escaped.

use crate::time;
use annotator_core::overview::passages_by_theme;
use annotator_core::{Annotation, CoderId, Document, Project, Theme};

/// How a report groups its passages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// Under each theme (a passage with two themes comes twice).
    #[default]
    ByTheme,
    /// Under each coder who made passages.
    ByCoder,
}

/// One heading of a report and its passages in document order.
struct Group<'a> {
    /// The heading; `None` gathers the passages without a theme.
    heading: Option<String>,
    colour: String,
    description: String,
    passages: Vec<&'a Annotation>,
}

fn groups<'a>(project: &'a Project, document: &'a Document, grouping: Grouping) -> Vec<Group<'a>> {
    let mut ordered: Vec<&Annotation> = project.placed_annotations_in(document.id()).collect();
    ordered.sort_by_key(|annotation| annotation.span);
    let mut groups: Vec<Group> = match grouping {
        Grouping::ByTheme => {
            let mut groups: Vec<Group> = passages_by_theme(project, ordered.iter().copied())
                .into_iter()
                .map(|(theme, passages): (&Theme, _)| Group {
                    heading: Some(theme.name.clone()),
                    colour: theme.colour.clone(),
                    description: theme.description.clone(),
                    passages,
                })
                .collect();
            let without = ordered.iter().copied().filter(|a| a.theme_ids().all(|id| project.theme(id).is_none()));
            groups.push(Group {
                heading: None,
                colour: "#777777".into(),
                description: String::new(),
                passages: without.collect(),
            });
            groups
        }
        Grouping::ByCoder => {
            // The project's coders in the order they joined, then any coder of a passage that
            // has no record (a creator left unnamed in a file of version 1 or 2).
            let mut coders: Vec<CoderId> = project.coders().iter().map(|coder| coder.id).collect();
            for annotation in &ordered {
                if !coders.contains(&annotation.coder) {
                    coders.push(annotation.coder);
                }
            }
            coders
                .into_iter()
                .map(|id| Group {
                    heading: Some(project.coder_name(id)),
                    colour: project.coder_colour(id).to_owned(),
                    description: String::new(),
                    passages: ordered.iter().copied().filter(|annotation| annotation.coder == id).collect(),
                })
                .collect()
        }
    };
    groups.retain(|group| !group.passages.is_empty());
    groups
}

/// The themes of a passage, by name, for a report grouped by coder.
fn theme_names(project: &Project, annotation: &Annotation) -> String {
    let names: Vec<&str> = annotation.theme_ids().filter_map(|id| project.theme(id)).map(|t| t.name.as_str()).collect();
    names.join(", ")
}

/// "3 themes" or "2 coders": the headings a report has.
fn group_count(groups: &[Group], grouping: Grouping) -> String {
    let headed = groups.iter().filter(|group| group.heading.is_some()).count();
    plural(headed, if grouping == Grouping::ByTheme { "theme" } else { "coder" })
}

/// What a passage's line under it says: its coder, or under a coder its themes.
fn byline(project: &Project, annotation: &Annotation, grouping: Grouping) -> String {
    match grouping {
        Grouping::ByTheme => project.coder_name(annotation.coder),
        Grouping::ByCoder => match theme_names(project, annotation) {
            names if names.is_empty() => "without a theme".to_owned(),
            names => names,
        },
    }
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// The report as Markdown.
pub fn markdown(project: &Project, document: &Document, grouping: Grouping) -> String {
    let groups = groups(project, document, grouping);
    let mut out = format!("# Coding report: {}\n\n", escape_markdown(document.title()));
    out.push_str(&format!(
        "{} in {} ({}).\n",
        plural(project.placed_annotations_in(document.id()).count(), "passage"),
        group_count(&groups, grouping),
        document.source()
    ));
    for Group { heading, description, passages, .. } in groups {
        let name = heading.map_or("Without a theme".to_owned(), |heading| escape_markdown(&heading));
        out.push_str(&format!("\n## {name} ({})\n", passages.len()));
        if !description.trim().is_empty() {
            out.push_str(&format!("\n*{}*\n", escape_markdown(description.trim())));
        }
        for annotation in passages {
            let quote = annotation.quote.exact.lines().map(escape_markdown).collect::<Vec<_>>().join(" ");
            out.push_str(&format!("\n> {quote}\n"));
            if !annotation.note.trim().is_empty() {
                out.push_str(&format!(
                    ">\n> — {}\n",
                    annotation.note.lines().map(escape_markdown).collect::<Vec<_>>().join(" ")
                ));
            }
            out.push_str(&format!(
                "\n<sub>{}–{} · {} · {}</sub>\n",
                annotation.span.start(),
                annotation.span.end(),
                escape_markdown(&byline(project, annotation, grouping)),
                time::format(annotation.created)
            ));
        }
    }
    out
}

/// The report as a self-contained HTML page laid out for printing.
pub fn html(project: &Project, document: &Document, grouping: Grouping) -> String {
    let groups = groups(project, document, grouping);
    let mut body = String::new();
    for Group { heading, colour, description, passages } in &groups {
        let name = heading.clone().unwrap_or_else(|| "Without a theme".to_owned());
        let colour = if annotator_core::theme::is_valid_colour(colour) { colour.clone() } else { "#777777".to_owned() };
        body.push_str(&format!(
            "<section>\n<h2><span class=\"swatch\" style=\"background:{colour}\"></span>{} <small>({})</small></h2>\n",
            escape_html(&name),
            passages.len()
        ));
        if !description.trim().is_empty() {
            body.push_str(&format!("<p class=\"description\">{}</p>\n", escape_html(description.trim())));
        }
        for annotation in passages {
            body.push_str(&format!(
                "<blockquote style=\"border-color:{colour}\">{}",
                escape_html(&annotation.quote.exact)
            ));
            if !annotation.note.trim().is_empty() {
                body.push_str(&format!("<p class=\"note\">{}</p>", escape_html(&annotation.note)));
            }
            body.push_str(&format!(
                "<p class=\"meta\">{}–{} · {} · {}</p></blockquote>\n",
                annotation.span.start(),
                annotation.span.end(),
                escape_html(&byline(project, annotation, grouping)),
                time::format(annotation.created)
            ));
        }
        body.push_str("</section>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Coding report: {title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>Coding report: {title}</h1>\n<p class=\"summary\">{summary}</p>\n{body}</body>\n</html>\n",
        title = escape_html(document.title()),
        summary = escape_html(&format!(
            "{} in {} · {}",
            plural(project.placed_annotations_in(document.id()).count(), "passage"),
            group_count(&groups, grouping),
            document.source()
        )),
    )
}

const STYLE: &str = "body { font-family: Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; break-after: avoid; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.4em; }
blockquote { margin: 0.8rem 0; padding: 0.2rem 0 0.2rem 0.8rem; border-left: 4px solid; break-inside: avoid; }
.note { font-style: italic; margin: 0.3rem 0 0; } .meta, .summary, .description { color: #5d5f66; font-size: 0.85rem; margin: 0.2rem 0 0; }
@media print { body { margin: 0; } a { color: inherit; } }
";

/// Text safe inside HTML elements and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Text that Markdown shows as it is (no emphasis, links or raw HTML).
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!') {
            out.push('\\');
        }
        out.push(character);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use annotator_core::coder::colour_for;
    use annotator_core::theme::starter_codebook;
    use annotator_core::{apply, AnnotationId, Command, Operation, Origin, Span, Stamp, Timestamp};
    use uuid::Uuid;

    fn ana() -> CoderId {
        CoderId(Uuid::from_u128(0xa11a))
    }

    fn bo() -> CoderId {
        CoderId(Uuid::from_u128(0xb0b0))
    }

    fn run(project: &mut Project, coder: CoderId, operation: Operation) {
        let stamp = Stamp::new(Timestamp(0), coder);
        apply(project, Command { document_id: "doc".into(), stamp, operation }, Origin::Local).unwrap();
    }

    /// Ana's highlight with a theme and a note, Bo's without a theme; Bo's name needs escaping.
    fn sample() -> (Document, Project) {
        let document =
            Document::from_markdown("doc", "Doc <b>", "Alpha <script>alert(1)</script> beta.\n\nGamma *delta*.");
        let mut project = Project::new(&document, starter_codebook(Stamp::new(Timestamp(0), ana())));
        let military = project.themes().next().unwrap().id;
        let id = |n| AnnotationId(Uuid::from_u128(n));
        for (coder, operation) in [
            (ana(), Operation::SetCoder { name: "ana".into(), colour: "#1f77b4".into() }),
            (bo(), Operation::SetCoder { name: "bo <i>".into(), colour: "#d62728".into() }),
            (ana(), Operation::CreateAnnotation { id: id(1), span: Span::between(6, 31), theme_ids: vec![military] }),
            (ana(), Operation::SetAnnotationNote { annotation_id: id(1), note: "<img src=x onerror=alert(1)>".into() }),
            (bo(), Operation::CreateAnnotation { id: id(2), span: Span::between(39, 44), theme_ids: vec![] }),
        ] {
            run(&mut project, coder, operation);
        }
        (document, project)
    }

    #[test]
    fn markdown_groups_passages_by_theme_and_escapes_them() {
        let (document, project) = sample();
        let report = markdown(&project, &document, Grouping::ByTheme);
        assert!(report.starts_with("# Coding report: Doc \\<b\\>\n\n2 passages in 1 theme (urn:sha256:"), "{report}");
        assert!(report.contains("\n## Military action (1)\n\n*Military operations, partner forces and the pressure kept on Daesh/ISIS.*\n\n> \\<script\\>alert(1)\\</script\\>\n>\n> — \\<img src=x onerror=alert(1)\\>\n\n<sub>6–31 · ana · 1970-01-01T00:00:00.000Z</sub>\n"), "{report}");
        assert!(
            report.contains(
                "\n## Without a theme (1)\n\n> Gamma\n\n<sub>39–44 · bo \\<i\\> · 1970-01-01T00:00:00.000Z</sub>\n"
            ),
            "{report}"
        );
    }

    #[test]
    fn markdown_groups_passages_by_coder_with_their_themes() {
        let (document, project) = sample();
        let report = markdown(&project, &document, Grouping::ByCoder);
        assert!(report.starts_with("# Coding report: Doc \\<b\\>\n\n2 passages in 2 coders (urn:sha256:"), "{report}");
        assert!(report.contains("\n## ana (1)\n\n> \\<script\\>alert(1)\\</script\\>\n>\n> — \\<img src=x onerror=alert(1)\\>\n\n<sub>6–31 · Military action · 1970-01-01T00:00:00.000Z</sub>\n"), "{report}");
        assert!(
            report.contains(
                "\n## bo \\<i\\> (1)\n\n> Gamma\n\n<sub>39–44 · without a theme · 1970-01-01T00:00:00.000Z</sub>\n"
            ),
            "{report}"
        );
        assert!(
            !report.contains("Without a theme") && !report.contains("Military operations"),
            "no theme headings: {report}"
        );
    }

    #[test]
    fn a_coder_without_a_record_still_has_their_passages_reported() {
        let (document, mut project) = sample();
        // As a creator left unnamed in an old file: a coder id and no coder record.
        let unnamed = CoderId(Uuid::from_u128(0xc1c1));
        let operation = Operation::CreateAnnotation {
            id: AnnotationId(Uuid::from_u128(3)),
            span: Span::between(0, 5),
            theme_ids: vec![],
        };
        run(&mut project, unnamed, operation);
        assert!(project.coder(unnamed).is_none());
        let report = markdown(&project, &document, Grouping::ByCoder);
        assert!(report.contains("3 passages in 3 coders"), "{report}");
        assert!(report.contains(&format!("\n## {} (1)\n\n> Alpha\n", project.coder_name(unnamed))), "{report}");
        let page = html(&project, &document, Grouping::ByCoder);
        let swatch = format!(
            "style=\"background:{}\"></span>{} <small>(1)</small>",
            colour_for(unnamed),
            project.coder_name(unnamed)
        );
        assert!(page.contains(&swatch), "{page}");
    }

    #[test]
    fn html_is_a_printable_page_with_every_text_escaped() {
        let (document, project) = sample();
        for grouping in [Grouping::ByTheme, Grouping::ByCoder] {
            let page = html(&project, &document, grouping);
            assert!(page.starts_with("<!doctype html>"));
            assert!(page.contains("<title>Coding report: Doc &lt;b&gt;</title>"));
            assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assert!(page.contains("<p class=\"note\">&lt;img src=x onerror=alert(1)&gt;</p>"));
            assert!(
                !page.contains("<script>") && !page.contains("<img") && !page.contains("<i>"),
                "nothing from the project becomes markup"
            );
            assert!(page.contains("@media print"));
        }
        let by_theme = html(&project, &document, Grouping::ByTheme);
        assert!(by_theme.contains("<p class=\"summary\">2 passages in 1 theme · urn:sha256:"), "{by_theme}");
        assert!(by_theme.contains("<h2><span class=\"swatch\" style=\"background:#d1495b\"></span>Military action <small>(1)</small></h2>"), "{by_theme}");
        assert!(
            by_theme.contains("<p class=\"meta\">39–44 · bo &lt;i&gt; · 1970-01-01T00:00:00.000Z</p>"),
            "{by_theme}"
        );
        let by_coder = html(&project, &document, Grouping::ByCoder);
        assert!(by_coder.contains("<p class=\"summary\">2 passages in 2 coders · urn:sha256:"), "{by_coder}");
        assert!(
            by_coder
                .contains("<h2><span class=\"swatch\" style=\"background:#1f77b4\"></span>ana <small>(1)</small></h2>"),
            "{by_coder}"
        );
        assert!(
            by_coder.contains(
                "<h2><span class=\"swatch\" style=\"background:#d62728\"></span>bo &lt;i&gt; <small>(1)</small></h2>"
            ),
            "{by_coder}"
        );
        assert!(
            by_coder.contains("<p class=\"meta\">6–31 · Military action · 1970-01-01T00:00:00.000Z</p>"),
            "{by_coder}"
        );
    }
}
