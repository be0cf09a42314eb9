//! The agreement panel: which coders and themes to compare, the figures per theme and overall in
//! a sortable table and a chart, the pairs of coders, and, for one theme, the stretches where
//! coders differ, each settled into the consensus layer by a click.
//!
//! The figures are computed in a task after the panel is painted (never in the input that opened
//! it), and say "Computing…" until they are in.

use crate::components::panels::disagreement_list::DisagreementList;
use crate::dom::clock::{new_annotation_id, now};
use crate::state::{Action, AppState, Comparison};
use annotator_agreement::{
    agreed_by_at_least, agreement, settle_where_agreed, AgreementError, AgreementReport, CoderPairs, Figures,
    ThemeFigures,
};
use annotator_core::{CoderId, Document, Project, ThemeId};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The props of [`AgreementPanel`].
#[derive(Properties, PartialEq)]
pub struct AgreementPanelProps {
    /// The project.
    pub project: Rc<Project>,
    /// The document shown.
    pub document: Rc<Document>,
    /// What is compared.
    pub comparison: Comparison,
    /// Sends actions.
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// Whether this person sees the others' work (not while coding blind, until they reveal it).
    pub sees_others: bool,
}

/// The figures of the table, in its column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Measure {
    Alpha,
    Cohen,
    Fleiss,
    Percent,
    UnitizingAlpha,
}

const MEASURES: [Measure; 5] =
    [Measure::Alpha, Measure::Cohen, Measure::Fleiss, Measure::Percent, Measure::UnitizingAlpha];

impl Measure {
    fn heading(self) -> &'static str {
        match self {
            Measure::Alpha => "α",
            Measure::Cohen => "Cohen κ",
            Measure::Fleiss => "Fleiss κ",
            Measure::Percent => "% agr.",
            Measure::UnitizingAlpha => "α_U",
        }
    }

    fn name(self, coder_count: usize) -> &'static str {
        match self {
            Measure::Alpha => "Krippendorff's alpha (nominal)",
            Measure::Cohen if coder_count > 2 => "Cohen's kappa, mean over the pairs of coders",
            Measure::Cohen => "Cohen's kappa",
            Measure::Fleiss => "Fleiss' kappa",
            Measure::Percent => "Percent agreement",
            Measure::UnitizingAlpha => "Krippendorff's unitizing alpha",
        }
    }

    fn meaning(self) -> &'static str {
        match self {
            Measure::Alpha | Measure::Fleiss | Measure::Cohen => {
                "agreement on which characters carry the theme, beyond what chance gives (1 is perfect, 0 is chance, below 0 is worse than chance)"
            }
            Measure::Percent => "the share of pairs of coders that agree on a character, averaged over the characters",
            Measure::UnitizingAlpha => {
                "agreement on where the passages of the theme begin and end, as stretches rather than characters (1 is perfect, 0 is chance)"
            }
        }
    }

    /// The figure of a coding view (α_U is not one of them).
    fn of(self, figures: &Figures) -> Option<f64> {
        match self {
            Measure::Alpha => figures.alpha_nominal,
            Measure::Cohen => figures.cohen_kappa_mean,
            Measure::Fleiss => figures.fleiss_kappa,
            Measure::Percent => figures.percent_agreement,
            Measure::UnitizingAlpha => None,
        }
    }

    fn show(self, value: f64) -> String {
        match self {
            Measure::Percent => format!("{:.1}%", value * 100.0),
            _ => format!("{value:.3}"),
        }
    }
}

/// How the table is sorted: by theme name or by a figure, either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortBy {
    Theme,
    Figure(Measure),
}

/// The figures for one comparison, with what they were computed from.
#[derive(Debug, PartialEq)]
struct Computed {
    project: Rc<Project>,
    document_id: String,
    coders: Vec<CoderId>,
    themes: Vec<ThemeId>,
    report: Result<AgreementReport, AgreementError>,
}

/// Every coder who could be compared on the document: those with a highlight in it, in the order
/// agreement shows coders (the consensus last).
fn comparable_coders(project: &Project, document_id: &str) -> Vec<CoderId> {
    let coders: Vec<CoderId> = project
        .coders()
        .iter()
        .map(|coder| coder.id)
        .filter(|id| project.annotations_in(document_id).any(|annotation| annotation.coder == *id))
        .collect();
    annotator_agreement::in_coder_order(project, coders)
}

