//! A button that copies a text to the clipboard and says whether it could.

use yew::prelude::*;

use crate::browser;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    /// What is copied, for the button's accessible name: `Copy {what}`.
    pub what: AttrValue,
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let status = use_state(|| None::<&'static str>);
    let onclick = {
        let (status, text) = (status.clone(), props.text.to_string());
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            browser::copy(
                text.clone(),
                Callback::from(move |ok: bool| {
                    status.set(Some(if ok {
                        "Copied."
                    } else {
                        "The browser refused the clipboard: select the text instead."
                    }));
                }),
            );
        })
    };
    html! {
        <>
            <button type="button" class="copy" aria-label={format!("Copy {}", props.what)} {onclick}>{ "Copy" }</button>
            if let Some(status) = *status {
                <span class="status" role="status">{ status }</span>
            }
        </>
    }
}
