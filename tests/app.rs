//! The app mounted in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use rolecall_web::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

fn table_rows(root: &Element) -> Vec<String> {
    let rows = root.query_selector_all("table.actions tbody tr").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn shows_the_default_examples_actions_by_role() {
    let root = mount();
    yew::scheduler::flush().await;
    let rows = table_rows(&root);
    assert_eq!(rows.len(), 9, "{rows:#?}");
    assert!(rows[0].starts_with("task execution role"));
    assert!(rows.iter().any(|r| r.contains("ecr:BatchGetImage")
        && r.contains("arn:aws:ecr:us-east-1:111122223333:repository/web")));
}

#[wasm_bindgen_test]
async fn typing_bad_json_shows_the_place_and_keeps_the_table() {
    let root = mount();
    yew::scheduler::flush().await;
    let area: HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value("{\"family\": }");
    // Yew delegates events from the root, so the event must bubble as a typed one does.
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an error list");
    let text = alert.text_content().unwrap();
    assert!(text.contains("line 1, column 12"), "{text}");
    assert_eq!(table_rows(&root).len(), 9);
}
