//! A panic must not leave a blank page: show what happened and keep what the user typed on
//! screen (the editor's DOM stays where it is).

use wasm_bindgen::JsCast;

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("rolecall hit an internal error and stopped analysing: {info}");
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
            "{message}. Your input is still in the editor: copy it, then reload the page."
        )));
        if let Some(body) = document.body() {
            let _ = body.prepend_with_node_1(banner.unchecked_ref());
        }
    }));
}
