//! The app: the top bar, the notices, the document beside its panels, the theme map, and the
//! floating toolbar and popover, all drawn from one reducer state.

use crate::components::coders_control::CodersControl;
use crate::components::document::{matches_by_block, BlockContent, BlockHighlights, DocumentView, ThemeMap};
use crate::components::document_picker::DocumentPicker;
use crate::components::find_box::{FindBox, SEARCH};
use crate::components::highlight_popover::{HighlightPopover, PopoverRequest};
use crate::components::live::peer_selections::PeerSelectionsProps;
use crate::components::live::LiveSessionControl;
use crate::components::notice_bar::NoticeBar;
use crate::components::open_dialog::{OpenChoice, OpenDialogProps};
use crate::components::panels::SidePanel;
use crate::components::selection_toolbar::SelectionToolbar;
use crate::components::shortcuts_help::ShortcutsHelp;
use crate::components::top_bar::TopBar;
use crate::dom::clock::{new_annotation_id, new_theme_id, now};
use crate::dom::download::save_bytes;
use crate::dom::selection::clear_selection;
use crate::exchange::{AgreementReportFormat, ExchangeRequest, ExportFormat};
use crate::files::{FileContext, FILES};
use crate::hooks::{
    initial_state, use_a_frame_later, use_after_first_frame, use_autosave, use_exchange, use_live_session,
    use_other_tabs, use_shortcuts,
};
use crate::live::in_session::SESSION;
use crate::merging::dispatch_merging;
use crate::on_demand::with_part;
use crate::on_demand::{use_on_demand, Fetched};
use crate::state::{Action, AppState, NarrowView, Notice, NoticeAction, OpenHighlights, Panel, PendingMatches};
use annotator_core::layers::coders_with_annotations;
use annotator_core::{Document, Operation, ThemeId};
use annotator_formats::project_file;
use annotator_formats::target_document::SourceMatching;
use gloo::file::callbacks::FileReader;
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`App`].
#[derive(Properties, Default)]
pub struct AppProps {
    /// The state to start in, instead of the one restored from the browser's storage: for
    /// rendering the first page ahead, at build time, where there is no browser.
    #[prop_or_default]
    pub start: Option<fn() -> AppState>,
}

// The state to start in is read once, when the app is made: it never changes afterwards.
impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        self.start.is_some() == other.start.is_some()
    }
}

