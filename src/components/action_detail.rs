//! Why an action line is there and why it is allowed or not: the rule's reason and AWS doc,
//! the resource, and the statements that decided it, each with a jump into the Roles editor.

use rolecall_engine::diagnostic::Location;
use rolecall_engine::report::{ActionLine, DecidingStatement, LineDecision, RoleKind};
use yew::prelude::*;

use crate::map_layout::decision_name;
use crate::markup;

#[derive(Properties, PartialEq)]
pub struct ActionDetailProps {
    pub line: ActionLine,
    pub on_jump: Callback<Location>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ActionDetail(props: &ActionDetailProps) -> Html {
    let a = &props.line;
    let decision = decision_name(a.decision);
    let jump = |location: Location, text: &'static str| {
        let onclick = props.on_jump.reform(move |_: MouseEvent| location);
        html! { <button type="button" class="link" {onclick}>{ text }</button> }
    };
    let statement = |s: &DecidingStatement| {
        html! {
            <li class={classes!("statement", s.effect.to_lowercase())}>
                <span class="effect">{ &s.effect }</span>{ " " }
                <code>{ &s.policy }</code>{ format!(" ({} policy), statement ", s.policy_type) }
                <code>{ &s.statement }</code>
                if let Some(location) = s.location {
                    { " · " }{ jump(location, "jump to line") }{ format!(" {}", location.line) }
                } else {
                    <span class="muted">{ " · AWS managed policy, bundled with rolecall" }</span>
                }
            </li>
        }
    };
    let onclose = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section id="action-detail" class="action-detail" aria-labelledby="action-detail-title" tabindex="-1">
            <h3 id="action-detail-title">
                <code>{ &a.action }</code>
                <span class={classes!("decision", decision)}>{ decision }</span>
                <button type="button" class="close" aria-label="Close the explanation" onclick={onclose}>{ "×" }</button>
            </h3>
            <dl>
                <dt>{ "Performed by" }</dt>
                <dd>
                    { a.role.label() }{ " " }
                    { match &a.role_arn {
                        Some(arn) => markup::arn(arn),
                        None => html! { <span class="muted">{ format!("(not named by {})", a.role.named_by()) }</span> },
                    } }
                </dd>
                <dt>{ "Resource" }</dt>
                <dd>{ markup::arn(&a.resource) }</dd>
                <dt>{ "Why it is needed" }</dt>
                <dd>
                    { markup::prose(&a.reason) }{ " " }
                    <a href={a.docs.clone()} target="_blank" rel="noopener noreferrer">{ "AWS documentation" }</a>
                </dd>
                <dt>{ "Implied by" }</dt>
                <dd>
                    <code>{ &a.source.path }</code>
                    if !a.source.containers.is_empty() {
                        { format!(" (container {})", a.source.containers.join(", ")) }
                    }
                    { " · " }{ jump(a.source.location, "jump to line") }{ format!(" {}", a.source.location.line) }
                </dd>
                <dt>{ "Decided by" }</dt>
                <dd>
                    if a.decided_by.is_empty() {
                        { undecided(a) }
                    } else {
                        <ul class="statements">{ for a.decided_by.iter().map(statement) }</ul>
                    }
                    if !a.depends_on.is_empty() {
                        <p>{ "Depends on request context unknown before run time: " }
                            { for a.depends_on.iter().map(|k| html! { <><code>{ k }</code>{ " " }</> }) }
                        </p>
                    }
                </dd>
            </dl>
        </section>
    }
}

/// Why no statement decided the line.
fn undecided(a: &ActionLine) -> Html {
    let text = match (a.role, a.decision) {
        (RoleKind::None, _) => {
            "No role performs this call: it would be made without credentials and fail. Name a role for it."
        }
        (_, None) => {
            "Not decided: paste the roles and their policies under “Roles & policies” to check this line."
        }
        (_, Some(LineDecision::NoPolicy)) => {
            "The role is named, but its policies are not in “Roles & policies”."
        }
        (_, Some(LineDecision::Denied)) => {
            "No statement allows it: denied by default (an implicit deny)."
        }
        (_, Some(_)) => "No single statement is recorded for this decision.",
    };
    html! { <p>{ text }</p> }
}
