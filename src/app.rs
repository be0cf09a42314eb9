//! The app: the top bar, the notices, the document, and the floating toolbar and popover, all
//! drawn from one reducer state.

use crate::components::document::{BlockContent, BlockHighlight, DocumentView};
use crate::components::highlight_popover::{HighlightPopover, PopoverRequest};
use crate::components::notice_bar::NoticeBar;
use crate::components::selection_toolbar::SelectionToolbar;
use crate::components::top_bar::{TopBar, MAX_PROJECT_FILE_BYTES};
use crate::dom::clock::{new_annotation_id, new_theme_id, now};
use crate::dom::download::save_text;
use crate::dom::selection::clear_selection;
use crate::hooks::{initial_state, use_autosave, use_shortcuts};
use crate::state::{Action, Notice, NoticeKind};
use annotator_core::{Command, Document, Project, ThemeId};
use annotator_formats::project_file;
use gloo::file::callbacks::FileReader;
use std::rc::Rc;
use yew::prelude::*;

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    use_autosave(&state);
    use_shortcuts(&state);
    let dispatcher = state.dispatcher();
    let file_reader = use_mut_ref(|| None::<FileReader>);

    let blocks = use_memo(state.document.clone(), |document| block_contents(document));
    let highlights = use_memo((state.document.clone(), state.project.clone()), |(document, project)| {
        highlights_by_block(document, project)
    });

    let on_select = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |selection| dispatcher.dispatch(Action::Select(selection)))
    };
    let on_open_highlights = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |open| dispatcher.dispatch(Action::Open(open)))
    };
    let on_tag = {
        let dispatcher = dispatcher.clone();
        let selection = state.selection;
        let creator = state.creator.clone();
        Callback::from(move |theme_id: ThemeId| {
            let Some(selection) = selection else { return };
            let create = Command::CreateAnnotation {
                id: new_annotation_id(),
                span: selection.span,
                theme_ids: vec![theme_id],
                creator: creator.clone(),
                at: now(),
            };
            dispatcher.dispatch(Action::Apply(vec![create]));
            dispatcher.dispatch(Action::Select(None));
            clear_selection();
        })
    };
    let on_create_theme = {
        let dispatcher = dispatcher.clone();
        let selection = state.selection;
        let creator = state.creator.clone();
        Callback::from(move |(name, colour): (String, String)| {
            let theme_id = new_theme_id();
            let at = now();
            let mut commands = vec![Command::CreateTheme {
                id: theme_id,
                name,
                colour,
                description: String::new(),
                creator: creator.clone(),
                at,
            }];
            if let Some(selection) = selection {
                commands.push(Command::CreateAnnotation {
                    id: new_annotation_id(),
                    span: selection.span,
                    theme_ids: vec![theme_id],
                    creator: creator.clone(),
                    at,
                });
            }
            dispatcher.dispatch(Action::Apply(commands));
            dispatcher.dispatch(Action::Select(None));
            clear_selection();
        })
    };
    let on_popover = {
        let dispatcher = dispatcher.clone();
        let open = state.open.clone();
        Callback::from(move |request: PopoverRequest| {
            let at = now();
            let command = match request {
                PopoverRequest::Show(annotation_id) => {
                    if let Some(open) = open.clone() {
                        dispatcher.dispatch(Action::Open(Some(crate::state::OpenHighlights {
                            shown: annotation_id,
                            ..open
                        })));
                    }
                    return;
                }
                PopoverRequest::Close => return dispatcher.dispatch(Action::Open(None)),
                PopoverRequest::AddTheme(annotation_id, theme_id) => {
                    Command::AddAnnotationTheme { annotation_id, theme_id, at }
                }
                PopoverRequest::RemoveTheme(annotation_id, theme_id) => {
                    Command::RemoveAnnotationTheme { annotation_id, theme_id, at }
                }
                PopoverRequest::SetNote(annotation_id, note) => Command::SetAnnotationNote { annotation_id, note, at },
                PopoverRequest::Delete(annotation_id) => Command::DeleteAnnotation { annotation_id, at },
            };
            dispatcher.dispatch(Action::Apply(vec![command]));
        })
    };
    let on_save = {
        let dispatcher = dispatcher.clone();
        let project = state.project.clone();
        let document = state.document.clone();
        Callback::from(move |()| {
            let text = project_file::write(&project, &document);
            if let Err(problem) = save_text(&format!("{}.annotations.json", document.id()), "application/json", &text) {
                dispatcher.dispatch(Action::Notify(Notice { kind: NoticeKind::Error, text: problem }));
            }
        })
    };
    let on_open_file = {
        let dispatcher = dispatcher.clone();
        let file_reader = file_reader.clone();
        Callback::from(move |file: web_sys::File| {
            let file_name = file.name();
            if file.size() > MAX_PROJECT_FILE_BYTES {
                let text = format!("Could not open \"{file_name}\": it is {:.1} MB, larger than the 20 MB a project file may be. Your highlights are unchanged.", file.size() / 1_048_576.0);
                dispatcher.dispatch(Action::Notify(Notice { kind: NoticeKind::Error, text }));
                return;
            }
            let dispatcher = dispatcher.clone();
            let reader =
                gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |result| match result {
                    Ok(text) => dispatcher.dispatch(Action::OpenProjectFile { file_name, text }),
                    Err(error) => dispatcher.dispatch(Action::Notify(Notice {
                        kind: NoticeKind::Error,
                        text: format!("Could not read \"{file_name}\" ({error}). Your highlights are unchanged."),
                    })),
                });
            *file_reader.borrow_mut() = Some(reader);
        })
    };
    let on_undo = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::Undo(now())))
    };
    let on_redo = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::Redo))
    };
    let on_creator = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |name: String| dispatcher.dispatch(Action::SetCreator(name)))
    };
    let on_dismiss = Callback::from(move |()| dispatcher.dispatch(Action::DismissNotice));

    html! {
        <div class="app">
            <TopBar
                highlight_count={state.project.annotations().count()}
                can_undo={state.history.can_undo()}
                can_redo={state.history.can_redo()}
                creator={state.creator.clone()}
                {on_undo} {on_redo} on_save={on_save.clone()} on_open={on_open_file} {on_creator}
            />
            <NoticeBar notice={state.notice.clone()} storage_problem={state.storage_problem.clone()} {on_dismiss} {on_save} />
            <main>
                <DocumentView document={state.document.clone()} {blocks} {highlights} {on_select} on_open={on_open_highlights} />
            </main>
            if let Some(selection) = state.selection {
                <SelectionToolbar project={state.project.clone()} anchor={selection.anchor} {on_tag} {on_create_theme} />
            }
            if let Some(open) = state.open.clone() {
                <HighlightPopover key={open.shown.to_string()} project={state.project.clone()} open={open.clone()} on_request={on_popover} />
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

/// The highlights of each block: every live annotation goes to the blocks its span touches,
/// found by binary search in the block index.
fn highlights_by_block(document: &Document, project: &Project) -> Vec<Rc<Vec<BlockHighlight>>> {
    let mut by_block: Vec<Vec<BlockHighlight>> = vec![Vec::new(); document.blocks().len()];
    for annotation in project.annotations() {
        let themes: Vec<_> = annotation.theme_ids.iter().filter_map(|id| project.theme(*id)).collect();
        let highlight = BlockHighlight {
            id: annotation.id,
            span: annotation.span,
            theme_ids: themes.iter().map(|theme| theme.id).collect(),
            colours: themes.iter().map(|theme| theme.colour.clone()).collect(),
            label: if themes.is_empty() {
                "No theme".to_owned()
            } else {
                themes.iter().map(|theme| theme.name.as_str()).collect::<Vec<_>>().join(", ")
            },
        };
        for index in document.blocks_touching(annotation.span) {
            by_block[index].push(highlight.clone());
        }
    }
    by_block.into_iter().map(Rc::new).collect()
}
