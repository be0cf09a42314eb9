//! The codebook as a tree (the WAI-ARIA tree pattern): every theme with its colour, name,
//! description, shortcut key and count (rolled up from the themes below it); add, rename,
//! recolour, describe, reorder among its siblings, move under another theme (by dragging it
//! onto one, or "Move under…"), merge and delete (both asked first, with what becomes of the
//! themes below it). Arrow keys, Home and End move through the tree and fold it.

use crate::dom::clock::{new_theme_id, now};
use crate::state::{plural, Action, AppState};
use annotator_core::hierarchy::{
    delete_with_children, merge_with_children, ChildrenOnDelete, ChildrenOnMerge, Hierarchy,
};
use annotator_core::overview::passages_by_theme_rolled_up;
use annotator_core::{Operation, Project, ThemeId};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
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

/// What the question offers for the themes below the one deleted or merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChildrenChoice {
    MoveUp,
    MoveUnderTarget,
    DeleteToo,
}

/// What the panel keeps between drawings, apart from the project: which themes are folded,
/// which row the keyboard is on, what is asked about, and what is being dragged.
#[derive(Clone)]
struct TreeState {
    collapsed: UseStateHandle<HashSet<ThemeId>>,
    focused: UseStateHandle<Option<ThemeId>>,
    pending: UseStateHandle<Option<Pending>>,
    choice: UseStateHandle<ChildrenChoice>,
    dragged: Rc<std::cell::Cell<Option<ThemeId>>>,
    drop_target: UseStateHandle<Option<ThemeId>>,
}

/// The id of a theme's tree item in the page, for moving the keyboard focus to it.
fn item_id(theme_id: ThemeId) -> String {
    format!("codebook-item-{theme_id}")
}

/// Whether `event` happened on the tree item of `theme_id` itself, not on a field inside it. By
/// its target's id: Yew delegates events from the page's root, so `current_target` is not the item.
fn on_the_item(event: &Event, theme_id: ThemeId) -> bool {
    event
        .target()
        .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
        .is_some_and(|element| element.id() == item_id(theme_id))
}

fn focus_item(theme_id: ThemeId) {
    let element = gloo::utils::document().get_element_by_id(&item_id(theme_id));
    if let Some(element) = element.and_then(|element| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(element).ok()) {
        let _ = element.focus();
    }
}

/// The codebook panel.
#[function_component(CodebookPanel)]
pub fn codebook_panel(props: &CodebookPanelProps) -> Html {
    let dispatcher = props.dispatcher.clone();
    let tree = TreeState {
        collapsed: use_state(HashSet::new),
        focused: use_state(|| None),
        pending: use_state(|| None),
        choice: use_state(|| ChildrenChoice::MoveUp),
        dragged: use_memo((), |_| std::cell::Cell::new(None)),
        drop_target: use_state(|| None),
    };
    let project = &props.project;
    let hierarchy = use_memo(props.project.clone(), |project| Hierarchy::of(project));
    let counts = use_memo(props.project.clone(), |project| {
        passages_by_theme_rolled_up(project, project.annotations())
            .into_iter()
            .map(|(theme, passages)| (theme.id, passages.len()))
            .collect::<HashMap<ThemeId, usize>>()
    });
    let apply = {
        let dispatcher = dispatcher.clone();
        move |operation: Operation| dispatcher.dispatch(Action::Apply(vec![operation], now()))
    };
    // The rows the keyboard goes through: those not inside a folded theme.
    let visible: Vec<ThemeId> = hierarchy
        .rows()
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| !hierarchy.ancestors(*id).iter().any(|above| tree.collapsed.contains(above)))
        .collect();
    let tab_stop = tree.focused.filter(|id| visible.contains(id)).or(visible.first().copied());
    let view = TreeView { project, hierarchy: &hierarchy, counts: &counts, tree: &tree, visible: &visible, tab_stop };

    let items: Html = hierarchy.roots().iter().map(|id| view.item(*id, &apply)).collect();

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
            <p class="codebook-hint" id="codebook-hint">{ "Drag a theme's handle onto another theme to put it under that one, or use \"Move under…\". Arrow keys move through the tree; Left and Right fold and unfold." }</p>
            <ul class="codebook-rows" role="tree" aria-label="Codebook" aria-describedby="codebook-hint">{ items }</ul>
            <form class="new-theme" onsubmit={on_add} aria-label="Add a theme">
                <label>{ "New theme " }<input ref={name_input} type="text" required=true maxlength="80" /></label>
                <label>{ "Colour " }<input ref={colour_input} type="color" value={project.unused_colour()} /></label>
                <button type="submit">{ "Add theme" }</button>
            </form>
        </div>
    }
}

