//! Figures per theme: how many highlights, how much of the text they cover, as a table and an
//! SVG bar chart.

use annotator_core::hierarchy::{Hierarchy, PATH_SEPARATOR};
use annotator_core::layers::Layers;
use annotator_core::overview::theme_figures;
use annotator_core::{Document, Project};
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`OverviewPanel`].
#[derive(Properties, PartialEq)]
pub struct OverviewPanelProps {
    /// The document.
    pub document: Rc<Document>,
    /// The project.
    pub project: Rc<Project>,
    /// Whose highlights are counted.
    pub layers: Layers,
}

const BAR_HEIGHT: f64 = 22.0;
const LABEL_WIDTH: f64 = 150.0;
const CHART_WIDTH: f64 = 360.0;

/// The overview of the coding.
#[function_component(OverviewPanel)]
pub fn overview_panel(props: &OverviewPanelProps) -> Html {
    let figures = use_memo(
        (props.document.clone(), props.project.clone(), props.layers.clone()),
        |(document, project, layers)| theme_figures(document, project, layers),
    );
    let hierarchy = use_memo(props.project.clone(), |project| Hierarchy::of(project));
    let rows: Vec<(String, String, usize, usize, f64)> = figures
        .iter()
        .filter_map(|figure| {
            let theme = props.project.theme(figure.theme_id)?;
            // A nested theme by its path, so a parent's rolled-up row and its children's read apart.
            let name = hierarchy.path(theme.id);
            Some((name, theme.colour.clone(), figure.highlights, figure.covered, figure.share))
        })
        .collect();
    let largest_share = rows.iter().map(|row| row.4).fold(0.0_f64, f64::max).max(0.01);

    let table_rows: Html = rows
        .iter()
        .map(|(name, colour, highlights, covered, share)| {
            html! {
                <tr>
                    <th scope="row"><span class="swatch" style={format!("background: {colour}")} aria-hidden="true"></span>{ name.clone() }</th>
                    <td>{ highlights }</td>
                    <td>{ covered }</td>
                    <td>{ format!("{:.1}%", share * 100.0) }</td>
                </tr>
            }
        })
        .collect();

    let bars: Html = rows
        .iter()
        .enumerate()
        .map(|(index, (name, colour, highlights, _, share))| {
            let y = index as f64 * BAR_HEIGHT;
            let width = (share / largest_share) * (CHART_WIDTH - LABEL_WIDTH - 60.0);
            // The chart is narrow: a nested theme goes by its own name there, by its path in the table.
            let name = name.rsplit(PATH_SEPARATOR).next().unwrap_or(name);
            let label: String = if name.chars().count() > 22 { name.chars().take(21).collect::<String>() + "…" } else { name.to_owned() };
            html! {
                <g>
                    <text x={(LABEL_WIDTH - 6.0).to_string()} y={(y + 15.0).to_string()} text-anchor="end" class="chart-label">{ label }</text>
                    <rect x={LABEL_WIDTH.to_string()} y={(y + 4.0).to_string()} width={width.max(1.0).to_string()} height={(BAR_HEIGHT - 8.0).to_string()} fill={colour.clone()} rx="2" />
                    <text x={(LABEL_WIDTH + width.max(1.0) + 4.0).to_string()} y={(y + 15.0).to_string()} class="chart-value">{ format!("{:.1}% · {highlights}", share * 100.0) }</text>
                </g>
            }
        })
        .collect();
    let height = rows.len() as f64 * BAR_HEIGHT + 4.0;
    let summary = rows
        .iter()
        .map(|(name, _, highlights, _, share)| format!("{name}: {highlights} highlights, {:.1}%", share * 100.0))
        .collect::<Vec<_>>()
        .join("; ");

    html! {
        <div class="overview">
            <svg class="chart" viewBox={format!("0 0 {CHART_WIDTH} {height}")} role="img" aria-labelledby="chart-title">
                <title id="chart-title">{ format!("Share of the text covered per theme. {summary}") }</title>
                { bars }
            </svg>
            <table class="figures">
                <caption>{ "Highlights and share of the document's characters per theme (a theme's include those of the themes below it)" }</caption>
                <thead><tr><th scope="col">{ "Theme" }</th><th scope="col">{ "Highlights" }</th><th scope="col">{ "Characters" }</th><th scope="col">{ "Share" }</th></tr></thead>
                <tbody>{ table_rows }</tbody>
            </table>
        </div>
    }
}
