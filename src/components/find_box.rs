//! The find box: words (or a regular expression) looked for in the document shown, every match
//! listed with its context and marked in the text, and all of them tagged at once ("Tag all N
//! matches" opens the theme toolbar for them). The search itself is the core's
//! (`annotator_core::search`), its code fetched on the first search ([`SEARCH`]); this draws it
//! and passes on what the person does.

use crate::dom::reveal::{anchor_under, reveal_match};
use crate::state::{capitalised, Anchor, Find};
use annotator_core::layers::Layers;
use annotator_core::search::{SearchError, SearchOptions, SearchResults, MAX_MATCHES};
use annotator_core::{Document, Project};
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// How many matches the list shows: every one is marked in the text and tagged by "Tag all";
/// a list of thousands would cost more to draw on each key than it helps to read.
const LISTED: usize = 1_000;

/// The id of the find field, which Ctrl+F (Cmd+F) focuses.
const FIELD_ID: &str = "find-in-document";

/// Searches a document for what is typed, among the highlights shown.
pub type Search = fn(&Document, &Project, &Layers, &Find) -> Result<SearchResults, SearchError>;

crate::on_demand!(
    /// The search, with its regular expressions (regex-lite) and the Unicode tables whole words
    /// and case folding need: fetched when something is first typed.
    pub SEARCH: Search, search => |document, project, layers, find| {
        let shown = project.placed_annotations_in(document.id()).filter(|annotation| layers.shows(annotation));
        annotator_core::search::search(document.text(), &find.query, find.options, shown)
    }
);

/// The props of [`FindBox`].
#[derive(Properties, PartialEq)]
pub struct FindBoxProps {
    /// What is looked for.
    pub find: Find,
    /// What the search found (`None` while nothing is typed, or while its code is fetched).
    pub results: Option<Rc<Result<SearchResults, SearchError>>>,
    /// Set when the search's code could not be fetched: tries again.
    #[prop_or_default]
    pub unavailable: Option<Callback<()>>,
    /// The person changed the words or an option.
    pub on_find: Callback<Find>,
    /// The person asked to tag every match: the toolbar goes at this point.
    pub on_tag_all: Callback<Anchor>,
    /// A match was chosen in the list (to show the document on a narrow screen).
    pub on_show_match: Callback<()>,
}

