//! "Start a live session", and once in one: the connection, the link to share, who is in the
//! room, and "Leave" (the session's panel, whose code comes with the session's,
//! `crate::live::in_session`).

use crate::live::describe;
use crate::live::in_session::SESSION;
use crate::state::LiveSession;
use yew::prelude::*;

/// The props of [`LiveSessionControl`].
#[derive(Properties, PartialEq)]
pub struct LiveSessionControlProps {
    /// The session this tab is in.
    pub live: Option<LiveSession>,
    /// This person's name and colour.
    pub me: (String, String),
    /// Start a session in a new room.
    pub on_start: Callback<()>,
    /// Leave the room.
    pub on_leave: Callback<()>,
}

/// The live session's control, beside the Coders control.
#[function_component(LiveSessionControl)]
pub fn live_session_control(props: &LiveSessionControlProps) -> Html {
    let Some(live) = &props.live else {
        let on_start = props.on_start.reform(|_: MouseEvent| ());
        return html! {
            <button type="button" class="live-start" onclick={on_start}
                title="Share a room with other coders: each sees the others' highlights as they are made">
                { "Start a live session" }
            </button>
        };
    };
    // A tab is in a session only once the session's code is here.
    let Some(code) = SESSION.loaded.get() else { return Html::default() };
    (code.draw_panel)(SessionPanelProps { live: live.clone(), me: props.me.clone(), on_leave: props.on_leave.clone() })
}

/// The props of [`SessionPanel`].
#[derive(Properties, PartialEq)]
pub struct SessionPanelProps {
    /// The session this tab is in.
    pub live: LiveSession,
    /// This person's name and colour.
    pub me: (String, String),
    /// Leave the room.
    pub on_leave: Callback<()>,
}

/// The session this tab is in: its connection, the link to share, who is in the room, "Leave".
#[function_component(SessionPanel)]
pub fn session_panel(props: &SessionPanelProps) -> Html {
    let live = &props.live;
    let link = gloo::utils::window().location().href().unwrap_or_default();
    let copied = use_state(|| false);
    let on_copy = {
        let link = link.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let clipboard = gloo::utils::window().navigator().clipboard();
            let _ = clipboard.write_text(&link);
            copied.set(true);
        })
    };
    let state = match live.connection {
        crate::live::Connection::Connected => "connected",
        crate::live::Connection::Connecting => "connecting",
        crate::live::Connection::Reconnecting { .. } => "reconnecting",
        crate::live::Connection::Offline => "offline",
        crate::live::Connection::Left => "left",
    };
    let (my_name, my_colour) = &props.me;
    let peers: Html = live
        .peers
        .iter()
        .map(|peer| {
            html! {
                <li key={peer.client_id.to_string()}>
                    <span class="swatch" style={format!("background: {}", peer.colour)} aria-hidden="true"></span>
                    { peer.name.clone() }
                </li>
            }
        })
        .collect();
    html! {
        <details class="menu live-session" data-connection={state}>
            <summary class="button">
                <span class="live-dot" aria-hidden="true"></span>
                { format!("Live: {}", live.peers.len() + 1) }
            </summary>
            <div class="menu-items live-panel">
                <p class="live-status" role="status" aria-live="polite">{ describe(live.connection, live.waiting) }</p>
                <label class="live-link">
                    { "Session link" }
                    <input type="text" readonly=true value={link} onfocus={Callback::from(|event: FocusEvent| {
                        if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() { input.select(); }
                    })} />
                </label>
                <button type="button" onclick={on_copy}>{ if *copied { "Link copied" } else { "Copy link" } }</button>
                <ul class="live-people" aria-label="In the room">
                    <li>
                        <span class="swatch" style={format!("background: {my_colour}")} aria-hidden="true"></span>
                        { format!("{} (you)", if my_name.trim().is_empty() { "Anonymous coder" } else { my_name.as_str() }) }
                    </li>
                    { peers }
                </ul>
                <button type="button" onclick={props.on_leave.reform(|_: MouseEvent| ())}>{ "Leave the session" }</button>
            </div>
        </details>
    }
}
