//! What is wrong or worth knowing, most severe first: severity, message, fix, AWS doc, and a
//! jump to the place in the input.
//!
//! The list is built as markup (see `markup`), as the action table is: one string the browser
//! parses rather than a dozen elements a finding created through wasm-bindgen, and one click
//! listener on the section for the findings that jump into an editor.

use crate::markup;
use rolecall_engine::diagnostic::{Location, Severity};
use rolecall_engine::report::Finding;
use web_sys::Element;
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
    let jumps = props.on_jump.is_some();
    let list = AttrValue::from(list_markup(&sorted, jumps));
    // A finding that jumps carries its index in the sorted list; the click finds its place.
    let onclick = props.on_jump.clone().map(|on_jump| {
        let places: Vec<Option<Location>> = sorted.iter().map(|f| f.location).collect();
        Callback::from(move |e: MouseEvent| {
            let place = e
                .target_dyn_into::<Element>()
                .and_then(|target| target.closest("li[data-finding]").ok().flatten())
                .and_then(|li| li.get_attribute("data-finding"))
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| places.get(i).copied().flatten());
            if let Some(place) = place {
                on_jump.emit(place);
            }
        })
    });
    html! {
        <section class="findings" aria-labelledby="findings-title" {onclick}>
            <h2 id="findings-title">{ format!("Findings ({})", props.findings.len()) }</h2>
            { markup::nodes(list) }
        </section>
    }
}

/// The findings as a `<ul>`, in order; those with a place jump to it when `jumps`.
fn list_markup(findings: &[&Finding], jumps: bool) -> String {
    let mut out = String::with_capacity(64 + findings.len() * 800);
    out.push_str("<ul>");
    for (index, f) in findings.iter().enumerate() {
        finding_markup(&mut out, index, f, jumps);
    }
    out.push_str("</ul>");
    out
}

fn finding_markup(out: &mut String, index: usize, f: &Finding, jumps: bool) {
    let severity = match f.severity {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    let jump = f.location.filter(|_| jumps);
    out.push_str(r#"<li class="finding "#);
    out.push_str(severity);
    if jump.is_some() {
        out.push_str(r#" jumps" data-finding=""#);
        out.push_str(&index.to_string());
    }
    out.push_str(r#""><span class="severity">"#);
    out.push_str(severity);
    out.push_str(r#"</span><code class="code">"#);
    markup::push_text(out, &f.code);
    out.push_str("</code>");
    if let Some(location) = f.location {
        let place = format!("{}, line {}", location.input.label(), location.line);
        if jump.is_some() {
            out.push_str(r#"<button type="button" title=""#);
            markup::push_attr(
                out,
                &format!("show line {} of {}", location.line, location.input.label()),
            );
            out.push_str(r#"" class="link place">"#);
            markup::push_text(out, &place);
            out.push_str("</button>");
        } else {
            out.push_str(r#"<span class="place">"#);
            markup::push_text(out, &place);
            out.push_str("</span>");
        }
    }
    out.push_str(r#"<p class="message">"#);
    markup::push_prose(out, &f.message);
    out.push_str(r#"</p><p class="help"><span class="fix">Fix: </span>"#);
    markup::push_prose(out, &f.help);
    out.push_str(r#" <a href=""#);
    markup::push_attr(out, &f.docs);
    out.push_str(r#"" target="_blank" rel="noopener noreferrer">AWS docs</a></p></li>"#);
}
