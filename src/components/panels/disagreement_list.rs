//! The stretches where the compared coders differ on one theme, side by side (who coded what,
//! with their words), each with a way to see it in the text and to settle it in the consensus.

use crate::dom::clock::{new_annotation_id, now};
use crate::dom::reveal::reveal_annotation;
use crate::state::{Action, AppState, NarrowView, Notice};
use annotator_agreement::{disagreements, settle, Disagreement, Verdict};
use annotator_core::layers::Layers;
use annotator_core::{AnnotationId, CoderId, Document, Operation, Project, ThemeId};
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`DisagreementList`].
#[derive(Properties, PartialEq)]
pub struct DisagreementListProps {
    /// The project.
    pub project: Rc<Project>,
    /// The document shown.
    pub document: Rc<Document>,
    /// The coders compared.
    pub coders: Vec<CoderId>,
    /// The theme.
    pub theme_id: ThemeId,
    /// Sends actions.
    pub dispatcher: UseReducerDispatcher<AppState>,
}

/// How much of a passage the list quotes.
const QUOTE_LENGTH: usize = 160;

fn shortened(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > QUOTE_LENGTH {
        text.chars().take(QUOTE_LENGTH - 1).collect::<String>() + "…"
    } else {
        text.to_owned()
    }
}

/// The list of one theme's disagreements.
#[function_component(DisagreementList)]
pub fn disagreement_list(props: &DisagreementListProps) -> Html {
    let project = &props.project;
    let theme_name = project.theme(props.theme_id).map(|theme| theme.name.clone()).unwrap_or_default();
    let found = use_memo(
        (project.clone(), props.document.id().to_owned(), props.coders.clone(), props.theme_id),
        |(project, document_id, coders, theme_id)| disagreements(project, document_id, coders, *theme_id),
    );
    let show_settled = use_state(|| false);
    let found = match &*found {
        Ok(found) => found,
        Err(error) => {
            return html! { <p class="agreement-status" role="alert">{ format!("No drill-down: {error}.") }</p> }
        }
    };
    let open: Vec<&Disagreement> = found.iter().filter(|found| !found.settled).collect();
    let settled = found.len() - open.len();
    let listed: Vec<&Disagreement> = if *show_settled { found.iter().collect() } else { open.clone() };

    let items: Html = listed
        .iter()
        .map(|disagreement| disagreement_item(project, &props.document, disagreement, &props.dispatcher))
        .collect();
    let toggle = {
        let show_settled = show_settled.clone();
        Callback::from(move |_: MouseEvent| show_settled.set(!*show_settled))
    };
    html! {
        <section class="disagreements" aria-labelledby="disagreements-title">
            <h3 id="disagreements-title">{ format!("Where the coders differ on \"{theme_name}\"") }</h3>
            <p class="footnote">{ format!(
                "{} stretch{} to settle, {settled} settled.",
                open.len(),
                if open.len() == 1 { "" } else { "es" }
            ) }
                if settled > 0 {
                    { " " }
                    <button type="button" class="link-button" onclick={toggle}>
                        { if *show_settled { "Hide the settled ones" } else { "Show the settled ones" } }
                    </button>
                }
            </p>
            if found.is_empty() {
                <p>{ "The coders compared agree everywhere on this theme." }</p>
            }
            <ol class="disagreement-list">{ items }</ol>
        </section>
    }
}

fn disagreement_item(
    project: &Rc<Project>,
    document: &Document,
    disagreement: &Disagreement,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> Html {
    let span = disagreement.span;
    let coded: Vec<CoderId> =
        disagreement.versions.iter().filter(|version| version.coded()).map(|version| version.coder).collect();
    let versions: Html = disagreement
        .versions
        .iter()
        .map(|version| {
            let colour = project.coder(version.coder).map(|coder| coder.colour.clone()).unwrap_or_default();
            let words = if version.coded() {
                let quotes: Vec<String> = version
                    .passages
                    .iter()
                    .map(|(_, passage)| format!("“{}”", shortened(document.quote(*passage))))
                    .collect();
                html! { <span class="version-words">{ quotes.join(" ") }</span> }
            } else {
                html! { <span class="version-words not-coded">{ "did not code it here" }</span> }
            };
            html! {
                <li class="version" style={format!("--coder-colour: {colour}")}>
                    <span class="version-coder">{ project.coder_name(version.coder) }</span>{ " " }{ words }
                </li>
            }
        })
        .collect();

    // Showing a stretch: the layers of the coders who differ there, and the first passage of it.
    let show = {
        let dispatcher = dispatcher.clone();
        let project = project.clone();
        let involved: Vec<CoderId> = disagreement.versions.iter().map(|version| version.coder).collect();
        let first: Option<(AnnotationId, annotator_core::Span)> =
            disagreement.versions.iter().flat_map(|version| version.passages.first().copied()).next();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::ShowLayers(Layers::showing_only(&involved, &project)));
            dispatcher.dispatch(Action::ShowOnNarrow(NarrowView::Document));
            if let Some((id, passage)) = first {
                gloo::timers::callback::Timeout::new(0, move || reveal_annotation(id, passage)).forget();
            }
        })
    };
    let decide = |verdict: Verdict, edit: bool| {
        let dispatcher = dispatcher.clone();
        let disagreement = disagreement.clone();
        Callback::from(move |_: MouseEvent| {
            let mut made = Vec::new();
            let mut new_id = || {
                let id = new_annotation_id();
                made.push(id);
                id
            };
            let operations: Vec<Operation> = settle(&disagreement, &verdict, &mut new_id);
            let then_move = if edit { made.first().copied() } else { None };
            let at = now();
            dispatcher.dispatch(Action::Adjudicate { operations, at, then_move });
            if !edit {
                dispatcher.dispatch(Action::Notify(Notice::info(match &verdict {
                    Verdict::Reject => "Rejected: the consensus leaves this stretch uncoded. Undo takes it back.",
                    Verdict::Accept(_) | Verdict::Edit => "Accepted into the consensus. Undo takes it back.",
                })));
            }
        })
    };
    let accept_each: Html = coded
        .iter()
        .map(|coder| {
            let name = project.coder_name(*coder);
            html! {
                <button type="button" onclick={decide(Verdict::Accept(vec![*coder]), false)}>
                    { format!("Accept {name}") }
                </button>
            }
        })
        .collect();
    html! {
        <li key={format!("{}-{}", span.start(), span.end())} class={classes!("disagreement", disagreement.settled.then_some("settled"))}>
            <p class="stretch">{ format!("“{}”", shortened(document.quote(span))) }</p>
            <ul class="versions">{ versions }</ul>
            <div class="decisions" role="group" aria-label="Settle this stretch">
                <button type="button" class="link-button" onclick={show}>{ "Show in text" }</button>
                if disagreement.settled {
                    <span class="settled-badge">{ "Settled" }</span>
                } else {
                    { accept_each }
                    if coded.len() > 1 {
                        <button type="button" onclick={decide(Verdict::Accept(coded.clone()), false)}>{ "Accept all" }</button>
                    }
                    <button type="button" onclick={decide(Verdict::Reject, false)}>{ "Reject" }</button>
                    <button type="button" onclick={decide(Verdict::Edit, true)}
                        title="Accept every version joined, then select the passage the consensus should have">{ "Edit…" }</button>
                }
            </div>
        </li>
    }
}
