//! What is wrong or worth knowing, most severe first.

use rolecall_engine::diagnostic::Severity;
use rolecall_engine::report::Finding;
use yew::prelude::*;

use super::prose::Prose;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub findings: Vec<Finding>,
}

#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    if props.findings.is_empty() {
        return html! { <p class="no-findings">{ "No findings." }</p> };
    }
    let mut sorted: Vec<&Finding> = props.findings.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    html! {
        <section class="findings" aria-label="Findings">
            <h2>{ format!("Findings ({})", props.findings.len()) }</h2>
            <ul>{ for sorted.into_iter().map(finding) }</ul>
        </section>
    }
}

fn finding(f: &Finding) -> Html {
    let severity = match f.severity {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    let place = f
        .location
        .map(|l| format!("line {}", l.line))
        .unwrap_or_default();
    html! {
        <li class={classes!("finding", severity)}>
            <span class="severity">{ severity }</span>
            <code class="code">{ &f.code }</code>
            <span class="place">{ place }</span>
            <p class="message"><Prose text={f.message.clone()} /></p>
            <p class="help"><Prose text={f.help.clone()} />{ " " }<a href={f.docs.clone()} target="_blank" rel="noopener noreferrer">{ "AWS docs" }</a></p>
        </li>
    }
}
