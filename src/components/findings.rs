//! What is wrong or worth knowing, most severe first: severity, message, fix, AWS doc, and a
//! jump to the place in the input.

use crate::markup;
use rolecall_engine::diagnostic::{Location, Severity};
use rolecall_engine::report::Finding;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub findings: Vec<Finding>,
    /// Absent where there is no editor to jump into (embed mode).
    #[prop_or_default]
    pub on_jump: Option<Callback<Location>>,
}

#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    if props.findings.is_empty() {
        return html! { <p class="no-findings">{ "No findings." }</p> };
    }
    let mut sorted: Vec<&Finding> = props.findings.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    html! {
        <section class="findings" aria-labelledby="findings-title">
            <h2 id="findings-title">{ format!("Findings ({})", props.findings.len()) }</h2>
            <ul>{ for sorted.into_iter().map(|f| finding(f, props.on_jump.as_ref())) }</ul>
        </section>
    }
}

fn finding(f: &Finding, on_jump: Option<&Callback<Location>>) -> Html {
    let severity = match f.severity {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    let jump = f.location.zip(on_jump).map(|(location, on_jump)| {
        let onclick = on_jump.reform(move |_: MouseEvent| location);
        (location, onclick)
    });
    let onclick = jump.as_ref().map(|(_, onclick)| onclick.clone());
    html! {
        <li class={classes!("finding", severity, jump.is_some().then_some("jumps"))} {onclick}>
            <span class="severity">{ severity }</span>
            <code class="code">{ &f.code }</code>
            { match (&jump, f.location) {
                (Some((location, onclick)), _) => html! {
                    <button type="button" class="link place" onclick={onclick.clone()}
                        title={format!("show line {} of {}", location.line, location.input.label())}>
                        { format!("{}, line {}", location.input.label(), location.line) }
                    </button>
                },
                (None, Some(location)) => html! {
                    <span class="place">{ format!("{}, line {}", location.input.label(), location.line) }</span>
                },
                (None, None) => html! {},
            } }
            <p class="message">{ markup::prose(&f.message) }</p>
            <p class="help">
                <span class="fix">{ "Fix: " }</span>{ markup::prose(&f.help) }{ " " }
                <a href={f.docs.clone()} target="_blank" rel="noopener noreferrer">{ "AWS docs" }</a>
            </p>
        </li>
    }
}
