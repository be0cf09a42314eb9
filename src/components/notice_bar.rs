//! The line that tells the person what happened, and the warning that stays while the browser
//! cannot keep the work.

use crate::state::{Notice, NoticeAction, NoticeKind};
use yew::prelude::*;

/// The props of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    /// The latest message.
    pub notice: Option<Notice>,
    /// Why storage cannot keep the work, while it cannot.
    pub storage_problem: Option<String>,
    /// Hides the message.
    pub on_dismiss: Callback<()>,
    /// Saves the work as a file, offered while storage fails.
    pub on_save: Callback<()>,
    /// Does what the message offers.
    pub on_action: Callback<NoticeAction>,
}

/// Messages for the person: errors as alerts, the rest as polite status.
#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let storage_warning = props.storage_problem.as_ref().map(|problem| {
        let on_save = props.on_save.clone();
        html! {
            <div class="notice warning" role="alert">
                <span>{ format!("Your work is not being kept in this browser: {problem}. It stays here until you close the page; save it as a file to keep it.") }</span>
                <button type="button" onclick={move |_| on_save.emit(())}>{ "Save JSON" }</button>
            </div>
        }
    });
    let message = props.notice.as_ref().map(|notice| {
        let on_dismiss = props.on_dismiss.clone();
        let (class, role) = match notice.kind {
            NoticeKind::Error => ("notice error", "alert"),
            NoticeKind::Info => ("notice info", "status"),
        };
        let action = notice.action.clone().map(|action| {
            let on_action = props.on_action.clone();
            let label = action.label();
            html! {
                <button type="button" class="notice-action" onclick={move |_| on_action.emit(action.clone())}>{ label }</button>
            }
        });
        html! {
            <div class={class} role={role}>
                <span class="notice-text">{ notice.text.clone() }</span>
                { for action }
                <button type="button" class="dismiss" aria-label="Dismiss message" onclick={move |_| on_dismiss.emit(())}>{ "×" }</button>
            </div>
        }
    });
    html! {
        <div class="notices">
            { for storage_warning }
            { for message }
        </div>
    }
}
