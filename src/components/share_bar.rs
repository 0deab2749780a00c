//! Sharing: copy the link (the whole state is in its fragment), or an `<iframe>` snippet of
//! the compact embed view.

use yew::prelude::*;

use crate::browser;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// `v1:…`, the fragment without `#`.
    pub fragment: AttrValue,
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let status = use_state(|| None::<String>);
    let show_embed = use_state(|| false);
    let link = format!("{}#{}", browser::page_url(), props.fragment);
    // The browser writes the link a moment after each analysis (and never, if it cannot
    // compress): until then there is nothing to copy or embed.
    let ready = !props.fragment.is_empty();
    let on_copy = {
        let (status, link) = (status.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let length = link.len();
            browser::copy(
                link.clone(),
                Callback::from(move |ok: bool| {
                    status.set(Some(if ok {
                        format!("Link copied ({length} characters).")
                    } else {
                        "The browser refused the clipboard: copy the address bar instead."
                            .to_owned()
                    }));
                }),
            );
        })
    };
    let on_embed = {
        let show_embed = show_embed.clone();
        Callback::from(move |_: MouseEvent| show_embed.set(!*show_embed))
    };
    let snippet = format!(
        "<iframe src=\"{}?embed=1#{}\" title=\"rolecall role map\" width=\"720\" height=\"560\" loading=\"lazy\"></iframe>",
        browser::page_url(),
        props.fragment
    );
    html! {
        <div class="share-bar">
            <button type="button" onclick={on_copy} disabled={!ready}
                title="the link carries all four inputs; nothing is uploaded">
                { "Copy link" }
            </button>
            <button type="button" onclick={on_embed} disabled={!ready}
                aria-expanded={show_embed.to_string()} aria-controls="embed-snippet">
                { "Embed" }
            </button>
            <span class="muted link-length">
                { if ready { format!("link: {} characters", link.len()) } else { "preparing the link…".to_owned() } }
            </span>
            if let Some(status) = &*status {
                <span class="status" role="status">{ status }</span>
            }
            if *show_embed {
                <label class="embed-snippet" id="embed-snippet">
                    { "Paste this into a page to show the role map and findings:" }
                    <textarea readonly=true rows="3" value={snippet} />
                </label>
            }
        </div>
    }
}