/// The agreement panel.
#[function_component(AgreementPanel)]
pub fn agreement_panel(props: &AgreementPanelProps) -> Html {
    let project = &props.project;
    let document_id = props.document.id().to_owned();
    let (coders, themes) = props.comparison.chosen(project, &document_id);
    let computed = use_state(|| None::<Rc<Computed>>);
    let sort = use_state(|| (SortBy::Theme, false));
    let k_field = use_node_ref();

    // Off the input path: the figures come in a task after this render is painted.
    {
        let computed = computed.clone();
        let key = (project.clone(), document_id.clone(), coders.clone(), themes.clone());
        use_effect_with(key, move |(project, document_id, coders, themes)| {
            let (project, document_id, coders, themes) =
                (project.clone(), document_id.clone(), coders.clone(), themes.clone());
            let task = gloo::timers::callback::Timeout::new(0, move || {
                // Marked for the benchmark (the page's "agreement" measure).
                let performance = gloo::utils::window().performance();
                if let Some(performance) = &performance {
                    let _ = performance.mark("agreement-start");
                }
                let report = agreement(&project, &document_id, &coders, &themes);
                if let Some(performance) = &performance {
                    let _ = performance.measure_with_start_mark("agreement", "agreement-start");
                }
                computed.set(Some(Rc::new(Computed { project, document_id, coders, themes, report })));
            });
            move || drop(task)
        });
    }
    let current = (*computed).clone().filter(|computed| {
        Rc::ptr_eq(&computed.project, project)
            && computed.document_id == document_id
            && computed.coders == coders
            && computed.themes == themes
    });

    let compare = {
        let dispatcher = props.dispatcher.clone();
        let comparison = props.comparison.clone();
        move |change: &dyn Fn(&mut Comparison)| {
            let mut comparison = comparison.clone();
            change(&mut comparison);
            dispatcher.dispatch(Action::Compare(comparison));
        }
    };

    let coder_picks: Html = comparable_coders(project, &document_id)
        .into_iter()
        .map(|coder| {
            let checked = coders.contains(&coder);
            let coders = coders.clone();
            let compare = compare.clone();
            let ordered = project.clone();
            let onchange = Callback::from(move |event: Event| {
                let shown: bool = event.target_unchecked_into::<HtmlInputElement>().checked();
                let mut chosen: Vec<CoderId> = coders.iter().copied().filter(|id| *id != coder).collect();
                if shown {
                    chosen.push(coder);
                }
                let chosen = annotator_agreement::in_coder_order(&ordered, chosen);
                compare(&|comparison: &mut Comparison| comparison.coders = Some(chosen.clone()));
            });
            let colour = project.coder(coder).map(|coder| coder.colour.clone()).unwrap_or_default();
            html! {
                <label class="pick">
                    <input type="checkbox" {checked} {onchange} />
                    <span class="swatch" style={format!("background: {colour}")} aria-hidden="true"></span>
                    { project.coder_name(coder) }
                </label>
            }
        })
        .collect();
    let theme_picks: Html = project
        .themes()
        .map(|theme| {
            let id = theme.id;
            let checked = themes.contains(&id);
            let themes = themes.clone();
            let all: Vec<ThemeId> = project.themes().map(|theme| theme.id).collect();
            let compare = compare.clone();
            let onchange = Callback::from(move |event: Event| {
                let shown: bool = event.target_unchecked_into::<HtmlInputElement>().checked();
                let chosen: Vec<ThemeId> = all
                    .iter()
                    .copied()
                    .filter(|theme| if *theme == id { shown } else { themes.contains(theme) })
                    .collect();
                compare(&|comparison: &mut Comparison| comparison.themes = Some(chosen.clone()));
            });
            html! {
                <label class="pick">
                    <input type="checkbox" {checked} {onchange} />
                    <span class="swatch" style={format!("background: {}", theme.colour)} aria-hidden="true"></span>
                    { theme.name.clone() }
                </label>
            }
        })
        .collect();
    let without_whitespace = props.comparison.without_whitespace;
    let on_whitespace = {
        let compare = compare.clone();
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            compare(&|comparison: &mut Comparison| comparison.without_whitespace = checked);
        })
    };
    let reset = {
        let compare = compare.clone();
        Callback::from(move |_: MouseEvent| {
            compare(&|comparison: &mut Comparison| {
                comparison.coders = None;
                comparison.themes = None;
            })
        })
    };

    let picks = html! {
        <div class="agreement-picks">
            <fieldset class="picks">
                <legend>{ format!("Coders compared ({})", coders.len()) }</legend>
                { coder_picks }
            </fieldset>
            <details class="picks">
                <summary>{ format!("Themes compared ({} of {})", themes.len(), project.themes().count()) }</summary>
                { theme_picks }
            </details>
            <label class="pick">
                <input type="checkbox" checked={without_whitespace} onchange={on_whitespace} />
                { "Leave whitespace out" }
            </label>
            if props.comparison.coders.is_some() || props.comparison.themes.is_some() {
                <button type="button" class="link-button" onclick={reset}>{ "Compare the defaults again" }</button>
            }
        </div>
    };

    let body = match &current {
        None => html! { <p class="agreement-status" role="status">{ "Computing agreement…" }</p> },
        Some(computed) => match &computed.report {
            Err(AgreementError::TooFewCoders { count }) => html! {
                <p class="agreement-status" role="status">{ format!(
                    "Agreement needs two coders or more with highlights in this document; {} chosen. Open or merge a colleague's project file (Open…), then come back.",
                    count
                ) }</p>
            },
            Err(error) => {
                html! { <p class="agreement-status" role="alert">{ format!("Agreement cannot be computed: {error}.") }</p> }
            }
            Ok(report) => {
                let sort_state = sort.clone();
                let on_sort = Callback::from(move |by: SortBy| {
                    let (current, descending) = *sort_state;
                    sort_state.set((by, if current == by { !descending } else { by != SortBy::Theme }));
                });
                figures_view(project, report, without_whitespace, *sort, on_sort, &props.comparison, &compare)
            }
        },
    };

    let consensus_step = {
        let dispatcher = props.dispatcher.clone();
        let project = project.clone();
        let document_id = document_id.clone();
        let coders = coders.clone();
        let themes = themes.clone();
        let k_field = k_field.clone();
        Callback::from(move |_: MouseEvent| {
            let k =
                k_field.cast::<HtmlInputElement>().and_then(|field| field.value().parse::<usize>().ok()).unwrap_or(2);
            let at = now();
            match agreed_by_at_least(&project, &document_id, &coders, &themes, k) {
                Ok(agreed) if agreed.is_empty() => dispatcher.dispatch(Action::Notify(crate::state::Notice::info(
                    format!("Nothing to add: the consensus already holds every passage where {k} coders agree, or has decided on it."),
                ))),
                Ok(agreed) => {
                    let count = agreed.len();
                    let operations = settle_where_agreed(&agreed, &mut new_annotation_id);
                    dispatcher.dispatch(Action::Adjudicate { operations, at, then_move: None });
                    dispatcher.dispatch(Action::Notify(crate::state::Notice::info(format!(
                        "Added {count} passage{} where at least {k} coders agree to the consensus. Undo takes them back.",
                        if count == 1 { "" } else { "s" }
                    ))));
                }
                Err(error) => dispatcher.dispatch(Action::Notify(crate::state::Notice::error(format!(
                    "The consensus cannot be built: {error}."
                )))),
            }
        })
    };
    let people = coders.iter().filter(|id| **id != annotator_core::coder::CONSENSUS_ID).count();
    let has_consensus =
        project.annotations_in(&document_id).any(|annotation| annotation.coder == annotator_core::coder::CONSENSUS_ID);
    let save_consensus = {
        let dispatcher = props.dispatcher.clone();
        let project = project.clone();
        let document_id = document_id.clone();
        Callback::from(move |_: MouseEvent| {
            let alone = project.only_coder(annotator_core::coder::CONSENSUS_ID);
            let name = format!("{document_id}.consensus.json");
            let text = annotator_formats::project_file::write(&alone);
            let notice = match crate::dom::download::save_bytes(&name, "application/json", text.as_bytes()) {
                Ok(()) => crate::state::Notice::info(format!("Saved \"{name}\": the consensus alone, as a project.")),
                Err(problem) => crate::state::Notice::error(format!("Could not save the consensus: {problem}")),
            };
            dispatcher.dispatch(Action::Notify(notice));
        })
    };
    let consensus = html! {
        <div class="consensus-step">
            <label for="consensus-k">{ "Accept into the consensus wherever" }</label>
            <input id="consensus-k" ref={k_field} type="number" min="1" max={people.max(1).to_string()} value={(people / 2 + 1).min(people.max(1)).to_string()} />
            <span>{ format!("of {people} coders agree") }</span>
            <button type="button" onclick={consensus_step} disabled={people < 2}>{ "Accept" }</button>
            if has_consensus {
                <button type="button" onclick={save_consensus} title="The consensus layer alone, as a project file; Export writes it with everyone's work">
                    { "Save the consensus as a project" }
                </button>
            }
        </div>
    };

    if !props.sees_others {
        let dispatcher = props.dispatcher.clone();
        return html! {
            <div class="agreement blind">
                <p>{ "This project is coded blind: the agreement and the other coders' highlights stay hidden until you reveal them, so that your coding stays your own." }</p>
                <button type="button" onclick={move |_| dispatcher.dispatch(Action::Reveal)}>{ "Reveal" }</button>
            </div>
        };
    }
    let drilled = props.comparison.drilled.filter(|id| themes.contains(id) && project.theme(*id).is_some());
    html! {
        <div class="agreement">
            { picks }
            { body }
            if people >= 2 {
                { consensus }
            }
            if let Some(theme_id) = drilled {
                <DisagreementList
                    project={project.clone()} document={props.document.clone()} coders={coders.clone()} {theme_id}
                    dispatcher={props.dispatcher.clone()}
                />
            }
        </div>
    }
}

