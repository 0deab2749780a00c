//! One component per file: `XxxProps` + `#[component]`.

pub mod action_table;
pub mod editor;
pub mod example_picker;
pub mod findings;
pub mod prose;
