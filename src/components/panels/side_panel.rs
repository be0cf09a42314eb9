//! The side panel: the find box, and tabs over the highlights list, the codebook, the overview,
//! agreement and co-occurrence.

use super::highlights_list::HighlightsList;
use super::on_demand::{part_of, PanelOnDemand, PanelSource};
use crate::state::{Action, AppState, Panel};
use annotator_core::{CoderId, Project};
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`SidePanel`].
#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    /// The app state (compared by pointer).
    pub state: UseReducerHandle<AppState>,
    /// The project as the panels draw it: a change reaches them a frame after the document
    /// (`crate::hooks::use_a_frame_later`).
    pub project: Rc<Project>,
    /// The project's coders with live highlights.
    pub coders: Rc<Vec<CoderId>>,
    /// Downloads a table as CSV (the co-occurrence panel's matrices).
    pub on_download_table: Callback<(String, Vec<Vec<String>>)>,
    /// What goes above the tabs (the find box).
    #[prop_or_default]
    pub children: Html,
}

const TABS: [(Panel, &str, &str); 5] = [
    (Panel::Highlights, "Highlights", "highlights"),
    (Panel::Codebook, "Codebook", "codebook"),
    (Panel::Overview, "Overview", "overview"),
    (Panel::Agreement, "Agreement", "agreement"),
    (Panel::Cooccurrence, "Co-occurrence", "cooccurrence"),
];

/// The tabbed side panel.
#[function_component(SidePanel)]
pub fn side_panel(props: &SidePanelProps) -> Html {
    let state = &props.state;
    let dispatcher = state.dispatcher();
    let tabs: Html = TABS
        .iter()
        .map(|(panel, label, slug)| {
            let selected = state.panel == *panel;
            let dispatcher = dispatcher.clone();
            let panel = *panel;
            html! {
                <button
                    type="button" role="tab" id={format!("tab-{slug}")} aria-controls={format!("panel-{slug}")}
                    aria-selected={selected.to_string()} tabindex={if selected { "0" } else { "-1" }}
                    onclick={move |_| dispatcher.dispatch(Action::ShowPanel(panel))}
                >{ *label }</button>
            }
        })
        .collect();
    // Arrow keys move between tabs, as the ARIA tabs pattern has it.
    let on_tab_key = {
        let dispatcher = dispatcher.clone();
        let current = state.panel;
        Callback::from(move |event: KeyboardEvent| {
            let index = TABS.iter().position(|(panel, _, _)| *panel == current).unwrap_or(0);
            let next = match event.key().as_str() {
                "ArrowRight" => (index + 1) % TABS.len(),
                "ArrowLeft" => (index + TABS.len() - 1) % TABS.len(),
                _ => return,
            };
            event.prevent_default();
            dispatcher.dispatch(Action::ShowPanel(TABS[next].0));
            if let Ok(Some(tab)) = gloo::utils::document().query_selector(&format!("#tab-{}", TABS[next].2)) {
                if let Some(tab) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&tab) {
                    let _ = tab.focus();
                }
            }
        })
    };
    let slug = TABS.iter().find(|(panel, _, _)| *panel == state.panel).map_or("highlights", |(_, _, slug)| *slug);
    let body = match part_of(state.panel) {
        None => html! {
            <HighlightsList
                project={props.project.clone()} coders={props.coders.clone()} document_id={state.document.id().to_owned()} layers={state.seen_layers()}
                filter={state.list_filter.clone()} order={state.list_order} dispatcher={dispatcher.clone()}
            />
        },
        Some(part) => {
            let source = PanelSource {
                state: state.clone(),
                project: props.project.clone(),
                on_download_table: props.on_download_table.clone(),
            };
            html! { <PanelOnDemand {part} {source} /> }
        }
    };
    html! {
        <aside class="side-panel" aria-label="Panels">
            { props.children.clone() }
            <div class="tabs" role="tablist" aria-label="Panels" onkeydown={on_tab_key}>{ tabs }</div>
            <section class="panel-body" role="tabpanel" id={format!("panel-{slug}")} aria-labelledby={format!("tab-{slug}")} tabindex="0">
                { body }
            </section>
        </aside>
    }
}
