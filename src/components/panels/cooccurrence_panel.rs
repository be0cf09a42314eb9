//! The co-occurrence panel: where themes meet in the document shown (themes × themes) and how
//! each theme spreads over the documents (themes × documents), as tables shaded by value, each
//! downloadable as CSV; a cell lists its passages, each of which shows its place in the text.
//! The figures are the core's (`annotator_core::cooccurrence`), computed only while the panel
//! is open, and again only when the project, the document or the layers shown change.

use crate::dom::reveal::reveal_annotation;
use crate::state::{plural, Action, AppState, NarrowView};
use annotator_core::cooccurrence::{document_matrix, theme_matrix, DocumentMatrix, ThemeMatrix};
use annotator_core::layers::Layers;
use annotator_core::{AnnotationId, Document, Project};
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`CooccurrencePanel`].
#[derive(Properties, PartialEq)]
pub struct CooccurrencePanelProps {
    /// The project.
    pub project: Rc<Project>,
    /// The document shown (the themes × themes matrix is of it).
    pub document: Rc<Document>,
    /// Whose highlights are counted: the layers shown.
    pub layers: Layers,
    /// Shows a passage's document, and the document on a narrow screen.
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// Downloads a table as CSV: the file's name and the rows, the header first.
    pub on_download: Callback<(String, Vec<Vec<String>>)>,
}

/// The cell whose passages are listed.
#[derive(Clone, Debug, PartialEq)]
struct Chosen {
    /// What the cell is, for the list's heading.
    title: String,
    /// Its highlights, in text order.
    highlights: Vec<AnnotationId>,
}

