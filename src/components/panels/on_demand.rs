//! The panels behind the side panel's tabs other than the highlights list, each fetched the first
//! time it is shown (see `crate::on_demand`).

use super::agreement_panel::AgreementPanel;
use super::codebook_panel::CodebookPanel;
use super::cooccurrence_panel::CooccurrencePanel;
use super::overview_panel::OverviewPanel;
use crate::on_demand::{use_on_demand, Fetched, Part};
use crate::state::{AppState, Panel};
use annotator_core::Project;
use std::rc::Rc;
use yew::prelude::*;

/// What the panels draw from: the side panel's props but the find box above the tabs, so that
/// typing in it does not draw the panel again.
#[derive(PartialEq)]
pub struct PanelSource {
    /// The app state (compared by pointer).
    pub state: UseReducerHandle<AppState>,
    /// The project as the panels draw it, a frame after the document.
    pub project: Rc<Project>,
    /// Downloads a table as CSV (the co-occurrence panel's matrices).
    pub on_download_table: Callback<(String, Vec<Vec<String>>)>,
}

/// Draws one panel. A part is the drawing function rather than the drawing, so that once its
/// code is here every render is an ordinary call.
type Draw = fn(&PanelSource) -> Html;

crate::on_demand!(CODEBOOK: Draw, codebook_panel => |props| {
    let state = &props.state;
    html! { <CodebookPanel project={props.project.clone()} dispatcher={state.dispatcher()} /> }
});

crate::on_demand!(OVERVIEW: Draw, overview_panel => |props| {
    let state = &props.state;
    html! { <OverviewPanel document={state.document.clone()} project={props.project.clone()} layers={state.seen_layers()} /> }
});

crate::on_demand!(AGREEMENT: Draw, agreement_panel => |props| {
    let state = &props.state;
    html! {
        <AgreementPanel
            project={props.project.clone()} document={state.document.clone()} comparison={state.comparison.clone()}
            dispatcher={state.dispatcher()} sees_others={state.sees_others()}
        />
    }
});

crate::on_demand!(COOCCURRENCE: Draw, cooccurrence_panel => |props| {
    let state = &props.state;
    html! {
        <CooccurrencePanel
            project={props.project.clone()} document={state.document.clone()} layers={state.seen_layers()}
            dispatcher={state.dispatcher()} on_download={props.on_download_table.clone()}
        />
    }
});

/// The part that draws a panel; `None` for the highlights list, which is in the page's module.
pub fn part_of(panel: Panel) -> Option<&'static Part<Draw>> {
    match panel {
        Panel::Highlights => None,
        Panel::Codebook => Some(&CODEBOOK),
        Panel::Overview => Some(&OVERVIEW),
        Panel::Agreement => Some(&AGREEMENT),
        Panel::Cooccurrence => Some(&COOCCURRENCE),
    }
}

/// The props of [`PanelOnDemand`].
#[derive(Properties, PartialEq)]
pub struct PanelOnDemandProps {
    /// The panel's part.
    pub part: &'static Part<Draw>,
    /// What the panel draws from.
    pub source: PanelSource,
}

/// A panel drawn once its code is here: until then a line saying it is on its way, and if it
/// could not be fetched, a message and a button to try again (the rest of the app goes on).
#[function_component(PanelOnDemand)]
pub fn panel_on_demand(props: &PanelOnDemandProps) -> Html {
    let (fetched, retry) = use_on_demand(props.part, true);
    match fetched {
        Fetched::Ready(draw) => draw(&props.source),
        Fetched::Pending => html! { <p class="panel-loading" role="status">{ "Loading this panel…" }</p> },
        Fetched::Failed => html! {
            <div class="panel-loading" role="alert">
                <p>{ "This panel's code could not be fetched: the server may be gone or the connection lost. Your work is untouched." }</p>
                <button type="button" onclick={move |_| retry.emit(())}>{ "Try again" }</button>
            </div>
        },
    }
}
