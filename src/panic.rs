//! A panic must not leave a blank page: show what happened and keep what the user typed on
//! screen (the editor's DOM stays where it is).

use wasm_bindgen::JsCast;

/// Installs the hook through Yew: `Renderer::render` replaces any hook set with
/// `std::panic::set_hook` by its own console-only one, unless told of ours this way.
pub fn install_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("rolecall hit an internal error: {info}");
        web_sys::console::error_1(&message.clone().into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(banner) = document.create_element("div") else {
            return;
        };
        banner.set_class_name("panic-banner");
        let _ = banner.set_attribute("role", "alert");
        banner.set_text_content(Some(&format!(
            "{message}. Your input is still in the editor; if the results stop following it, copy it and reload the page."
        )));
        if let Some(body) = document.body() {
            let _ = body.prepend_with_node_1(banner.unchecked_ref());
        }
    }));
}

/// `?panic-test=1`: panics on purpose a moment after the page has rendered, so that anyone (and
/// the end-to-end tests) can see what an internal error looks like: the banner, the editors
/// untouched, the page still answering. It affects only the page that asks for it.
pub fn schedule_self_test() {
    if crate::browser::has_query_flag("panic-test") {
        gloo_timers::callback::Timeout::new(300, || {
            #[allow(
                clippy::panic,
                reason = "the self-test of the panic hook panics on purpose"
            )]
            {
                panic!("deliberate internal error requested by ?panic-test=1");
            }
        })
        .forget();
    }
}