/// The co-occurrence panel.
#[function_component(CooccurrencePanel)]
pub fn cooccurrence_panel(props: &CooccurrencePanelProps) -> Html {
    let themes_matrix = use_memo(
        (props.project.clone(), props.document.id().to_owned(), props.layers.clone()),
        |(project, document_id, layers)| theme_matrix(project, document_id, layers),
    );
    let documents_matrix =
        use_memo((props.project.clone(), props.layers.clone()), |(project, layers)| document_matrix(project, layers));
    let chosen = use_state(|| None::<Chosen>);
    let project = &props.project;
    let theme_name = |index: usize, matrix_themes: &[annotator_core::ThemeId]| {
        project.theme(matrix_themes[index]).map_or_else(String::new, |theme| theme.name.clone())
    };

    let choose = |title: String, highlights: Vec<AnnotationId>| {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| {
            chosen.set(Some(Chosen { title: title.clone(), highlights: highlights.clone() }))
        })
    };

    let download = |name: &'static str, rows: Vec<Vec<String>>| {
        let on_download = props.on_download.clone();
        let file_name = format!("{}.{name}.csv", props.document.id());
        Callback::from(move |_: MouseEvent| on_download.emit((file_name.clone(), rows.clone())))
    };

    let themes_table = {
        let matrix: &ThemeMatrix = &themes_matrix;
        let largest = matrix.cells.iter().flatten().map(|cell| cell.pairs).max().unwrap_or(0);
        let header: Html = (0..matrix.themes.len())
            .map(|column| {
                let name = theme_name(column, &matrix.themes);
                html! { <th scope="col" title={name.clone()}><span class="matrix-column-name">{ name }</span></th> }
            })
            .collect();
        let rows: Html = matrix
            .cells
            .iter()
            .enumerate()
            .map(|(row, cells)| {
                let row_name = theme_name(row, &matrix.themes);
                let cells: Html = cells
                    .iter()
                    .enumerate()
                    .map(|(column, cell)| {
                        let column_name = theme_name(column, &matrix.themes);
                        let title = if row == column {
                            format!("{row_name}: {} highlight{}", cell.highlights.len(), plural(cell.highlights.len()))
                        } else {
                            format!("{row_name} with {column_name}")
                        };
                        let label = format!(
                            "{title}: {} overlapping pair{}, {} character{} shared",
                            cell.pairs,
                            plural(cell.pairs),
                            cell.shared_length,
                            plural(cell.shared_length)
                        );
                        let onclick = choose(title, cell.highlights.clone());
                        matrix_cell(cell.pairs, cell.shared_length, largest, label, onclick)
                    })
                    .collect();
                html! { <tr><th scope="row">{ row_name }</th>{ cells }</tr> }
            })
            .collect();
        matrix_table("theme-matrix", "Themes × themes: pairs of overlapping highlights", header, rows)
    };

    let documents_table = {
        let matrix: &DocumentMatrix = &documents_matrix;
        let largest = matrix.cells.iter().flatten().map(Vec::len).max().unwrap_or(0);
        let title_of =
            |id: &String| project.document(id).map_or_else(|| id.clone(), |document| document.title().to_owned());
        let header: Html = matrix
            .documents
            .iter()
            .map(|id| html! { <th scope="col" title={title_of(id)}><span class="matrix-column-name">{ title_of(id) }</span></th> })
            .collect();
        let rows: Html = matrix
            .cells
            .iter()
            .enumerate()
            .map(|(row, cells)| {
                let row_name = theme_name(row, &matrix.themes);
                let cells: Html = cells
                    .iter()
                    .zip(&matrix.documents)
                    .map(|(highlights, document_id)| {
                        let count = highlights.len();
                        let title = format!("{row_name} in \u{201c}{}\u{201d}", title_of(document_id));
                        let label = format!("{title}: {count} highlight{}", plural(count));
                        let onclick = choose(title, highlights.clone());
                        matrix_cell(count, 0, largest, label, onclick)
                    })
                    .collect();
                html! { <tr><th scope="row">{ row_name }</th>{ cells }</tr> }
            })
            .collect();
        matrix_table("document-matrix", "Themes × documents: highlights", header, rows)
    };

    let passages = chosen.as_ref().map(|chosen| {
        let entries: Html = chosen
            .highlights
            .iter()
            .filter_map(|id| project.annotation(*id))
            .map(|annotation| {
                let themes: Vec<String> =
                    annotation.theme_ids().filter_map(|id| project.theme(id)).map(|theme| theme.name.clone()).collect();
                let dispatcher = props.dispatcher.clone();
                let shown = props.document.id().to_owned();
                let (id, span, document_id) = (annotation.id, annotation.span, annotation.document_id.clone());
                let onclick = Callback::from(move |_: MouseEvent| {
                    if document_id != shown {
                        dispatcher.dispatch(Action::ShowDocument(document_id.clone()));
                    }
                    dispatcher.dispatch(Action::ShowOnNarrow(NarrowView::Document));
                    // The document (another one, or on a narrow screen the document at all) may
                    // only now be shown: reveal after it is drawn.
                    gloo::timers::callback::Timeout::new(0, move || reveal_annotation(id, span)).forget();
                });
                html! {
                    <li key={annotation.id.to_string()}>
                        <button type="button" class="passage-entry" {onclick}>
                            <span class="entry-quote">{ format!("\u{201c}{}\u{201d}", annotation.quote.exact) }</span>
                        </button>
                        <span class="passage-themes">{ themes.join(", ") }</span>
                    </li>
                }
            })
            .collect();
        let count = chosen.highlights.len();
        html! {
            <section class="cell-passages" aria-live="polite" aria-label="Passages of the cell chosen">
                <h3>{ format!("{}: {count} passage{}", chosen.title, plural(count)) }</h3>
                <ul class="passage-list">{ entries }</ul>
            </section>
        }
    });

    html! {
        <div class="cooccurrence-panel">
            <p class="panel-note">{ "A pair is two highlights, one of each theme, that share at least one character (a highlight carrying both themes is a pair on its own); highlights that only touch are not counted. Counted over the coders shown." }</p>
            <div class="table-scroll">{ themes_table }</div>
            <button type="button" aria-label="Download CSV: themes × themes" onclick={download("theme-cooccurrence", themes_matrix.table(project))}>{ "Download CSV" }</button>
            { for passages }
            <div class="table-scroll">{ documents_table }</div>
            <button type="button" aria-label="Download CSV: themes × documents" onclick={download("themes-by-document", documents_matrix.table(project))}>{ "Download CSV" }</button>
        </div>
    }
}

/// The shading of a cell: a blue whose strength grows with the value, and white text on the
/// strong ones so that the figure stays readable (the figure is printed in every cell).
/// One matrix as a table: its column headers and its rows.
fn matrix_table(id: &'static str, caption: &'static str, header: Html, rows: Html) -> Html {
    html! {
        <table class="matrix" {id}>
            <caption>{ caption }</caption>
            <thead><tr><td></td>{ header }</tr></thead>
            <tbody>{ rows }</tbody>
        </table>
    }
}

/// One cell: its count shaded against the matrix's largest, the characters shared when there
/// are any, and a click listing its passages (none to list when the count is 0).
fn matrix_cell(
    count: usize,
    shared_length: usize,
    largest: usize,
    label: String,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <td>
            <button type="button" class="matrix-cell" style={heat(count, largest)} aria-label={label.clone()} title={label} {onclick} disabled={count == 0}>
                <span class="matrix-count">{ count }</span>
                if shared_length > 0 { <span class="matrix-length" aria-hidden="true">{ format!("{shared_length} ch") }</span> }
            </button>
        </td>
    }
}

fn heat(value: usize, largest: usize) -> String {
    if value == 0 || largest == 0 {
        return String::new();
    }
    let strength = 0.15 + 0.75 * value as f64 / largest as f64;
    let text = if strength > 0.5 { "color: #fff;" } else { "" };
    format!("background: rgba(33, 102, 172, {strength:.2}); {text}")
}
