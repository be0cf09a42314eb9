//! The list of highlights: passage, themes, note and time; filtered by theme and words, sorted
//! by position or time. Choosing one scrolls the document to it.

use crate::dom::clock::local_time;
use crate::dom::reveal::reveal_annotation;
use crate::state::{plural, Action, AppState, NarrowView};
use annotator_core::hierarchy::Hierarchy;
use annotator_core::layers::Layers;
use annotator_core::listing::{list, ListFilter, ListOrder};
use annotator_core::{CoderId, Project, ThemeId};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// How many entries the list draws at first, and adds each time more are asked for.
const LIST_PAGE: usize = 50;

/// The props of [`HighlightsList`]: what the list shows, so that it is drawn again only when
/// that changes, not on every action.
#[derive(Properties, PartialEq)]
pub struct HighlightsListProps {
    /// The project.
    pub project: Rc<Project>,
    /// Its coders with live highlights, for the "Coded by" filter (worked out once per change
    /// of the project).
    pub coders: Rc<Vec<CoderId>>,
    /// The document shown.
    pub document_id: String,
    /// Whose highlights are shown.
    pub layers: Layers,
    /// Which highlights the list shows.
    pub filter: ListFilter,
    /// In what order.
    pub order: ListOrder,
    /// Where the list's actions go (compared by pointer).
    pub dispatcher: UseReducerDispatcher<AppState>,
}

