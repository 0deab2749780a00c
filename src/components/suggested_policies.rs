//! The least-privilege policies the engine suggests for each role: the identity policy and the
//! trust policy to copy, the notes, and a line diff against the role's pasted inline policies.

use std::rc::Rc;

use rolecall_engine::Report;
use rolecall_engine::ecs::suggest::SuggestedPolicy;
use yew::prelude::*;

use super::code_view::tokens;
use super::copy_button::CopyButton;
use crate::json_text;
use crate::markup;
use crate::policy_diff::{Change, Pasted, line_diff, pasted_from, pretty};

#[derive(Properties, PartialEq)]
pub struct SuggestedPoliciesProps {
    pub report: Rc<Report>,
    /// The Roles & policies editor's text, to compare with.
    pub roles: AttrValue,
}

#[component]
pub fn SuggestedPolicies(props: &SuggestedPoliciesProps) -> Html {
    let suggestions = &props.report.suggested_policies;
    // The pasted roles, parsed once for all the roles' comparisons, and again only when the
    // text changes.
    let pasted_doc = use_memo(props.roles.clone(), |roles| json_text::parse(roles).ok());
    if suggestions.is_empty() {
        return html! { <p class="empty">{ "No role performs an action: there is nothing to suggest." }</p> };
    }
    html! {
        <div class="suggestions">
            <p class="muted">{ "For each role, the identity policy that allows exactly the actions above on their resources, and the trust policy for the service that assumes it." }</p>
            { for suggestions.values().map(|s| suggestion(s, pasted_doc.as_ref().as_ref())) }
        </div>
    }
}

fn suggestion(s: &SuggestedPolicy, pasted_doc: Option<&serde_json::Value>) -> Html {
    let policy = pretty(&s.policy);
    let name = s
        .role_arn
        .as_deref()
        .map_or("role", |a| a.rsplit('/').next().unwrap_or(a));
    html! {
        <section class={classes!("suggestion", format!("role-{}", s.role.as_str()))}>
            <h3>
                { s.role.label() }{ " " }
                { match &s.role_arn {
                    Some(arn) => markup::arn(arn),
                    None => html! { <span class="muted">{ format!("(not named by {})", s.role.named_by()) }</span> },
                } }
            </h3>
            { block("Identity policy", &policy, format!("the identity policy of {name}")) }
            if let Some(trust) = &s.trust_policy {
                { block("Trust policy", &pretty(trust), format!("the trust policy of {name}")) }
            }
            if !s.notes.is_empty() {
                <ul class="notes">{ for s.notes.iter().map(|n| html! { <li>{ markup::prose(n) }</li> }) }</ul>
            }
            { compared(&policy, pasted_from(pasted_doc, s.role_arn.as_deref())) }
        </section>
    }
}

fn block(title: &'static str, text: &str, what: String) -> Html {
    html! {
        <div class="policy-block">
            <div class="policy-bar">
                <h4>{ title }</h4>
                <CopyButton text={text.to_owned()} {what} />
            </div>
            <pre class="json" tabindex="0" aria-label={title}>{ for text.lines().map(|l| html! { <span class="line">{ tokens(l) }</span> }) }</pre>
        </div>
    }
}

/// The suggestion against what was pasted for the role.
fn compared(suggested: &str, pasted: Pasted) -> Html {
    let (inline, managed) = match pasted {
        Pasted::Nothing => {
            return note(
                "Paste the roles under “Roles & policies” to compare them with this suggestion.",
            );
        }
        Pasted::NoRole => {
            return note("No policies were pasted for this role under “Roles & policies”.");
        }
        Pasted::Role { inline, managed } => (inline, managed),
    };
    let managed = (!managed.is_empty()).then(|| {
        html! { <p class="muted">{ format!("Managed policies, not compared: {}.", managed.join(", ")) }</p> }
    });
    let Some(inline) = inline else {
        return html! { <>{ note("This role has no inline policies to compare.") }{ for managed }</> };
    };
    let theirs = pretty(&inline);
    let diff = line_diff(&theirs, suggested);
    let count = |c: Change| diff.iter().filter(|(d, _)| *d == c).count();
    let (added, removed) = (count(Change::Added), count(Change::Removed));
    let lines = diff.iter().map(|(change, line)| {
        let (class, mark) = match change {
            Change::Same => ("line", "  "),
            Change::Added => ("line add", "+ "),
            Change::Removed => ("line del", "- "),
        };
        html! { <span class={class}><span class="diff-mark">{ mark }</span>{ tokens(line) }</span> }
    });
    html! {
        <details class="policy-diff" open={added + removed > 0}>
            <summary>
                { "Compared with your inline policies: " }
                <span class="add-count">{ format!("{added} lines to add") }</span>{ ", " }
                <span class="del-count">{ format!("{removed} lines more than needed") }</span>
            </summary>
            <p class="muted">{ "+ only in the suggestion (missing from the role) · - only in yours (more than this task needs). Your inline policies' statements are gathered into one document." }</p>
            <pre class="json diff" tabindex="0" aria-label="Line diff">{ for lines }</pre>
            { for managed }
        </details>
    }
}

fn note(text: &'static str) -> Html {
    html! { <p class="muted">{ text }</p> }
}
