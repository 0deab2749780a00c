//! One component per file: `XxxProps` + `#[component]`.

pub mod about;
pub mod action_detail;
pub mod action_table;
pub mod code_view;
pub mod copy_button;
pub mod editor;
pub mod embed;
pub mod example_picker;
pub mod findings;
pub mod input_tabs;
pub mod results;
pub mod role_map;
pub mod share_bar;
pub mod suggested_policies;
pub mod table_filters;
