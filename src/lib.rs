//! The rolecall playground: a Yew app that renders what `rolecall_engine::analyze` reports.
//! This crate is the only code that touches yew, web-sys and the browser.

pub mod app;
pub mod browser;
pub mod code;
pub mod components;
pub mod examples;
pub mod json_text;
pub mod map_layout;
pub mod markup;
pub mod panic;
pub mod policy_diff;
pub mod share;
pub mod state;

/// Installs the panic hook and mounts the app on `<body>`.
pub fn start() {
    browser::mark("rolecall:start");
    panic::install_hook();
    yew::Renderer::<app::App>::new().render();
    panic::schedule_self_test();
}
