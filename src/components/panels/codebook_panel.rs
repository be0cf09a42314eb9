//! The codebook: every theme with its colour, name, description, shortcut key and count; add,
//! rename, recolour, describe, reorder, merge and delete (both asked first).

use crate::dom::clock::{new_theme_id, now};
use crate::state::{plural, Action, AppState};
use annotator_core::overview::passages_by_theme;
use annotator_core::{Operation, Project, ThemeId};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The props of [`CodebookPanel`]: the project, so that the panel is drawn again only when it
/// changes.
#[derive(Properties, PartialEq)]
pub struct CodebookPanelProps {
    /// The project.
    pub project: Rc<Project>,
    /// Where the panel's actions go (compared by pointer).
    pub dispatcher: UseReducerDispatcher<AppState>,
}

/// A change to the codebook that is asked about first.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Pending {
    Delete(ThemeId),
    Merge { from: ThemeId, into: ThemeId },
}

/// The codebook panel.
#[function_component(CodebookPanel)]
pub fn codebook_panel(props: &CodebookPanelProps) -> Html {
    let dispatcher = props.dispatcher.clone();
    let pending = use_state(|| None::<Pending>);
    let project = &props.project;
    let counts: std::collections::HashMap<ThemeId, usize> = passages_by_theme(project, project.annotations())
        .into_iter()
        .map(|(theme, passages)| (theme.id, passages.len()))
        .collect();
    let count = |theme_id: ThemeId| counts.get(&theme_id).copied().unwrap_or(0);
    let apply = {
        let dispatcher = dispatcher.clone();
        move |operation: Operation| dispatcher.dispatch(Action::Apply(vec![operation], now()))
    };
    let theme_count = project.themes().count();

    let rows: Html = project
        .themes()
        .enumerate()
        .map(|(index, theme)| {
            let id = theme.id;
            let name = theme.name.clone();
            let on_name = {
                let apply = apply.clone();
                Callback::from(move |event: Event| {
                    if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                        apply(Operation::RenameTheme { theme_id: id, name: input.value() });
                    }
                })
            };
            let on_colour = {
                let apply = apply.clone();
                Callback::from(move |event: Event| {
                    if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                        apply(Operation::RecolourTheme { theme_id: id, colour: input.value() });
                    }
                })
            };
            let on_description = {
                let apply = apply.clone();
                Callback::from(move |event: Event| {
                    if let Some(input) = event.target_dyn_into::<HtmlTextAreaElement>() {
                        apply(Operation::DescribeTheme { theme_id: id, description: input.value() });
                    }
                })
            };
            let move_to = |to_index: usize| {
                let apply = apply.clone();
                Callback::from(move |_: MouseEvent| apply(Operation::MoveTheme { theme_id: id, to_index }))
            };
            let on_merge = {
                let pending = pending.clone();
                Callback::from(move |event: Event| {
                    let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
                    if let Ok(into) = Uuid::parse_str(&select.value()) {
                        pending.set(Some(Pending::Merge { from: id, into: ThemeId(into) }));
                    }
                    select.set_value("");
                })
            };
            let on_delete = {
                let pending = pending.clone();
                Callback::from(move |_: MouseEvent| pending.set(Some(Pending::Delete(id))))
            };
            let merge_options: Html = project
                .themes()
                .filter(|other| other.id != id)
                .map(|other| html! { <option value={other.id.to_string()}>{ other.name.clone() }</option> })
                .collect();
            let highlights = count(id);
            let confirm = (*pending).and_then(|asked| confirmation(asked, id, project, &apply, &pending));
            html! {
                <li key={id.to_string()} class="codebook-row">
                    <div class="row-head">
                        <span class="shortcut">
                            if index < 9 { <kbd title={format!("Press {} to tag with this theme", index + 1)}>{ index + 1 }</kbd> }
                        </span>
                        <input type="color" value={theme.colour.clone()} aria-label={format!("Colour of {name}")} onchange={on_colour} />
                        <input type="text" class="theme-name" value={name.clone()} aria-label={format!("Name of {name}")} onchange={on_name} maxlength="80" />
                        <span class="row-count">{ format!("{highlights} highlight{}", plural(highlights)) }</span>
                    </div>
                    <textarea class="theme-description" rows="2" value={theme.description.clone()} aria-label={format!("Description of {name}")} onchange={on_description} placeholder="What this theme means" />
                    <div class="row-actions">
                        <button type="button" aria-label={format!("Move {name} up")} disabled={index == 0} onclick={move_to(index.saturating_sub(1))}>{ "↑" }</button>
                        <button type="button" aria-label={format!("Move {name} down")} disabled={index + 1 == theme_count} onclick={move_to(index + 1)}>{ "↓" }</button>
                        <select aria-label={format!("Merge {name} into another theme")} onchange={on_merge}>
                            <option value="" selected=true>{ "Merge into…" }</option>
                            { merge_options }
                        </select>
                        <button type="button" class="danger" aria-label={format!("Delete {name}")} onclick={on_delete}>{ "Delete" }</button>
                    </div>
                    { for confirm }
                </li>
            }
        })
        .collect();

    let name_input = use_node_ref();
    let colour_input = use_node_ref();
    let on_add = {
        let dispatcher = dispatcher.clone();
        let name_input = name_input.clone();
        let colour_input = colour_input.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(name) = name_input.cast::<HtmlInputElement>() else { return };
            let colour = colour_input.cast::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default();
            let operation =
                Operation::CreateTheme { id: new_theme_id(), name: name.value(), colour, description: String::new() };
            dispatcher.dispatch(Action::Apply(vec![operation], now()));
            name.set_value("");
        })
    };

    html! {
        <div class="codebook">
            <ol class="codebook-rows">{ rows }</ol>
            <form class="new-theme" onsubmit={on_add} aria-label="Add a theme">
                <label>{ "New theme " }<input ref={name_input} type="text" required=true maxlength="80" /></label>
                <label>{ "Colour " }<input ref={colour_input} type="color" value={project.unused_colour()} /></label>
                <button type="submit">{ "Add theme" }</button>
            </form>
        </div>
    }
}