/// The highlights list with its filters.
#[function_component(HighlightsList)]
pub fn highlights_list(props: &HighlightsListProps) -> Html {
    let dispatcher = props.dispatcher.clone();
    let project = &props.project;
    let document_id = props.document_id.as_str();
    // Long lists are drawn (and sorted) a page at a time: ten thousand entries on every change
    // would cost more than the change itself.
    let shown_count = use_state(|| LIST_PAGE);
    let listed = list(project, document_id, &props.layers, &props.filter, props.order, *shown_count);
    let show_more = {
        let shown_count = shown_count.clone();
        Callback::from(move |_: MouseEvent| shown_count.set(*shown_count + LIST_PAGE))
    };
    let total = project.placed_annotations_in(document_id).filter(|a| props.layers.shows(a)).count();

    let on_theme = {
        let dispatcher = dispatcher.clone();
        let filter = props.filter.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
            let theme_id = Uuid::parse_str(&select.value()).ok().map(ThemeId);
            dispatcher.dispatch(Action::FilterList(ListFilter { theme_id, ..filter.clone() }));
        })
    };
    let on_coder = {
        let dispatcher = dispatcher.clone();
        let filter = props.filter.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
            let coder = Uuid::parse_str(&select.value()).ok().map(CoderId);
            dispatcher.dispatch(Action::FilterList(ListFilter { coder, ..filter.clone() }));
        })
    };
    let on_text = {
        let dispatcher = dispatcher.clone();
        let filter = props.filter.clone();
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            dispatcher.dispatch(Action::FilterList(ListFilter { text: input.value(), ..filter.clone() }));
        })
    };
    let on_order = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
            let order = if select.value() == "newest" { ListOrder::Newest } else { ListOrder::Position };
            dispatcher.dispatch(Action::OrderList(order));
        })
    };

    // In the codebook's tree order, each named by its path: choosing a parent lists the
    // highlights of the themes below it too.
    let hierarchy = use_memo(props.project.clone(), |project| Hierarchy::of(project));
    let theme_options: Html = hierarchy
        .rows()
        .into_iter()
        .map(|(theme_id, _)| {
            let selected = props.filter.theme_id == Some(theme_id);
            html! { <option value={theme_id.to_string()} {selected}>{ hierarchy.path(theme_id) }</option> }
        })
        .collect();

    // Only coders whose layer is shown (so coding blind, only this person).
    let coder_options: Html = props
        .coders
        .iter()
        .filter(|coder| props.layers.shows_coder(**coder))
        .map(|&coder| {
            let selected = props.filter.coder == Some(coder);
            html! { <option value={coder.to_string()} {selected}>{ project.coder_name(coder) }</option> }
        })
        .collect();

    let items: Html = listed
        .iter()
        .take(*shown_count)
        .map(|annotation| {
            let id = annotation.id;
            let span = annotation.span;
            let dispatcher = dispatcher.clone();
            let on_choose = Callback::from(move |_: MouseEvent| {
                dispatcher.dispatch(Action::ShowOnNarrow(NarrowView::Document));
                // The document may only now be shown (narrow screens): reveal after it is drawn.
                gloo::timers::callback::Timeout::new(0, move || reveal_annotation(id, span)).forget();
            });
            let chips: Html = annotation
                .theme_ids()
                .filter_map(|theme_id| project.theme(theme_id))
                .map(|theme| html! { <span class="chip" style={format!("--tag-colour: {}", theme.colour)}>{ theme.name.clone() }</span> })
                .collect();
            html! {
                <li key={id.to_string()}>
                    <button type="button" class="list-entry" onclick={on_choose}>
                        <span class="entry-quote">{ annotation.quote.exact.clone() }</span>
                        <span class="chips">{ chips }</span>
                        if !annotation.note.is_empty() {
                            <span class="entry-note">{ annotation.note.clone() }</span>
                        }
                        <span class="entry-meta">{ format!("{} · {}", project.coder_name(annotation.coder), local_time(annotation.modified().at)) }</span>
                    </button>
                </li>
            }
        })
        .collect();

    let orphans: Html = project
        .orphans_in(document_id)
        .map(|annotation| {
            let id = annotation.id;
            let dispatcher = dispatcher.clone();
            html! {
                <li key={id.to_string()} class="orphan">
                    <span class="entry-quote">{ annotation.quote.exact.clone() }</span>
                    <span class="entry-meta">{ format!("Not found in the text (last at {}–{})", annotation.span.start(), annotation.span.end()) }</span>
                    <button type="button" onclick={move |_| dispatcher.dispatch(Action::StartMoving(Some(id)))}>{ "Re-attach to a new selection" }</button>
                </li>
            }
        })
        .collect();
    let orphan_count = project.orphans_in(document_id).count();

    html! {
        <div class="highlights-list">
            if orphan_count > 0 {
                <section class="orphans" aria-labelledby="orphans-title">
                    <h2 id="orphans-title">{ format!("Orphans ({orphan_count})") }</h2>
                    <p class="hint">{ "These annotations could not be placed in this text. They are kept and exported as they were; select their passage and re-attach them." }</p>
                    <ol class="entries">{ orphans }</ol>
                </section>
            }
            <div class="list-controls">
                <div class="control">
                    <label for="list-theme">{ "Theme" }</label>
                    <select id="list-theme" onchange={on_theme}>
                        <option value="" selected={props.filter.theme_id.is_none()}>{ "All themes" }</option>
                        { theme_options }
                    </select>
                </div>
                <div class="control">
                    <label for="list-coder">{ "Coded by" }</label>
                    <select id="list-coder" onchange={on_coder}>
                        <option value="" selected={props.filter.coder.is_none()}>{ "All coders" }</option>
                        { coder_options }
                    </select>
                </div>
                <div class="control">
                    <label for="list-search">{ "Search" }</label>
                    <input id="list-search" type="search" value={props.filter.text.clone()} oninput={on_text} placeholder="words in passage, note, theme" />
                </div>
                <div class="control">
                    <label for="list-order">{ "Sort" }</label>
                    <select id="list-order" onchange={on_order}>
                        <option value="position" selected={props.order == ListOrder::Position}>{ "By position" }</option>
                        <option value="newest" selected={props.order == ListOrder::Newest}>{ "Newest first" }</option>
                    </select>
                </div>
            </div>
            <p class="list-count" aria-live="polite">{ format!("{} of {} highlight{}", listed.len(), total, plural(total)) }</p>
            if total == 0 {
                <p class="hint">{ "Select text in the document to make your first highlight." }</p>
            }
            <ol class="entries">{ items }</ol>
            if listed.len() > *shown_count {
                <button type="button" class="show-more" onclick={show_more}>
                    { format!("Show {} more of {}", (listed.len() - *shown_count).min(LIST_PAGE), listed.len() - *shown_count) }
                </button>
            }
        </div>
    }
}