/// The find box and its list of matches.
#[function_component(FindBox)]
pub fn find_box(props: &FindBoxProps) -> Html {
    // Ctrl+F (Cmd+F) comes here rather than to the browser's own find, which knows nothing of
    // themes; Escape in the field clears it.
    use_effect_with((), |_| {
        let listener = EventListener::new_with_options(
            &gloo::utils::window(),
            "keydown",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            |event| {
                let Some(key) = event.dyn_ref::<KeyboardEvent>() else { return };
                if (key.ctrl_key() || key.meta_key()) && !key.alt_key() && key.key().eq_ignore_ascii_case("f") {
                    if let Some(field) = gloo::utils::document()
                        .get_element_by_id(FIELD_ID)
                        .and_then(|field| field.dyn_into::<HtmlInputElement>().ok())
                    {
                        event.prevent_default();
                        let _ = field.focus();
                        field.select();
                    }
                }
            },
        );
        move || drop(listener)
    });

    let find = props.find.clone();
    let on_input = {
        let on_find = props.on_find.clone();
        let find = find.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                on_find.emit(Find { query: input.value(), ..find.clone() });
            }
        })
    };
    let on_key = {
        let on_find = props.on_find.clone();
        let find = find.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" && !find.query.is_empty() {
                on_find.emit(Find { query: String::new(), ..find.clone() });
            }
        })
    };
    let option = |label: &'static str, on: bool, set: fn(&mut SearchOptions, bool)| {
        let on_find = props.on_find.clone();
        let find = find.clone();
        let onchange = Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            let mut changed = find.clone();
            set(&mut changed.options, input.checked());
            on_find.emit(changed);
        });
        html! { <label class="find-option"><input type="checkbox" checked={on} {onchange} />{ label }</label> }
    };
    let options = find.options;

    let (status, matches, problem) = match props.results.as_deref() {
        None if find.query.is_empty() || props.unavailable.is_some() => (None, &[][..], None),
        None => (Some("Searching…".to_owned()), &[][..], None),
        Some(Err(error)) => (None, &[][..], Some(capitalised(&error.to_string()))),
        Some(Ok(results)) => (Some(count_text(results)), &results.matches[..], None),
    };
    let count = matches.len();
    let on_tag_all = {
        let on_tag_all = props.on_tag_all.clone();
        Callback::from(move |event: MouseEvent| {
            let anchor = event.target_dyn_into::<Element>().map(|button| anchor_under(&button)).unwrap_or_default();
            on_tag_all.emit(anchor);
        })
    };
    let listed: Html = matches
        .iter()
        .take(LISTED)
        .map(|found| {
            let span = found.span;
            let on_show_match = props.on_show_match.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_show_match.emit(());
                // On a narrow screen the document is only now shown: scroll once it is drawn.
                gloo::timers::callback::Timeout::new(0, move || reveal_match(span)).forget();
            });
            let highlighted = (!found.highlights.is_empty()).then(|| {
                let count = found.highlights.len();
                html! { <span class="match-in-highlight">{ if count == 1 { "in a highlight".to_owned() } else { format!("in {count} highlights") } }</span> }
            });
            html! {
                <li key={span.start()}>
                    <button type="button" class="match-entry" {onclick}>
                        <span class="match-context">{ "…" }{ found.before.clone() }</span>
                        <mark class="search-match">{ found.exact.clone() }</mark>
                        <span class="match-context">{ found.after.clone() }{ "…" }</span>
                    </button>
                    { for highlighted }
                </li>
            }
        })
        .collect();

    html! {
        <div class="find-box" role="search" aria-label="Find and tag">
            <div class="find-row">
                <input
                    type="search" id={FIELD_ID} aria-label="Find in the document" placeholder="Find in the document" title="Find in the document (Ctrl+F)"
                    value={find.query.clone()} oninput={on_input} onkeydown={on_key} autocomplete="off" spellcheck="false"
                />
                <button type="button" class="primary" disabled={count == 0} onclick={on_tag_all}>
                    { format!("Tag all {count} match{}", if count == 1 { "" } else { "es" }) }
                </button>
            </div>
            <div class="find-options" role="group" aria-label="Find options">
                { option("Whole words", options.whole_words, |options, on| options.whole_words = on) }
                { option("Match case", options.match_case, |options, on| options.match_case = on) }
                { option("Regular expression", options.regular_expression, |options, on| options.regular_expression = on) }
            </div>
            <p class="find-status" role="status" aria-live="polite">{ status.unwrap_or_default() }</p>
            if let Some(problem) = problem {
                <p class="find-problem" role="alert">{ problem }</p>
            }
            if let Some(retry) = props.unavailable.clone() {
                <p class="find-problem" role="alert">
                    { "The search's code could not be fetched: the server may be gone or the connection lost. " }
                    <button type="button" onclick={move |_| retry.emit(())}>{ "Try again" }</button>
                </p>
            }
            if count > 0 {
                <ol class="match-list" aria-label="Matches">{ listed }</ol>
                if count > LISTED {
                    <p class="find-note">{ format!("The first {LISTED} are listed; all {count} are marked in the text and tagged by \u{201c}Tag all\u{201d}.") }</p>
                }
            }
        </div>
    }
}

/// "12 matches", with a word when the search stopped at its cap.
fn count_text(results: &SearchResults) -> String {
    let count = results.matches.len();
    let counted = format!("{count} match{}", if count == 1 { "" } else { "es" });
    if results.capped {
        format!("{counted}: the search stops at {MAX_MATCHES}; narrow it to reach the rest.")
    } else {
        counted
    }
}
