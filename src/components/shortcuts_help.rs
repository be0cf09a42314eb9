//! The list of keyboard shortcuts, shown with `?`.

use yew::prelude::*;

/// The props of [`ShortcutsHelp`].
#[derive(Properties, PartialEq)]
pub struct ShortcutsHelpProps {
    /// Closes the list.
    pub on_close: Callback<()>,
}

/// Every shortcut, as (keys, what they do).
pub const SHORTCUTS: [(&str, &str); 13] = [
    ("S", "Select the next sentence (from the selection or the focused highlight)"),
    ("Shift+S", "Select the previous sentence"),
    ("Shift+→ / Shift+←", "Extend or shrink the selection by a word"),
    ("1 – 9", "Tag the selection with that theme, or toggle it on the focused highlight"),
    ("Enter", "Open the focused highlight; with a selection while moving, move the highlight here"),
    ("Tab / Shift+Tab", "Go to the next or previous highlight"),
    ("Delete", "Delete the focused highlight"),
    ("M", "Move the focused highlight: select its new passage, then press Enter"),
    ("Ctrl/Cmd+Z", "Undo"),
    ("Ctrl/Cmd+Shift+Z or Ctrl+Y", "Redo"),
    ("Escape", "Close the toolbar, popover or this list"),
    ("?", "Show this list"),
    ("← / → in the panel tabs", "Switch panels"),
];

/// The shortcuts dialog.
#[function_component(ShortcutsHelp)]
pub fn shortcuts_help(props: &ShortcutsHelpProps) -> Html {
    let close_button = use_node_ref();
    {
        let close_button = close_button.clone();
        use_effect_with((), move |_| {
            if let Some(button) = close_button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let on_close = props.on_close.clone();
    let rows: Html = SHORTCUTS
        .iter()
        .map(|(keys, action)| html! { <tr><th scope="row"><kbd>{ *keys }</kbd></th><td>{ *action }</td></tr> })
        .collect();
    html! {
        <div class="help-backdrop">
            <div class="help" role="dialog" aria-modal="true" aria-labelledby="help-title">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <table><tbody>{ rows }</tbody></table>
                <button type="button" ref={close_button} onclick={move |_| on_close.emit(())}>{ "Close" }</button>
            </div>
        </div>
    }
}
