//! The question asked when a project file is opened while this browser holds work: merge it into
//! this project, or replace this project with it (undoable). It sits above the document without
//! stopping reading or selecting.

use yew::prelude::*;

/// What the person chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenChoice {
    /// Merge the file's work into this project.
    Merge,
    /// Put the file's project in place of this one.
    Replace,
    /// Leave the project as it is.
    Cancel,
}

/// The props of [`OpenDialog`].
#[derive(Properties, PartialEq)]
pub struct OpenDialogProps {
    /// The file's name.
    pub file_name: String,
    /// Called with the choice.
    pub on_choose: Callback<OpenChoice>,
}

/// Asks whether to merge or replace.
#[function_component(OpenDialog)]
pub fn open_dialog(props: &OpenDialogProps) -> Html {
    let choose = |choice: OpenChoice| {
        let on_choose = props.on_choose.clone();
        Callback::from(move |_: MouseEvent| on_choose.emit(choice))
    };
    let on_key = {
        let on_choose = props.on_choose.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                on_choose.emit(OpenChoice::Cancel);
            }
        })
    };
    html! {
        <section class="open-dialog" role="dialog" aria-label="Open project file" onkeydown={on_key}>
            <p>{ format!("\"{}\" holds a project. This browser holds work too.", props.file_name) }</p>
            <div class="open-dialog-actions">
                <button type="button" class="primary" onclick={choose(OpenChoice::Merge)} autofocus=true>{ "Merge into this project" }</button>
                <button type="button" onclick={choose(OpenChoice::Replace)}>{ "Replace this project" }</button>
                <button type="button" onclick={choose(OpenChoice::Cancel)}>{ "Cancel" }</button>
            </div>
        </section>
    }
}