/// What drawing one tree item needs.
struct TreeView<'a> {
    project: &'a Project,
    hierarchy: &'a Rc<Hierarchy>,
    counts: &'a HashMap<ThemeId, usize>,
    tree: &'a TreeState,
    visible: &'a [ThemeId],
    tab_stop: Option<ThemeId>,
}

impl TreeView<'_> {
    fn item(&self, id: ThemeId, apply: &(impl Fn(Operation) + Clone + 'static)) -> Html {
        let Some(theme) = self.project.theme(id) else { return Html::default() };
        let hierarchy = self.hierarchy;
        let tree = self.tree;
        let name = theme.name.clone();
        let children = hierarchy.children(id);
        let has_children = !children.is_empty();
        let expanded = has_children && !tree.collapsed.contains(&id);
        let level = hierarchy.depth(id) + 1;
        let highlights = self.counts.get(&id).copied().unwrap_or(0);
        // The shortcut keys follow the codebook's order, as the toolbar's do.
        let index = self.project.themes().position(|theme| theme.id == id).unwrap_or(usize::MAX);

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
        // Up and down among its siblings: before the one above, or after the one below, in the
        // codebook's one order.
        let siblings = match hierarchy.parent(id) {
            Some(parent) => hierarchy.children(parent),
            None => hierarchy.roots(),
        };
        let place = siblings.iter().position(|sibling| *sibling == id).unwrap_or(0);
        let order_index = |theme_id: ThemeId| self.project.themes().position(|theme| theme.id == theme_id);
        let move_to = |sibling: Option<&ThemeId>| {
            let to_index = sibling.and_then(|sibling| order_index(*sibling));
            let apply = apply.clone();
            let callback = Callback::from(move |_: MouseEvent| {
                if let Some(to_index) = to_index {
                    apply(Operation::MoveTheme { theme_id: id, to_index });
                }
            });
            (callback, to_index.is_none())
        };
        let (move_up, first) = move_to(place.checked_sub(1).and_then(|above| siblings.get(above)));
        let (move_down, last) = move_to(siblings.get(place + 1));

        let on_parent = {
            let apply = apply.clone();
            Callback::from(move |event: Event| {
                let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
                let value = select.value();
                select.set_value("");
                let parent = match value.as_str() {
                    "" => return,
                    "top" => None,
                    uuid => match Uuid::parse_str(uuid) {
                        Ok(parent) => Some(ThemeId(parent)),
                        Err(_) => return,
                    },
                };
                apply(Operation::SetThemeParent { theme_id: id, parent });
            })
        };
        // Where it may go: anywhere but under itself or a theme below it.
        let parent_options: Html = hierarchy
            .rows()
            .into_iter()
            .filter(|(other, _)| *other != id && !hierarchy.is_below(*other, id))
            .map(|(other, _)| {
                let current = hierarchy.parent(id) == Some(other);
                html! { <option value={other.to_string()} disabled={current}>{ hierarchy.path(other) }</option> }
            })
            .collect();
        let on_merge = {
            let pending = tree.pending.clone();
            let choice = tree.choice.clone();
            Callback::from(move |event: Event| {
                let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
                if let Ok(into) = Uuid::parse_str(&select.value()) {
                    choice.set(ChildrenChoice::MoveUp);
                    pending.set(Some(Pending::Merge { from: id, into: ThemeId(into) }));
                }
                select.set_value("");
            })
        };
        let on_delete = {
            let pending = tree.pending.clone();
            let choice = tree.choice.clone();
            Callback::from(move |_: MouseEvent| {
                choice.set(ChildrenChoice::MoveUp);
                pending.set(Some(Pending::Delete(id)));
            })
        };
        let merge_options: Html = hierarchy
            .rows()
            .into_iter()
            .filter(|(other, _)| *other != id)
            .map(|(other, _)| html! { <option value={other.to_string()}>{ hierarchy.path(other) }</option> })
            .collect();
        let confirm = (*tree.pending).and_then(|asked| self.confirmation(asked, id, apply));

        let on_toggle = {
            let collapsed = tree.collapsed.clone();
            Callback::from(move |_: MouseEvent| toggle(&collapsed, id))
        };
        let on_key = self.on_key(id, has_children, expanded);
        let on_focus = {
            let focused = tree.focused.clone();
            Callback::from(move |event: FocusEvent| {
                // Only the item itself, not a field inside it, takes the tab stop.
                if on_the_item(&event, id) {
                    focused.set(Some(id));
                }
            })
        };

        // Dragging: the handle carries the theme; a row takes it if it may go there.
        let on_drag_start = {
            let dragged = tree.dragged.clone();
            Callback::from(move |event: DragEvent| {
                dragged.set(Some(id));
                if let Some(transfer) = event.data_transfer() {
                    let _ = transfer.set_data("text/plain", &id.to_string());
                    transfer.set_effect_allowed("move");
                }
            })
        };
        let on_drag_end = {
            let dragged = tree.dragged.clone();
            let drop_target = tree.drop_target.clone();
            Callback::from(move |_: DragEvent| {
                dragged.set(None);
                drop_target.set(None);
            })
        };
        let may_take = {
            let hierarchy = hierarchy.clone();
            move |dragged: Option<ThemeId>| {
                dragged.is_some_and(|dragged| {
                    dragged != id && !hierarchy.is_below(id, dragged) && hierarchy.parent(dragged) != Some(id)
                })
            }
        };
        let on_drag_over = {
            let dragged = tree.dragged.clone();
            let drop_target = tree.drop_target.clone();
            let may_take = may_take.clone();
            Callback::from(move |event: DragEvent| {
                if may_take(dragged.get()) {
                    event.prevent_default();
                    if *drop_target != Some(id) {
                        drop_target.set(Some(id));
                    }
                }
            })
        };
        let on_drag_leave = {
            let drop_target = tree.drop_target.clone();
            Callback::from(move |_: DragEvent| {
                if *drop_target == Some(id) {
                    drop_target.set(None);
                }
            })
        };
        let on_drop = {
            let dragged = tree.dragged.clone();
            let drop_target = tree.drop_target.clone();
            let apply = apply.clone();
            let collapsed = tree.collapsed.clone();
            Callback::from(move |event: DragEvent| {
                event.prevent_default();
                if let Some(moved) = dragged.get().filter(|moved| may_take(Some(*moved))) {
                    apply(Operation::SetThemeParent { theme_id: moved, parent: Some(id) });
                    // Unfolded, so the theme just put there shows.
                    if collapsed.contains(&id) {
                        toggle(&collapsed, id);
                    }
                }
                dragged.set(None);
                drop_target.set(None);
            })
        };

        let group: Html = if expanded {
            html! { <ul role="group" class="codebook-group">{ for children.iter().map(|child| self.item(*child, apply)) }</ul> }
        } else {
            Html::default()
        };
        let row_class = classes!("row-head", (*tree.drop_target == Some(id)).then_some("drop-target"));
        let label = format!("{}, {highlights} highlight{}", hierarchy.path(id), plural(highlights));
        let toggle_label = format!("{} {name}", if expanded { "Collapse" } else { "Expand" });
        html! {
            <li key={id.to_string()} id={item_id(id)} class="codebook-row" role="treeitem" aria-level={level.to_string()}
                aria-expanded={has_children.then(|| expanded.to_string())} aria-label={label}
                tabindex={if self.tab_stop == Some(id) { "0" } else { "-1" }}
                onkeydown={on_key} onfocus={on_focus}>
                <div class={row_class} ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
                    <span class="drag-handle" draggable="true" title={format!("Drag {name} onto another theme to put it under that one")}
                        ondragstart={on_drag_start} ondragend={on_drag_end} aria-hidden="true">{ "⠿" }</span>
                    if has_children {
                        <button type="button" class="fold" aria-label={toggle_label} aria-expanded={expanded.to_string()} tabindex="-1" onclick={on_toggle}>{ if expanded { "▾" } else { "▸" } }</button>
                    } else {
                        <span class="fold" aria-hidden="true"></span>
                    }
                    <span class="shortcut">
                        if index < 9 { <kbd title={format!("Press {} to tag with this theme", index + 1)}>{ index + 1 }</kbd> }
                    </span>
                    <input type="color" value={theme.colour.clone()} aria-label={format!("Colour of {name}")} onchange={on_colour} />
                    <input type="text" class="theme-name" value={name.clone()} aria-label={format!("Name of {name}")} onchange={on_name} maxlength="80" />
                    <span class="row-count" title={if has_children { "Including the themes below it, each highlight once" } else { "" }}>{ format!("{highlights} highlight{}", plural(highlights)) }</span>
                </div>
                <textarea class="theme-description" rows="2" value={theme.description.clone()} aria-label={format!("Description of {name}")} onchange={on_description} placeholder="What this theme means" />
                <div class="row-actions">
                    <button type="button" aria-label={format!("Move {name} up")} disabled={first} onclick={move_up}>{ "↑" }</button>
                    <button type="button" aria-label={format!("Move {name} down")} disabled={last} onclick={move_down}>{ "↓" }</button>
                    <select aria-label={format!("Move {name} under another theme")} onchange={on_parent}>
                        <option value="" selected=true>{ "Move under…" }</option>
                        <option value="top" disabled={hierarchy.parent(id).is_none()}>{ "Top level" }</option>
                        { parent_options }
                    </select>
                    <select aria-label={format!("Merge {name} into another theme")} onchange={on_merge}>
                        <option value="" selected=true>{ "Merge into…" }</option>
                        { merge_options }
                    </select>
                    <button type="button" class="danger" aria-label={format!("Delete {name}")} onclick={on_delete}>{ "Delete" }</button>
                </div>
                { for confirm }
                { group }
            </li>
        }
    }

    /// The tree pattern's keys on an item (not on a field inside it).
    fn on_key(&self, id: ThemeId, has_children: bool, expanded: bool) -> Callback<KeyboardEvent> {
        let visible = self.visible.to_vec();
        let collapsed = self.tree.collapsed.clone();
        let focused = self.tree.focused.clone();
        let parent = self.hierarchy.parent(id);
        let first_child = self.hierarchy.children(id).first().copied();
        Callback::from(move |event: KeyboardEvent| {
            if !on_the_item(&event, id) || event.ctrl_key() || event.meta_key() || event.alt_key() {
                return;
            }
            let place = visible.iter().position(|visible| *visible == id).unwrap_or(0);
            let go = |target: Option<ThemeId>| {
                if let Some(target) = target {
                    focused.set(Some(target));
                    focus_item(target);
                }
            };
            match event.key().as_str() {
                "ArrowDown" => go(visible.get(place + 1).copied()),
                "ArrowUp" => go(place.checked_sub(1).and_then(|above| visible.get(above)).copied()),
                "Home" => go(visible.first().copied()),
                "End" => go(visible.last().copied()),
                "ArrowRight" if has_children && !expanded => toggle(&collapsed, id),
                "ArrowRight" => go(first_child),
                "ArrowLeft" if expanded => toggle(&collapsed, id),
                "ArrowLeft" => go(parent),
                _ => return,
            }
            event.prevent_default();
        })
    }

    /// The question shown in the row of `row_theme` while a deletion or merge of it is asked
    /// about: inline, under the row, with what becomes of the themes below it.
    fn confirmation(
        &self,
        asked: Pending,
        row_theme: ThemeId,
        apply: &(impl Fn(Operation) + Clone + 'static),
    ) -> Option<Html> {
        let project = self.project;
        let hierarchy = self.hierarchy;
        let tree = self.tree;
        let name_of = |id: ThemeId| project.theme(id).map(|theme| theme.name.clone()).unwrap_or_default();
        let count = |id: ThemeId| project.annotations().filter(|a| a.has_theme(id)).count();
        let (subject, into) = match asked {
            Pending::Delete(theme_id) if theme_id == row_theme => (theme_id, None),
            Pending::Merge { from, into } if from == row_theme => (from, Some(into)),
            _ => return None,
        };
        let highlights = count(subject);
        let question = match into {
            None => format!(
                "Delete \"{}\"? {highlights} highlight{} will lose this theme.",
                name_of(subject),
                plural(highlights)
            ),
            Some(into) => format!(
                "Merge \"{}\" into \"{}\"? Its {highlights} highlight{} will be tagged \"{}\" and \"{}\" will be deleted.",
                name_of(subject),
                name_of(into),
                plural(highlights),
                name_of(into),
                name_of(subject)
            ),
        };
        let below = hierarchy.descendants(subject).len();
        let up_to = match hierarchy.parent(subject) {
            Some(parent) => format!("under \"{}\"", name_of(parent)),
            None => "to the top level".to_owned(),
        };
        let mut choices = vec![(ChildrenChoice::MoveUp, format!("Move them up {up_to}"))];
        if let Some(into) = into {
            choices.push((ChildrenChoice::MoveUnderTarget, format!("Move them with it under \"{}\"", name_of(into))));
        }
        choices.push((ChildrenChoice::DeleteToo, "Delete them too".to_owned()));
        let chosen = *tree.choice;
        let children_question = (below > 0).then(|| {
            let options: Html = choices
                .iter()
                .map(|(choice, label)| {
                    let on_change = {
                        let state = tree.choice.clone();
                        let choice = *choice;
                        Callback::from(move |_: Event| state.set(choice))
                    };
                    html! {
                        <label class="choice">
                            <input type="radio" name={format!("children-of-{subject}")} checked={chosen == *choice} onchange={on_change} />
                            { label.clone() }
                        </label>
                    }
                })
                .collect();
            html! {
                <fieldset class="children-choice">
                    <legend>{ format!("{below} theme{} below \"{}\":", plural(below), name_of(subject)) }</legend>
                    { options }
                </fieldset>
            }
        });
        let operation = match into {
            None => {
                let choice = if chosen == ChildrenChoice::DeleteToo {
                    ChildrenOnDelete::DeleteToo
                } else {
                    ChildrenOnDelete::MoveUp
                };
                delete_with_children(project, subject, choice)
            }
            Some(into) => {
                let choice = match chosen {
                    ChildrenChoice::MoveUp => ChildrenOnMerge::MoveUp,
                    ChildrenChoice::MoveUnderTarget => ChildrenOnMerge::MoveUnderTarget,
                    ChildrenChoice::DeleteToo => ChildrenOnMerge::DeleteToo,
                };
                merge_with_children(project, subject, into, choice)
            }
        };
        let action_label = if into.is_some() { "Merge themes" } else { "Delete theme" };
        let on_confirm = {
            let apply = apply.clone();
            let pending = tree.pending.clone();
            Callback::from(move |_: MouseEvent| {
                apply(operation.clone());
                pending.set(None);
            })
        };
        let on_cancel = {
            let pending = tree.pending.clone();
            Callback::from(move |_: MouseEvent| pending.set(None))
        };
        let question_id = format!("confirm-question-{subject}");
        Some(html! {
            <div class="confirm" role="alertdialog" aria-label="Confirm" aria-describedby={question_id.clone()}>
                <p id={question_id}>{ question }</p>
                { for children_question }
                <button type="button" class="danger" onclick={on_confirm}>{ action_label }</button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        })
    }
}

fn toggle(collapsed: &UseStateHandle<HashSet<ThemeId>>, id: ThemeId) {
    let mut folded = (**collapsed).clone();
    if !folded.remove(&id) {
        folded.insert(id);
    }
    collapsed.set(folded);
}