/// The whole app.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let start = props.start.unwrap_or(initial_state);
    let state = use_reducer(start);
    use_autosave(&state);
    use_other_tabs(&state);
    use_shortcuts(&state);
    let exchange = use_exchange(&state);
    let live = use_live_session(&state);
    let dispatcher = state.dispatcher();
    let file_readers = use_mut_ref(Vec::<FileReader>::new);
    let file_context = FileContext {
        dispatcher: dispatcher.clone(),
        state: state.clone(),
        exchange: exchange.clone(),
        readers: file_readers,
    };

    // What the page drew before the app goes once the app draws the work: at its first frame, or
    // when a project kept in IndexedDB has been read.
    use_effect_with(state.restoring, |restoring| {
        if !restoring {
            crate::dom::first_paint::remove_drawn_ahead();
        }
    });

    let blocks = use_memo(state.document.clone(), |document| block_contents(document));
    // The project as what is beside the document draws it, a frame after the document.
    let beside_project = use_a_frame_later(&state.project);
    // Whose highlights the project holds, for the Coders control and the list's filter alike.
    let coders = use_memo(beside_project.clone(), |project| coders_with_annotations(project));
    let block_highlights = use_mut_ref(BlockHighlights::default);
    let marked_coders = use_memo((state.project.clone(), state.seen_layers()), |(project, layers)| {
        layers.marked_coders(project).into_iter().map(|coder| (coder, project.coder_name(coder))).collect::<Vec<_>>()
    });
    let highlights = use_memo(
        (state.document.clone(), state.project.clone(), state.seen_layers()),
        |(document, project, layers)| {
            let mut kept = block_highlights.borrow_mut();
            let lists = kept.update(document, project, layers);
            (lists, AttrValue::from(kept.stylesheet()))
        },
    );

    // The find box's search, made only while something is typed, and again only when the
    // words, the options, the document or its highlights change.
    let (search, retry_search) = use_on_demand(&SEARCH, !state.find.query.is_empty());
    let search_results = use_memo(
        (state.find.clone(), state.document.clone(), state.project.clone(), state.seen_layers(), search),
        |(find, document, project, layers, search)| match search {
            Fetched::Ready(search) if !find.query.is_empty() => Some(Rc::new(search(document, project, layers, find))),
            _ => None,
        },
    );
    let search_unavailable = (search == Fetched::Failed).then_some(retry_search);
    let match_spans: Rc<Vec<annotator_core::Span>> = use_memo(search_results.clone(), |results| match &**results {
        Some(results) => match &**results {
            Ok(results) => results.matches.iter().map(|found| found.span).collect(),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    });
    let block_matches =
        use_memo((state.document.clone(), match_spans.clone()), |(document, spans)| matches_by_block(document, spans));

    let on_select = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |selection| dispatcher.dispatch(Action::Select(selection)))
    };
    let on_open_highlights = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |open| dispatcher.dispatch(Action::Open(open)))
    };
    // The toolbar tags the selection, or every match of the find box when it was opened for them.
    let matches_waiting = state.pending_matches.as_ref().map(|pending| pending.spans.len());
    let on_tag = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |theme_id: ThemeId| {
            if let Some(count) = matches_waiting {
                let annotation_ids = (0..count).map(|_| new_annotation_id()).collect();
                return dispatcher.dispatch(Action::TagMatches {
                    theme_id,
                    new_theme: None,
                    annotation_ids,
                    at: now(),
                });
            }
            dispatcher.dispatch(Action::TagSelection { theme_id, annotation_id: new_annotation_id(), at: now() });
            clear_selection();
        })
    };
    let on_create_theme = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |(name, colour): (String, String)| {
            if let Some(count) = matches_waiting {
                let annotation_ids = (0..count).map(|_| new_annotation_id()).collect();
                let new_theme = Some((name, colour));
                return dispatcher.dispatch(Action::TagMatches {
                    theme_id: new_theme_id(),
                    new_theme,
                    annotation_ids,
                    at: now(),
                });
            }
            let action = Action::CreateThemeAndTag {
                theme_id: new_theme_id(),
                name,
                colour,
                annotation_id: new_annotation_id(),
                at: now(),
            };
            dispatcher.dispatch(action);
            clear_selection();
        })
    };
    let on_in_vivo = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::InVivo {
                theme_id: new_theme_id(),
                annotation_id: new_annotation_id(),
                at: now(),
            });
            clear_selection();
        })
    };
    let on_find = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |find| dispatcher.dispatch(Action::Find(find)))
    };
    let on_tag_all = {
        let dispatcher = dispatcher.clone();
        let spans = match_spans.clone();
        Callback::from(move |anchor| {
            dispatcher.dispatch(Action::StartTaggingMatches(Some(PendingMatches { spans: spans.clone(), anchor })))
        })
    };
    let on_show_match = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::ShowOnNarrow(NarrowView::Document)))
    };
    let on_download_table = {
        let exchange = exchange.clone();
        Callback::from(move |(file_name, rows): (String, Vec<Vec<String>>)| {
            exchange.emit(ExchangeRequest::ExportTable { file_name, rows })
        })
    };
    let on_move_here = state.moving.map(|_| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::MoveToSelection(now()));
            clear_selection();
        })
    });
    let on_cancel_move = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::StartMoving(None)))
    };
    let on_popover = {
        let dispatcher = dispatcher.clone();
        let open = state.open.clone();
        Callback::from(move |request: PopoverRequest| {
            let at = now();
            let operation = match request {
                PopoverRequest::Show(annotation_id) => {
                    if let Some(open) = open.clone() {
                        dispatcher.dispatch(Action::Open(Some(OpenHighlights { shown: annotation_id, ..open })));
                    }
                    return;
                }
                PopoverRequest::Close => return dispatcher.dispatch(Action::Open(None)),
                PopoverRequest::StartMoving(annotation_id) => {
                    return dispatcher.dispatch(Action::StartMoving(Some(annotation_id)))
                }
                PopoverRequest::AddTheme(annotation_id, theme_id) => {
                    Operation::AddAnnotationTheme { annotation_id, theme_id }
                }
                PopoverRequest::RemoveTheme(annotation_id, theme_id) => {
                    Operation::RemoveAnnotationTheme { annotation_id, theme_id }
                }
                PopoverRequest::SetNote(annotation_id, note) => Operation::SetAnnotationNote { annotation_id, note },
                PopoverRequest::Delete(annotation_id) => Operation::DeleteAnnotation { annotation_id },
            };
            dispatcher.dispatch(Action::Apply(vec![operation], at));
        })
    };
    let on_open_files = {
        let context = file_context.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            let context = context.clone();
            let what = files.iter().map(|file| format!("\"{}\"", file.name())).collect::<Vec<_>>().join(", ");
            let failed = context.cannot_read(what);
            with_part(&FILES, move |code| (code.open)(context, files), failed);
        })
    };
    let on_export = {
        let dispatcher = dispatcher.clone();
        let project = state.project.clone();
        let document = state.document.clone();
        let exchange = exchange.clone();
        Callback::from(move |format: ExportFormat| {
            if format != ExportFormat::ProjectFile {
                exchange.emit(ExchangeRequest::Export {
                    format,
                    project_file: project_file::write_compact(&project),
                    document_id: document.id().to_owned(),
                });
                return;
            }
            // The project file needs no worker; it is indented, as people may read it.
            let project_text = project_file::write(&project);
            if let Err(problem) =
                save_bytes(&format!("{}.annotations.json", document.id()), "application/json", project_text.as_bytes())
            {
                dispatcher.dispatch(Action::Notify(Notice::error(format!("Could not save: {problem}"))));
            }
        })
    };
    let on_export_agreement = {
        let project = state.project.clone();
        let document = state.document.clone();
        let comparison = state.comparison.clone();
        let exchange = exchange.clone();
        let sees_others = state.sees_others();
        let dispatcher = dispatcher.clone();
        Callback::from(move |format: AgreementReportFormat| {
            if !sees_others {
                let text = "This project is coded blind: reveal the others' work (Agreement tab or Coders menu) before exporting the agreement.";
                return dispatcher.dispatch(Action::Notify(Notice::info(text)));
            }
            let (coders, themes) = comparison.chosen(&project, document.id());
            exchange.emit(ExchangeRequest::ExportAgreement {
                format,
                project_file: project_file::write_compact(&project),
                document_id: document.id().to_owned(),
                coder_ids: coders.iter().map(ToString::to_string).collect(),
                theme_ids: themes.iter().map(ToString::to_string).collect(),
            });
        })
    };
    let on_save = {
        let on_export = on_export.clone();
        Callback::from(move |()| on_export.emit(ExportFormat::ProjectFile))
    };
    // Files dropped anywhere on the page are opened as if picked.
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());
    let on_drop = {
        let on_open_files = on_open_files.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if let Some(files) = event.data_transfer().and_then(|transfer| transfer.files()) {
                on_open_files.emit((0..files.length()).filter_map(|index| files.get(index)).collect());
            }
        })
    };
    let on_show_document = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |id: String| dispatcher.dispatch(Action::ShowDocument(id)))
    };
    let on_paste = {
        let context = file_context.clone();
        Callback::from(move |(title, text): (String, String)| {
            let context = context.clone();
            let failed = context.cannot_read("the pasted text".into());
            with_part(&FILES, move |code| (code.add_pasted)(context, title, text), failed);
        })
    };
    let on_add_document_file = {
        let context = file_context.clone();
        Callback::from(move |file: web_sys::File| {
            let context = context.clone();
            let failed = context.cannot_read(format!("\"{}\"", file.name()));
            with_part(&FILES, move |code| (code.add_document)(context, file), failed);
        })
    };
    let on_undo = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::Undo(now())))
    };
    let on_redo = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::Redo(now())))
    };
    let on_creator = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |name: String| dispatcher.dispatch(Action::SetMyName(name)))
    };
    let on_layers = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |layers| dispatcher.dispatch(Action::ShowLayers(layers)))
    };
    let on_pending_open = {
        let dispatcher = dispatcher.clone();
        let pending = state.pending_open.clone();
        Callback::from(move |choice: OpenChoice| {
            let Some(pending) = pending.clone() else { return };
            dispatcher.dispatch(Action::AskToOpen(None));
            match choice {
                OpenChoice::Merge => {
                    let project = (*pending.project).clone();
                    dispatch_merging(&dispatcher, format!("\"{}\"", pending.file_name), move |merging| {
                        Action::MergeProjects {
                            file_names: vec![pending.file_name],
                            projects: vec![project],
                            notes: Vec::new(),
                            merging,
                        }
                    })
                }
                OpenChoice::Replace => dispatcher.dispatch(Action::ReplaceProject {
                    file_name: pending.file_name,
                    project: Box::new((*pending.project).clone()),
                }),
                OpenChoice::Cancel => {}
            }
        })
    };
    let on_help = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |open: bool| dispatcher.dispatch(Action::ShowHelp(open)))
    };
    let on_dismiss = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::DismissNotice))
    };
    let on_notice_action = {
        let project = state.project.clone();
        let document = state.document.clone();
        let exchange = exchange.clone();
        Callback::from(move |action: NoticeAction| match action {
            // The file again, onto the document on screen now, whatever page it names.
            NoticeAction::PlaceOnShownDocument { file_name, bytes, format } => exchange.emit(ExchangeRequest::Import {
                file_name,
                bytes: (*bytes).clone(),
                format,
                project_file: project_file::write_compact(&project.without_annotations()),
                document_id: document.id().to_owned(),
                at: now().0,
                matching: SourceMatching::OntoDocument,
            }),
        })
    };
    let narrow_tab = |label: &'static str, target: Option<Panel>| {
        let dispatcher = dispatcher.clone();
        let pressed = match target {
            None => state.narrow_view == NarrowView::Document,
            Some(panel) => state.narrow_view == NarrowView::Panel && state.panel == panel,
        };
        let onclick = Callback::from(move |_: MouseEvent| match target {
            None => dispatcher.dispatch(Action::ShowOnNarrow(NarrowView::Document)),
            Some(panel) => dispatcher.dispatch(Action::ShowPanel(panel)),
        });
        html! { <button type="button" aria-pressed={pressed.to_string()} {onclick}>{ label }</button> }
    };
    let narrow_view = match state.narrow_view {
        NarrowView::Document => "document",
        NarrowView::Panel => "panel",
    };

    // Work kept from an earlier visit is shown document first: its first frame draws the top bar
    // and the document with its highlights, and what is beside them (the document's controls,
    // the side panel, the theme map) follows in the next task; each part drawn also has its code
    // compiled by the browser on first use, a third of the time the app took to open.
    let beside_shown =
        use_after_first_frame(!cfg!(feature = "prerender") && state.project.annotations().next().is_some());

    html! {
        <div class="app" ondragover={on_drag_over} ondrop={on_drop}>
            <TopBar
                highlight_count={state.project.annotations_in(state.document.id()).count()}
                can_undo={state.history.can_undo()}
                can_redo={state.history.can_redo()}
                creator={state.me.name.clone()}
                ask_name={state.ask_name}
                on_skip_name={let dispatcher = dispatcher.clone(); move |()| dispatcher.dispatch(Action::SkipName)}
                {on_undo} {on_redo} on_save={on_save.clone()} {on_export} {on_export_agreement} on_open={on_open_files} {on_creator} on_help={on_help.clone()}
            />
            <NoticeBar notice={state.notice.clone()} storage_problem={state.storage_problem.clone()} {on_dismiss} {on_save} on_action={on_notice_action} />
            <main class="workspace" data-narrow-view={narrow_view}>
                <div class="document-pane">
                    <div class="document-bar">
                    if beside_shown {
                        <DocumentPicker project={beside_project.clone()} shown={state.document.id().to_owned()} on_show={on_show_document} on_add_file={on_add_document_file} {on_paste} />
                        <CodersControl
                            project={beside_project.clone()} coders={coders.clone()} document_id={state.document.id().to_owned()} layers={state.seen_layers()}
                            me={state.me.clone()} {on_layers} blind={state.project.settings().blind} sees_others={state.sees_others()}
                            on_blind={let dispatcher = dispatcher.clone(); move |blind| dispatcher.dispatch(Action::SetBlind(blind, now()))}
                            on_reveal={let dispatcher = dispatcher.clone(); move |()| dispatcher.dispatch(Action::Reveal)}
                        />
                        <LiveSessionControl live={state.live.clone()} me={(state.me.name.clone(), state.me.colour.clone())} on_start={live.start.clone()} on_leave={live.leave.clone()} />
                    }
                    </div>
                    if state.restoring {
                        <p class="restoring" role="status">{ "Opening the work stored in this browser…" }</p>
                    } else {
                        <DocumentView document={state.document.clone()} {blocks} highlights={highlights.0.clone()} matches={(*block_matches).clone()} {marked_coders} stylesheet={highlights.1.clone()} {on_select} on_open={on_open_highlights} />
                        if let (Some(session), Some(code)) = (state.live.as_ref().filter(|session| !session.peers.is_empty()), SESSION.loaded.get()) {
                            { (code.draw_peers)(PeerSelectionsProps { peers: session.peers.clone(), document: (state.document.id().to_owned(), state.document.len()) }) }
                        }
                    }
                </div>
                if beside_shown {
                    <SidePanel state={state.clone()} project={beside_project.clone()} {coders} {on_download_table}>
                        <FindBox find={state.find.clone()} results={(*search_results).clone()} unavailable={search_unavailable} {on_find} {on_tag_all} {on_show_match} />
                    </SidePanel>
                }
            </main>
            if beside_shown {
                <ThemeMap project={beside_project.clone()} document={state.document.clone()} layers={state.seen_layers()} />
            }
            <nav class="narrow-tabs" aria-label="Views">
                { narrow_tab("Document", None) }
                { narrow_tab("Highlights", Some(Panel::Highlights)) }
                { narrow_tab("Codebook", Some(Panel::Codebook)) }
                { narrow_tab("Overview", Some(Panel::Overview)) }
                { narrow_tab("Agreement", Some(Panel::Agreement)) }
                { narrow_tab("Co-occurrence", Some(Panel::Cooccurrence)) }
            </nav>
            if let Some(pending) = state.pending_matches.clone() {
                <SelectionToolbar
                    project={state.project.clone()} anchor={pending.anchor} on_tag={on_tag.clone()} on_create_theme={on_create_theme.clone()}
                    on_move_here={None::<Callback<()>>} on_cancel_move={on_cancel_move.clone()}
                    tagging={AttrValue::from(format!("{} match{}", pending.spans.len(), if pending.spans.len() == 1 { "" } else { "es" }))}
                />
            } else if let Some(selection) = state.selection {
                <SelectionToolbar project={state.project.clone()} anchor={selection.anchor} {on_tag} {on_create_theme} {on_move_here} {on_cancel_move} on_in_vivo={Some(on_in_vivo)} />
            }
            if let Some(open) = state.open.clone() {
                <HighlightPopover key={open.shown.to_string()} project={state.project.clone()} open={open.clone()} on_request={on_popover} />
            }
            // Only files the code that reads them opened ask this, so that code is here.
            if let (Some(pending), Some(files)) = (state.pending_open.clone(), FILES.loaded.get()) {
                { (files.draw_open_dialog)(OpenDialogProps { file_name: pending.file_name.clone(), on_choose: on_pending_open }) }
            }
            if state.help_open {
                <ShortcutsHelp on_close={let on_help = on_help.clone(); move |()| on_help.emit(false)} />
            }
        </div>
    }
}

/// Each block with its own text, made once per document.
fn block_contents(document: &Document) -> Vec<Rc<BlockContent>> {
    document
        .blocks()
        .iter()
        .map(|block| Rc::new(BlockContent { block: block.clone(), text: document.quote(block.span).to_owned() }))
        .collect()
}