/// Why a figure is undefined, for the person.
fn undefined_reason(theme: Option<&ThemeFigures>, units: usize, measure: Measure) -> &'static str {
    if units == 0 {
        return "Undefined: there is no character to compare.";
    }
    match theme {
        Some(theme) if !theme.is_active => "Undefined: none of the coders compared used this theme.",
        _ if measure == Measure::UnitizingAlpha => "Undefined: none of the coders compared used these themes.",
        _ => "Undefined: only one value occurs (every coder applied it everywhere or nowhere), so agreement cannot be told from chance.",
    }
}

#[allow(clippy::too_many_arguments)]
fn figures_view(
    project: &Project,
    report: &AgreementReport,
    without_whitespace: bool,
    (sort_by, descending): (SortBy, bool),
    on_sort: Callback<SortBy>,
    comparison: &Comparison,
    compare: &(impl Fn(&dyn Fn(&mut Comparison)) + Clone + 'static),
) -> Html {
    let coder_count = report.coders.len();
    let coding = |theme: &ThemeFigures| {
        if without_whitespace {
            theme.char_level_non_whitespace
        } else {
            theme.char_level
        }
    };
    let value_of = |theme: &ThemeFigures, measure: Measure| match measure {
        Measure::UnitizingAlpha => theme.u_alpha,
        _ => measure.of(&coding(theme)),
    };
    let units_of = |theme: &ThemeFigures| if without_whitespace { theme.units_non_whitespace } else { theme.units };
    let unit_words = if without_whitespace { "characters that are not whitespace" } else { "characters" };
    let theme_name = |id: ThemeId| project.theme(id).map(|theme| theme.name.clone()).unwrap_or_default();

    let mut rows: Vec<&annotator_agreement::ThemeAgreement> = report.themes.iter().collect();
    rows.sort_by(|first, second| {
        let order = match sort_by {
            SortBy::Theme => std::cmp::Ordering::Equal,
            SortBy::Figure(measure) => {
                let key = |row: &annotator_agreement::ThemeAgreement| {
                    value_of(&row.figures, measure).unwrap_or(f64::NEG_INFINITY)
                };
                key(first).total_cmp(&key(second))
            }
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    });

    let cell = |value: Option<f64>, measure: Measure, about: &str, explanation: String, reason: &'static str| {
        match value {
            Some(value) => {
                html! { <td title={format!("{}: {explanation}", measure.name(coder_count))}>{ measure.show(value) }</td> }
            }
            None => html! {
                <td class="undefined" title={format!("{} {about}. {reason}", measure.name(coder_count))}>
                    <span aria-hidden="true">{ "—" }</span><span class="visually-hidden">{ reason }</span>
                </td>
            },
        }
    };
    let theme_rows: Html = rows
        .iter()
        .map(|row| {
            let name = theme_name(row.theme_id);
            let figures = &row.figures;
            let units = units_of(figures);
            let colour = project.theme(row.theme_id).map(|theme| theme.colour.clone()).unwrap_or_default();
            let cells: Html = MEASURES
                .iter()
                .map(|measure| {
                    let explanation = format!(
                        "{} for \"{name}\", over {units} {unit_words}, {coder_count} coders ({} used it).",
                        measure.meaning(),
                        figures.coders_using
                    );
                    cell(value_of(figures, *measure), *measure, &format!("for \"{name}\""), explanation, undefined_reason(Some(figures), units, *measure))
                })
                .collect();
            let theme_id = row.theme_id;
            let drilled = comparison.drilled == Some(theme_id);
            let compare = compare.clone();
            let on_drill = Callback::from(move |_: MouseEvent| {
                compare(&|comparison: &mut Comparison| comparison.drilled = if drilled { None } else { Some(theme_id) })
            });
            html! {
                <tr key={theme_id.to_string()} class={classes!(drilled.then_some("drilled"), (!figures.is_active).then_some("unused"))}>
                    <th scope="row">
                        <button type="button" class="theme-link" style={format!("--tag-colour: {colour}")} onclick={on_drill}
                            aria-expanded={drilled.to_string()} title={format!("Where the coders differ on \"{name}\"")}>
                            { name.clone() }
                        </button>
                    </th>
                    { cells }
                    <td title={format!("{} of the {coder_count} coders compared used \"{name}\".", figures.coders_using)}>
                        { format!("{}/{coder_count}", figures.coders_using) }
                    </td>
                </tr>
            }
        })
        .collect();

    let overall = &report.overall;
    let overall_view = if without_whitespace { &overall.char_level_non_whitespace } else { &overall.char_level };
    let total_units = report.themes.first().map_or_else(
        || project.document(&report.document_id).map_or(0, |document| document.len()),
        |theme| units_of(&theme.figures),
    );
    let overall_row = |label: &str, figures: &Figures, u_alpha: Option<f64>, how: &str| {
        let cells: Html = MEASURES
            .iter()
            .map(|measure| {
                let value = if *measure == Measure::UnitizingAlpha { u_alpha } else { measure.of(figures) };
                let explanation =
                    format!("{} ({how}), over the {} themes in use.", measure.meaning(), overall.active_themes);
                cell(value, *measure, "overall", explanation, undefined_reason(None, total_units, *measure))
            })
            .collect();
        html! { <tr class="overall"><th scope="row">{ label.to_owned() }</th>{ cells }<td>{ format!("{} themes", overall.active_themes) }</td></tr> }
    };

    let headers: Html = std::iter::once(SortBy::Theme)
        .chain(MEASURES.iter().map(|measure| SortBy::Figure(*measure)))
        .map(|by| {
            let label = match by {
                SortBy::Theme => "Theme",
                SortBy::Figure(measure) => measure.heading(),
            };
            let title = match by {
                SortBy::Theme => "Sort by the codebook's order".to_owned(),
                SortBy::Figure(measure) => format!("{}: {}", measure.name(coder_count), measure.meaning()),
            };
            let aria_sort = match (sort_by == by, descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            };
            let on_sort = on_sort.clone();
            html! {
                <th scope="col" aria-sort={aria_sort}>
                    <button type="button" class="sort" {title} onclick={move |_| on_sort.emit(by)}>{ label }</button>
                </th>
            }
        })
        .collect();

    // The chart: the first figure sorted by (α when sorted by theme), per theme, in its colour.
    let charted = match sort_by {
        SortBy::Figure(measure) => measure,
        SortBy::Theme => Measure::Alpha,
    };
    const LABEL_WIDTH: f64 = 120.0;
    const CHART_WIDTH: f64 = 360.0;
    const BAR_HEIGHT: f64 = 20.0;
    let scale = CHART_WIDTH - LABEL_WIDTH - 50.0;
    let bars: Html = rows
        .iter()
        .enumerate()
        .map(|(place, row)| {
            let y = place as f64 * BAR_HEIGHT;
            let name = theme_name(row.theme_id);
            let label: String = if name.chars().count() > 18 { name.chars().take(17).collect::<String>() + "…" } else { name };
            let colour = project.theme(row.theme_id).map(|theme| theme.colour.clone()).unwrap_or_default();
            let value = value_of(&row.figures, charted);
            let width = value.map_or(0.0, |value| value.clamp(0.0, 1.0) * scale);
            let shown = value.map_or_else(|| "—".to_owned(), |value| charted.show(value));
            html! {
                <g>
                    <text x={(LABEL_WIDTH - 6.0).to_string()} y={(y + 14.0).to_string()} text-anchor="end" class="chart-label">{ label }</text>
                    <rect x={LABEL_WIDTH.to_string()} y={(y + 3.0).to_string()} width={width.max(1.0).to_string()} height={(BAR_HEIGHT - 6.0).to_string()} fill={colour} rx="2" />
                    <text x={(LABEL_WIDTH + width.max(1.0) + 4.0).to_string()} y={(y + 14.0).to_string()} class="chart-value">{ shown }</text>
                </g>
            }
        })
        .collect();
    let chart_summary = rows
        .iter()
        .map(|row| {
            let value =
                value_of(&row.figures, charted).map_or_else(|| "undefined".to_owned(), |value| charted.show(value));
            format!("{}: {value}", theme_name(row.theme_id))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let chart_height = rows.len() as f64 * BAR_HEIGHT + 4.0;

    let drilled_pairs = comparison.drilled.and_then(|id| report.themes.iter().find(|theme| theme.theme_id == id));
    let pairs = match drilled_pairs {
        _ if coder_count <= 2 => html! {},
        Some(theme) => {
            let pairs = if without_whitespace {
                &theme.figures.cohen_kappa_pairs_non_whitespace
            } else {
                &theme.figures.cohen_kappa_pairs
            };
            pairs_view(project, &report.coders, pairs, &format!("on \"{}\"", theme_name(theme.theme_id)))
        }
        None => pairs_view(project, &report.coders, &overall_view.pooled_cohen_kappa_pairs, "all themes pooled"),
    };
    let footnotes: Vec<String> =
        rows.iter().filter(|row| !row.figures.is_active).map(|row| theme_name(row.theme_id)).collect();

    html! {
        <>
            <div class="table-scroll">
            <table class="figures agreement-table">
                <caption>{ format!(
                    "Agreement of {coder_count} coders on \"{}\", per theme, over {total_units} {unit_words}",
                    project.document(&report.document_id).map(|document| document.title().to_owned()).unwrap_or_default()
                ) }</caption>
                <thead><tr>{ headers }<th scope="col">{ "Used by" }</th></tr></thead>
                <tbody>{ theme_rows }</tbody>
                <tfoot>
                    { overall_row("All themes, mean", &overall_view.macro_mean, overall.u_alpha_macro_mean, "the mean of the themes' figures") }
                    { overall_row("All themes, pooled", &overall_view.pooled, overall.u_alpha, "all themes' characters taken together") }
                </tfoot>
            </table>
            </div>
            if !footnotes.is_empty() {
                <p class="footnote">{ format!("— undefined: nobody compared used {}.", footnotes.join(", ")) }</p>
            }
            <p class="footnote">{ "Choose a theme to see where the coders differ. Hover a figure for what it measures." }</p>
            <svg class="chart" viewBox={format!("0 0 {CHART_WIDTH} {chart_height}")} role="img" aria-labelledby="agreement-chart-title">
                <title id="agreement-chart-title">{ format!("{} per theme. {chart_summary}", charted.name(coder_count)) }</title>
                { bars }
            </svg>
            { pairs }
        </>
    }
}

/// Cohen's kappa of every pair of coders (over one theme's characters, or all themes' pooled).
fn pairs_view(project: &Project, coders: &[CoderId], pairs: &CoderPairs, over: &str) -> Html {
    let head: Html = coders.iter().map(|coder| html! { <th scope="col">{ project.coder_name(*coder) }</th> }).collect();
    let rows: Html = coders
        .iter()
        .enumerate()
        .map(|(first, coder)| {
            let cells: Html = (0..coders.len())
                .map(|second| match (first == second, pairs.get(first, second)) {
                    (true, _) => html! { <td class="diagonal"></td> },
                    (false, Some(value)) => html! { <td>{ format!("{value:.3}") }</td> },
                    (false, None) => html! { <td class="undefined" title="Undefined: the two agree on one value throughout.">{ "—" }</td> },
                })
                .collect();
            html! { <tr><th scope="row">{ project.coder_name(*coder) }</th>{ cells }</tr> }
        })
        .collect();
    html! {
        <table class="figures pairs">
            <caption>{ format!("Cohen's κ of each pair of coders, {over}") }</caption>
            <thead><tr><td></td>{ head }</tr></thead>
            <tbody>{ rows }</tbody>
        </table>
    }
}
