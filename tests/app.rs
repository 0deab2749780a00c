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
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    // Every app writes its state into the fragment; start each test from the default example.
    rolecall_web::browser::replace_fragment("");
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn table_rows(root: &Element) -> Vec<String> {
    texts(root, "table.actions tbody tr")
}

fn click(root: &Element, selector: &str) {
    let el: HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    el.click();
}

/// Waits until the analysis debounce has fired and Yew has rendered what it dispatched.
async fn settle() {
    yew::scheduler::flush().await;
    gloo_timers::future::TimeoutFuture::new(200).await;
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn shows_the_default_examples_actions_by_role() {
    let root = mount();
    yew::scheduler::flush().await;
    let rows = table_rows(&root);
    assert!(rows.len() >= 9, "{rows:#?}");
    assert!(rows[0].starts_with("task execution role"));
    assert!(rows.iter().any(|r| r.contains("ecr:BatchGetImage")
        && r.contains("arn:aws:ecr:us-east-1:111122223333:repository/web")
        && r.contains("allowed")));
}

#[wasm_bindgen_test]
async fn typing_bad_json_shows_the_place_after_the_pause_and_keeps_the_table() {
    let root = mount();
    yew::scheduler::flush().await;
    let before = table_rows(&root).len();
    let area: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='Task definition']")
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
    // The highlighted copy follows at once; the analysis waits for the pause.
    assert!(texts(&root, "pre.highlight")[0].contains("\"family\""));
    settle().await;
    let alert = root
        .query_selector(".input-errors[role=alert]")
        .unwrap()
        .expect("an error list");
    let text = alert.text_content().unwrap();
    assert!(text.contains("line 1, column 12"), "{text}");
    assert_eq!(
        root.query_selector_all("mark.error-at").unwrap().length(),
        1
    );
    assert_eq!(table_rows(&root).len(), before);
}

#[wasm_bindgen_test]
async fn a_row_explains_its_decision_and_sorting_reorders() {
    let root = mount();
    yew::scheduler::flush().await;
    click(&root, "button.action-name");
    yew::scheduler::flush().await;
    let detail = texts(&root, "#action-detail").join("");
    assert!(detail.contains("Decided by"), "{detail}");
    assert!(
        detail.contains("AmazonECSTaskExecutionRolePolicy"),
        "{detail}"
    );
    click(&root, "th:nth-child(2) button.sort");
    yew::scheduler::flush().await;
    let actions = texts(&root, "button.action-name");
    let mut sorted = actions.clone();
    sorted.sort();
    assert_eq!(actions, sorted);
}

#[wasm_bindgen_test]
async fn the_role_map_names_every_action_in_full() {
    let root = mount();
    yew::scheduler::flush().await;
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    let map_tab: HtmlElement = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .find(|t| t.text_content().unwrap_or_default() == "Role map")
        .unwrap()
        .dyn_into()
        .unwrap();
    map_tab.click();
    yew::scheduler::flush().await;
    let actions = texts(&root, ".role-map text.action");
    assert!(
        actions.contains(&"ecr:BatchGetImage".to_owned()),
        "{actions:?}"
    );
    assert!(texts(&root, ".role-map .actor-label").contains(&"Fargate (ECS agent)".to_owned()));
    let resources = texts(&root, ".role-map text.resource");
    assert!(
        resources
            .iter()
            .any(|r| r.contains("arn:aws:ecr:us-east-1:111122223333:repository/web")),
        "{resources:?}"
    );
}

#[wasm_bindgen_test]
async fn a_frame_watch_runs_after_the_frame_it_was_started_before() {
    use std::cell::Cell;
    use std::rc::Rc;
    let watch = rolecall_web::browser::FrameWatch::start();
    let ran = Rc::new(Cell::new(false));
    let flag = ran.clone();
    watch.then(move || flag.set(true));
    assert!(!ran.get(), "ran before the browser's next frame");
    // Headless Chromium draws frames at 60 Hz: one has been painted well within this time.
    gloo_timers::future::TimeoutFuture::new(200).await;
    assert!(ran.get(), "did not run after the frame");
    // Once the frame has been, it runs at once.
    let now = Rc::new(Cell::new(false));
    let flag = now.clone();
    watch.then(move || flag.set(true));
    assert!(now.get());
}