/// The question shown in the row of `row_theme` while a deletion or merge of it is asked about.
fn confirmation(
    asked: Pending,
    row_theme: ThemeId,
    project: &Project,
    apply: &(impl Fn(Operation) + Clone + 'static),
    pending: &UseStateHandle<Option<Pending>>,
) -> Option<Html> {
    let name_of = |id: ThemeId| project.theme(id).map(|theme| theme.name.clone()).unwrap_or_default();
    let count = |id: ThemeId| project.annotations().filter(|a| a.has_theme(id)).count();
    let (question, action_label, command) = match asked {
        Pending::Delete(theme_id) if theme_id == row_theme => {
            let highlights = count(theme_id);
            (
                format!(
                    "Delete \"{}\"? {highlights} highlight{} will lose this theme.",
                    name_of(theme_id),
                    plural(highlights)
                ),
                "Delete theme",
                Operation::DeleteTheme { theme_id },
            )
        }
        Pending::Merge { from, into } if from == row_theme => {
            let highlights = count(from);
            (
                format!("Merge \"{}\" into \"{}\"? Its {highlights} highlight{} will be tagged \"{}\" and \"{}\" will be deleted.", name_of(from), name_of(into), plural(highlights), name_of(into), name_of(from)),
                "Merge themes",
                Operation::MergeThemes { from, into },
            )
        }
        _ => return None,
    };
    let on_confirm = {
        let apply = apply.clone();
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| {
            apply(command.clone());
            pending.set(None);
        })
    };
    let on_cancel = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };
    Some(html! {
        <div class="confirm" role="alertdialog" aria-label="Confirm" aria-describedby="confirm-question">
            <p id="confirm-question">{ question }</p>
            <button type="button" class="danger" onclick={on_confirm}>{ action_label }</button>
            <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
        </div>
    })
}
