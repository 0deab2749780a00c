//! Embed mode (`?embed=1`): a compact, read-only role map and findings for an `<iframe>`.

use std::rc::Rc;

use rolecall_engine::Report;
use yew::prelude::*;

use super::findings::Findings;
use super::role_map::RoleMap;
use crate::browser;

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub report: Option<Rc<Report>>,
    /// `v1:…`, the fragment without `#`.
    pub fragment: AttrValue,
    pub notice: Option<AttrValue>,
}

#[component]
pub fn Embed(props: &EmbedProps) -> Html {
    let open = format!("{}#{}", browser::page_url(), props.fragment);
    html! {
        <main class="embed">
            <header class="embed-bar">
                <strong>{ "rolecall" }</strong>
                if let Some(report) = &props.report {
                    <span class="muted">{ format!(" · {} · {}", report.task_definition.family.as_deref().unwrap_or("task"), report.launch_type.as_str()) }</span>
                }
                <a class="open" href={open} target="_blank" rel="noopener">{ "Open in rolecall" }</a>
            </header>
            if let Some(notice) = &props.notice {
                <p class="notice" role="alert">{ notice }</p>
            }
            { match &props.report {
                Some(report) => html! {
                    <>
                        <RoleMap report={report.clone()} />
                        <Findings findings={report.findings.clone()} />
                    </>
                },
                None => html! { <p class="empty">{ "This link's task definition could not be read." }</p> },
            } }
        </main>
    }
}
